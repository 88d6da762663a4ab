"""The single HTML document of a book: what ``bookforge html`` writes and the PDF renders."""

from __future__ import annotations

import re

from bookforge.layout import Arrangement
from bookforge.model import Block
from bookforge.output import build_time
from bookforge.styles import stylesheets
from bookforge.templates import render
from bookforge.typography.rules import HAN

NOTE_REF = re.compile(r'<a class="noteref"[^>]*href="#([^"]+)">\d+</a>')
EMPHASIS = re.compile(r"<em>(.*?)</em>", re.DOTALL)
TAG_OR_HAN = re.compile(f"(<[^>]*>)|([{HAN}\u3040-\u30ff])")


def with_emphasis_dots(html: str) -> str:
    """Each Han or kana character inside ``<em>`` wrapped in ``<span class="dot">``, which
    the print stylesheet marks with an emphasis dot below it (WeasyPrint has no
    ``text-emphasis``); punctuation gets none, as clreq asks. The text is unchanged."""

    def dotted(match: re.Match) -> str:
        inner = TAG_OR_HAN.sub(
            lambda m: m.group(1) or f'<span class="dot">{m.group(2)}</span>', match.group(1)
        )
        return f"<em>{inner}</em>"

    return EMPHASIS.sub(dotted, html)


def print_markup(block: Block) -> str:
    """A block's markup as the print document shows it: notes inline, emphasis dots."""
    return with_emphasis_dots(with_inline_notes(block))


def with_inline_notes(block: Block) -> str:
    """A block's markup with each footnote's text at its first reference, where the print
    stylesheet floats it to the foot of the page (``float: footnote``)."""
    notes = {note.ident: note for note in block.notes}

    def inline(match: re.Match) -> str:
        note = notes.pop(match.group(1), None)
        if note is None:
            return match.group(0)
        return render("footnote.html.j2", note=note)

    return NOTE_REF.sub(inline, block.html)


def build_html(
    arrangement: Arrangement,
    *,
    front: bool = True,
    body: bool = True,
    side: str | None = None,
    spacers: int = 0,
    page_numbers: dict[str, int] | None = None,
    breaks: frozenset[int] | set[int] = frozenset(),
    part_end: bool = False,
    base_url: str | None = None,
    live_reload: bool = False,
    screen: bool = False,
) -> str:
    """Render the book (or a part of it) as one HTML document with its print styles inlined.

    ``side`` ('left' or 'right') shows one language of the facing layout and hides the
    other; ``spacers`` empty pages stand in for front matter rendered separately;
    ``page_numbers`` gives the contents its page numbers when they cannot be computed
    by CSS (the facing layout); ``breaks`` lists pairs that must start a new page;
    ``part_end`` ends a part of the body laid out on its own with a marker on a recto;
    ``base_url`` and ``live_reload`` serve the preview; ``screen`` makes the document a
    reader would see on a screen (the e-book's styles, notes after their paragraph, the
    facing layout in parallel columns) instead of the one the PDF is printed from.
    """
    book = arrangement.book
    return render(
        "book.html.j2",
        book=book,
        arrangement=arrangement,
        stylesheets=stylesheets(book, "preview" if screen else "print"),
        front=front,
        body=body,
        side=side,
        spacers=spacers,
        page_numbers=page_numbers,
        breaks=breaks,
        part_end=part_end,
        block_html=(lambda block: block.html) if screen else print_markup,
        base_url=base_url or book.root.as_uri() + "/",
        live_reload=live_reload,
        created=build_time().strftime("%Y-%m-%dT%H:%M:%SZ"),
        note_asides=screen,
        parallel="flex" if screen else "table",
    )
