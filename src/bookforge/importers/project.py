"""Write an imported book pair as a bookforge project: book.toml filled from the books'
metadata, one Markdown file per paired chapter in each language (the same file name on both
sides), the images. The project is assembled in a temporary folder beside its place and
moved there only once complete; an existing project is replaced only when asked."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from bookforge.errors import BookforgeError
from bookforge.importers.book import ImportedBook
from bookforge.importers.chapters import ChapterPair
from bookforge.text import slugify


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def book_toml(original: ImportedBook, translation: ImportedBook, source: str, target: str,
              title: str | None) -> str:
    """book.toml of the imported project."""
    source_title = title or original.title or "Untitled"
    target_title = translation.title or source_title
    authors = original.authors or translation.authors
    people = ", ".join(toml_string(a) for a in authors)
    translators = ", ".join(toml_string(t) for t in translation.translators)
    return (
        f"# Imported by bookforge from {original.path.name} and {translation.path.name}.\n"
        "# Every key is documented in README.md (\"book.toml reference\").\n\n"
        "[book]\n"
        f"title = {{ {source} = {toml_string(source_title)}, "
        f"{target} = {toml_string(target_title)} }}\n"
        f"authors = [{people}]\n"
        f"translators = [{translators}]\n\n"
        "[languages]\n"
        f"source = {toml_string(source)}\n"
        f"target = {toml_string(target)}\n"
    )


def _own_image_names(translation: ImportedBook, original: ImportedBook, lang: str) -> dict:
    """The translation's images, each renamed (and its references in the chapters with it)
    where the original has a different image of the same name."""
    images = {}
    for name, data in translation.images.items():
        own = name
        if name in original.images and original.images[name] != data:
            own = f"{lang}-{name}"
            for chapter in translation.chapters:
                chapter.markdown = chapter.markdown.replace(f"../images/{name})",
                                                            f"../images/{own})")
        images[own] = data
    return images


LINK_TARGET = re.compile(r"\]\(([^()\s#]+)(#[^()\s]*)?((?:\s+\"[^\"]*\")?)\)")


def relink(pairs: list[ChapterPair], names: list[str]) -> None:
    """Links from one chapter to another (``ch003.xhtml#id`` in an EPUB, ``part2.html#id``
    in a folder) made links to the chapter files of the project (``03-name.md#id``)."""
    for role in ("source", "target"):
        files = {PurePosixPath(c.origin).name: name for pair, name in zip(pairs, names, strict=True)
                 for c in getattr(pair, role)}

        def to_file(match: re.Match, files: dict[str, str] = files) -> str:
            target = files.get(PurePosixPath(match.group(1)).name)
            if target is None or "://" in match.group(1):
                return match.group(0)
            return f"]({target}{match.group(2) or ''}{match.group(3)})"

        for pair in pairs:
            for chapter in getattr(pair, role):
                chapter.markdown = LINK_TARGET.sub(to_file, chapter.markdown)


def chapter_names(pairs: list[ChapterPair]) -> list[str]:
    """A file name per chapter pair: its number and a slug of its title."""
    width = max(2, len(str(len(pairs))))
    names = []
    for number, pair in enumerate(pairs, 1):
        titles = [c.title for c in (*pair.source, *pair.target)]
        slug = next((s for s in map(slugify, titles) if s), "chapter")[:48].strip("-")
        names.append(f"{number:0{width}d}-{slug}.md")
    return names


def write_project(root: Path, pairs: list[ChapterPair], original: ImportedBook,
                  translation: ImportedBook, languages: tuple[str, str], title: str | None,
                  force: bool = False, finish: Callable[[Path], object] | None = None
                  ) -> list[Path]:
    """Write the project at ``root``; returns the chapter files written, by pair.
    ``finish`` gets the complete project in its temporary folder, before it moves into
    place (an error there leaves nothing behind)."""
    if root.exists() and any(root.iterdir()) and not force:
        raise BookforgeError("the folder exists and is not empty; nothing was changed "
                             "(--force replaces it)", root)
    source, target = languages
    root.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    try:
        manuscript = building / "manuscript"
        for lang in languages:
            (manuscript / lang).mkdir(parents=True)
        (manuscript / "book.toml").write_text(
            book_toml(original, translation, source, target, title), encoding="utf-8")
        written = []
        names = chapter_names(pairs)
        relink(pairs, names)
        for name, pair in zip(names, pairs, strict=True):
            for lang, chapters in ((source, pair.source), (target, pair.target)):
                if chapters:
                    text = "\n".join(c.markdown for c in chapters)
                    (manuscript / lang / name).write_text(text, encoding="utf-8")
            written.append(Path(name))
        images = {**original.images, **_own_image_names(translation, original, target)}
        if images:
            (manuscript / "images").mkdir()
            for name, data in images.items():
                (manuscript / "images" / name).write_bytes(data)
        if finish is not None:
            finish(building)
        if root.exists():
            shutil.rmtree(root)
        building.rename(root)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return written
