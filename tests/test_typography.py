"""Chinese typography: text rules, fonts, and measurements on the rendered sample PDF."""

from __future__ import annotations

import itertools
import re
import statistics

import pytest

from bookforge import fonts
from bookforge.config import load_config
from bookforge.errors import BookforgeError
from bookforge.layout import arrange
from bookforge.loader import load_book, text_hooks
from bookforge.markdown import parse_blocks
from bookforge.styles import stylesheets
from bookforge.typography import HALF_OPEN, KEEP_OPEN, RULES, ChineseText, half_width_marks
from tests import typometrics
from tests.conftest import BOOK_TOML

zh = ChineseText()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("我认为,这是:好的;对吗?是!", "我认为，这是：好的；对吗？是！"),
        ("当Meta首次发布", "当 Meta 首次发布"),
        ("海拔2800英尺", "海拔 2800 英尺"),
        ("赢回些 trust。", "赢回些 trust。"),
        ("号称 “北美的西藏”,特别", "号称“北美的西藏”，特别"),
        ("慷慨: 为了", "慷慨：为了"),
        ("技术(Cassandra, RocksDB)、GraphQL", "技术（Cassandra, RocksDB）、GraphQL"),
        ("(顺便链接一篇文章。)", "（顺便链接一篇文章。）"),
        ("的Google,Kubernetes最终", "的 Google，Kubernetes 最终"),
        ("牵强的...直到上周", "牵强的……直到上周"),
        ("在Prineville, Oregon 的", "在 Prineville, Oregon 的"),
        ('他说"你好"。', "他说“你好”。"),
        ("x (a) y, z.", "x (a) y, z."),
    ],
)
def test_chinese_rules(raw, expected):
    assert zh.normalize(raw) == expected


def test_traditional_quotes():
    assert ChineseText(traditional=True).normalize("他說“你好‘嗯’”。") == "他說「你好『嗯』」。"


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_can_be_switched_off(rule):
    off = ChineseText(rules=frozenset(RULES) - {rule})
    samples = {
        "punctuation": ("我认为,这是", "我认为，这是"),
        "spacing": ("当Meta首次", "当 Meta 首次"),
        "quotes": ('他说"你好"', "他说“你好”"),
    }
    if rule in samples:
        raw, changed = samples[rule]
        assert zh.normalize(raw) == changed
        assert off.normalize(raw) != changed
    elif rule == "compression":  # the first of two adjacent marks set half-width
        (on_block,) = parse_blocks("一。（二）、三\n", zh.apply)
        (off_block,) = parse_blocks("一。（二）、三\n", off.apply)
        assert on_block.html.count(HALF_OPEN) == 2 and HALF_OPEN not in off_block.html
        assert on_block.text == off_block.text == "一。（二）、三"
    elif rule == "latin":  # Latin words marked with their language
        (on_block,) = parse_blocks("当 Meta 首次\n", zh.apply)
        (off_block,) = parse_blocks("当 Meta 首次\n", off.apply)
        assert '<span class="latin" lang="en" xml:lang="en">Meta</span>' in on_block.html
        assert "latin" not in off_block.html
        assert on_block.text == off_block.text
    else:  # no-break: the last two characters of a paragraph stay together
        (on_block,) = parse_blocks("一二三四。\n", zh.apply)
        (off_block,) = parse_blocks("一二三四。\n", off.apply)
        assert f"一二{KEEP_OPEN}三四。</span>" in on_block.html
        assert KEEP_OPEN not in off_block.html and "\u2060" not in on_block.html


@pytest.mark.parametrize(
    ("markdown", "spans"),
    [
        ("技术（Cassandra, RocksDB, Presto）、GraphQL 等", [
            '<span class="latin name" lang="en" xml:lang="en">Cassandra, RocksDB, Presto</span>',
            '<span class="latin name" lang="en" xml:lang="en">GraphQL</span>']),
        ("海拔 2800 英尺", ['<span class="latin">2800</span>']),
        ("一个 open-source 项目", ['<span class="latin" lang="en" xml:lang="en">open-source</span>']),
        ("见 https://example.org/a 与 <https://example.com> 和 `code x`", []),
        ("全是中文，没有拉丁字母。", []),
    ],
)
def test_latin_runs_in_chinese_are_marked(markdown, spans):
    """Every run of characters set in the Latin face is one span (so the line spacing stays
    the CJK face's); letters carry the language, camel-case names are not hyphenated; URLs,
    autolinks and code stay as written."""
    (block,) = parse_blocks(markdown + "\n", zh.apply)
    found = re.findall(r'<span class="latin[^>]*>[^<]*</span>', block.html)
    assert found == spans
    assert block.text == parse_blocks(markdown + "\n")[0].text


