"""PDF backend: WeasyPrint lays the book out (in parts on several cores, ``parts``, for a
book long enough) and writes it."""

from __future__ import annotations

from pathlib import Path

from bookforge.errors import BookforgeError
from bookforge.layout import Arrangement
from bookforge.output import atomic_output
from bookforge.processes import cores
from bookforge.render import parts as book_parts
from bookforge.render import pdf_tags
from bookforge.render.print_pages import print_document
from bookforge.styles import font_stacks
from bookforge.typography.fonts import check_fonts


def write_options(arrangement: Arrangement) -> dict:
    """WeasyPrint's ``write_pdf`` options for the book's ``[pdf]`` settings."""
    settings = arrangement.book.settings["pdf"]
    standard = settings["standard"] or None
    tagged = settings["tagged"] or bool(standard and standard.startswith(("pdf/ua", "pdf/a-2a")))
    return {"pdf_tags": tagged or None, "pdf_variant": standard}


def write_pdf(arrangement: Arrangement, target: Path, jobs: int | None = None) -> int:
    """Render the book to a PDF at ``target`` with up to ``jobs`` processes (default: one
    per core); returns its number of pages."""
    check_fonts(font_stacks(arrangement.book))
    options = write_options(arrangement)
    if options["pdf_tags"] or options["pdf_variant"]:
        pdf_tags.install()
    parts = book_parts.parts_for(arrangement, jobs or cores())
    with atomic_output(target) as temporary:
        try:
            if len(parts) > 1:
                return book_parts.write_parts(arrangement, parts, temporary, options)
            document = print_document(arrangement)
            document.write_pdf(temporary, **options)
            return len(document.pages)
        except OSError as error:
            raise BookforgeError(
                f"cannot write the PDF: {error.strerror or error}", target
            ) from None
