"""PDF backend: WeasyPrint renders the book's HTML document (twice for facing pages)."""

from __future__ import annotations

from pathlib import Path

from bookforge.document import build_html
from bookforge.errors import BookforgeError
from bookforge.fonts import check_fonts
from bookforge.layout import Arrangement
from bookforge.output import atomic_output
from bookforge.render import cjk_justify, pdf_tags
from bookforge.render.facing import render_spreads
from bookforge.render.weasy import render_document
from bookforge.styles import font_stacks


def write_pdf(arrangement: Arrangement, target: Path) -> int:
    """Render the book to a PDF at ``target``; returns its number of pages."""
    cjk_justify.install()
    check_fonts(font_stacks(arrangement.book))
    if arrangement.layout == "facing":
        document = render_spreads(arrangement).document
    else:
        document = render_document(arrangement, build_html(arrangement), "pages")
    settings = arrangement.book.settings["pdf"]
    standard = settings["standard"] or None
    tagged = settings["tagged"] or bool(standard and standard.startswith(("pdf/ua", "pdf/a-2a")))
    if tagged or standard:
        pdf_tags.install()
    with atomic_output(target) as temporary:
        try:
            document.write_pdf(temporary, pdf_tags=tagged or None, pdf_variant=standard)
        except OSError as error:
            raise BookforgeError(
                f"cannot write the PDF: {error.strerror or error}", target
            ) from None
    return len(document.pages)
