"""Find the book's stylesheets: the project's ``styles/`` folder, else the default set.

``book.css`` applies everywhere, ``print.css`` to the PDF and HTML, ``epub.css`` to the EPUB
and the preview, ``preview.css`` to the preview; any other ``*.css`` in the folder applies
everywhere, after the defaults. A medium's sheet missing from a project's folder comes from
the default set.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bookforge.config import page_size
from bookforge.model import ROLES, Book
from bookforge.templates import render
from bookforge.typography.fonts import font_stack, fonts_css

MEDIUM_SHEETS = {
    "print": ("print.css",),
    "epub": ("epub.css",),
    "preview": ("epub.css", "preview.css"),
    "review": ("review.css",),  # the pairing review only, inlined by ``review``
}


def default_styles_dir() -> Path:
    """The default stylesheets: packaged in a wheel, or the source tree's ``styles/``."""
    packaged = Path(str(resources.files("bookforge") / "default_styles"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "styles"


@dataclass(frozen=True)
class Stylesheet:
    """A stylesheet's file name and text."""

    name: str
    text: str


def styles_dir(root: Path) -> Path:
    """The stylesheet folder used for the project at ``root``."""
    own = root / "styles"
    return own if own.is_dir() and any(own.glob("*.css")) else default_styles_dir()


def page_css(pdf: dict) -> str:
    """The page geometry stylesheet from book.toml ``[pdf]``."""
    profile_url = Path(pdf.get("output-profile") or "/").resolve().as_uri()
    return render("page.css.j2", pdf=pdf, size=page_size(pdf["page-size"]), profile_url=profile_url)


def font_stacks(book: Book) -> list:
    """The font stack of each language of the book, source first."""
    configured = book.settings.get("fonts", {})
    return [font_stack(book.lang(r), configured.get(book.lang(r))) for r in ROLES]


def stylesheets(book: Book, medium: str) -> list[Stylesheet]:
    """The stylesheets for ``medium`` ('print', 'epub' or 'preview'), in cascade order: the
    font stacks from book.toml first, then the book's CSS files."""
    fonts_medium = "print" if medium == "print" else "epub"
    generated = [Stylesheet("fonts.css", fonts_css(font_stacks(book), fonts_medium))]
    if medium == "print":
        generated.append(Stylesheet("page.css", page_css(book.settings["pdf"])))
    folder = styles_dir(book.root)
    own = MEDIUM_SHEETS[medium]
    other_media = {name for names in MEDIUM_SHEETS.values() for name in names} - set(own)
    files = {p.name: p for p in folder.glob("*.css") if p.name not in other_media}
    for name in own:
        files.setdefault(name, default_styles_dir() / name)
    first = [n for n in ("book.css", *own) if n in files]
    ordered = first + sorted(n for n in files if n not in first)
    return generated + [Stylesheet(n, files[n].read_text(encoding="utf-8")) for n in ordered]
