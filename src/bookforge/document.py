"""The single HTML document of a book: what ``bookforge html`` writes and the PDF renders."""

from __future__ import annotations

from bookforge.layout import Arrangement, LaidChapter
from bookforge.styles import stylesheets
from bookforge.templates import render


def in_document(laid: LaidChapter, anchor: str) -> str:
    """Link to an anchor inside the one-document rendering."""
    return f"#{anchor}"


def build_html(
    arrangement: Arrangement,
    *,
    front: bool = True,
    body: bool = True,
    side: str | None = None,
    spacers: int = 0,
    page_numbers: dict[str, int] | None = None,
    breaks: frozenset[int] | set[int] = frozenset(),
) -> str:
    """Render the book (or a part of it) as one HTML document with its print styles inlined.

    ``side`` ('left' or 'right') shows one language of the facing layout and hides the
    other; ``spacers`` empty pages stand in for front matter rendered separately;
    ``page_numbers`` gives the contents its page numbers when they cannot be computed
    by CSS (the facing layout); ``breaks`` lists pairs that must start a new page.
    """
    book = arrangement.book
    return render(
        "book.html.j2",
        book=book,
        arrangement=arrangement,
        stylesheets=stylesheets(book, "print"),
        in_document=in_document,
        front=front,
        body=body,
        side=side,
        spacers=spacers,
        page_numbers=page_numbers,
        breaks=breaks,
    )
