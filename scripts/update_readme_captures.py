#!/usr/bin/env python3
"""Re-render the README's screen captures so they stay true.

Every ```text block whose introduction (the lines just above it) names a
`rnnscope snapshot ...` command in backticks is replaced by that command's --plain output,
run with the given binary. Other blocks (train and trace output, which include timings) are
left alone.

Usage: python3 scripts/update_readme_captures.py [--binary .build/debug/rnnscope] [--check]
  --check: exit 1 (and list them) when a capture differs, without writing.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMAND = re.compile(r"`(rnnscope snapshot [^`]*)`")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/rnnscope"))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    path = os.path.join(ROOT, "README.md")
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i, stale = [], 0, []
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line != "```text":
            continue
        # The command: the last one named in the four lines above the block.
        found = None
        for back in range(max(0, len(out) - 5), len(out) - 1):
            for match in COMMAND.finditer(out[back]):
                found = match.group(1)
        end = lines.index("```", i)
        if found is None:
            out.extend(lines[i:end])
        else:
            argv = shlex.split(found)[1:] + ["--plain"]
            result = subprocess.run([args.binary] + argv, capture_output=True, text=True, cwd=ROOT)
            if result.returncode != 0:
                print(f"{found}: {result.stderr.strip()}", file=sys.stderr)
                return 1
            fresh = result.stdout.rstrip("\n").split("\n")
            if fresh != lines[i:end]:
                stale.append(found)
            out.extend(fresh)
        i = end
    if args.check:
        for command in stale:
            print(f"stale capture: {command}")
        return 1 if stale else 0
    open(path, "w", encoding="utf-8").write("\n".join(out))
    print(f"{len(stale)} capture(s) updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
