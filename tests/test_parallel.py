"""The PDF laid out in parts on several processes is the PDF laid out in one piece: same
pages (to the pixel), text, destinations, outline, links, metadata and tags."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, generic

from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.render import parts
from bookforge.render.pdf import write_pdf
from tests.test_print import two_chapter_project


def three_chapter_project(root: Path) -> Path:
    """Two chapters of the sample essay (notes, headings), a short one between them that
    links to the last; tagged, so that the structure tree is compared too."""
    two_chapter_project(root, "\n[pdf]\ntagged = true\n")
    for lang, link in (("en", "See [the end](03-again.md)."), ("zh-Hans", "见[结尾](03-again.md)。")):
        folder = root / "manuscript" / lang
        more = folder / "02-more.md"
        more.write_text(more.read_text("utf-8") + f"\n{link}\n", encoding="utf-8")
        essay = (folder / "01-essay.md").read_text("utf-8")
        title = "# Again\n" if lang == "en" else "# 再来\n"
        (folder / "03-again.md").write_text(title + essay.split("\n", 1)[1], encoding="utf-8")
    return root


def summary(path: Path) -> dict:
    """Everything a reader or a PDF tool sees of a PDF, page numbers 0-based."""
    reader = PdfReader(path)
    numbers = {page.indirect_reference.idnum: k for k, page in enumerate(reader.pages)}

    def bookmarks(items, level=0):
        for item in items:
            if isinstance(item, list):
                yield from bookmarks(item, level + 1)
            else:
                yield level, item.title, reader.get_destination_page_number(item), item.top

    def structure(element, depth=0):
        element = element.get_object()
        if isinstance(element, generic.DictionaryObject) and "/S" in element:
            page = element.get("/Pg")
            yield depth, element["/S"], element.get("/Lang"), page and numbers[page.idnum]
        kids = element.get("/K") if isinstance(element, generic.DictionaryObject) else None
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, generic.IndirectObject | generic.DictionaryObject):
                yield from structure(kid, depth + 1)

    links = []
    for k, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            rect = [round(float(x), 2) for x in annotation["/Rect"]]
            links.append((k, rect, str(annotation.get("/Dest") or annotation["/A"]["/URI"])))
    root = reader.trailer["/Root"]
    return {
        "text": [page.extract_text() for page in reader.pages],
        "destinations": {
            name: (numbers[dest.page.idnum], round(float(dest.top), 2))
            for name, dest in reader.named_destinations.items()
        },
        "outline": list(bookmarks(reader.outline)),
        "links": links,
        "metadata": {k: v for k, v in reader.metadata.items() if not k.endswith("Date")},
        "catalog": {k: str(root[k]) for k in ("/Lang", "/MarkInfo", "/ViewerPreferences")},
        "structure": list(structure(root["/StructTreeRoot"])),
    }


def pixels(path: Path, folder: Path) -> list[bytes]:
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(folder / "p")], check=True)
    return [png.read_bytes() for png in sorted(folder.glob("p-*.png"))]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return load_book(three_chapter_project(tmp_path_factory.mktemp("parallel") / "book"))


@pytest.mark.parametrize("layout", ["interleaved", "facing"])
def test_parts_give_the_single_layout(book, layout, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(parts, "SMALL_BOOK", 0)  # this short book is laid out in parts
    arrangement = arrange(book, layout)
    assert len(parts.parts_for(arrangement, 2)) == 2
    single, split = tmp_path / "single.pdf", tmp_path / "split.pdf"
    pages = write_pdf(arrangement, single, jobs=1)
    assert write_pdf(arrangement, split, jobs=2) == pages
    expected, got = summary(single), summary(split)
    for key in expected:
        assert got[key] == expected[key], key
    # the links between parts are there: contents -> chapters, chapter 2 -> chapter 3
    targets = {dest for _, _, dest in got["links"]}
    assert {c.heading("source")[1] for c in book.chapters} <= targets
    assert book.chapters[2].anchor in targets
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert pixels(split, tmp_path / "b") == pixels(single, tmp_path / "a")


def test_short_book_or_one_process_is_laid_out_in_one_piece(book, monkeypatch):
    arrangement = arrange(book, "interleaved")
    assert len(parts.parts_for(arrangement, 2)) == 1  # below SMALL_BOOK characters
    monkeypatch.setattr(parts, "SMALL_BOOK", 0)
    assert len(parts.parts_for(arrangement, 1)) == 1
    monkeypatch.setattr(parts, "FRONT_MATTER", 0)
    assert len(parts.parts_for(arrangement, 8)) == 3  # no more parts than chapters


def test_chapters_on_any_page_are_laid_out_in_one_piece(tmp_path, monkeypatch):
    """Without chapter-recto a part's first page could be a left page: one piece."""
    monkeypatch.setattr(parts, "SMALL_BOOK", 0)
    root = two_chapter_project(tmp_path / "book", "\n[pdf]\nchapter-recto = false\n")
    book = load_book(root)
    assert len(parts.parts_for(arrange(book, "interleaved"), 2)) == 1
    assert len(parts.parts_for(arrange(book, "facing"), 2)) == 2


def test_processes_from_option_then_book_toml_then_cores(monkeypatch):
    from bookforge import processes

    monkeypatch.setattr(processes, "cores", lambda: 6)
    assert processes.job_count(None, 0) == 6  # [build] jobs = 0: one per core
    assert processes.job_count(3, 0) == 3
    assert processes.job_count(None, 2) == 2
    assert processes.job_count(0, 2) == 6


def test_a_part_s_error_names_its_file_and_line_and_writes_nothing(book, tmp_path, monkeypatch):
    """An error in another process's part is the one-line error of a single layout."""
    from bookforge.errors import BookforgeError
    from bookforge.render import facing

    monkeypatch.setattr(parts, "SMALL_BOOK", 0)
    arrangement = arrange(book, "facing")
    last = book.chapters[-1]
    stuck = last.pairs[1]
    real = facing.misaligned_pairs
    monkeypatch.setattr(  # a pair of the last part can never start level
        facing, "misaligned_pairs", lambda a, d: real(a, d) | ({stuck.number} & _numbers(a))
    )
    target = tmp_path / "out" / "f.pdf"
    with pytest.raises(BookforgeError) as caught:
        write_pdf(arrangement, target, jobs=2)
    assert f"03-again.md:{stuck.source[0].line}: facing layout: this pair" in str(caught.value)
    assert not target.parent.exists() or not list(target.parent.iterdir())


def _numbers(arrangement) -> set[int]:
    return {pair.number for laid in arrangement.chapters for pair in laid.chapter.pairs}
