"""Pairing a translator can trust: equal block counts are not taken as proof of order, and
merges and splits can be stated with markers."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bookforge.cli import cli
from bookforge.errors import BookforgeError
from bookforge.loader import load_book
from tests.conftest import seed_paragraphs


def drifted(project):
    """Five English blocks against five Chinese ones: the translation of the second is
    missing and the fourth is split in two, so the counts happen to be equal."""
    english, chinese = seed_paragraphs()
    source = [f"# {english[0]}", english[1], english[5], english[6], english[7]]
    half = len(chinese[3]) // 2
    target = [f"# {chinese[0]}", chinese[2], chinese[3][:half], chinese[3][half:], chinese[4]]
    return project({"01.md": ("\n\n".join(source) + "\n", "\n\n".join(target) + "\n")})


def test_equal_counts_out_of_order_are_caught(project, caplog):
    root = drifted(project)
    pairs = load_book(root).chapters[0].pairs
    assert "do not pair in order" in caplog.text
    assert "en/01.md:3:" in caplog.text  # the English paragraph left without translation
    texts = [(p.source[0].text[:12] if p.source else None, len(p.target)) for p in pairs]
    assert ("When Meta fi", 0) in texts  # stands alone instead of taking 早在 2009 年
    merged = next(p for p in pairs if p.source and p.source[0].text.startswith("Instead"))
    assert len(merged.target) == 2  # the split translation joined again
    with pytest.raises(BookforgeError, match="do not pair in order"):
        load_book(root, strict=True)
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert "do not pair in order" in result.output


def test_equal_counts_in_order_stay_quiet(project, sample_book, caplog):
    pairs = [p for p in sample_book.chapters[0].pairs if p.source and p.target][1:7]
    english = "\n\n".join(p.source[0].text for p in pairs) + "\n"
    chinese = "\n\n".join(p.target[0].text for p in pairs) + "\n"
    root = project({"01.md": (english, chinese)})
    pairs = load_book(root, strict=True).chapters[0].pairs
    assert [(len(p.source), len(p.target)) for p in pairs] == [(1, 1)] * 6
    assert all(p.score is None for p in pairs)  # order and evidence agree: certain
    assert "warning" not in caplog.text.lower()


def test_stated_merge_and_split(project):
    english = (
        "# The Storm\n\n{#night}\nAt nine the power failed.\n\n{#night}\nThe keeper lit the lamp.\n\n"
        "{#dawn}\nBy dawn the sea was calm, and the boats went out again.\n"
    )
    chinese = (
        "# 风暴\n\n{#night}\n九点停电了，守灯人点亮了灯。\n\n"
        "{#dawn}\n到黎明时，海面平静了。\n\n{#dawn}\n船只又出海了。\n"
    )
    root = project({"01.md": (english, chinese)})
    result = CliRunner().invoke(cli, ["build", str(root), "--strict"])
    assert result.exit_code == 0, result.output
    pairs = load_book(root, strict=True).chapters[0].pairs
    assert [(len(p.source), len(p.target)) for p in pairs] == [(1, 1), (2, 1), (1, 2)]
    assert pairs[1].score is None and pairs[2].score is None  # stated, so certain


def test_a_marker_repeated_apart_is_an_error(project):
    root = project({"01.md": ("{#a}\nA.\n\nB.\n\n{#a}\nC.\n", "{#a}\n甲。\n")})
    with pytest.raises(BookforgeError, match="must mark consecutive blocks"):
        load_book(root)
