"""Facing pages for the PDF: source on left (even) pages, target on right (odd) pages.

The body is rendered twice from the same markup, once showing only the source cells
(left pages) and once only the target cells (right pages). Rows hold both cells, so both
renders break at identical places; interleaving their pages gives spreads on which every
pair starts level. Where a cell's first line could not follow its row onto a page, a
break is forced before that pair and the body rendered again, until every pair is level
(each render can only add breaks, so this ends). Front matter is
rendered on its own, then the contents get the final page numbers.

Written against WeasyPrint 66-70: HTML.render, Document.copy, Page.anchors and Page.links
are public; the check of where each cell's first line lands reads the page's box tree
(``Page._page_box``), which has kept its shape across these versions.
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
from bookforge.render.weasy import render_document


@dataclass(frozen=True)
class Spreads:
    """The rendered facing book and the pairs that had to start a new spread."""

    document: Document
    forced_breaks: frozenset[int]


def _render(arrangement: Arrangement, fonts: FontConfiguration, **parts) -> Document:
    html = build_html(arrangement, **parts)
    label = {"left": "left pages", "right": "right pages"}.get(parts.get("side"), "front matter")
    return render_document(arrangement, html, label, fonts)


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
    """Pairs whose source and target first lines land on different pages."""
    lines = first_line_pages(document)
    return {
        pair.number
        for laid in arrangement.chapters
        for pair in laid.chapter.pairs
        if pair.source
        and pair.target
        and lines.get(pair.anchor("source")) != lines.get(pair.anchor("target"))
    }


def _drop_hidden_links(document: Document) -> None:
    """Links inside the hidden language's cells must not become clickable areas."""
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[3].style["visibility"] != "hidden"]


def _front(arrangement: Arrangement, fonts: FontConfiguration, numbers: dict[str, int]) -> list:
    """Front matter pages; their count is odd so that the body starts on a left page."""
    document = _render(arrangement, fonts, body=False, page_numbers=numbers)
    return document.pages[:-1]  # the last page only holds the body-start marker


def _anchor_pages(bodies: dict[str, Document], front_count: int) -> dict[str, int]:
    """The final 1-based page number of every anchor on the body pages."""
    numbers: dict[str, int] = {}
    for offset, side in enumerate(("left", "right")):
        for index, page in enumerate(bodies[side].pages):
            for anchor in page.anchors:
                numbers.setdefault(anchor, front_count + 1 + 2 * index + offset)
    return numbers


def _body(arrangement: Arrangement, fonts: FontConfiguration, front_count: int):
    """Render both sides, forcing breaks before pairs that would start on different pages."""
    parts = {"front": False, "spacers": front_count}
    left = _render(arrangement, fonts, side="left", **parts)
    breaks: set[int] = set()
    misaligned = misaligned_pairs(arrangement, left)
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
        left = _render(arrangement, fonts, side="left", breaks=breaks, **parts)
        misaligned = misaligned_pairs(arrangement, left)
    right = _render(arrangement, fonts, side="right", breaks=breaks, **parts)
    bodies = {"left": left, "right": right}
    for document in bodies.values():
        del document.pages[:front_count]
        _drop_hidden_links(document)
    if len(left.pages) != len(right.pages):
        raise BookforgeError("facing layout: the two sides broke into different page counts")
    return bodies, frozenset(breaks)


def render_spreads(arrangement: Arrangement) -> Spreads:
    """Render the facing-layout PDF document."""
    fonts = FontConfiguration()
    headings = [h[1] for laid in arrangement.chapters for h in laid.titles.values() if h]
    front_count = len(_front(arrangement, fonts, dict.fromkeys(headings, 0)))
    bodies, breaks = _body(arrangement, fonts, front_count)
    numbers = _anchor_pages(bodies, front_count)
    front = _front(arrangement, fonts, {a: numbers.get(a, 0) for a in headings})
    if len(front) != front_count:
        raise BookforgeError("facing layout: the contents changed length once numbered")
    pages = list(front)
    for left, right in zip(bodies["left"].pages, bodies["right"].pages, strict=True):
        pages += [left, right]
    return Spreads(document=bodies["left"].copy(pages), forced_breaks=breaks)
