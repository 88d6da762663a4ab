"""EPUB 3 backend: a title page, a bilingual navigation document, one XHTML page per
chapter, package metadata for both languages, written reproducibly."""

from __future__ import annotations

import io
import mimetypes
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from ebooklib import epub

from bookforge.errors import BookforgeError
from bookforge.labels import label
from bookforge.layout import Arrangement, LaidChapter
from bookforge.model import Block
from bookforge.output import atomic_output, build_time
from bookforge.render.epub_accessibility import add_accessibility_metadata, with_package_language
from bookforge.render.epub_fonts import embedded_fonts
from bookforge.styles import Stylesheet, stylesheets
from bookforge.templates import render

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MARC = "marc:relators"
IBOOKS = "http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"
EARLIEST_ZIP_TIME = 315532800  # 1980-01-01, the first time a zip entry can hold


class TemplatedPage(epub.EpubHtml):
    """An XHTML page whose complete markup comes from our templates, kept as written."""

    def get_content(self, default=None) -> bytes:
        return self.content


def chapter_file(laid: LaidChapter) -> str:
    """The file name of a chapter's page inside the EPUB."""
    return f"c-{laid.chapter.slug}.xhtml"


CHAPTER_LINK = re.compile(r'href="#chapter-([^"#]+?)(?:--([^"]*))?"')
HEADING_ID = re.compile(r'id="chapter-[^"]+?--([^"]*)"')


def _chapter_href(match: re.Match) -> str:
    fragment = f"#{match.group(2)}" if match.group(2) else ""
    return f'href="c-{match.group(1)}.xhtml{fragment}"'


def epub_block_html(block: Block) -> str:
    """A block's markup with links to chapters and headings pointing into the chapters'
    pages, and heading ids as they are within their page."""
    return HEADING_ID.sub(r'id="\1"', CHAPTER_LINK.sub(_chapter_href, block.html))


def _page(
    arrangement: Arrangement,
    sheets: list[Stylesheet],
    template: str,
    file_name: str,
    title: str,
    **context,
) -> TemplatedPage:
    lang = arrangement.lang
    markup = render(
        template,
        arrangement=arrangement,
        stylesheets=[f"styles/{sheet.name}" for sheet in sheets],
        title=title,
        lang=lang,
        block_html=epub_block_html,
        note_asides=True,
        parallel="flex",
        **context,
    )
    page = TemplatedPage(
        uid="page-" + Path(file_name).stem, file_name=file_name, title=title, lang=lang
    )
    page.content = markup.encode("utf-8")
    return page


def _metadata(package: epub.EpubBook, arrangement: Arrangement) -> None:
    book = arrangement.book
    meta = book.metadata
    roles = arrangement.roles
    first = book.lang(roles[0])
    package.set_identifier(book.identifier(arrangement.only))
    package.title = book.title(roles[0])
    package.add_metadata("DC", "title", book.title(roles[0]), {"id": "title", XML_LANG: first})
    for role in roles[1:]:
        if book.title(role) != book.title(roles[0]):
            package.add_metadata(
                None,
                "meta",
                book.title(role),
                {"refines": "#title", "property": "alternate-script", XML_LANG: book.lang(role)},
            )
    package.set_language(first)
    for role in roles[1:]:
        package.add_metadata("DC", "language", book.lang(role))
    package.set_direction("ltr")
    people = [("creator", "aut", name) for name in meta.authors]
    if "target" in roles:
        people += [("contributor", "trl", name) for name in meta.translators]
    for index, (element, role, name) in enumerate(people, 1):
        package.add_metadata("DC", element, name, {"id": f"person-{index}"})
        package.add_metadata(
            None, "meta", role, {"refines": f"#person-{index}", "property": "role", "scheme": MARC}
        )
    for key in ("publisher", "rights", "description", "date"):
        value = getattr(meta, key)
        if value:
            package.add_metadata("DC", key, value)


