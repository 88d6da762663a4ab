"""Chinese typography: text rules, fonts, and measurements on the rendered sample PDF."""

from __future__ import annotations

import itertools
import re
import statistics
import subprocess

import pytest

from bookforge.config import load_config
from bookforge.document import with_emphasis_dots
from bookforge.errors import BookforgeError
from bookforge.layout import arrange
from bookforge.loader import load_book, text_hooks
from bookforge.markdown import parse_blocks
from bookforge.styles import stylesheets
from bookforge.typography import fonts
from bookforge.typography.rules import HALF_OPEN, KEEP_OPEN, RULES, ChineseText, half_width_marks
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
        (on_block,) = parse_blocks("当 Facebook 首次\n", zh.apply)
        (off_block,) = parse_blocks("当 Facebook 首次\n", off.apply)
        assert '<span class="latin" lang="en" xml:lang="en">Facebook</span>' in on_block.html
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
        ("海拔 2800 英尺，当 Meta 与 AI", []),  # nothing to hyphenate: no span
        ("一个 open-source 项目", ['<span class="latin" lang="en" xml:lang="en">open-source</span>']),
        ("见 https://example.org/a 与 <https://example.com> 和 `code x`", []),
        ("全是中文，没有拉丁字母。", []),
    ],
)
def test_latin_runs_in_chinese_are_marked(markdown, spans):
    """Every run of characters set in the Latin face that holds a word long enough to
    hyphenate (six letters) is one span, which keeps the line spacing the CJK face's; letters
    carry the language, camel-case names are not hyphenated; short words and numbers, URLs,
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
    (block,) = parse_blocks("一个 Wörterbuch。\n", hooks["target"])
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


def paragraph_lines(tmp_path, markdown: str, width: str = "300pt", p_css: str = "") -> list:
    """Lay out one Chinese paragraph of ``markdown`` as the PDF backend would (its
    stylesheets, its WeasyPrint extensions) on a page ``width`` wide; its lines read back
    from the PDF, each a list of glyphs (pdfplumber chars, spaces left out) left to right."""
    import pdfplumber
    from weasyprint import HTML

    from bookforge.styles import default_styles_dir
    from bookforge.typography import justify

    justify.install()
    (block,) = parse_blocks(markdown + "\n", zh.apply)
    styles = default_styles_dir()
    css = (styles / "book.css").read_text() + (styles / "print.css").read_text()
    html = (
        f"<html><head><style>{css} @page {{ size: {width} 400pt; margin: 10pt }} "
        f"body {{ margin: 0 }} :lang(zh) p {{ font: 10pt 'Noto Serif CJK SC'; {p_css} }}"
        f'</style></head><body lang="zh-Hans">{with_emphasis_dots(block.html)}</body></html>'
    )
    HTML(string=html).write_pdf(tmp_path / "p.pdf")
    with pdfplumber.open(tmp_path / "p.pdf") as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip() and c["top"] < 380]
    tops = sorted({round(c["top"]) for c in chars})
    return [sorted((c for c in chars if round(c["top"]) == t), key=lambda c: c["x0"]) for t in tops]


def test_compressed_pairs_measure_one_and_a_half_em(tmp_path):
    """Read back from a PDF: each compressed pair advances 1.5 em, and the text layer still
    holds the characters as written."""
    (chars,) = paragraph_lines(
        tmp_path, "甲。（乙）、丙“丁”，戊（「己」）", p_css="text-indent: 0; text-align: left"
    )
    assert "".join(c["text"] for c in chars) == "甲。（乙）、丙“丁”，戊（「己」）"
    origins = [c["x0"] for c in chars]
    text = "".join(c["text"] for c in chars)
    marks = half_width_marks(text)
    assert marks == [1, 4, 9, 13, 15]
    for index in marks:
        start = index - 1 if text[index] in "（「" and text[index - 1] in "（「" else index
        if start + 2 < len(origins):  # from the pair's first mark to what follows it
            assert origins[start + 2] - origins[start] == pytest.approx(15, abs=0.2)


def test_every_gap_of_a_justified_line_is_equal(tmp_path):
    """Across inline elements too (links, emphasis, half-width punctuation, Latin words):
    after every Han character the same extra space, within 0.01 em, and the lines flush."""
    lines = paragraph_lines(
        tmp_path,
        "这是一段*强调*的文字，[链接](https://example.org)在这里（括号）、顿号“引号”，"
        "还有 Latin 单词和更多的汉字以便换行并且两端对齐，继续写下去直到第三行为止的文字。",
        width="160pt",
    )
    assert len(lines) >= 3
    for line in lines[:-1]:
        gaps = typometrics.justified_gaps(typometrics.Line(1, 0.0, line))
        assert max(gaps) - min(gaps) <= 0.01, "".join(c["text"] for c in line)
        assert lines[1][-1]["x1"] == pytest.approx(line[-1]["x1"], abs=0.3)


def test_line_start_opening_bracket_sits_half_an_em_left(tmp_path):
    """A line other than the first that starts with an opening bracket or quote: the mark's
    origin half an em left of the margin (its ink at the margin), the line still flush; the
    first line's bracket, after the indent, keeps its full width."""
    lines = paragraph_lines(
        tmp_path, "（甲）一二三四五六七八九十一（乙丙）一二三四五六七八九十一二“戊己”一二三四五六七八九。",
        width="100pt",
    )
    texts = ["".join(c["text"] for c in line) for line in lines]
    assert texts[0].startswith("（甲）") and lines[0][0]["x0"] == pytest.approx(10 + 20, abs=0.1)
    starts = [line for line in lines[1:] if line[0]["text"] in "（“"]
    assert starts, texts
    for line in starts:
        assert line[0]["x0"] == pytest.approx(10 - 5, abs=0.1)
        assert "".join(c["text"] for c in line) in texts
    assert all(line[-1]["x1"] == pytest.approx(90, abs=0.3) for line in lines[:-1])


