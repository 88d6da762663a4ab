"""The print edition laid out (``print_document``, which the PDF backend writes), and
where its pages start, for the EPUB's page list (``page_starts``): each page is tied to the
first block of one language (a pair's original or translation: a cell) that starts on it,
or, for a page that begins inside a cell, to the next cell that starts. The EPUB then marks
``page N`` before that cell, so that a reader can follow the printed book's page numbers;
the marks are as fine as the cells are."""

from __future__ import annotations

import re

from weasyprint import Document

from bookforge.document import build_html
from bookforge.layout import Arrangement
from bookforge.render.facing import render_spreads
from bookforge.render.weasy import render_document
from bookforge.typography import justify

CELL_ANCHOR = re.compile(r"^pair-(\d+)-(source|target)$")


def print_document(arrangement: Arrangement) -> Document:
    """The print edition laid out: what the PDF backend writes and the page list follows."""
    justify.install()  # the print edition's line breaks, hence its page breaks
    if arrangement.layout == "facing":
        return render_spreads(arrangement).document
    return render_document(arrangement, build_html(arrangement), "pages")


def page_starts(arrangement: Arrangement) -> dict[str, list[int]]:
    """Cell anchor (``pair-K-source``) -> the print folios whose page starts at that cell."""
    document = print_document(arrangement)
    reading = {role: k for k, role in enumerate(arrangement.roles)}
    first: dict[int, tuple[int, int, str]] = {}  # page index -> first cell starting there
    seen: set[str] = set()
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            found = CELL_ANCHOR.match(anchor)
            if found and anchor not in seen:
                seen.add(anchor)
                key = (int(found.group(1)), reading.get(found.group(2), 0), anchor)
                first[index] = min(first.get(index, key), key)
    starts: dict[str, list[int]] = {}
    following: tuple[int, int, str] | None = None
    for index in reversed(range(min(first, default=0), len(document.pages))):
        # a page that begins inside a cell is marked before the next cell that starts
        following = first.get(index, following)
        if following:
            starts.setdefault(following[2], []).insert(0, index + 1)
    return starts
