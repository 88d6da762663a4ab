"""PDF backend: WeasyPrint renders the book's HTML document (twice for facing pages)."""

from __future__ import annotations

from pathlib import Path

from bookforge.errors import BookforgeError
from bookforge.layout import Arrangement
from bookforge.output import atomic_output
from bookforge.render import pdf_tags
from bookforge.render.print_pages import print_document
from bookforge.styles import font_stacks
from bookforge.typography.fonts import check_fonts


def write_pdf(arrangement: Arrangement, target: Path) -> int:
    """Render the book to a PDF at ``target``; returns its number of pages."""
    check_fonts(font_stacks(arrangement.book))
    document = print_document(arrangement)
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
