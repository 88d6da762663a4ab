"""Inter-character justification of CJK text for WeasyPrint.

WeasyPrint justifies a line only by widening its U+0020 and U+00A0 spaces, so justified
Chinese, which has no spaces, ends ragged. Following CSS Text 3 (``text-justify: auto``
distributes space between CJK characters), this extension also counts every CJK character
as a justification opportunity and gives it the same extra spacing as a space.

Written against WeasyPrint 70.0, whose justification lives in two places, both replaced
here by thin wrappers around the originals:
- ``weasyprint.layout.inline.count_expandable_spaces``: how many opportunities a box has;
- ``weasyprint.text.line_break.Layout.set_text``: applies the extra spacing when drawing,
  as Pango letter-spacing attributes (a full share inside the text, doubled at its two
  ends where Pango gives only half, as WeasyPrint does for spaces).
``install()`` is idempotent; the PDF backend calls it before rendering.
"""

from __future__ import annotations

import re

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import TO_UNITS, ffi, pango
from weasyprint.text.line_break import Layout

CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_original_count = inline.count_expandable_spaces
_original_set_text = Layout.set_text


def count_expandable(box) -> int:
    """Spaces and CJK characters of a box, its justification opportunities."""
    if isinstance(box, boxes.TextBox):
        return _original_count(box) + len(CJK.findall(box.text))
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(count_expandable(child) for child in box.children)
    return 0


def set_text(self: Layout, text: str, justify: bool = False) -> None:
    """WeasyPrint's ``set_text``, then the CJK share of the justification spacing."""
    _original_set_text(self, text, justify)
    if not (justify and self.justification_spacing and CJK.search(self.text)):
        return
    encoded = self.text.encode()
    spacing = int(self.justification_spacing * TO_UNITS)
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    last = len(encoded) - 1
    offset = 0
    for char in self.text:
        size = len(char.encode())
        if CJK.match(char):
            factor = 2 if offset == 0 or offset + size - 1 == last else 1
            attribute = pango.pango_attr_letter_spacing_new(factor * spacing)
            attribute.start_index, attribute.end_index = offset, offset + size
            pango.pango_attr_list_change(attributes, attribute)
        offset += size
    pango.pango_layout_set_attributes(self.layout, attributes)


def install() -> None:
    """Put the CJK-aware functions in place of WeasyPrint's (once)."""
    if inline.count_expandable_spaces is not count_expandable:
        inline.count_expandable_spaces = count_expandable
        Layout.set_text = set_text