@pytest.mark.parametrize(("source", "tag"), [("de", "de"), ("fr-CA", "fr-CA"), ("ja", "en")])
def test_latin_words_take_the_source_language(source, tag):
    """Latin words in the Chinese translation are in the original's language where that
    is written in Latin letters, else English."""
    hooks = text_hooks({"source": source, "target": "zh-Hans"}, {rule: True for rule in RULES})
    (block,) = parse_blocks("一个 Wort。\n", hooks["target"])
    assert f'lang="{tag}"' in block.html


def test_rules_touch_text_nodes_only():
    text = "用`a,b(c)`和[链接](https://example.com/a,b)及代码\n\n```\n中文,代码\n```\n"
    first, code = parse_blocks(text, zh.apply)
    assert "<code>a,b(c)</code>" in first.html
    assert 'href="https://example.com/a,b"' in first.html
    assert "中文,代码" in code.html


def test_line_break_between_han_lines_adds_no_space():
    (block,) = parse_blocks("第一行\n第二行\n", zh.apply)
    assert block.text == "第一行第二行" and "第一行第" in block.html


def test_typography_switches_in_book_toml(project):
    toml = BOOK_TOML + "\n[typography]\nspacing = false\n"
    root = project({"01.md": ("A.\n", "当Meta首次,发布。\n")}, toml=toml)
    (pair,) = load_book(root).chapters[0].pairs
    assert pair.target[0].text == "当Meta首次，发布。"


def test_source_text_is_never_changed(project):
    root = project({"01.md": ("Hi,there (x)...\n", "好。\n")})
    (pair,) = load_book(root).chapters[0].pairs
    assert pair.source[0].text == "Hi,there (x)..."


def test_font_stacks_from_book_toml(project):
    toml = (
        BOOK_TOML
        + '\n[fonts]\nen = { body = "EB Garamond" }\nzh-Hans = { heading = "Noto Serif CJK SC" }\n'
    )
    root = project({"01.md": ("A.\n", "甲。\n")}, toml=toml)
    css = stylesheets(load_book(root), "epub")[0].text
    assert ':lang(en) {\n  font-family: "EB Garamond", serif;' in css
    assert (
        'h1:lang(zh-Hans), h2:lang(zh-Hans), h3:lang(zh-Hans) {\n  font-family: "Noto Serif CJK SC"'
        in css
    )


def test_default_stacks_per_variant():
    assert fonts.font_stack("zh-Hans").body == "Noto Serif CJK SC"
    assert fonts.font_stack("zh-Hant").body == "Noto Serif CJK TC"
    assert fonts.font_stack("zh-Hans").heading == "Noto Sans CJK SC"
    assert fonts.font_stack("en").latin is None
    assert fonts.font_stack("zh-Hans").latin == "Noto Serif"


def test_print_css_sends_latin_runs_to_the_latin_face(sample_book):
    css = stylesheets(sample_book, "print")[0].text
    assert 'src: local("Noto Serif Regular");' in css
    assert "unicode-range: U+0021-007E" in css  # not the space: see fonts.LATIN_RANGE
    assert "U+201C" not in css  # curly quotes stay in the CJK face, full-width


def test_bad_fonts_table(tmp_path):
    path = tmp_path / "book.toml"
    path.write_text(BOOK_TOML + '\n[fonts]\nfr = { body = "X" }\n', encoding="utf-8")
    with pytest.raises(BookforgeError, match=r"\[fonts\] fr: not a language of this book"):
        load_config(path)
    path.write_text(BOOK_TOML + '\n[fonts]\nen = { bdy = "X" }\n', encoding="utf-8")
    with pytest.raises(BookforgeError, match="unknown key 'bdy' in \\[fonts\\] en"):
        load_config(path)


def test_missing_font_is_named_with_install_command(caplog):
    stack = fonts.FontStack("zh-Hans", "Noto Serif CJK XX", "Noto Sans CJK SC", "Noto Serif")
    assert fonts.check_fonts([stack]) == ["Noto Serif CJK XX"]
    assert "font 'Noto Serif CJK XX' (zh-Hans) is not installed" in caplog.text
    assert "sudo apt-get install fonts-noto-cjk" in caplog.text


