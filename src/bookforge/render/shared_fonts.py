"""One subset of each font for all the parts of a PDF laid out in parts.

WeasyPrint embeds in each PDF a subset of every font with the glyphs that PDF shows. The
parts of a book written on their own would each embed their own subset, under the same
name: a heavier file, and one font name standing for different fonts. While
``sharing_glyphs(exchange)`` is active, a PDF being written hands the glyphs it uses to
``exchange`` (font -> glyph -> text, and glyph widths) and embeds the glyphs it gets back:
the union of every part's, so that every part embeds the same subset, which the join
then keeps once (``pdf_join``). Written for WeasyPrint 70 (``pdf.build_fonts_dictionary``,
``Font.to_unicode`` and ``Font.widths``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import weasyprint.pdf

_build_fonts_dictionary = weasyprint.pdf.build_fonts_dictionary

Glyphs = dict[str, tuple[dict[int, str], dict[int, float]]]  # font -> (texts, widths)


def used(fonts: dict) -> Glyphs:
    """The glyphs each font (by its hash, which names its subset) shows."""
    glyphs: Glyphs = {}
    for font in fonts.values():
        texts, widths = glyphs.setdefault(font.hash, ({}, {}))
        texts.update(font.to_unicode)
        widths.update(font.widths)
    return glyphs


def union(*sets: Glyphs) -> Glyphs:
    """All the glyphs of ``sets``, by font, in glyph order."""
    joined: Glyphs = {}
    for glyphs in sets:
        for name, (texts, widths) in glyphs.items():
            all_texts, all_widths = joined.setdefault(name, ({}, {}))
            for glyph, text in texts.items():
                all_texts.setdefault(glyph, text)
            for glyph, width in widths.items():
                all_widths.setdefault(glyph, width)
    return {
        name: (dict(sorted(texts.items())), dict(sorted(widths.items())))
        for name, (texts, widths) in sorted(joined.items())
    }


@contextmanager
def sharing_glyphs(exchange: Callable[[Glyphs], Glyphs]) -> Iterator[None]:
    """While active, the fonts of a PDF being written embed the glyphs ``exchange``
    returns for the glyphs the PDF uses."""

    def build_fonts_dictionary(pdf, fonts, compress, subset, options):
        if subset:
            shared = exchange(used(fonts))
            for font in fonts.values():
                if font.hash in shared and not font.used_in_forms:
                    texts, widths = shared[font.hash]
                    font.to_unicode, font.widths = dict(texts), dict(widths)
        return _build_fonts_dictionary(pdf, fonts, compress, subset, options)

    weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary
    try:
        yield
    finally:
        weasyprint.pdf.build_fonts_dictionary = _build_fonts_dictionary
