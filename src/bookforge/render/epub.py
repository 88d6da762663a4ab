"""EPUB 3 backend: one XHTML page per chapter, a title page and a navigation document."""

from __future__ import annotations

from pathlib import Path

from ebooklib import epub

from bookforge.layout import Arrangement, LaidChapter
from bookforge.output import atomic_output
from bookforge.styles import stylesheets
from bookforge.templates import render


class TemplatedPage(epub.EpubHtml):
    """An XHTML page whose complete markup comes from our templates, kept as written."""

    def get_content(self, default=None) -> bytes:
        return self.content


def chapter_file(laid: LaidChapter) -> str:
    """The file name of a chapter's page inside the EPUB."""
    return f"text/{laid.chapter.slug}.xhtml"


def _page(arrangement: Arrangement, template: str, file_name: str, title: str, **context):
    book = arrangement.book
    css = [f"../styles/{sheet.name}" for sheet in stylesheets(book, "epub")]
    lang = book.lang("source")
    markup = render(
        template, arrangement=arrangement, stylesheets=css, title=title, lang=lang, **context
    )
    uid = "page-" + Path(file_name).stem
    page = TemplatedPage(uid=uid, file_name=file_name, title=title, lang=lang)
    page.content = markup.encode("utf-8")
    return page


def build_epub(arrangement: Arrangement) -> epub.EpubBook:
    """Assemble the EPUB package in memory."""
    book = arrangement.book
    meta = book.metadata
    package = epub.EpubBook()
    package.set_identifier(meta.identifier or f"urn:bookforge:{book.slug}")
    package.set_title(book.title("source"))
    package.set_language(book.lang("source"))
    package.set_direction("ltr")
    package.add_metadata("DC", "language", book.lang("target"))
    for author in meta.authors:
        package.add_author(author)
    for sheet in stylesheets(book, "epub"):
        package.add_item(
            epub.EpubItem(
                uid=f"css-{Path(sheet.name).stem}",
                file_name=f"styles/{sheet.name}",
                media_type="text/css",
                content=sheet.text.encode("utf-8"),
            )
        )
    title_page = _page(
        arrangement,
        "titlepage.xhtml.j2",
        "text/title.xhtml",
        book.title("source"),
        epub_type="titlepage",
    )
    package.add_item(title_page)
    pages = []
    for laid in arrangement.chapters:
        title = laid.chapter.title("source")
        page = _page(
            arrangement,
            "chapter.xhtml.j2",
            chapter_file(laid),
            title,
            laid=laid,
            epub_type="bodymatter",
        )
        package.add_item(page)
        pages.append((laid, page))
    package.toc = [
        epub.Link(page.file_name, laid.chapter.title("source"), page.id) for laid, page in pages
    ]
    package.add_item(epub.EpubNcx())
    package.add_item(epub.EpubNav())
    package.spine = [title_page, "nav", *(page for _, page in pages)]
    return package


def write_epub(arrangement: Arrangement, target: Path) -> None:
    """Write the book as an EPUB 3 file at ``target``."""
    package = build_epub(arrangement)
    with atomic_output(target) as temporary:
        epub.write_epub(str(temporary), package, {"epub3_pages": False})
