"""The facing layout read back from the PDF: spreads, text layer, folios, links."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.render.pdf import write_pdf
from tests.conftest import REPO, seed_paragraphs, squash
from tests.pdfpages import HAN, body_texts, destinations, internal_links, outline, texts


def build(root, layout, tmp_path):
    book = load_book(root)
    target = tmp_path / f"{root.name}-{layout}.pdf"
    write_pdf(arrange(book, layout), target)
    return book, target


@pytest.fixture(scope="module")
def long_book(tmp_path_factory):
    """Four copies of the sample chapter and one chapter with a pair longer than a page."""
    root = tmp_path_factory.mktemp("long") / "long"
    (root / "manuscript").mkdir(parents=True)
    shutil.copy(REPO / "manuscript" / "book.toml", root / "manuscript" / "book.toml")
    for lang in ("en", "zh-Hans"):
        folder = root / "manuscript" / lang
        folder.mkdir()
        text = (REPO / "manuscript" / lang / "01-open-source-as-defense.md").read_text("utf-8")
        for number in range(1, 5):
            (folder / f"0{number}-part.md").write_text(text, encoding="utf-8")
        paragraphs = [b for b in text.split("\n\n") if not b.startswith(("#", "{"))]
        long = " ".join(paragraphs[1:6]) if lang == "en" else "".join(paragraphs[1:6])
        title, end = ("A long chapter", "The end.") if lang == "en" else ("长章", "完。")
        (folder / "05-long.md").write_text(f"# {title}\n\n{long * 2}\n\n{end}\n")
    folder = tmp_path_factory.mktemp("long-out")
    return build(root, "facing", folder), build(root, "interleaved", folder)


def assert_spreads(book, path):
    """Every pair starts on one spread: source on an even page, target on the next."""
    reader = PdfReader(path)
    dests = destinations(reader)
    pages = texts(path)
    bodies = body_texts(path)
    body_start = min(dests["pair-1-source"], dests.get("pair-1-target", 10**6))
    assert body_start % 2 == 0
    for chapter in book.chapters:
        for pair in chapter.pairs:
            if pair.source:
                assert dests[pair.anchor("source")] % 2 == 0, pair.number
            if pair.target:
                assert dests[pair.anchor("target")] % 2 == 1, pair.number
            if pair.source and pair.target:
                assert dests[pair.anchor("target")] == dests[pair.anchor("source")] + 1
    for number in range(body_start, len(pages) + 1):
        body = bodies[number - 1]
        if number % 2 == 0:
            assert not HAN.search(body), f"Chinese text on left page {number}"
        else:
            assert " the " not in body and " of " not in body, f"English on right page {number}"
        # folios are consecutive across the interleaved left and right pages
        assert pages[number - 1].strip().splitlines()[-1].strip() == str(number)
    return reader, dests, pages


def side_text(path, parity, start):
    pages = body_texts(path)
    return squash("".join(p for n, p in enumerate(pages, 1) if n >= start and n % 2 == parity))


def test_sample_spreads(sample_facing):
    book, path = sample_facing
    assert_spreads(book, path)
    translated = [p for p in book.chapters[0].pairs if p.source and p.target]
    assert len(translated) == 14  # the chapter title and the 13 translated blocks
    english, chinese = seed_paragraphs()
    left, right = side_text(path, 0, 2), side_text(path, 1, 2)
    for paragraph in english:
        assert squash(paragraph) in left
    for paragraph in chinese:
        assert squash(paragraph) in right


def test_sample_pairs_start_level(sample_facing):
    """Both halves of a pair start at the same height on their pages."""
    book, path = sample_facing
    reader = PdfReader(path)
    tops = {}
    for name, dest in reader.named_destinations.items():
        tops[name] = float(dest.top) if dest.top is not None else None
    for pair in book.chapters[0].pairs:
        if pair.source and pair.target:
            assert tops[pair.anchor("source")] == pytest.approx(tops[pair.anchor("target")])


def test_facing_not_wasteful(sample_facing, sample_outputs):
    facing = len(PdfReader(sample_facing[1]).pages)
    interleaved = len(PdfReader(sample_outputs["pdf"]).pages)
    assert facing <= 1.3 * interleaved, (facing, interleaved)


def test_hidden_side_not_in_text_layer(sample_facing):
    _, path = sample_facing
    pages = texts(path)
    first = destinations(PdfReader(path))["pair-1-source"]
    # the first spread: English title on the left only, Chinese title on the right only
    assert "Open Source as Defense" in pages[first - 1] and "开源打防守" not in pages[first - 1]
    assert "开源打防守" in pages[first] and "Open Source" not in pages[first]


def test_long_book_spreads_contents_and_bookmarks(long_book):
    (book, path), (_, interleaved) = long_book
    reader, dests, pages = assert_spreads(book, path)
    # every chapter starts a new spread
    previous_last = 0
    for chapter in book.chapters:
        first = dests[chapter.pairs[0].anchor("source")]
        assert first > previous_last
        previous_last = max(
            dests[p.anchor(r)] for p in chapter.pairs for r in ("source", "target") if p.side(r)
        )
    # the pair longer than a page continues over the following spreads on both sides
    long_pair = book.chapters[-1].pairs[1]
    start = dests[long_pair.anchor("source")]
    end_pair = book.chapters[-1].pairs[2]
    assert dests[end_pair.anchor("source")] >= start + 2
    assert dests[end_pair.anchor("target")] == dests[end_pair.anchor("source")] + 1
    # contents (page 3 of the front matter: title, contents) link to the chapter openings
    contents_page = next(n for n, t in enumerate(pages, 1) if "长章" in t and n < 6)
    expected = sorted(
        dests[chapter.heading(role)[1]]
        for chapter in book.chapters
        for role in ("source", "target")
    )
    assert sorted(set(internal_links(reader, contents_page))) == expected
    # the printed numbers in the contents match those pages
    lines = pages[contents_page - 1].splitlines()
    numbers = [int(m.group(1)) for line in lines if (m := re.search(r"\. (\d+)$", line))]
    assert numbers == expected
    # bookmarks: English headings on left pages, Chinese on right pages, in page order
    marks = outline(reader)
    assert marks == sorted(marks, key=lambda mark: mark[1])
    for title, page in marks:
        assert page % 2 == (1 if HAN.search(title) else 0), (title, page)
    assert len([m for m in marks if m[0] == "Open Source as Defense"]) == 4
    assert len(PdfReader(path).pages) <= 1.3 * len(PdfReader(interleaved).pages) + 2


def test_pair_whose_first_line_cannot_follow_is_moved_to_next_spread(project, tmp_path):
    """A target heading that no longer fits at the foot of the page, beside a source line
    that does, would start a spread late: the pair is moved to the next spread instead."""
    from weasyprint.text.fonts import FontConfiguration

    from bookforge.render import facing

    # as many lines as fill the first page so that only the source's short line still fits
    for lines in range(30, 40):
        english = "\n\n".join(f"Line {i}." for i in range(lines)) + "\n\nShort.\n"
        chinese = "\n\n".join(f"第{i}行。" for i in range(lines)) + "\n\n## 一个很长的标题\n"
        root = project({"01.md": (english, chinese)})
        arrangement = arrange(load_book(root), "facing")
        unforced = facing._spreads(arrangement, FontConfiguration(), 1, frozenset())
        if facing.misaligned_pairs(arrangement, unforced):
            break
    assert facing.misaligned_pairs(arrangement, unforced) == {lines + 1}
    spreads = facing.render_spreads(arrangement)
    assert spreads.forced_breaks == {lines + 1}
    target = tmp_path / "forced.pdf"
    write_pdf(arrangement, target)
    dests = destinations(PdfReader(target))
    source_page = dests[f"pair-{lines + 1}-source"]
    assert dests[f"pair-{lines + 1}-target"] == source_page + 1
    assert dests[f"pair-{lines}-source"] == source_page - 2
