import pytest

from bookforge.errors import BookforgeError
from bookforge.loader import load_book
from tests.conftest import seed_paragraphs


def test_sample_pairs(sample_book):
    (chapter,) = sample_book.chapters
    pairs = chapter.pairs
    both = [p for p in pairs if p.source and p.target]
    # the chapter title plus the 13 translated blocks of the essay
    assert len(both) == 14
    assert both[0].source[0].text == "Open Source as Defense"
    source_only = [p for p in pairs if p.source and not p.target]
    assert [p.source[0].kind for p in source_only].count("heading") == 2
    assert [p.source[0].kind for p in source_only].count("paragraph") == 4
    assert not [p for p in pairs if p.target and not p.source]
    # numbering runs from 1 in reading order
    assert [p.number for p in pairs] == list(range(1, len(pairs) + 1))
    english, chinese = seed_paragraphs()
    assert [p.source[0].text for p in pairs if p.source] == english
    assert [p.target[0].text for p in pairs if p.target] == chinese


def test_sample_pairs_match_by_meaning(sample_book):
    pairs = {
        p.source[0].text[:20]: p.target[0].text
        for p in sample_book.chapters[0].pairs
        if p.source and p.target
    }
    assert pairs["In 2009, when Facebo"].startswith("早在 2009 年")
    assert pairs["Meta’s Prineville, O"].startswith("Meta 在 Prineville")
    assert pairs["It’s now clearer tha"].startswith("现在我们都清楚了")


def test_pairs_in_order_and_numbered_across_chapters(project):
    root = project(
        {
            "01-a.md": ("# One\n\nFirst.\n", "# 一\n\n第一。\n"),
            "02-b.md": ("# Two\n\nSecond.\n", "# 二\n\n第二。\n"),
        }
    )
    book = load_book(root)
    assert [c.slug for c in book.chapters] == ["01-a", "02-b"]
    numbers = [p.number for c in book.chapters for p in c.pairs]
    assert numbers == [1, 2, 3, 4]
    assert book.chapters[1].title("target") == "二"


def test_marker_on_one_side_stays_alone(project):
    root = project({"01.md": ("A.\n\n{#extra}\nB.\n\nC.\n", "甲。\n\n丙。\n")})
    pairs = load_book(root).chapters[0].pairs
    shape = [(len(p.source), len(p.target)) for p in pairs]
    assert shape == [(1, 1), (1, 0), (1, 1)]
    assert pairs[2].target[0].text == "丙。"


def test_shared_marker_anchors_pairs(project):
    root = project({"01.md": ("{#x}\nA.\n\n{#y}\nB.\n", "{#y}\n乙。\n")})
    # {#x} is on the source only: A stands alone; {#y} pairs B with 乙
    pairs = load_book(root).chapters[0].pairs
    assert [
        (p.source[0].text if p.source else None, p.target[0].text if p.target else None)
        for p in pairs
    ] == [("A.", None), ("B.", "乙。")]


def test_unequal_counts_are_aligned_with_a_warning(project, caplog):
    root = project({"01.md": ("# T\n\nA first paragraph.\n\nB.\n", "# 题\n\n第一段。\n")})
    pairs = load_book(root).chapters[0].pairs
    shape = [(len(p.source), len(p.target)) for p in pairs]
    assert shape == [(1, 1), (1, 1), (1, 0)]
    assert "en/01.md:5: no counterpart found for this block" in caplog.text
    assert pairs[1].score is not None and pairs[0].score is not None


def test_strict_turns_alignment_warnings_into_errors(project):
    root = project({"01.md": ("# T\n\nA first paragraph.\n\nB.\n", "# 题\n\n第一段。\n")})
    with pytest.raises(BookforgeError, match=r"en/01.md:5: no counterpart found"):
        load_book(root, strict=True)


def test_markers_win_over_the_aligner(project):
    english = "{#a}\nOne long paragraph about Facebook in 2009.\n\nTwo.\n\n{#b}\nThree.\n"
    chinese = "{#b}\n三。\n\n{#a}\n一。\n"
    # {#a} and {#b} are in a different order: an error, never a silent shuffle
    with pytest.raises(BookforgeError, match="different order"):
        load_book(project({"01.md": (english, chinese)}))


def test_aligner_merges_and_keeps_solos(project):
    english = (
        "Facebook opened its designs in 2011.\n\n{#x}\nUntranslated.\n\n"
        "Google built Kubernetes in 2014 for its own data centers.\n\n"
        "Kubernetes became the open standard that the whole cloud industry follows.\n"
    )
    chinese = (
        "Facebook 在 2011 年开放了设计。\n\n"
        "Google 在 2014 年为自己的数据中心构建了 Kubernetes，"
        "Kubernetes 成为整个云计算行业遵循的开放标准。\n"
    )
    pairs = load_book(project({"01.md": (english, chinese)})).chapters[0].pairs
    shape = [(len(p.source), len(p.target)) for p in pairs]
    assert shape == [(1, 1), (1, 0), (2, 1)]
    assert pairs[2].target[0].text.startswith("Google")


def test_duplicate_marker_is_an_error(project):
    root = project({"01.md": ("{#a}\nA.\n\nMiddle.\n\n{#a}\nB.\n", "甲。\n")})
    with pytest.raises(BookforgeError, match="used twice"):
        load_book(root)


def test_no_chapters_is_an_error(project):
    root = project({})
    with pytest.raises(BookforgeError, match="no chapters"):
        load_book(root)


def test_not_utf8_is_an_error(project):
    root = project({"01.md": ("A.\n", None)})
    (root / "manuscript" / "zh-Hans" / "01.md").write_bytes("甲。\n".encode("gb18030"))
    with pytest.raises(BookforgeError, match=r"zh-Hans/01.md:1: not UTF-8"):
        load_book(root)


def test_bom_and_crlf_accepted(project):
    root = project({"01.md": ("A.\n", None)})
    (root / "manuscript" / "zh-Hans" / "01.md").write_bytes("\ufeff# 题\r\n\r\n甲。\r\n".encode())
    root2 = root / "manuscript" / "en" / "01.md"
    root2.write_text("# T\n\nA.\n", encoding="utf-8")
    pairs = load_book(root).chapters[0].pairs
    assert [p.target[0].text for p in pairs] == ["题", "甲。"]


def test_chapter_in_one_language_is_built_one_sided(project, caplog):
    root = project({"01.md": ("A.\n", "甲。\n"), "02.md": ("Only English.\n", None)})
    book = load_book(root)
    assert [(len(p.source), len(p.target)) for p in book.chapters[1].pairs] == [(1, 0)]
    assert "has no zh-Hans side" in caplog.text
