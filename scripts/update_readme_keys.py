#!/usr/bin/env python3
"""Rewrites the README's key table from the visualizer's one key map (KeyMap.swift).

It formats each `Row(...)` as `KeyMap.markdownRows` does, with the English texts from the
help's string table (`help.key.<id>`, `help.key.<id>.detail`); VisualizerTests checks the
README against `KeyMap.markdownRows` itself, so a stale table fails the tests.
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
source = (ROOT / "Sources/Visualizer/State/KeyMap.swift").read_text()
english = (ROOT / "Sources/Localization/Tables/en/EnglishHelp.swift").read_text()
texts = {key: value.replace('\\"', '"').replace("\\\\", "\\")
         for key, value in re.findall(r'"([a-z0-9_.]+)": "((?:[^"\\]|\\.)*)"', english)}
rows = re.findall(r'Row\("([^"]*)", "([^"]*)"(,\s*detail: true)?', source)
table = []
for label, row_id, has_detail in rows:
    help_text = texts[f"help.key.{row_id}"]
    detail = texts[f"help.key.{row_id}.detail"] if has_detail else None
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
