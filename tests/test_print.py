"""The print PDF read back: geometry, front matter, running heads, outline, notes, fonts,
metadata, marks, reproducibility."""

from __future__ import annotations

import pdfplumber
import pytest
from pypdf import PdfReader

from bookforge.config import load_config
from bookforge.errors import BookforgeError
from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.render.pdf import write_pdf
from tests.conftest import BOOK_TOML, REPO, sample_copies
from tests.pdfpages import destinations, internal_links, outline, texts

MM = 72 / 25.4


def build(root, target, layout="interleaved"):
    write_pdf(arrange(load_book(root), layout), target)
    return target


def two_chapter_project(root, toml_extra=""):
    """The sample chapter with a note, then a short second chapter linking back."""
    (root / "manuscript" / "en").mkdir(parents=True)
    (root / "manuscript" / "zh-Hans").mkdir(parents=True)
    (root / "manuscript" / "book.toml").write_text(
        (REPO / "manuscript" / "book.toml").read_text("utf-8") + toml_extra, encoding="utf-8"
    )
    for lang, note, ref_after in (
        ("en", "Wired, 2011.", "published in 2011.)"),
        ("zh-Hans", "《连线》，2011 年。", "《连线》杂志。)"),
    ):
        text = (REPO / "manuscript" / lang / "01-open-source-as-defense.md").read_text("utf-8")
        text = text.replace(ref_after, ref_after + "[^w]", 1) + f"\n[^w]: {note}\n"
        (root / "manuscript" / lang / "01-essay.md").write_text(text, encoding="utf-8")
    (root / "manuscript" / "en" / "02-more.md").write_text(
        "# More\n\nSee [the essay](01-essay.md).\n"
    )
    (root / "manuscript" / "zh-Hans" / "02-more.md").write_text(
        "# 更多\n\n见[正文](01-essay.md)。\n"
    )
    return root


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    root = two_chapter_project(folder / "book")
    return load_book(root), build(root, folder / "book.pdf")


def test_front_matter_title_imprint_contents(book_pdf):
    _, path = book_pdf
    pages = texts(path)
    assert "Open Source as Defense" in pages[0] and "开源打防守" in pages[0]
    assert "Contents" in pages[2] and "目录" in pages[2]
    assert not pages[0].strip().splitlines()[-1].strip().isdigit()  # no folio on the title page


def test_contents_numbers_match_the_pages(book_pdf):
    book, path = book_pdf
    reader = PdfReader(path)
    dests = destinations(reader)
    expected = sorted(
        dests[c.heading(role)[1]] for c in book.chapters for role in ("source", "target")
    )
    assert sorted(set(internal_links(reader, 3))) == sorted(set(expected))
    printed = [int(line.rsplit(" ", 1)[1]) for line in texts(path)[2].splitlines() if ". ." in line]
    assert sorted(printed) == expected


def test_outline_has_chapters_and_sections_in_both_languages(book_pdf):
    _, path = book_pdf
    titles = [title for title, _ in outline(PdfReader(path))]
    for title in (
        "Open Source as Defense",
        "开源打防守",
        "History of Open Source as Defense",
        "Meta’s Open Source Playbook",
        "More",
        "更多",
    ):
        assert title in titles


def test_running_heads_and_folios(book_pdf):
    book, path = book_pdf
    dests = destinations(PdfReader(path))
    opening = dests["pair-1-source"]
    with pdfplumber.open(path) as pdf:

        def head(number):
            page = pdf.pages[number - 1]
            top = page.crop((0, 0, page.width, 16 * MM)).extract_text() or ""
            foot = (
                page.crop((0, page.height - 18 * MM, page.width, page.height)).extract_text() or ""
            )
            return top.strip(), foot.strip()

        assert head(opening) == ("", str(opening))  # no running head on a chapter opening
        for number in (opening + 1, opening + 2):
            top, foot = head(number)
            assert foot == str(number)
            # book title on left (even) pages, chapter title on right (odd) pages
            assert top == "Open Source as Defense"
        more = dests["pair-" + str(book.chapters[1].pairs[0].number) + "-source"]
        assert head(more)[0] == ""


def test_folios_on_the_outer_side(book_pdf):
    _, path = book_pdf
    with pdfplumber.open(path) as pdf:
        for number in (5, 6):
            page = pdf.pages[number - 1]
            folio = [w for w in page.extract_words() if w["text"] == str(number)][-1]
            outer_left = number % 2 == 0
            assert (
                (folio["x0"] < page.width / 3) if outer_left else (folio["x1"] > page.width * 2 / 3)
            )


def test_mirrored_margins(book_pdf):
    _, path = book_pdf
    with pdfplumber.open(path) as pdf:
        lefts = {n: min(c["x0"] for c in pdf.pages[n - 1].chars) for n in (5, 6, 7, 8)}
    assert lefts[6] == pytest.approx(14 * MM, abs=1.5)  # left page: outer margin on the left
    assert lefts[5] == pytest.approx(18 * MM, abs=1.5)  # right page: inner margin on the left


