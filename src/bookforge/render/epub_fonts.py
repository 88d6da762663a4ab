"""Embed the book's faces in the EPUB, each subset with fontTools to the characters the
book uses in that language, so that a CJK face costs kilobytes instead of megabytes."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass

from ebooklib import epub
from fontTools import subset
from fontTools.ttLib import TTFont

from bookforge.errors import warn
from bookforge.model import ROLES, Book
from bookforge.styles import font_stacks
from bookforge.templates import render
from bookforge.text import slugify
from bookforge.typography.fonts import is_cjk

# (weight, style) of each face, with the markup that needs it.
BODY_FACES = {
    ("normal", "normal"): "",
    ("bold", "normal"): "<strong>",
    ("normal", "italic"): "<em>",
}
PATTERN = {"normal": ":weight=regular", "bold": ":weight=bold", "italic": ":slant=italic"}


@dataclass(frozen=True)
class EmbeddedFace:
    """One subset face: its CSS description and its file inside the EPUB."""

    family: str
    weight: str
    style: str
    file_name: str


def font_file(family: str, weight: str, style: str) -> tuple[str, int] | None:
    """The file and collection index fontconfig has for a face of ``family``."""
    if not shutil.which("fc-match"):
        return None
    pattern = family + PATTERN[weight] + (PATTERN["italic"] if style == "italic" else "")
    answer = subprocess.run(
        ["fc-match", "-f", "%{family[0]}|%{file}|%{index}|%{slant}", pattern],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("|")
    if len(answer) != 4 or answer[0] != family:
        return None
    if style == "italic" and answer[3] == "0":  # no italic face: the reader will slant
        return None
    return answer[1], int(answer[2] or 0)


def subset_font(path: str, index: int, characters: str) -> bytes:
    """The face at ``path`` reduced to ``characters`` (with fontTools' default features)."""
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(path, fontNumber=index, recalcTimestamp=False, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def book_characters(book: Book, role: str) -> str:
    """Every character the book shows in the language of ``role``."""
    texts = [book.title(role)]
    for chapter in book.chapters:
        for pair in chapter.pairs:
            for block in pair.side(role):
                texts.append(block.text)
                texts.extend(note.html for note in block.notes)
    return "".join(sorted(set("".join(texts)) | set(" 0123456789·")))


def embedded_fonts(book: Book) -> tuple[list[epub.EpubItem], str]:
    """The subset font files and the @font-face rules that use them."""
    items: dict[str, epub.EpubItem] = {}
    faces: list[EmbeddedFace] = []
    for role, stack in zip(ROLES, font_stacks(book), strict=True):
        characters = book_characters(book, role)
        markup = "".join(b.html for c in book.chapters for p in c.pairs for b in p.side(role))
        body = [
            face
            for face, tag in BODY_FACES.items()
            if tag in markup and not (is_cjk(stack.lang) and face[1] == "italic")
        ]
        wanted = [(stack.body, face) for face in body]
        if "<h" in markup:
            wanted.append((stack.heading, ("bold", "normal")))
        for family, (weight, style) in dict.fromkeys(wanted):
            found = font_file(family, weight, style)
            if found is None:
                if style == "normal":
                    warn(f"font '{family}' ({weight}) not found, so not embedded")
                continue
            stem = f"{slugify(family)}-{weight}-{style}-{role}"
            name = f"fonts/{stem}.{suffix(found[0])}"
            data = subset_font(found[0], found[1], characters)
            items[name] = epub.EpubItem(
                uid=f"font-{stem}", file_name=name, media_type=media_type(name), content=data
            )
            faces.append(EmbeddedFace(family, weight, style, name))
    return list(items.values()), render("embedded-fonts.css.j2", faces=faces)


def suffix(path: str) -> str:
    """The file suffix of a face: otf for CFF outlines, ttf for TrueType ones."""
    font = TTFont(path, fontNumber=0, lazy=True)
    return "otf" if "CFF " in font or "CFF2" in font else "ttf"


def media_type(name: str) -> str:
    """The EPUB core media type of a font file."""
    return "font/otf" if name.endswith(".otf") else "font/ttf"
