"""Arrange a book's pairs for a layout: interleaved (one column, both sides in reading
order) or facing (two aligned columns, source left, target right)."""

from __future__ import annotations

from dataclasses import dataclass

from bookforge.config import LAYOUTS, ORDERS
from bookforge.model import Block, Book, Chapter


@dataclass(frozen=True)
class Cell:
    """One language's half of a row; ``blocks`` is empty for a blank facing cell."""

    role: str
    lang: str
    anchor: str | None
    blocks: tuple[Block, ...]

    @property
    def kinds(self) -> str:
        """Space-separated block kinds, for CSS hooks (``heading``, ``caption``...)."""
        names = {b.kind for b in self.blocks} | {c for b in self.blocks for c in b.classes}
        return " ".join(sorted(names))


@dataclass(frozen=True)
class Row:
    """The cells of one pair, in the order the layout shows them."""

    number: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class LaidChapter:
    """A chapter with its rows and its titles per role."""

    chapter: Chapter
    rows: tuple[Row, ...]
    titles: dict[str, tuple[str, str] | None]

    def headings(self, roles: tuple[str, ...]) -> list[tuple[str, str, str]]:
        """(role, text, anchor) of the chapter's title in each of ``roles`` that has one;
        distinct texts only."""
        found: dict[str, tuple[str, str, str]] = {}
        for role in roles:
            heading = self.titles.get(role)
            if heading and heading[0] not in found:
                found[heading[0]] = (role, *heading)
        return list(found.values())

    def label(self, roles: tuple[str, ...]) -> str:
        """The chapter's name in the contents: its titles joined, else its file name."""
        return " · ".join(text for _, text, _ in self.headings(roles)) or self.chapter.slug


@dataclass(frozen=True)
class Arrangement:
    """The whole book arranged for one layout and reading order."""

    book: Book
    layout: str
    order: str
    chapters: tuple[LaidChapter, ...]
    only: str | None = None  # the role of a one-language edition

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles shown, in reading order."""
        if self.only:
            return (self.only,)
        return ("target", "source") if self.order == "target-first" else ("source", "target")

    @property
    def lang(self) -> str:
        """The language of the book as a whole: the first one shown."""
        return self.book.lang(self.roles[0])


def _row(book: Book, pair, roles: tuple[str, str], keep_blank: bool) -> Row:
    cells = []
    for role in roles:
        blocks = pair.side(role)
        if blocks or keep_blank:
            anchor = pair.anchor(role) if blocks else None
            cells.append(Cell(role=role, lang=book.lang(role), anchor=anchor, blocks=blocks))
    return Row(number=pair.number, cells=tuple(cells))


def arrange(
    book: Book, layout: str, order: str = "source-first", only: str | None = None
) -> Arrangement:
    """Lay out every chapter of ``book``; ``only`` ('source' or 'target') makes a
    one-language edition (a single column of that language's blocks)."""
    if only is not None:
        return _monolingual(book, only)
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    facing = layout == "facing"
    roles = ("source", "target") if facing or order == "source-first" else ("target", "source")
    chapters = tuple(
        LaidChapter(
            chapter=chapter,
            rows=tuple(_row(book, pair, roles, keep_blank=facing) for pair in chapter.pairs),
            titles={role: chapter.heading(role) for role in ("source", "target")},
        )
        for chapter in book.chapters
    )
    return Arrangement(book=book, layout=layout, order=order, chapters=chapters)


def _monolingual(book: Book, role: str) -> Arrangement:
    """One language only, in one column."""
    chapters = []
    for chapter in book.chapters:
        rows = tuple(
            _row(book, pair, (role,), keep_blank=False) for pair in chapter.pairs if pair.side(role)
        )
        if rows:
            titles = {"source": None, "target": None, role: chapter.heading(role)}
            chapters.append(LaidChapter(chapter=chapter, rows=rows, titles=titles))
    order = "target-first" if role == "target" else "source-first"
    return Arrangement(
        book=book, layout="interleaved", order=order, chapters=tuple(chapters), only=role
    )