def test_loose_line_of_latin_words_spreads_over_the_letters(tmp_path):
    """A Chinese line held up by long Latin names: instead of gaps of half an em between its
    few Han characters, the extra space goes between all characters, letters too, at most
    0.2 em each; camel-case names break only between their parts."""
    from bookforge.typography.name_breaks import teach

    markdown = "技术（Cassandra, RocksDB, Presto）、GraphQL、React、PyTorch 等等，都是开源的项目。"
    block = parse_blocks(markdown + "\n", zh.apply)[0]
    assert teach(block.html) == 3  # RocksDB, GraphQL, PyTorch
    lines = paragraph_lines(tmp_path, markdown, width="230pt", p_css="text-indent: 0")
    texts = ["".join(c["text"] for c in line) for line in lines]
    assert not any(text.endswith(("PyT‐", "Gra‐", "Roc‐")) for text in texts), texts
    for line in lines[:-1]:
        advances = [(b["x0"] - a["x1"]) / 10 for a, b in itertools.pairwise(line)]
        assert max(advances) <= 0.55, texts  # no hole: a space (0.3 em) and its share


def test_emphasis_dots_under_han_characters_only(tmp_path):
    """In the PDF, a dot under each Han character of an emphasis, none under its
    punctuation or under unemphasised text; the text layer and the line pitch unchanged."""
    from PIL import Image

    lines = paragraph_lines(
        tmp_path, "前文*重要，真的*后文，再写一些字让段落换到第二行去看看行距是否依旧。",
        width="200pt", p_css="text-indent: 0",
    )
    text = "".join(c["text"] for line in lines for c in line)
    assert text == "前文重要，真的后文，再写一些字让段落换到第二行去看看行距是否依旧。"
    assert lines[1][0]["top"] - lines[0][0]["top"] == pytest.approx(17.5, abs=0.05)
    subprocess.run(["pdftoppm", "-png", "-r", "288", "-singlefile", str(tmp_path / "p.pdf"),
                    str(tmp_path / "p")], check=True)
    image = Image.open(tmp_path / "p.png").convert("L")
    scale = 288 / 72

    def dotted(char: dict) -> bool:
        """Dark pixels centred below the glyph, in the gap between the lines."""
        middle = (char["x0"] + char["x1"]) / 2 * scale
        box = (middle - 2, (char["bottom"] + 1) * scale, middle + 2, (char["bottom"] + 5) * scale)
        return image.crop(tuple(round(v) for v in box)).getextrema()[0] < 128

    marks = {c["text"]: dotted(c) for c in lines[0][:9]}
    assert marks == {"前": False, "文": False, "重": True, "要": True, "，": False,
                     "真": True, "的": True, "后": False}


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


@pytest.mark.parametrize("layout", ["interleaved", "facing"])
def test_sample_figures_of_the_typography_report(layout, sample_outputs, sample_facing):
    """The sample's PDFs as ``make typography`` measures them: punctuation pairs compressed,
    gaps even, no loose line, the specified pitch, no kinsoku violation, every justified line
    flush, no invisible character."""
    path = sample_outputs["pdf"] if layout == "interleaved" else sample_facing[1]
    figures = typometrics.report(path)
    compressed, pairs = map(int, figures["punctuation pairs compressed"].split("/"))
    uneven, justified = map(int, figures["uneven justified lines"].split("/"))
    assert pairs >= 5 and compressed / pairs >= 0.9
    assert justified >= 40 and uneven / justified <= 0.1
    assert float(figures["loosest line (em per gap)"]) <= 0.2
    assert float(figures["line pitch (em), mean"]) == pytest.approx(1.75, abs=0.02)
    assert figures["kinsoku violations"] == "0"
    assert figures["flush justified lines"].startswith("100%")
    assert figures["invisible characters"] == "0"


def test_list_item_paragraphs_are_not_indented(tmp_path):
    """The first-line indent of Chinese paragraphs (2em) never applies inside a list item,
    where a loose list puts each item's text in a paragraph: every item's text, and its
    second paragraph, start where a tight item's text starts."""
    import pdfplumber
    from weasyprint import HTML

    from bookforge.styles import default_styles_dir

    css = (default_styles_dir() / "book.css").read_text()
    html = (f"<html><head><style>{css}</style></head><body lang='zh-Hans'>"
            "<ul><li>丙项。</li><li><p>甲项。</p></li><li><p>乙项。</p><p>续。</p></li></ul>"
            "</body></html>")
    HTML(string=html).write_pdf(tmp_path / "list.pdf")
    with pdfplumber.open(tmp_path / "list.pdf") as pdf:
        starts = {c["text"]: c["x0"] for c in pdf.pages[0].chars if c["text"] in "丙甲乙续"}
    assert starts["甲"] == pytest.approx(starts["丙"])  # where a tight item's text starts
    assert starts["乙"] == pytest.approx(starts["丙"]) == pytest.approx(starts["续"])
