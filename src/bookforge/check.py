"""``bookforge check``: what a build would warn about, gathered into one report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bookforge.errors import collected_warnings
from bookforge.loader import load_book, read_text
from bookforge.markdown import parse_blocks
from bookforge.model import ROLES, Book
from bookforge.styles import font_stacks
from bookforge.typography.fonts import check_fonts
from bookforge.typography.rules import RULES, ChineseText


@dataclass
class ChapterReport:
    """The pairing of one chapter."""

    name: str
    pairs: int
    source_only: list[int] = field(default_factory=list)  # lines
    target_only: list[int] = field(default_factory=list)
    uncertain: list[tuple[int, float]] = field(default_factory=list)  # (source line, score)
    one_language: str | None = None


@dataclass
class Report:
    """Everything ``check`` found."""

    book: Book
    chapters: list[ChapterReport]
    warnings: list[str]
    missing_fonts: list[str]
    copy_fixes: Counter


def chapter_report(book: Book, index: int) -> ChapterReport:
    chapter = book.chapters[index]
    report = ChapterReport(chapter.slug, len(chapter.pairs))
    for role in ROLES:
        if chapter.files[role] is None:
            report.one_language = book.lang("target" if role == "source" else "source")
    for pair in chapter.pairs:
        if pair.source and not pair.target:
            report.source_only.append(pair.source[0].line)
        elif pair.target and not pair.source:
            report.target_only.append(pair.target[0].line)
        elif pair.uncertain:
            report.uncertain.append((pair.source[0].line, pair.score))
    return report


def copy_fixes(book: Book) -> Counter:
    """How many target blocks each Chinese typography rule would change."""
    fixes: Counter = Counter()
    if not book.lang("target").lower().startswith("zh"):
        return fixes
    traditional = "hant" in book.lang("target").lower()
    for chapter in book.chapters:
        path = chapter.files["target"]
        if path is None:
            continue
        raw = [b.html for b in parse_blocks(read_text(path))]
        for rule in RULES:
            fixer = ChineseText(traditional=traditional, rules=frozenset({rule}))
            fixed = [b.html for b in parse_blocks(read_text(path), fixer.apply)]
            fixes[rule] += sum(a != b for a, b in zip(raw, fixed, strict=False))
    return fixes


def check_project(root: Path) -> Report:
    """Load the book as a build would and gather what it reports."""
    with collected_warnings() as messages:
        book = load_book(root)
        missing = check_fonts(font_stacks(book))
    chapters = [chapter_report(book, i) for i in range(len(book.chapters))]
    return Report(book, chapters, list(dict.fromkeys(messages)), missing, copy_fixes(book))
