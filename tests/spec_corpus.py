"""The CommonMark spec's 652 examples and the GFM spec's extension examples as one book:
every example a chapter, its text identical in both languages, the target with a Chinese
sentence added. The examples come from the specs (CC-BY-SA 4.0, see corpora/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

CORPORA = Path(__file__).resolve().parent / "corpora" / "commonmark"
CHINESE = "\n\n这一章的译文：以上示例在中文书里也必须能排版。\n"
TOML = """\
[book]
title = { en = "Markdown Examples", zh-Hans = "Markdown 示例" }
authors = ["John MacFarlane"]
translators = ["译者"]

[languages]
source = "en"
target = "zh-Hans"
"""


def examples() -> dict[str, str]:
    """Chapter file name -> example Markdown, CommonMark first, then the GFM extensions."""
    found = {}
    spec = json.loads((CORPORA / "commonmark-0.31.2.json").read_text(encoding="utf-8"))
    for example in spec:
        found[f"cm-{example['example']:03d}.md"] = example["markdown"]
    gfm = json.loads((CORPORA / "gfm-extensions-0.29.json").read_text(encoding="utf-8"))
    for example in gfm:
        found[f"gfm-{example['example']:03d}.md"] = example["markdown"]
    return found


def write_spec_project(root: Path) -> Path:
    """Write the examples as a bookforge project at ``root``."""
    manuscript = root / "manuscript"
    for lang in ("en", "zh-Hans"):
        (manuscript / lang).mkdir(parents=True, exist_ok=True)
    (manuscript / "book.toml").write_text(TOML, encoding="utf-8")
    for name, text in examples().items():
        (manuscript / "en" / name).write_text(text, encoding="utf-8")
        (manuscript / "zh-Hans" / name).write_text(text + CHINESE, encoding="utf-8")
    return root
