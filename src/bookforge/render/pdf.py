"""PDF backend: WeasyPrint renders the book's HTML document (twice for facing pages)."""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

from bookforge import progress
from bookforge.document import build_html
from bookforge.errors import BookforgeError
from bookforge.fonts import check_fonts
from bookforge.layout import Arrangement
from bookforge.output import atomic_output
from bookforge.render import cjk_justify
from bookforge.render.facing import render_spreads
from bookforge.render.fetch import ProjectFetcher
from bookforge.styles import font_stacks


def write_pdf(arrangement: Arrangement, target: Path) -> int:
    """Render the book to a PDF at ``target``; returns its number of pages."""
    cjk_justify.install()
    check_fonts(font_stacks(arrangement.book))
    if arrangement.layout == "facing":
        document = render_spreads(arrangement).document
    else:
        html = HTML(
            string=build_html(arrangement),
            base_url=str(arrangement.book.root) + "/",
            url_fetcher=ProjectFetcher(arrangement.book.root),
        )
        with progress.pages("pages"):
            document = html.render()
    tagged = arrangement.book.settings["pdf"]["tagged"]
    with atomic_output(target) as temporary:
        try:
            document.write_pdf(temporary, pdf_tags=tagged)
        except OSError as error:
            raise BookforgeError(
                f"cannot write the PDF: {error.strerror or error}", target
            ) from None
    return len(document.pages)
