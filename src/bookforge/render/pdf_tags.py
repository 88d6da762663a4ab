"""The tagged PDF's structure as a bilingual book needs it, for PDF/UA.

WeasyPrint 70 builds the structure tree from the page boxes (``weasyprint.pdf.tags``), but
gives no structure element a language, tags every box, shown or not, and makes every HTML
table a data table. This extension wraps its ``_build_box_tree`` so that:
- an element with a ``lang`` attribute gets ``/Lang`` (each pair's original and translation
  are announced in their language);
- a box hidden with ``visibility: hidden`` is left out of the tree: in the facing layout
  each page holds only its own language's cells, in reading order, the other language's
  being hidden;
- the facing layout's table (``table.facing``: a row per pair) is layout, not data: its
  table, rows and cells become ``/Div``; tables inside a cell stay tables.

Written for WeasyPrint 70 (pinned in pyproject.toml, checked by ``typography.justify``).
``install()`` is idempotent; the PDF backend calls it before writing a tagged PDF.
"""

from __future__ import annotations

import pydyf
from weasyprint.pdf import tags

_original_build = tags._build_box_tree


# The classes of the facing layout's table parts (see the ``rows`` macro).
LAYOUT_CLASSES = {"table": "facing", "tbody": "facing-rows", "tr": "pair", "td": "pair-cell"}


def is_layout_table(element) -> bool:
    """Whether an element is (a part of) the facing layout's table."""
    if element is None or element.tag not in LAYOUT_CLASSES:
        return False
    return LAYOUT_CLASSES[element.tag] in (element.get("class") or "").split()


def build_box_tree(box, parent, pdf, page_number, nums, annotations, found_tags):
    """WeasyPrint's ``_build_box_tree``, with languages, without hidden boxes, with the
    facing table as layout."""
    items = _original_build(box, parent, pdf, page_number, nums, annotations, found_tags)
    style = getattr(box, "style", None)
    if style is not None and style["visibility"] == "hidden" and box.element is not None:
        for _ in items:  # built (WeasyPrint's table code needs it), not linked to the tree
            pass
        return
    element = getattr(box, "element", None)
    for item in items:
        if element is not None and item.get("P") == parent.reference:
            lang = element.get("lang")
            if lang and "Lang" not in item:  # the innermost element's language wins
                item["Lang"] = pydyf.String(lang)
            if is_layout_table(element):
                item["S"] = "/Div"
        yield item


def install() -> None:
    """Put the bilingual structure builder in place of WeasyPrint's (once)."""
    if tags._build_box_tree is not build_box_tree:
        tags._build_box_tree = build_box_tree
