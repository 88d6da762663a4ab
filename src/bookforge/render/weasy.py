"""One place where the PDF backend hands a book's HTML to WeasyPrint: confined to the
project's files (``fetch``), with the page counter, and with the output intent that the
book's PDF standard needs (PDF/X prints to the CMYK profile of ``[pdf] output-profile``),
names in camel case breaking only between their parts (``name_breaks``), and fonts' files
read only when the PDF needs them (``lazy_fonts``)."""

from __future__ import annotations

from weasyprint import HTML, Document
from weasyprint.text.fonts import FontConfiguration

from bookforge import progress
from bookforge.layout import Arrangement
from bookforge.render import lazy_fonts
from bookforge.render.fetch import ProjectFetcher
from bookforge.typography import name_breaks


def render_document(
    arrangement: Arrangement, html: str, label: str, fonts: FontConfiguration | None = None
) -> Document:
    """Lay out ``html`` (a document of ``arrangement``'s book) into pages."""
    root = arrangement.book.root
    standard = arrangement.book.settings["pdf"]["standard"]
    options = {"output_intent": "device-cmyk"} if standard.startswith("pdf/x") else {}
    name_breaks.teach(html)
    lazy_fonts.install()
    with progress.pages(label):
        return HTML(string=html, base_url=str(root) + "/", url_fetcher=ProjectFetcher(root)).render(
            font_config=fonts, **options
        )
