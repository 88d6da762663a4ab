"""The single HTML document of a book: what ``bookforge html`` writes and the PDF renders."""

from __future__ import annotations

from bookforge.layout import Arrangement, LaidChapter
from bookforge.styles import stylesheets
from bookforge.templates import render


def in_document(laid: LaidChapter, anchor: str) -> str:
    """Link to an anchor inside the one-document rendering."""
    return f"#{anchor}"


def build_html(arrangement: Arrangement) -> str:
    """Render the whole book as one HTML document with its print stylesheets inlined."""
    book = arrangement.book
    return render(
        "book.html.j2",
        book=book,
        arrangement=arrangement,
        stylesheets=stylesheets(book.root, "print"),
        in_document=in_document,
    )
