"""Facing pages for the PDF: source on left (even) pages, target on right (odd) pages.

The body is laid out once: every row of the facing table holds both cells, the original's
in the text area and the translation's beside it, and ``spread_pages`` gives each page its
facing page, to which the translation's cells move. Where a cell's first line could not
follow its row onto a page, a break is forced before that pair and the body laid out
again, until every pair starts level (each layout can only add breaks, so this ends).
Front matter is rendered on its own, then the contents get the final page numbers.

Written against WeasyPrint 70: HTML.render, Document.copy, Page.anchors and Page.links
are public; the check of where each cell's first line lands reads the page's box tree
(``Page._page_box``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from weasyprint import Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from bookforge.document import build_html
from bookforge.errors import BookforgeError
from bookforge.layout import Arrangement
from bookforge.render import spread_pages
from bookforge.render.front_matter import anchor_pages, front_matter, numbered
from bookforge.render.weasy import render_document


@dataclass(frozen=True)
class Spreads:
    """The rendered facing book and the pairs that had to start a new spread."""

    document: Document
    forced_breaks: frozenset[int]


def _render(arrangement: Arrangement, fonts: FontConfiguration, **parts) -> Document:
    """The body's spreads laid out (``parts`` as ``build_html`` takes them)."""
    html = build_html(arrangement, side="spread", front=False, **parts)
    with spread_pages.spreads(_target_notes(arrangement)):
        return render_document(arrangement, html, "spreads", fonts)


def _target_notes(arrangement: Arrangement) -> frozenset[str]:
    """The ids of the translation's footnotes (they go on right-hand pages)."""
    return frozenset(
        note.ident
        for laid in arrangement.chapters
        for row in laid.rows
        for cell in row.cells
        if cell.role == "target"
        for block in cell.blocks
        for note in block.notes
    )


def _descendants(box) -> Iterator:
    yield box
    for child in box.all_children():
        yield from _descendants(child)


def _has_lines(box) -> bool:
    return any(isinstance(b, boxes.LineBox) for b in _descendants(box))


def first_line_pages(document: Document) -> dict[str, int]:
    """For each facing cell (by id), the index of the page holding its first line of text;
    for a cell with no line at all (a rule, an empty quote), the page where it starts."""
    lines: dict[str, int] = {}
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for box in _descendants(page._page_box):
            if not isinstance(box, boxes.TableCellBox) or box.element is None:
                continue
            ident = box.element.get("id")
            if not ident:
                continue
            starts.setdefault(ident, index)
            if ident not in lines and _has_lines(box):
                lines[ident] = index
    return {ident: lines.get(ident, start) for ident, start in starts.items()}


def _where(arrangement: Arrangement, number: int) -> tuple[object, int | None]:
    """The chapter file and line of a pair's first block, for messages."""
    for laid in arrangement.chapters:
        for pair in laid.chapter.pairs:
            if pair.number == number:
                role = "source" if pair.source else "target"
                return laid.chapter.files[role], pair.side(role)[0].line
    return None, None


def misaligned_pairs(arrangement: Arrangement, document: Document) -> set[int]:
    """Pairs whose source and target first lines land on different spreads (``document``
    holds the body's spreads, each a left and a right page)."""
    spreads = {ident: index // 2 for ident, index in first_line_pages(document).items()}
    return {
        pair.number
        for laid in arrangement.chapters
        for pair in laid.chapter.pairs
        if pair.source
        and pair.target
        and spreads.get(pair.anchor("source")) != spreads.get(pair.anchor("target"))
    }


def _spreads(arrangement: Arrangement, fonts: FontConfiguration, front_count: int, breaks):
    """The body's spreads, laid out once (``spread_pages``), without the spacer pages."""
    document = _render(arrangement, fonts, spacers=front_count, breaks=breaks)
    del document.pages[:front_count]
    return document


def body_spreads(arrangement: Arrangement, fonts: FontConfiguration, front_count: int):
    """Render the body, forcing breaks before pairs that would start on different spreads."""
    body = _spreads(arrangement, fonts, front_count, frozenset())
    breaks: set[int] = set()
    misaligned = misaligned_pairs(arrangement, body)
    while misaligned:
        # a forced break moves what follows it: render again until every pair is level
        stuck = misaligned & breaks
        if stuck:
            raise BookforgeError(
                "facing layout: this pair cannot start on one spread "
                f"(pairs {sorted(stuck)}; a block taller than a page?)",
                *_where(arrangement, min(stuck)),
            )
        breaks |= misaligned
        body = _spreads(arrangement, fonts, front_count, breaks)
        misaligned = misaligned_pairs(arrangement, body)
    return body, frozenset(breaks)


def render_spreads(arrangement: Arrangement) -> Spreads:
    """Render the facing-layout PDF document."""
    fonts = FontConfiguration()
    front_count = len(front_matter(arrangement, fonts).pages)
    body, breaks = body_spreads(arrangement, fonts, front_count)
    front = numbered(arrangement, fonts, anchor_pages(body, front_count + 1), front_count)
    return Spreads(document=body.copy(front.pages + body.pages), forced_breaks=breaks)