def test_no_font_for_chinese_stops_the_pdf(monkeypatch, sample_book, tmp_path):
    from bookforge.render.pdf import write_pdf

    monkeypatch.setattr(fonts, "covering_families", lambda lang: [])
    target = tmp_path / "x.pdf"
    with pytest.raises(BookforgeError, match="no installed font covers zh-Hans text"):
        write_pdf(arrange(sample_book, "interleaved"), target)
    assert not target.exists()


# Measured from the glyph boxes of the sample's interleaved PDF.


@pytest.fixture(scope="module")
def pdf(sample_outputs):
    return sample_outputs["pdf"]


def test_no_line_starts_or_ends_with_prohibited_punctuation(pdf):
    assert typometrics.prohibited_line_edges(pdf) == []


def test_justified_chinese_ends_flush(pdf):
    share, measured = typometrics.flush_right_share(pdf)
    assert measured >= 40
    assert share >= 0.95


def test_no_ascii_punctuation_between_han(pdf):
    text = typometrics.chinese_text(pdf)
    assert re.findall(r"[\u4e00-\u9fff][,:;?!()][\u4e00-\u9fff]", text) == []
    assert "，" in text and "。" in text


def test_english_in_the_latin_face(pdf):
    assert typometrics.latin_in_cjk_font_share(pdf) < 0.01
    widths = typometrics.english_apostrophe_widths(pdf)
    assert widths and max(widths) < 0.45


def test_han_latin_gaps(pdf):
    gaps = typometrics.han_latin_gaps(pdf)
    assert len(gaps) >= 50
    assert sum(0.15 <= gap <= 0.4 for gap in gaps) / len(gaps) >= 0.9


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("甲。（乙", [1]),  # closing + opening: the closing mark
        ("乙）、丙", [1]),  # closing + closing: the first
        ("戊（「己", [2]),  # opening + opening: the second
        ("（）", []),  # opening + closing touch already
        ("甲，乙。", []),
    ],
)
def test_which_mark_is_set_half_width(text, marks):
    assert half_width_marks(text) == marks


def test_compressed_pairs_measure_one_and_a_half_em(tmp_path):
    """Read back from a PDF: each compressed pair advances 1.5 em, and the text layer still
    holds the characters as written."""
    import pdfplumber
    from weasyprint import HTML

    from bookforge.styles import default_styles_dir

    (block,) = parse_blocks("甲。（乙）、丙“丁”，戊（「己」）\n", zh.apply)
    css = (default_styles_dir() / "book.css").read_text()
    html = (
        f"<html><head><style>{css} @page {{ size: 300pt 100pt; margin: 10pt }} "
        "p { font: 10pt 'Noto Serif CJK SC'; text-indent: 0; text-align: left }</style></head>"
        f'<body lang="zh-Hans">{block.html}</body></html>'
    )
    HTML(string=html).write_pdf(tmp_path / "p.pdf")
    with pdfplumber.open(tmp_path / "p.pdf") as pdf:
        chars = sorted(pdf.pages[0].chars, key=lambda c: c["x0"])
    assert "".join(c["text"] for c in chars) == "甲。（乙）、丙“丁”，戊（「己」）"
    origins = [c["x0"] for c in chars]
    text = "".join(c["text"] for c in chars)
    marks = half_width_marks(text)
    assert marks == [1, 4, 9, 13, 15]
    for index in marks:
        start = index - 1 if text[index] in "（「" and text[index - 1] in "（「" else index
        if start + 2 < len(origins):  # from the pair's first mark to what follows it
            assert origins[start + 2] - origins[start] == pytest.approx(15, abs=0.2)


def test_line_pitch_is_the_specified_one(pdf):
    """Chinese lines of a paragraph are 1.75 em apart, as the stylesheet says (the Latin
    face, whose metrics are taller, does not hold the space that sets the line)."""
    lines = [line for line in typometrics.lines(pdf) if line.is_chinese]
    pitches = [
        abs(a.baseline - b.baseline) / 10.5
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and abs(a.baseline - b.baseline) < 1.9 * 10.5
    ]
    assert len(pitches) >= 40
    assert statistics.mean(pitches) == pytest.approx(1.75, abs=0.02)
    assert all(abs(p - 1.75) <= 0.1 for p in pitches)  # positions fall on whole points
