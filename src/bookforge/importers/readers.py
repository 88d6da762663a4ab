"""Read a book for import: EPUB 2/3 (ebooklib for the container, pandoc for the XHTML),
DOCX (pandoc), HTML (a file, or a folder of chapter files), Markdown (a file, or a folder)
and plain text (paragraphs separated by blank lines). The format is read from the file's
content, not trusted from its extension."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from bookforge.errors import BookforgeError
from bookforge.importers.book import Chapter, ImportedBook
from bookforge.importers.convert import (
    first_heading,
    has_text,
    html_to_markdown,
    pandoc,
    split_at_headings,
    tidy,
)
from bookforge.loader import read_text

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
FRONT_MATTER = ("titlepage", "cover", "toc", "copyright-page", "imprint", "landmarks")
IMAGE_SOURCE = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")', re.IGNORECASE)
EPUB_TYPE = re.compile(r'epub:type="([^"]*)"')
TAG = re.compile(r"<[^>]+>")


def read_book(path: Path) -> ImportedBook:
    """The chapters and metadata of the book at ``path`` (a file or a folder)."""
    if not path.exists():
        raise BookforgeError("no such file or folder", path)
    if path.is_dir():
        return read_folder(path)
    kind = sniff(path)
    book = {"epub": read_epub, "docx": read_docx, "html": read_html,
            "markdown": read_markdown, "text": read_plain_text}[kind](path)
    if not book.chapters:
        raise BookforgeError("no text in it to import (images only, or empty)", path)
    return book


def sniff(path: Path) -> str:
    """The format of a book file, from its first bytes (and its name where they allow
    several): 'epub', 'docx', 'html', 'markdown' or 'text'."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as error:
        raise BookforgeError(f"cannot read: {error.strerror}", path) from None
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise BookforgeError("a damaged zip archive: the file is incomplete or corrupt",
                                 path) from None
        if "META-INF/container.xml" in names:
            return "epub"
        if "word/document.xml" in names:
            return "docx"
        raise BookforgeError("a zip archive, but neither an EPUB nor a Word (DOCX) file", path)
    if suffix in (".epub", ".docx"):
        what = "an EPUB" if suffix == ".epub" else "a Word (DOCX) file"
        raise BookforgeError(f"not {what}: it is no zip archive (damaged, or misnamed)", path)
    if suffix in (".pdf", ".mobi", ".azw", ".azw3", ".doc", ".odt", ".rtf") or b"\0" in head:
        raise BookforgeError(
            "a format bookforge cannot import; convert it to EPUB, DOCX, HTML, Markdown or "
            "plain text first (e.g. with Calibre's ebook-convert)", path)
    if suffix in HTML_SUFFIXES or head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def read_folder(folder: Path) -> ImportedBook:
    """A folder of chapter files (HTML or Markdown), in the order of their names."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in HTML_SUFFIXES)
    markdown = sorted(p for p in folder.iterdir() if p.suffix.lower() in MARKDOWN_SUFFIXES)
    if not files and not markdown:
        raise BookforgeError("no HTML or Markdown chapter files in this folder", folder)
    chapters = []
    for path in markdown if len(markdown) >= len(files) else files:
        text = read_text(path)
        body = tidy(text) if path.suffix.lower() in MARKDOWN_SUFFIXES else html_to_markdown(text)
        if has_text(body):
            chapters.append(Chapter(first_heading(body) or path.stem, body, path.name))
    book = ImportedBook(folder, chapters, title=folder.name)
    if not chapters:
        raise BookforgeError("no text in its chapter files to import", folder)
    return book


def read_markdown(path: Path) -> ImportedBook:
    """One Markdown file, cut into chapters at its top-level headings."""
    return _book_of_parts(path, tidy(read_text(path)))


def read_html(path: Path) -> ImportedBook:
    """One HTML file, cut into chapters at its top-level headings."""
    html = read_text(path)
    book = _book_of_parts(path, html_to_markdown(html))
    title = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    if title and TAG.sub("", title.group(1)).strip():
        book.title = " ".join(TAG.sub("", title.group(1)).split())
    return book


def read_docx(path: Path) -> ImportedBook:
    """A Word document, cut into chapters at its top-level headings."""
    return _book_of_parts(path, tidy(pandoc(None, "docx", path)))


def read_plain_text(path: Path) -> ImportedBook:
    """Plain UTF-8 text, paragraphs separated by blank lines: one chapter, each paragraph
    a Markdown paragraph (characters Markdown would read as markup are escaped)."""
    text = read_text(path)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    escaped = [re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", p) for p in paragraphs]
    escaped = [re.sub(r"^(\d+)([.)])", r"\1\\\2", p) for p in escaped]
    escaped = [re.sub(r"^([-+])(\s)", r"\\\1\2", p) for p in escaped]
    body = "\n\n".join(escaped) + "\n" if escaped else ""
    chapters = [Chapter(paragraphs[0][:80], body, path.name)] if paragraphs else []
    return ImportedBook(path, chapters, title=path.stem)


def _book_of_parts(path: Path, markdown: str) -> ImportedBook:
    parts = [part for part in split_at_headings(markdown) if has_text(part)]
    chapters = [Chapter(first_heading(part) or path.stem, part, path.name) for part in parts]
    return ImportedBook(path, chapters, title=first_heading(markdown) or path.stem)


def read_epub(path: Path) -> ImportedBook:
    """An EPUB's spine documents, each a chapter (front matter such as the title page and
    the contents left out), its metadata and its images."""
    with zipfile.ZipFile(path) as archive:
        refuse_drm(archive, path)
        opf_path = _package_path(archive, path)
        package = ElementTree.fromstring(archive.read(opf_path))
        folder = posixpath.dirname(opf_path)
        manifest, spine = _manifest_and_spine(package, folder, path)
        book = ImportedBook(path, [], **_metadata(package))
        names: dict[str, str] = {}  # image path in the EPUB -> file name in the project
        for href in spine:
            item = manifest.get(href)
            if item is None or "nav" in item["properties"]:
                continue
            try:
                html = archive.read(href).decode("utf-8")
            except (KeyError, UnicodeDecodeError):
                book.warnings.append(f"{path.name}: {href}: missing or unreadable; left out")
                continue
            if _is_front_matter(html):
                continue
            html = _with_images(html, href, archive, book, names)
            markdown = html_to_markdown(html)
            if not has_text(markdown):
                book.warnings.append(f"{path.name}: {href}: no text; left out")
                continue
            book.chapters.append(Chapter(first_heading(markdown) or PurePosixPath(href).stem,
                                         markdown, href))
    return book


def refuse_drm(archive: zipfile.ZipFile, path: Path) -> None:
    """Stop on an EPUB whose content documents are encrypted (DRM); font obfuscation,
    which only scrambles fonts, is no obstacle."""
    names = set(archive.namelist())
    if "META-INF/rights.xml" in names:
        raise BookforgeError("DRM-protected EPUB (META-INF/rights.xml): it cannot be imported",
                             path)
    if "META-INF/encryption.xml" in names:
        encrypted = re.findall(rb'URI="([^"]+)"', archive.read("META-INF/encryption.xml"))
        if any(not uri.lower().endswith((b".otf", b".ttf", b".woff", b".woff2"))
               for uri in encrypted):
            raise BookforgeError("DRM-protected EPUB (its text is encrypted): it cannot be "
                                 "imported", path)


def _package_path(archive: zipfile.ZipFile, path: Path) -> str:
    try:
        container = ElementTree.fromstring(archive.read("META-INF/container.xml"))
    except (KeyError, ElementTree.ParseError):
        raise BookforgeError("not a valid EPUB: META-INF/container.xml unreadable", path) from None
    for element in container.iter():
        if element.tag.endswith("rootfile") and element.get("full-path"):
            return element.get("full-path", "")
    raise BookforgeError("not a valid EPUB: no package document named", path)


def _manifest_and_spine(package, folder: str, path: Path) -> tuple[dict, list[str]]:
    manifest, by_id = {}, {}
    for element in package.iter():
        if element.tag.endswith("}item") and element.get("href"):
            href = posixpath.normpath(posixpath.join(folder, element.get("href", "")))
            entry = {"type": element.get("media-type", ""),
                     "properties": (element.get("properties") or "").split()}
            manifest[href] = entry
            by_id[element.get("id")] = href
    spine = [by_id[e.get("idref")] for e in package.iter()
             if e.tag.endswith("}itemref") and e.get("idref") in by_id
             and e.get("linear", "yes") != "no"]
    if not spine:
        raise BookforgeError("not a valid EPUB: its spine lists no documents", path)
    return manifest, spine


def _metadata(package) -> dict:
    """Title, language, authors and translators from the package's Dublin Core metadata
    (EPUB 2 opf:role attributes and EPUB 3 role refinements alike)."""
    roles = {}
    for element in package.iter():
        if element.tag.endswith("}meta") and element.get("property") == "role":
            roles[(element.get("refines") or "").lstrip("#")] = (element.text or "").strip()

    def texts(name: str) -> list:
        return [e for e in package.iter() if e.tag == f"{{http://purl.org/dc/elements/1.1/}}{name}"]

    def role(element) -> str:
        for key, value in element.attrib.items():
            if key.endswith("role"):
                return value
        return roles.get(element.get("id") or "", "")

    people = texts("creator") + texts("contributor")
    titles = [(e.text or "").strip() for e in texts("title")]
    languages = [(e.text or "").strip() for e in texts("language")]
    return {
        "title": next((t for t in titles if t), ""),
        "language": languages[0] if languages else "",
        "authors": [(e.text or "").strip() for e in people
                    if role(e) in ("aut", "") and e.tag.endswith("creator") and e.text],
        "translators": [(e.text or "").strip() for e in people if role(e) == "trl" and e.text],
    }


def _is_front_matter(html: str) -> bool:
    types = " ".join(EPUB_TYPE.findall(html)).split()
    return any(kind in FRONT_MATTER for kind in types) and "chapter" not in types


def _with_images(html: str, href: str, archive: zipfile.ZipFile, book: ImportedBook,
                 names: dict[str, str]) -> str:
    """The document with each image copied into ``book.images`` and referenced as the
    project's chapters reference images (``../images/NAME``)."""

    def copy(match: re.Match) -> str:
        source = match.group(2)
        if re.match(r"[a-z]+:", source):
            return match.group(0)
        inside = posixpath.normpath(posixpath.join(posixpath.dirname(href), source))
        if names.get(inside) == "":
            return match.group(0)  # missing, said once
        if inside not in names:
            try:
                data = archive.read(inside)
            except KeyError:
                book.warnings.append(f"{book.path.name}: image {inside} is not in the EPUB; "
                                     "its references are left as they are")
                names[inside] = ""
                return match.group(0)
            name = PurePosixPath(inside).name
            while name in book.images and book.images[name] != data:
                name = f"x-{name}"
            book.images[name] = data
            names[inside] = name
        return f"{match.group(1)}../images/{names[inside]}{match.group(3)}"

    return IMAGE_SOURCE.sub(copy, html)