def build_epub(arrangement: Arrangement) -> epub.EpubBook:
    """Assemble the EPUB package in memory."""
    book = arrangement.book
    package = epub.EpubBook()
    starts: dict[str, list[int]] = {}
    if book.settings["epub"]["page-list"]:
        from bookforge.render.print_pages import page_starts  # lays out the print edition

        starts = page_starts(arrangement)
    _metadata(package, arrangement)
    add_accessibility_metadata(package, arrangement, page_list=bool(starts))
    sheets = stylesheets(book, "epub")
    if book.settings.get("epub", {}).get("embed-fonts"):
        fonts, font_css = embedded_fonts(book)
        sheets = [sheets[0], Stylesheet("embedded-fonts.css", font_css), *sheets[1:]]
        for font in fonts:
            package.add_item(font)
        package.add_prefix("ibooks", IBOOKS)
        package.add_metadata(None, "meta", "true", {"property": "ibooks:specified-fonts"})
    for sheet in sheets:
        package.add_item(
            epub.EpubItem(
                uid=f"css-{Path(sheet.name).stem}",
                file_name=f"styles/{sheet.name}",
                media_type="text/css",
                content=sheet.text.encode("utf-8"),
            )
        )
    for index, (relative, path) in enumerate(book.images.items(), 1):
        package.add_item(
            epub.EpubItem(
                uid=f"image-{index}",
                file_name=relative,
                media_type=mimetypes.guess_type(path.name)[0],
                content=path.read_bytes(),
            )
        )
    if book.metadata.cover:
        cover = book.root / book.metadata.cover
        package.set_cover(
            f"images/cover{cover.suffix.lower()}", cover.read_bytes(), create_page=False
        )
    title_page = _page(
        arrangement,
        sheets,
        "titlepage.xhtml.j2",
        "title.xhtml",
        book.title(arrangement.roles[0]),
        epub_type="frontmatter",
    )
    package.add_item(title_page)
    pages = [
        (
            laid,
            _page(
                arrangement,
                sheets,
                "chapter.xhtml.j2",
                chapter_file(laid),
                laid.chapter.title(arrangement.roles[0]),
                laid=laid,
                epub_type="bodymatter",
                page_starts=starts,
            ),
        )
        for laid in arrangement.chapters
    ]
    page_list = [
        (folio, page.file_name)
        for laid, page in pages
        for row in laid.rows
        for cell in row.cells
        for folio in starts.get(cell.anchor or "", ())
    ]
    nav = _page(
        arrangement,
        sheets,
        "nav.xhtml.j2",
        "nav.xhtml",
        label("contents", arrangement.lang),
        epub_type="frontmatter",
        chapters=[(laid, page.file_name) for laid, page in pages],
        page_list=page_list,
    )
    nav.properties.append("nav")
    package.add_item(nav)
    for _, page in pages:
        package.add_item(page)
    package.toc = [
        epub.Link(
            page.file_name,
            laid.label(arrangement.roles),
            page.id,
        )
        for laid, page in pages
    ]
    package.add_item(epub.EpubNcx())
    package.spine = [title_page, nav, *(page for _, page in pages)]
    return package


def reproducible_zip(data: bytes, moment: datetime, lang: str) -> bytes:
    """The same archive with fixed timestamps and permissions, ``mimetype`` first and
    stored, every other entry deflated, in the order ebooklib wrote them; the package
    document gets the book's language ``lang``."""
    stamp = max(moment.replace(tzinfo=UTC).timestamp(), EARLIEST_ZIP_TIME)
    date_time = datetime.fromtimestamp(stamp, UTC).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: name != "mimetype")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            content = source.read(name)
            if name.endswith(".opf"):
                content = with_package_language(content, lang)
            archive.writestr(info, content, compresslevel=9)
    return out.getvalue()


def write_epub(arrangement: Arrangement, target: Path) -> None:
    """Write the book as an EPUB 3 file at ``target``."""
    package = build_epub(arrangement)
    moment = build_time()
    buffer = io.BytesIO()
    epub.write_epub(
        buffer,
        package,
        {"mtime": moment, "epub3_landmark": False, "epub2_guide": False, "raise_exceptions": True},
    )
    data = reproducible_zip(buffer.getvalue(), moment, arrangement.lang)
    with atomic_output(target) as temporary:
        try:
            temporary.write_bytes(data)
        except OSError as error:
            raise BookforgeError(f"cannot write the EPUB: {error.strerror}", target) from None
