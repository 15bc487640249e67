#!/usr/bin/env python3
"""rnnscope against PyTorch on the notes' task, same machine, same run, same initial weights.

Saves one set of initial weights with rnnscope (`train --epochs 0 --save`), then trains the
notes' task (92 windows of 10, H=64, full-batch Adam, 500 epochs) from those weights with
`rnnscope train --init` and with the notes' PyTorch program (scripts/torch_seed.py --init),
alternating runs, and prints the median training-loop seconds, the ratio and how far the
loss curves differ. Skips with a message where torch is not installed.

Usage: python3 scripts/bench_vs_torch.py [--binary .build/release/rnnscope] [--runs 5] [--threads 1] [--cell rnn|gru|lstm]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/rnnscope")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cell", choices=["rnn", "gru", "lstm"], default="rnn")
    args = parser.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        print("skipped: PyTorch is not installed (pip install torch safetensors)")
        return 0
    if not os.path.exists(args.binary):
        print(f"{args.binary} not found: build it with `swift build -c release`")
        return 1
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as folder:
        init = os.path.join(folder, "init.safetensors")
        subprocess.run([args.binary, "train", "--cell", args.cell, "--epochs", "0", "--save", init], check=True, capture_output=True)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(json.loads(subprocess.run(
                [args.binary, "train", "--init", init, "--json"], check=True, capture_output=True, text=True).stdout))
            theirs.append(json.loads(subprocess.run(
                [sys.executable, os.path.join(here, "torch_seed.py"), "--init", init, "--json", "--threads", str(args.threads)],
                check=True, capture_output=True, text=True).stdout))
    ours_s = statistics.median(r["seconds"] for r in ours)
    theirs_s = statistics.median(r["seconds"] for r in theirs)
    a, b = ours[0]["losses"], theirs[0]["losses"]
    worst50 = max(abs(x - y) / max(abs(y), 1e-12) for x, y in zip(a[:50], b[:50]))
    print(f"cell {args.cell}")
    print(f"rnnscope: {ours_s:.3f} s   PyTorch ({args.threads} thread{'s' if args.threads > 1 else ''}): {theirs_s:.3f} s"
          f"   ratio {ours_s / theirs_s:.3f}   ({args.runs} runs each, medians)")
    print(f"final loss: rnnscope {a[-1]:.6g}, PyTorch {b[-1]:.6g}; largest relative difference over the first 50 epochs {worst50:.2e}")
    print("predictions: rnnscope " + " ".join(p["next"] for p in ours[0]["predictions"])
          + ", PyTorch " + " ".join(p["next"] for p in theirs[0]["predictions"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
