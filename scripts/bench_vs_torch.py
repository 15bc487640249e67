#!/usr/bin/env python3
"""rnnscope against PyTorch on the notes' task, same machine, same run, same initial weights.

Saves one set of initial weights with rnnscope (`train --epochs 0 --save`), then trains the
notes' task (92 windows of 10, H=64, full-batch Adam, 500 epochs) from those weights with
`rnnscope train --init` and with the notes' PyTorch program (scripts/torch_seed.py --init),
alternating runs, and prints the median training-loop seconds, the ratio and how far the
loss curves differ. Skips with a message where torch is not installed.

It also checks what makes the ratio meaningful: the two loss curves agree to 1e-5 relative over
the first 50 epochs and both programs predict the notes' answers (! N d); if not, it says so
and exits with status 2. `--json` prints one object instead (`rnnscope bench` reads it); without
PyTorch it prints {"skipped": "PyTorch not importable: ..."}.

Usage: python3 scripts/bench_vs_torch.py [--binary .build/release/rnnscope] [--runs 5] [--threads 1] [--cell rnn|gru|lstm] [--json]
       python3 scripts/bench_vs_torch.py --minibatch [--steps 20] [--threads 1] [--cell rnn|lstm]
--threads is PyTorch's; --rnnscope-threads N passes `train --threads N` (default: rnnscope's own).

--minibatch: issue 15's larger configuration instead: a generated 1 MB text (deterministic,
`minibatch_text()`), window 100, H=256, Adam on batches of 64 windows in window order, --steps
optimizer steps, from the same initial weights; PyTorch builds each batch from one token tensor
by offsets, as rnnscope does, and only the training loop is timed on both sides.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

WORDS = ("the keeper lamp rock night climbed ninety steps wound clockwork trimmed wick wrote weather "
         "log wind from west sea rising two ships passing before midnight one fishing boat home late "
         "in morning was signed by").split()


def minibatch_text(size=1 << 20):
    """1 MB of sentences from a fixed word list, by a fixed LCG: the same bytes on every machine."""
    state, out, n = 1, [], 0
    while n < size:
        words = []
        for _ in range(6):
            state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            words.append(WORDS[(state >> 33) % len(WORDS)])
        sentence = " ".join(words).capitalize() + ".\n"
        out.append(sentence)
        n += len(sentence)
    return "".join(out)[:size]


def torch_minibatch(init, text, steps, threads, window=100, batch=64):
    import torch
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import torch_seed as ts
    torch.set_num_threads(threads)
    model, vocab = ts.load_model(init)
    index = {c: i for i, c in enumerate(vocab)}
    tokens = torch.tensor([index[c] for c in text], dtype=torch.long)
    count = len(tokens) - window
    offsets = torch.arange(window)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    start = time.perf_counter()
    for k in range(steps):
        first = (k % ((count + batch - 1) // batch)) * batch  # window order, epoch after epoch
        starts = torch.arange(first, min(first + batch, count))
        x = tokens[starts[:, None] + offsets]
        y = tokens[starts + window]
        value = ts.loss_fn(model(x), y, "last")
        opt.zero_grad()
        value.backward()
        opt.step()
        losses.append(value.item())
    return losses, time.perf_counter() - start


def minibatch(args):
    import torch
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "text.txt")
        text = minibatch_text()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        init = os.path.join(folder, "init.safetensors")
        flags = ["--text-file", path, "--window", "100", "--hidden", "256", "--cell", args.cell, "--batch-size", "64"]
        ours_threads = [] if args.rnnscope_threads is None else ["--threads", str(args.rnnscope_threads)]
        subprocess.run([args.binary, "train", *flags, "--epochs", "0", "--save", init], check=True, capture_output=True)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(json.loads(subprocess.run(
                [args.binary, "train", *flags, "--init", init, "--steps", str(args.steps), "--json"] + ours_threads,
                check=True, capture_output=True, text=True).stdout))
            theirs.append(torch_minibatch(init, text, args.steps, args.threads))
    ours_s = statistics.median(r["seconds"] for r in ours)
    theirs_s = statistics.median(t for _, t in theirs)
    a, b = ours[0]["losses"], theirs[0][0]
    worst = max(abs(x - y) / max(abs(y), 1e-12) for x, y in zip(a, b))
    print(f"minibatch: cell {args.cell}, 1 MB text, window 100, H=256, batch 64, {args.steps} steps (torch {torch.__version__})")
    ours_label = "rnnscope" if args.rnnscope_threads is None else f"rnnscope ({args.rnnscope_threads} thread{'s' if args.rnnscope_threads > 1 else ''})"
    print(f"{ours_label}: {ours_s:.3f} s ({ours_s / args.steps * 1000:.1f} ms/step)   "
          f"PyTorch ({args.threads} thread{'s' if args.threads > 1 else ''}): {theirs_s:.3f} s ({theirs_s / args.steps * 1000:.1f} ms/step)"
          f"   ratio {ours_s / theirs_s:.3f}   ({args.runs} runs each, medians)")
    print(f"loss: rnnscope {a[-1]:.6g}, PyTorch {b[-1]:.6g}; largest relative difference over {args.steps} steps {worst:.2e}")
    return 0

# What the notes' model predicts after training, for its three prompts.
NOTES_ANSWERS = ["!", "N", "d"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/rnnscope")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="PyTorch's threads (torch.set_num_threads)")
    parser.add_argument("--rnnscope-threads", type=int, default=None,
                        help="rnnscope's training threads (train --threads; default: its own, 2 on two or more cores)")
    parser.add_argument("--cell", choices=["rnn", "gru", "lstm"], default="rnn")
    parser.add_argument("--minibatch", action="store_true", help="issue 15's 1 MB, window 100, H=256, batch 64 configuration")
    parser.add_argument("--steps", type=int, default=20, help="optimizer steps with --minibatch")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    try:
        import torch  # noqa: F401
        import safetensors  # noqa: F401
    except ImportError as error:
        if args.json:
            print(json.dumps({"skipped": f"PyTorch not importable: {error}"}))
        else:
            print(f"skipped: PyTorch not importable ({error}; pip install torch safetensors)")
        return 0
    if not os.path.exists(args.binary):
        print(f"{args.binary} not found: build it with `swift build -c release`", file=sys.stderr)
        return 1
    if args.minibatch:
        return minibatch(args)
    here = os.path.dirname(os.path.abspath(__file__))
    ours_threads = [] if args.rnnscope_threads is None else ["--threads", str(args.rnnscope_threads)]
    with tempfile.TemporaryDirectory() as folder:
        init = os.path.join(folder, "init.safetensors")
        subprocess.run([args.binary, "train", "--cell", args.cell, "--epochs", "0", "--save", init], check=True, capture_output=True)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(json.loads(subprocess.run(
                [args.binary, "train", "--init", init, "--json"] + ours_threads, check=True, capture_output=True, text=True).stdout))
            theirs.append(json.loads(subprocess.run(
                [sys.executable, os.path.join(here, "torch_seed.py"), "--init", init, "--json", "--threads", str(args.threads)],
                check=True, capture_output=True, text=True).stdout))
    ours_s = statistics.median(r["seconds"] for r in ours)
    theirs_s = statistics.median(r["seconds"] for r in theirs)
    a, b = ours[0]["losses"], theirs[0]["losses"]
    worst50 = max(abs(x - y) / max(abs(y), 1e-12) for x, y in zip(a[:50], b[:50]))
    ours_next = [p["next"] for p in ours[0]["predictions"]]
    theirs_next = [p["next"] for p in theirs[0]["predictions"]]
    # Every run of rnnscope gives the same bits, so the first run stands for all of them.
    deterministic = all(r["losses"] == a for r in ours)
    losses_match = len(a) >= 50 and len(b) >= 50 and worst50 <= 1e-5
    predictions_match = ours_next == theirs_next == NOTES_ANSWERS
    if args.json:
        print(json.dumps({
            "cell": args.cell, "threads": args.threads, "rnnscope_threads": args.rnnscope_threads, "runs": args.runs,
            "rnnscope_seconds": ours_s, "pytorch_seconds": theirs_s, "ratio": ours_s / theirs_s,
            "final_loss_rnnscope": a[-1], "final_loss_pytorch": b[-1],
            "largest_relative_difference_first_50": worst50,
            "predictions_rnnscope": ours_next, "predictions_pytorch": theirs_next,
            "losses_match": losses_match, "predictions_match": predictions_match, "deterministic": deterministic,
        }))
    else:
        print(f"cell {args.cell}")
        ours_label = "rnnscope" if args.rnnscope_threads is None else f"rnnscope ({args.rnnscope_threads} thread{'s' if args.rnnscope_threads > 1 else ''})"
        print(f"{ours_label}: {ours_s:.3f} s   PyTorch ({args.threads} thread{'s' if args.threads > 1 else ''}): {theirs_s:.3f} s"
              f"   ratio {ours_s / theirs_s:.3f}   ({args.runs} runs each, medians)")
        print(f"final loss: rnnscope {a[-1]:.6g}, PyTorch {b[-1]:.6g}; largest relative difference over the first 50 epochs {worst50:.3e}"
              f" ({'within' if losses_match else 'OVER'} 1e-5)")
        print("predictions: rnnscope " + " ".join(ours_next) + ", PyTorch " + " ".join(theirs_next)
              + (" (the notes' answers)" if predictions_match else " (NOT the notes' ! N d)"))
        if not deterministic:
            print("rnnscope's runs gave different losses: training is not deterministic")
    if not (losses_match and predictions_match and deterministic):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
