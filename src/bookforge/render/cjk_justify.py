"""Inter-character justification of CJK text for WeasyPrint.

WeasyPrint justifies a line only by widening its U+0020 and U+00A0 spaces, so justified
Chinese, which has no spaces, ends ragged. Following CSS Text 3 (``text-justify: auto``
distributes space between CJK characters), this extension also counts every CJK character
as a justification opportunity and gives it the same extra spacing as a space.

Written against WeasyPrint 70.0, whose justification lives in two places, both replaced
here by thin wrappers around the originals:
- ``weasyprint.layout.inline.count_expandable_spaces``: how many opportunities a box has;
- ``weasyprint.text.line_break.Layout.set_text``: applies the extra spacing when drawing,
  as one Pango letter-spacing attribute per run of CJK characters.

Pango puts half of a run's letter spacing on each side of every character and drops the
halves that fall outside the text of the layout (a text box is one layout). So a run of k
CJK characters widens by k shares, less half a share for each end of the box it touches:
``count_expandable`` counts exactly that, and every gap of a line gets the same share.
``install()`` is idempotent; the PDF backend calls it before rendering. It refuses, with
a message naming the versions, any WeasyPrint other than those in ``WRITTEN_FOR`` (also
pinned in pyproject.toml): a patch that no longer fits must fail loudly, not leave the
Chinese ragged.
"""

from __future__ import annotations

import inspect
import re

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import TO_UNITS, ffi, pango
from weasyprint.text.line_break import Layout

from bookforge.errors import BookforgeError

WRITTEN_FOR = ("70.",)  # the WeasyPrint versions (prefixes) this extension was tested with

CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
CJK_RUN = re.compile(CJK.pattern + "+")
_original_count = inline.count_expandable_spaces
_original_set_text = Layout.set_text


def cjk_shares(text: str) -> float:
    """The shares of justification spacing the CJK runs of a box's text take: one per
    character, less half for a run at either end of the text."""
    shares = 0.0
    for run in CJK_RUN.finditer(text):
        shares += len(run.group(0)) - 0.5 * (run.start() == 0) - 0.5 * (run.end() == len(text))
    return shares


def count_expandable(box) -> float:
    """Spaces and CJK shares of a box, its justification opportunities."""
    if isinstance(box, boxes.TextBox):
        return _original_count(box) + cjk_shares(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(count_expandable(child) for child in box.children)
    return 0


def set_text(self: Layout, text: str, justify: bool = False) -> None:
    """WeasyPrint's ``set_text``, then the CJK share of the justification spacing: one
    letter-spacing attribute per run of CJK characters."""
    _original_set_text(self, text, justify)
    if not (justify and self.justification_spacing and CJK.search(self.text)):
        return
    spacing = int(self.justification_spacing * TO_UNITS)
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    value = self.text

    def add(first: int, last: int, amount: int) -> None:
        """Letter spacing for the characters first..last-1 (character indexes)."""
        if first < last:
            attribute = pango.pango_attr_letter_spacing_new(amount)
            attribute.start_index = len(value[:first].encode())
            attribute.end_index = attribute.start_index + len(value[first:last].encode())
            pango.pango_attr_list_change(attributes, attribute)

    for run in CJK_RUN.finditer(value):
        add(*run.span(), spacing)
    pango.pango_layout_set_attributes(self.layout, attributes)


def check_weasyprint() -> None:
    """Refuse a WeasyPrint whose internals this extension was not written against."""
    version = weasyprint.__version__
    fits = list(inspect.signature(_original_set_text).parameters) == ["self", "text", "justify"]
    fits = fits and list(inspect.signature(_original_count).parameters) == ["box"]
    if not version.startswith(WRITTEN_FOR) or not fits:
        tested = ", ".join(f"{v}x" for v in WRITTEN_FOR)
        raise BookforgeError(
            f"WeasyPrint {version} is not one the Chinese justification was written for "
            f"({tested}); install it with: pip install 'weasyprint=={WRITTEN_FOR[0]}*'"
        )


def install() -> None:
    """Put the CJK-aware functions in place of WeasyPrint's (once)."""
    check_weasyprint()
    if inline.count_expandable_spaces is not count_expandable:
        inline.count_expandable_spaces = count_expandable
        Layout.set_text = set_text
