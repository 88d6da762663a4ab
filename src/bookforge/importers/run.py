"""``bookforge import`` from end to end: read both books, pair their chapters, write the
project, and report the chapter pairing and the places where the block pairing is unsure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bookforge.errors import BookforgeError, collected_warnings
from bookforge.importers.book import ImportedBook
from bookforge.importers.chapters import ChapterPair, pair_chapters
from bookforge.importers.project import write_project
from bookforge.importers.readers import read_book
from bookforge.model import ROLES
from bookforge.text import slugify

LONG_CHAPTER = 10_000  # paragraphs: a chapter longer than this is worth a warning


@dataclass
class ImportResult:
    """What an import wrote and what it found."""

    root: Path
    pairs: list[ChapterPair]
    files: list[Path]
    languages: tuple[str, str]
    warnings: list[str]
    unsure: list[str]  # "file:line: ..." of uncertain or unpaired blocks

    def report(self) -> list[str]:
        """The chapter pairing, a line per project file, then each marked place (the
        warnings are printed apart, on stderr)."""
        source, target = self.languages
        lines = [f"{self.root}: {len(self.pairs)} chapters"]
        for name, pair in zip(self.files, self.pairs, strict=True):
            left = " + ".join(c.title for c in pair.source) or f"(none in {source})"
            right = " + ".join(c.title for c in pair.target) or f"(none in {target})"
            flag = "?" if pair.uncertain else " "
            lines.append(f"{flag} {name}: {left} | {right}  ({pair.score:.2f})")
        lines += [f"marked: {u}" for u in self.unsure]
        return lines


def language_of(book: ImportedBook, given: str | None, default: str) -> str:
    """The language tag to use for a book: as given, else as the book says, else default."""
    return given or book.language or default


def import_project(original: Path, translation: Path, root: Path | None, source: str | None,
                   target: str | None, title: str | None, force: bool) -> ImportResult:
    """Import the two books into a project at ``root``."""
    with collected_warnings() as messages:
        books = read_book(original), read_book(translation)
    languages = (language_of(books[0], source, "en"), language_of(books[1], target, "zh-Hans"))
    if languages[0].lower() == languages[1].lower():
        raise BookforgeError(f"both books are in {languages[0]}: give --source and --target")
    if root is None:
        root = Path(slugify(title or books[0].title) or "imported-book")
    for book in books:
        for chapter in book.chapters:
            blocks = chapter.markdown.count("\n\n") + 1
            if blocks > LONG_CHAPTER:
                where = " ".join(dict.fromkeys((book.path.name, chapter.origin)))
                book.warnings.append(
                    f"{where}: one chapter of {blocks:,} paragraphs; "
                    "pairing it takes minutes and gigabytes: headings that cut it into "
                    "chapters make the import (and every build) faster")
    pairs = pair_chapters(books[0].chapters, books[1].chapters)
    marked: list[str] = []

    def finish(building: Path) -> None:
        marked.extend(place.replace(str(building), str(root), 1) for place in mark_unsure(building))

    files = write_project(root, pairs, books[0], books[1], languages, title, force, finish)
    warnings = list(dict.fromkeys([*books[0].warnings, *books[1].warnings, *messages]))
    return ImportResult(root, pairs, files, languages, warnings, marked)


def mark_unsure(root: Path) -> list[str]:
    """Fix the written project's block pairing where the aligner is unsure: a marker line
    above each block of an uncertain pair (the same name on both sides states the pair) and
    above each block left without a counterpart (a marker on one side keeps it alone).
    Returns each place as ``file:line: why``, the lines counted after the markers."""
    from bookforge.loader import load_book

    with collected_warnings():  # what the markers settle is reported below instead
        book = load_book(root)
    inserts: dict[Path, list[tuple[int, str, str]]] = {}  # file -> (line, marker, why)
    for chapter in book.chapters:
        for pair in chapter.pairs:
            if pair.uncertain:
                why = f"uncertain pairing ({pair.score:.2f}), stated by a marker: check it"
            elif pair.source and pair.target:
                continue
            else:
                why = "no counterpart found, kept alone by a marker: check it"
            for role in ROLES:
                for block in pair.side(role):
                    path = chapter.files[role]
                    inserts.setdefault(path, []).append((block.line, f"check-{pair.number}", why))
    places = []
    for path, marks in inserts.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for shift, (line, _, why) in enumerate(sorted(marks)):
            places.append((path, line + shift + 1, why))
        for line, marker, _ in sorted(marks, reverse=True):
            lines.insert(line - 1, f"{{#{marker}}}")
        path.write_text("\n".join(lines), encoding="utf-8")
    return [f"{path}:{line}: {why}" for path, line, why in sorted(places)]
