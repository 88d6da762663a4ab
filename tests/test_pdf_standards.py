"""The PDF standards publishers and printers ask for, read back with pypdf: PDF/UA (tagged,
languages, title, alt text, a structure in reading order that holds each facing page's
own language only) and PDF/X (output intent, trim and bleed boxes at the chosen size)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from bookforge.config import load_config
from bookforge.errors import BookforgeError
from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.render.pdf import write_pdf
from tests.conftest import BOOK_TOML
from tests.pdfpages import destinations
from tests.test_accessibility import rich_project

MM = 72 / 25.4


def standard_pdf(project, tmp_path: Path, settings: str, layout: str) -> PdfReader:
    root = rich_project(project)
    (root / "manuscript" / "book.toml").write_text(BOOK_TOML + f"\n[pdf]\n{settings}\n")
    target = tmp_path / f"{layout}.pdf"
    write_pdf(arrange(load_book(root), layout), target)
    return PdfReader(target)


def structure(reader: PdfReader) -> list[tuple[str, str | None, int | None, str | None]]:
    """(tag, language, 1-based page, alt text) of every structure element, in tree order;
    the language is inherited as PDF readers inherit it."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    found = []

    def walk(node, lang):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/Type") == "/StructElem":
            lang = node.get("/Lang", lang)
            page = node.get("/Pg")
            found.append(
                (node["/S"], lang, pages.get(page.idnum) if page else None, node.get("/Alt"))
            )
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid, lang)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], reader.trailer["/Root"].get("/Lang"))
    return found


@pytest.mark.parametrize("layout", ["interleaved", "facing"])
def test_pdf_ua(project, tmp_path, layout):
    reader = standard_pdf(project, tmp_path, 'standard = "pdf/ua-1"', layout)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "A Test Book"
    assert 'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data().decode()
    elements = structure(reader)
    tags = Counter((tag, lang) for tag, lang, _, _ in elements)
    assert tags[("/P", "zh-Hans")] >= 2 and tags[("/H1", "zh-Hans")] >= 2  # announced as Chinese
    assert tags[("/P", "en")] >= 2
    figures = [(lang, alt) for tag, lang, _, alt in elements if tag == "/Figure"]
    assert sorted(figures) == [("en", "A lighthouse at night"), ("zh-Hans", "夜里的灯塔")]
    assert (
        tags[("/Table", "en")] == tags[("/Table", "zh-Hans")] == 1
    )  # the manuscript's tables only
    if layout == "facing":
        body = min(page for name, page in destinations(reader).items() if name.startswith("pair-"))
        blocks = [
            (tag, lang, page)
            for tag, lang, page, _ in elements
            if tag in ("/P", "/H1", "/Figure", "/Table") and page and page >= body
        ]
        assert {page % 2 for _, _, page in blocks} == {0, 1}
        for tag, lang, page in blocks:  # left pages English only, right pages Chinese only
            assert lang == ("en" if page % 2 == 0 else "zh-Hans"), (tag, lang, page)


@pytest.mark.parametrize("layout", ["interleaved", "facing"])
def test_pdf_x_with_trim_and_bleed(project, tmp_path, layout):
    reader = standard_pdf(project, tmp_path, 'standard = "pdf/x-4"\npage-size = "6x9in"', layout)
    catalog = reader.trailer["/Root"]
    (intent,) = [i.get_object() for i in catalog["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4  # a CMYK printing condition
    assert "pdfxid" in catalog["/Metadata"].get_object().get_data().decode()
    for page in reader.pages:
        trim = [float(v) for v in page["/TrimBox"]]
        bleed = [float(v) for v in page["/BleedBox"]]
        assert trim[2] - trim[0] == pytest.approx(6 * 72, abs=0.1)
        assert trim[3] - trim[1] == pytest.approx(9 * 72, abs=0.1)
        assert trim[0] - bleed[0] == pytest.approx(3 * MM, abs=0.1)  # the default 3mm bleed
        assert float(page.mediabox.width) >= bleed[2] - bleed[0]
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object().get("/DescendantFonts", [font])[0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)  # embedded


def test_pdf_standard_settings_are_checked(tmp_path):
    path = tmp_path / "book.toml"
    path.write_text(BOOK_TOML + '\n[pdf]\nstandard = "pdf/z"\n', encoding="utf-8")
    with pytest.raises(BookforgeError, match="standard must be one of"):
        load_config(path)
    path.write_text(
        BOOK_TOML + '\n[pdf]\nstandard = "pdf/x-4"\noutput-profile = "/nowhere/cmyk.icc"\n',
        encoding="utf-8",
    )
    with pytest.raises(BookforgeError, match=r"no ICC profile at /nowhere/cmyk\.icc"):
        load_config(path)
