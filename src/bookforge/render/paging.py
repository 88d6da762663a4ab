"""Page numbers that can be set after layout, and pages added as the layout is made.

WeasyPrint 70 makes each page's margin boxes (folios, running heads) in the last loop of
``layout_document``, from the counters its page maker kept for that page. ``install()``
wraps ``layout_document`` so that every page box remembers its layout context and which
counters are its own (``page.paging``). Then:
- ``renumber`` makes a document's margin boxes again with the page counter moved on: a part
  of the book laid out on its own learns where it starts only once the parts before it
  are laid out;
- while ``adding(extra_pages)`` is active, ``extra_pages(context, html, page, number)`` may
  return pages to put after each laid-out page (the facing layout's right-hand pages),
  whose margin boxes ``margin_boxes`` makes from that page's counters.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import weasyprint.document
from weasyprint import Document
from weasyprint.formatting_structure import boxes
from weasyprint.layout.background import layout_backgrounds
from weasyprint.layout.page import make_margin_boxes

_layout_document = weasyprint.document.layout_document
_extra_pages: list[Callable] = []


@dataclass
class Paging:
    """Where a page's margin boxes come from: the layout ``context``, the page maker's
    entry ``number`` for its counters, and how far its folio runs ahead of them."""

    context: object
    number: int
    ahead: int = 0


def margin_boxes(page, offset: int = 0) -> list:
    """The margin boxes of a laid-out page box, its folio moved on by ``offset``."""
    paging = page.paging
    quote_depth, counters, *rest = paging.context.page_maker[paging.number][3]
    counters = copy.deepcopy(counters)
    counters["page"] = [value + paging.ahead + offset for value in counters["page"]]
    paging.context.current_page = paging.number  # the page's named strings
    return list(make_margin_boxes(paging.context, page, (quote_depth, counters, *rest)))


def renumber(document: Document, offset: int) -> None:
    """Move every folio of ``document`` on by ``offset`` (its margin boxes made again)."""
    if not offset:
        return
    for page in document.pages:
        box = page._page_box
        content = [c for c in box.children if not isinstance(c, boxes.MarginBox)]
        box.children = tuple(content + margin_boxes(box, offset))
        layout_backgrounds(box, box.paging.context.get_image_from_uri)


def first_folio(document: Document) -> int:
    """The page counter of the document's first page."""
    box = document.pages[0]._page_box
    counters = box.paging.context.page_maker[box.paging.number][3][1]
    return counters["page"][-1] + box.paging.ahead


def _with_paging(html, root_box, context, max_loops=8) -> Iterator:
    extra = _extra_pages[-1] if _extra_pages else None
    for number, page in enumerate(_layout_document(html, root_box, context, max_loops), 1):
        page.paging = Paging(context, number)
        added = extra(context, html, page, number) if extra else ()
        yield page
        yield from added


def install() -> None:
    """Put the recording ``layout_document`` in place of WeasyPrint's (once)."""
    weasyprint.document.layout_document = _with_paging


@contextmanager
def adding(extra_pages: Callable) -> Iterator[None]:
    """While active, each laid-out page is followed by ``extra_pages(...)``'s pages."""
    install()
    _extra_pages.append(extra_pages)
    try:
        yield
    finally:
        _extra_pages.pop()