def test_footnote_at_the_foot_of_its_page(book_pdf):
    """Each note sits at the foot of the page of its call, or of the next page where
    WeasyPrint's footnote policy moves it there to keep a paragraph from leaving a single
    line behind (GCPM ``footnote-policy: auto``); never before its call."""
    _, path = book_pdf
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_words() for page in pdf.pages]
        height = pdf.pages[0].height
    for call_word, note_word in (("published", "Wired,"), ("杂志。）1", "《连线》，2011")):
        calls = [n for n, words in enumerate(pages) if any(call_word in w["text"] for w in words)]
        notes = [
            n
            for n, words in enumerate(pages)
            if any(w["text"] == note_word and w["top"] > height * 0.7 for w in words)
        ]
        assert len(notes) == 1, note_word
        assert notes[0] - calls[0] in (0, 1), (call_word, calls, notes)


def test_facing_spread_numbers_each_language_s_notes_as_its_own(tmp_path):
    """The facing layout's spreads share one layout of every note, yet each page shows its
    own language's notes only, numbered from 1 like its text."""
    root = two_chapter_project(tmp_path / "book")
    pages = texts(build(root, tmp_path / "facing.pdf", layout="facing"))
    english = next(k for k, page in enumerate(pages) if "1. Wired, 2011." in page)
    chinese = next(k for k, page in enumerate(pages) if "《连线》，2011 年。" in page)
    assert "1. 《连线》，2011 年。" in pages[chinese]
    assert "《连线》杂志。）1" in pages[chinese]
    assert chinese == english + 1 and english % 2 == 1  # pages[1] is page 2, a left page
    assert "2011 年" not in pages[english] and "Wired" not in pages[chinese]


def test_fonts_embedded_and_subset(book_pdf):
    _, path = book_pdf
    reader = PdfReader(path)
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (font.get("/DescendantFonts") or [font])[0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"]).lstrip("/")] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values())
    assert all(name[6] == "+" for name in fonts), fonts  # subset tag ABCDEF+
    assert any("CJK" in name for name in fonts) and any(
        "Noto-Serif+" in name or "Noto-Serif" in name for name in fonts
    )


def test_metadata_and_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs = [build(root, tmp_path / f"{root.name}.pdf") for root in sample_copies(tmp_path)]
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    reader = PdfReader(outputs[0])
    assert reader.metadata.title == "Open Source as Defense"
    assert reader.metadata.creation_date.year == 2023
    assert reader.trailer["/Root"]["/Lang"] == "en"


@pytest.mark.parametrize(
    ("size", "points"),
    [
        ("A4", (595.28, 841.89)),
        ("B5", (498.9, 708.66)),
        ("6x9in", (432, 648)),
        ("130mm 200mm", (368.5, 566.93)),
    ],
)
def test_page_sizes(project, tmp_path, size, points):
    root = project(
        {"01.md": ("# T\n\nText.\n", "# 题\n\n文。\n")},
        toml=BOOK_TOML + f'\n[pdf]\npage-size = "{size}"\n',
    )
    box = PdfReader(build(root, tmp_path / "s.pdf")).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(points, abs=0.1)


def test_marks_and_bleed(project, tmp_path):
    root = project({"01.md": ("Text.\n", "文。\n")}, toml=BOOK_TOML + "\n[pdf]\nmarks = true\n")
    page = PdfReader(build(root, tmp_path / "m.pdf")).pages[0]
    assert float(page.mediabox.width) > float(page.trimbox.width) + 2 * 3 * MM - 0.5
    assert float(page.bleedbox.width) == pytest.approx(float(page.trimbox.width) + 6 * MM, abs=0.5)


def test_chapter_recto(tmp_path):
    root = two_chapter_project(tmp_path / "r", "")  # the default
    book = load_book(root)
    dests = destinations(PdfReader(build(root, tmp_path / "r.pdf")))
    for chapter in book.chapters:
        assert dests[chapter.pairs[0].anchor("source")] % 2 == 1


def test_tagged_pdf(project, tmp_path):
    root = project(
        {"01.md": ("# T\n\nText.\n", "# 题\n\n文。\n")}, toml=BOOK_TOML + "\n[pdf]\ntagged = true\n"
    )
    reader = PdfReader(build(root, tmp_path / "t.pdf"))
    assert "/StructTreeRoot" in reader.trailer["/Root"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('page-size = "A9"', "page-size must be one of"),
        ('margin-inner = "wide"', "margin-inner must be a length"),
    ],
)
def test_bad_pdf_settings(tmp_path, line, message):
    path = tmp_path / "book.toml"
    path.write_text(BOOK_TOML + f"\n[pdf]\n{line}\n", encoding="utf-8")
    with pytest.raises(BookforgeError, match=message):
        load_config(path)
