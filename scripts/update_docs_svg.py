#!/usr/bin/env python3
"""Re-render the SVG captures under docs/ that the README shows, so they stay true.

Each entry below is a file and the `rnnscope snapshot` arguments that make it. A test
(Tests/CLITests/ExportCommandTests.swift) runs the same command and compares.

Usage: python3 scripts/update_docs_svg.py [--binary .build/debug/rnnscope] [--check]
  --check: exit 1 (and list them) when a file differs, without writing.
"""
import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CAPTURES = {
    # t=4 of "Hello, RNN", the tanh sub-step, in the light theme (white page).
    "docs/step-view.svg": ["snapshot", "--format", "svg", "--theme", "light", "--keys", "lll<space><space><space><space>"],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/rnnscope"))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    stale = []
    for name, argv in CAPTURES.items():
        result = subprocess.run([args.binary] + argv, capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            print(f"{name}: {result.stderr.strip()}", file=sys.stderr)
            return 1
        path = os.path.join(ROOT, name)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != result.stdout:
            stale.append(name)
            if not args.check:
                open(path, "w", encoding="utf-8").write(result.stdout)
    for name in stale:
        print(f"{'stale' if args.check else 'wrote'}: {name}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
