"""Inter-character justification of CJK text for WeasyPrint, with line-start trimming.

WeasyPrint justifies a line only by widening its U+0020 and U+00A0 spaces, so justified
Chinese, which has no spaces, ends ragged. Following CSS Text 3 (``text-justify: auto``
distributes space between CJK characters), this extension also counts every CJK character
as a justification opportunity and gives it the same extra spacing as a space.

Written against WeasyPrint 70.0, whose justification lives in these places, all replaced
here by thin wrappers around the originals:
- ``weasyprint.layout.inline.get_next_linebox``: lays out one line (noted: is it the
  first line of its block?);
- ``weasyprint.layout.inline.text_align``: places a line (see line-start trimming below);
- ``weasyprint.layout.inline.justify_line``: shares a line's extra width out;
- ``weasyprint.layout.inline.count_expandable_spaces``: how many opportunities a box has;
- ``weasyprint.text.line_break.Layout.set_text``: applies the extra spacing when drawing,
  as one Pango letter-spacing attribute per run of CJK characters.

Pango puts half of a run's letter spacing on each side of every character and drops the
halves that fall outside the text of the layout (a text box is one layout). So a run of k
CJK characters widens by k shares, less half a share for each end of the box it touches.
Where two text boxes meet inside a line (an inline element such as a link, an emphasis or
the half-width punctuation span), ``justify_line`` gives the dropped halves back: the box
before keeps its last half share as blank width, the box after starts half a share later.
So every gap of a line gets the same share, across elements too; only the line's own
start and end get none, and the line stays flush.

Line-start trimming (clreq 3.1.6, CSS Text 4 ``text-spacing-trim: normal``): a line other
than the first of its block that starts with a full-width opening bracket or quote moves
half an em to the left, so that the glyph's blank half lies in the margin and its ink
starts at the margin; justification spreads the half em this frees over the line. The
glyph, and so the text, is unchanged.
``install()`` is idempotent; the PDF backend calls it before rendering. It refuses, with
a message naming the versions, any WeasyPrint other than those in ``WRITTEN_FOR`` (also
pinned in pyproject.toml): a patch that no longer fits must fail loudly, not leave the
Chinese ragged.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

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
# In Chinese and Japanese text the CJK face also sets these full-width: “ ” ‘ ’ — … ·
CJK_TEXT = re.compile(CJK.pattern[:-1] + "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026]")
CJK_TEXT_RUN = re.compile(CJK_TEXT.pattern + "+")
LEAD, TRAIL = "bookforge_cjk_lead", "bookforge_cjk_trail"  # a box's CJK ends inside a line
EVERY = "bookforge_every_character"  # a loose line: Latin letters take shares too
CHARACTER = re.compile(r"\S")
CHARACTER_RUN = re.compile(r"\S+")
LOOSEST = 0.2  # em: the most CJK justification may add per gap before Latin letters help
OPENING = "（〔［｛〈《「『【〖〘〚“‘"  # full-width in CJK text, blank on their left half
_original_count = inline.count_expandable_spaces
_original_justify = inline.justify_line
_original_text_align = inline.text_align
_original_next_linebox = inline.get_next_linebox
_first_line: list[bool] = []  # for each line being laid out (they nest): first of its block?
_original_set_text = Layout.set_text


def patterns(style) -> tuple[re.Pattern, re.Pattern]:
    """The patterns of a CJK character and of a run of them, for text in ``style``'s
    language: quotation marks, dashes and ellipses are full-width in Chinese text."""
    lang = (style["lang"] or "").lower()
    if lang.split("-")[0] in ("zh", "ja", "ko"):
        return CJK_TEXT, CJK_TEXT_RUN
    return CJK, CJK_RUN


def box_patterns(box) -> tuple[re.Pattern, re.Pattern]:
    """The patterns of the characters that take shares in a text box or its layout."""
    return (CHARACTER, CHARACTER_RUN) if getattr(box, EVERY, False) else patterns(box.style)


def cjk_shares(text: str, runs: re.Pattern = CJK_RUN) -> float:
    """The shares of justification spacing the CJK runs of a box's text take: one per
    character, less half for a run at either end of the text."""
    shares = 0.0
    for run in runs.finditer(text):
        shares += len(run.group(0)) - 0.5 * (run.start() == 0) - 0.5 * (run.end() == len(text))
    return shares


def count_expandable(box) -> float:
    """Spaces and CJK shares of a box, its justification opportunities: a CJK character at
    an end of the box that meets another box on its line counts its half share there."""
    if isinstance(box, boxes.TextBox):
        ends = 0.5 * getattr(box, LEAD, False) + 0.5 * getattr(box, TRAIL, False)
        return _original_count(box) + cjk_shares(box.text, box_patterns(box)[1]) + ends
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(count_expandable(child) for child in box.children)
    return 0


def _text_leaves(box) -> Iterator[boxes.TextBox]:
    """The text boxes of a line, in order."""
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_leaves(child)


def _mark_ends(leaves: list[boxes.TextBox]) -> None:
    """Mark the ends of the line's text boxes that take half a share at a box boundary."""
    for index, leaf in enumerate(leaves):
        character = box_patterns(leaf)[0]
        setattr(leaf, LEAD, index > 0 and bool(character.match(leaf.text[0])))
        setattr(leaf, TRAIL, index < len(leaves) - 1 and bool(character.match(leaf.text[-1])))


