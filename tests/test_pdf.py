from pypdf import PdfReader

from tests.conftest import seed_paragraphs, squash
from tests.pdfpages import body_texts

A5 = (419.53, 595.28)


def flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


def test_pdf_has_every_paragraph_in_interleaved_order(sample_outputs):
    text = squash("".join(body_texts(sample_outputs["pdf"])))
    english, chinese = seed_paragraphs()
    positions = {}
    for paragraph in english + chinese:
        key = squash(paragraph)
        assert key in text, paragraph[:40]
        positions[paragraph] = text.index(key)
    # each translated pair: original, then its translation, before the next original
    from bookforge.loader import load_book
    from tests.conftest import REPO

    pairs = load_book(REPO).chapters[0].pairs
    both = [p for p in pairs if p.source and p.target]
    assert len(both) == 14
    sources = sorted(positions[p.source[0].text] for p in pairs if p.source)
    for pair in both[1:]:
        start = positions[pair.source[0].text]
        after = positions[pair.target[0].text]
        following = [s for s in sources if s > start]
        assert start < after < (following[0] if following else len(text) + 1)


def test_pdf_page_size_numbers_and_bookmarks(sample_outputs):
    reader = PdfReader(sample_outputs["pdf"])
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A5
    assert len(reader.pages) >= 5
    # folios: page 4 carries "4" as its last line; the title page has none
    assert reader.pages[3].extract_text().strip().splitlines()[-1].strip() == "4"
    assert not reader.pages[0].extract_text().strip().splitlines()[-1].strip().isdigit()
    titles = [item.title for item in flatten(reader.outline)]
    assert "Open Source as Defense" in titles and "开源打防守" in titles


def test_pdf_keeps_pair_destinations(sample_outputs):
    reader = PdfReader(sample_outputs["pdf"])
    names = set(reader.named_destinations)
    assert {"pair-1-source", "pair-1-target", "pair-2-source", "pair-2-target"} <= names
    assert "pair-3-target" not in names  # pair 3 is untranslated


def test_chapter_starts_on_new_page(sample_outputs):
    pages = body_texts(sample_outputs["pdf"])
    assert not any("When Meta first released" in page for page in pages[:2])
    assert squash(pages[2]).startswith(squash("Open Source as Defense"))


def test_html_is_the_document_the_pdf_renders(sample_outputs, tmp_path):
    from weasyprint import HTML

    html = sample_outputs["html"].read_text(encoding="utf-8")
    assert "@page" in html  # print styles inlined
    pdf = tmp_path / "from-html.pdf"
    HTML(filename=str(sample_outputs["html"])).write_pdf(pdf)
    ours = PdfReader(sample_outputs["pdf"])
    theirs = PdfReader(pdf)
    assert len(ours.pages) == len(theirs.pages)
    assert [p.extract_text() for p in ours.pages] == [p.extract_text() for p in theirs.pages]


def test_table_columns_keep_short_words_whole(project):
    """A table with one long column (as Debian's manuals have: package, popularity, size,
    description) gives its short columns room for their words, and a long URL still breaks
    inside the text block."""
    from click.testing import CliRunner

    from bookforge.cli import cli

    url = "https://www.debian.org/doc/manuals/debian-reference/ch02.en.html#_basic_package"
    rows = (
        "| Package | Popcon | Size | Description |\n|---|---|---|---|\n"
        "| dpkg | V:935 | 6912 | low level package management system for Debian (file level),"
        " the base of every other tool that installs software on the system |\n"
        f"| see {url} | x | y | z |\n"
    )
    root = project({"01.md": (f"Table.\n\n{rows}", f"表。\n\n{rows}")})
    result = CliRunner().invoke(cli, ["pdf", str(root), "-o", str(root / "t.pdf")])
    assert result.exit_code == 0, result.output
    pages = PdfReader(root / "t.pdf").pages
    lines = [line for page in pages for line in page.extract_text().splitlines()]
    # each value whole on one line, in both languages' tables (a squeezed column would set
    # V: / 93 / 5 and 6 / 9 / 1 / 2 a line each)
    assert sum("V:935" in line and "6912" in line for line in lines) == 2, lines
    assert sum("Size" in line and "Description" in line for line in lines) >= 2, lines
    width = float(pages[0].mediabox.width)
    boxes = []
    for page in pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *_: boxes.append((cm, tm, text)))
    starts = [cm[0] * tm[4] + cm[2] * tm[5] + cm[4] for cm, tm, text in boxes if text.strip()]
    assert 0 < max(starts) < width, "text beyond the page"
