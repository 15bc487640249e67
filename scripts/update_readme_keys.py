#!/usr/bin/env python3
"""Rewrites the README's key table from the visualizer's one key map (KeyMap.swift).

It formats each `Row(...)` as `KeyMap.markdownRows` does; VisualizerTests checks the
README against `KeyMap.markdownRows` itself, so a stale table fails the tests.
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
source = (ROOT / "Sources/Visualizer/State/KeyMap.swift").read_text()
rows = re.findall(r'Row\("([^"]*)", "([^"]*)"(?:,\s*detail: "([^"]*)")?', source)
table = []
for label, help_text, detail in rows:
    keys = []
    for token in label.split(" "):
        if token == "/":
            keys.append("/")
        elif token.endswith(",") and len(token) > 1:
            keys.append(f"`{token[:-1]}`,")
        else:
            keys.append(f"`{token}`")
    table.append(f"| {' '.join(keys)} | {help_text}{'; ' + detail if detail else ''} |")

readme_path = ROOT / "README.md"
lines = readme_path.read_text().split("\n")
header = lines.index("| key | does |")
end = header + 2
while end < len(lines) and lines[end].startswith("|"):
    end += 1
lines[header + 2:end] = table
readme_path.write_text("\n".join(lines))