def justify_line(context, line, extra_width: float) -> None:
    """WeasyPrint's ``justify_line`` with the CJK ends of the line's text boxes marked, so
    that a gap between two boxes gets a whole share like any other; each box whose text
    starts with a CJK character inside the line then starts half a share later. Where
    CJK characters and spaces alone would leave gaps wider than ``LOOSEST`` (a line of
    Chinese text held up by long Latin words), every character takes shares, the letters of
    Latin words too, as CSS Text's ``text-justify: inter-character`` does."""
    leaves = [leaf for leaf in _text_leaves(line) if leaf.text]
    for leaf in leaves:
        setattr(leaf, EVERY, False)
    _mark_ends(leaves)
    shares = count_expandable(line)
    chinese = any(patterns(leaf.style)[0] is CJK_TEXT for leaf in leaves)
    if chinese and (not shares or extra_width / shares > LOOSEST * line.style["font_size"]):
        for leaf in leaves:
            setattr(leaf, EVERY, True)
        _mark_ends(leaves)
        shares = count_expandable(line)
    _original_justify(context, line, extra_width)
    if shares:
        spacing = extra_width / shares
        for leaf in leaves:
            if getattr(leaf, EVERY) and getattr(leaf, "pango_layout", None) is not None:
                setattr(leaf.pango_layout, EVERY, True)
            if getattr(leaf, LEAD):
                leaf.position_x += spacing / 2
                leaf.width -= spacing / 2


def get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, *args):
    """WeasyPrint's ``get_next_linebox``, noting whether the line is its block's first."""
    _first_line.append(skip_stack is None)
    try:
        return _original_next_linebox(
            context, linebox, position_y, bottom_space, skip_stack, *args)
    finally:
        _first_line.pop()


def line_start_trim(line) -> float:
    """How far a line moves left: half an em where it is not its block's first line and
    starts with a full-width opening mark in CJK text."""
    if not _first_line or _first_line[-1]:
        return 0.0
    first = next((leaf for leaf in _text_leaves(line) if leaf.text), None)
    if first is None or first.text[0] not in OPENING or patterns(first.style)[0] is CJK:
        return 0.0
    return first.style["font_size"] / 2


def text_align(context, line, available_width: float, last: bool) -> float:
    """WeasyPrint's ``text_align``, after trimming the line's start."""
    if trim := line_start_trim(line):
        for child in line.children:
            child.translate(-trim, 0)
        line.width -= trim
    return _original_text_align(context, line, available_width, last)


def set_text(self: Layout, text: str, justify: bool = False) -> None:
    """WeasyPrint's ``set_text``, then the CJK share of the justification spacing: one
    letter-spacing attribute per run of CJK characters."""
    _original_set_text(self, text, justify)
    cjk, runs = box_patterns(self)
    if not (justify and self.justification_spacing and cjk.search(self.text)):
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

    for run in runs.finditer(value):
        add(*run.span(), spacing)
    pango.pango_layout_set_attributes(self.layout, attributes)


def check_weasyprint() -> None:
    """Refuse a WeasyPrint whose internals this extension was not written against."""
    version = weasyprint.__version__
    fits = list(inspect.signature(_original_set_text).parameters) == ["self", "text", "justify"]
    fits = fits and list(inspect.signature(_original_count).parameters) == ["box"]
    fits = fits and list(inspect.signature(_original_justify).parameters) == [
        "context", "line", "extra_width"]
    fits = fits and list(inspect.signature(_original_text_align).parameters) == [
        "context", "line", "available_width", "last"]
    fits = fits and list(inspect.signature(_original_next_linebox).parameters)[:5] == [
        "context", "linebox", "position_y", "bottom_space", "skip_stack"]
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
        inline.justify_line = justify_line
        inline.text_align = text_align
        inline.get_next_linebox = get_next_linebox
        Layout.set_text = set_text
