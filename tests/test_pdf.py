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
