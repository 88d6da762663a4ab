"""Read page placement back from a PDF: named destinations, outline, links, text per page."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

HAN = re.compile(r"[\u4e00-\u9fff]")


def destinations(reader: PdfReader) -> dict[str, int]:
    """Named destination -> 1-based page number."""
    return {
        name: reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def outline(reader: PdfReader, items=None) -> list[tuple[str, int]]:
    """Flattened outline as (title, 1-based page)."""
    result = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            result += outline(reader, item)
        else:
            result.append((item.title, reader.get_destination_page_number(item) + 1))
    return result


def internal_links(reader: PdfReader, page_number: int) -> list[int]:
    """1-based target pages of the internal links on one page."""
    page = reader.pages[page_number - 1]
    targets = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        dest = annotation.get("/Dest")
        if dest is None and "/A" in annotation:
            dest = annotation["/A"].get("/D")
        if dest is None:
            continue
        if isinstance(dest, str) or not hasattr(dest, "__getitem__"):
            targets.append(destinations(reader)[str(dest)])
        else:
            targets.append(reader.get_page_number(dest[0].get_object()) + 1)
    return targets


def texts(path: Path) -> list[str]:
    """Extracted text of every page."""
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def body_texts(path: Path) -> list[str]:
    """Extracted text of every page without running heads and folios (the margins)."""
    import pdfplumber

    mm = 72 / 25.4
    with pdfplumber.open(path) as pdf:
        return [
            page.crop((0, 15 * mm, page.width, page.height - 17 * mm)).extract_text() or ""
            for page in pdf.pages
        ]
