"""Shared fixtures: the sample project and small throw-away projects."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bookforge.layout import arrange
from bookforge.loader import load_book

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory):
    """The tests keep bookforge's cache (the dictionary's gloss table) to themselves."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder

BOOK_TOML = """\
[book]
title = { en = "A Test Book", zh-Hans = "测试之书" }
authors = ["Ann Author"]
translators = ["Tom Translator"]

[languages]
source = "en"
target = "zh-Hans"
"""


def write_project(
    root: Path, chapters: dict[str, tuple[str | None, str | None]], toml: str = BOOK_TOML
) -> Path:
    """Create a project: ``chapters`` maps file name -> (English text, Chinese text)."""
    manuscript = root / "manuscript"
    (manuscript / "en").mkdir(parents=True, exist_ok=True)
    (manuscript / "zh-Hans").mkdir(parents=True, exist_ok=True)
    (manuscript / "book.toml").write_text(toml, encoding="utf-8")
    for name, (english, chinese) in chapters.items():
        if english is not None:
            (manuscript / "en" / name).write_text(textwrap.dedent(english), encoding="utf-8")
        if chinese is not None:
            (manuscript / "zh-Hans" / name).write_text(textwrap.dedent(chinese), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path):
    """A factory for small projects in a temporary folder."""

    def make(chapters, toml: str = BOOK_TOML) -> Path:
        return write_project(tmp_path / "book", chapters, toml)

    return make


@pytest.fixture(scope="session")
def sample_book():
    """The sample book of this repository, loaded."""
    return load_book(REPO)


@pytest.fixture(scope="session")
def sample_interleaved(sample_book):
    return arrange(sample_book, "interleaved")


def seed_paragraphs() -> tuple[list[str], list[str]]:
    """The sample's English and Chinese blocks, as plain text from the manuscript files,
    the Chinese with the default typography rules applied."""
    from bookforge.loader import read_text
    from bookforge.markdown import parse_blocks
    from bookforge.typography.rules import ChineseText

    texts = []
    for lang, hook in (("en", None), ("zh-Hans", ChineseText().apply)):
        path = REPO / "manuscript" / lang / "01-open-source-as-defense.md"
        texts.append([b.text for b in parse_blocks(read_text(path), hook)])
    return texts[0], texts[1]


def squash(text: str) -> str:
    """Text with whitespace and hyphens removed, for comparing extracted PDF text."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u2010\u00ad\u2060")


@pytest.fixture(scope="session")
def sample_outputs(tmp_path_factory, sample_interleaved):
    """The sample built once per test session as interleaved EPUB, PDF and HTML."""
    from bookforge.render.epub import write_epub
    from bookforge.render.html import write_html
    from bookforge.render.pdf import write_pdf

    folder = tmp_path_factory.mktemp("sample")
    outputs = {ext: folder / f"sample.{ext}" for ext in ("epub", "pdf", "html")}
    write_epub(sample_interleaved, outputs["epub"])
    write_pdf(sample_interleaved, outputs["pdf"])
    write_html(sample_interleaved, outputs["html"])
    return outputs


@pytest.fixture(scope="session")
def sample_facing(tmp_path_factory, sample_book):
    """The sample built once per test session as a facing PDF: (book, path)."""
    from bookforge.render.pdf import write_pdf

    target = tmp_path_factory.mktemp("facing") / "sample-facing.pdf"
    write_pdf(arrange(sample_book, "facing"), target)
    return sample_book, target


def sample_copies(tmp_path: Path, names=("a", "b")) -> list[Path]:
    """Copies of the sample project in different folders (for reproducibility checks)."""
    import shutil

    roots = []
    for name in names:
        root = tmp_path / name
        shutil.copytree(REPO / "manuscript", root / "manuscript")
        roots.append(root)
    return roots
