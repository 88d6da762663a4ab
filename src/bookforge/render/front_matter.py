"""The print edition's front matter laid out on its own, for a body laid out apart from it
(the facing layout's spreads, the parts of a PDF laid out on several processes): first to
count its pages, then with the contents' page numbers, read from where the body's anchors
landed."""

from __future__ import annotations

from weasyprint import Document
from weasyprint.text.fonts import FontConfiguration

from bookforge.document import build_html
from bookforge.errors import BookforgeError
from bookforge.layout import Arrangement
from bookforge.render.weasy import render_document


def contents_anchors(arrangement: Arrangement) -> list[str]:
    """The anchors the contents give page numbers for: every chapter title."""
    return [h[1] for laid in arrangement.chapters for h in laid.titles.values() if h]


def anchor_pages(document: Document, first: int) -> dict[str, int]:
    """Every anchor of ``document`` with the number of the page it first lands on, its
    first page being number ``first``."""
    numbers: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            numbers.setdefault(anchor, first + index)
    return numbers


def front_matter(
    arrangement: Arrangement, fonts: FontConfiguration, numbers: dict[str, int] | None = None
) -> Document:
    """The front matter, its contents numbered by ``numbers`` (anchor -> page; all 0 when
    not given); the body starts on the page after it (a left page for facing, a recto for
    interleaved)."""
    numbers = numbers or {}
    page_numbers = {anchor: numbers.get(anchor, 0) for anchor in contents_anchors(arrangement)}
    html = build_html(arrangement, body=False, page_numbers=page_numbers)
    document = render_document(arrangement, html, "front matter", fonts)
    return document.copy(document.pages[:-1])  # the last page only holds the body-start marker


def numbered(
    arrangement: Arrangement, fonts: FontConfiguration, numbers: dict[str, int], count: int
) -> Document:
    """The front matter with the contents' page numbers, which must keep its ``count``
    pages (the body's page numbers were counted from them)."""
    document = front_matter(arrangement, fonts, numbers)
    if len(document.pages) != count:
        raise BookforgeError("the contents changed length once numbered")
    return document
