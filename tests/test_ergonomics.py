"""init, build, check, config, preview, one-language editions, help."""

from __future__ import annotations

import time
import urllib.request
import zipfile

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from bookforge.cli import cli
from tests.conftest import BOOK_TOML
from tests.pdfpages import HAN


@pytest.fixture
def runner():
    return CliRunner()


def test_init_build_check_round_trip(runner, tmp_path):
    root = tmp_path / "new-book"
    result = runner.invoke(cli, ["init", str(root), "--title", "My Book"])
    assert result.exit_code == 0, result.output
    for name in (
        "manuscript/book.toml",
        "manuscript/en/01-first-chapter.md",
        "manuscript/zh-Hans/01-first-chapter.md",
        "styles/book.css",
        "styles/print.css",
    ):
        assert (root / name).is_file(), name
    english = (root / "manuscript" / "en" / "01-first-chapter.md").read_text("utf-8")
    for feature in ("# ", "*emphasis*", "[^1]", "![", "{#untranslated}"):
        assert feature in english
    built = runner.invoke(cli, ["build", str(root)])
    assert built.exit_code == 0, built.output
    lines = built.stdout.strip().splitlines()
    assert len(lines) == 4
    assert all(" KB" in line and " s" in line for line in lines)
    assert sum("pages" in line for line in lines) == 2
    for name in (
        "my-book-interleaved.epub",
        "my-book-facing.epub",
        "my-book-interleaved.pdf",
        "my-book-facing.pdf",
    ):
        assert (root / "build" / name).is_file()
    checked = runner.invoke(cli, ["check", str(root)])
    assert checked.exit_code == 0, checked.output
    assert "01-first-chapter: 6 pairs" in checked.stdout
    assert "warning" not in checked.output


def test_init_refuses_to_overwrite(runner, tmp_path):
    root = tmp_path / "b"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    before = (root / "manuscript" / "book.toml").read_text()
    result = runner.invoke(cli, ["init", str(root), "--title", "Other"])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert (root / "manuscript" / "book.toml").read_text() == before


def test_styles_are_copied_from_the_single_source(runner, tmp_path):
    from tests.conftest import REPO

    runner.invoke(cli, ["init", str(tmp_path / "b")])
    for sheet in (REPO / "styles").glob("*.css"):
        assert (tmp_path / "b" / "styles" / sheet.name).read_text() == sheet.read_text()


@pytest.mark.parametrize(("only", "lang"), [("source", "en"), ("target", "zh-Hans")])
def test_one_language_editions(runner, project, only, lang):
    root = project(
        {"01.md": ("# Title\n\nEnglish text.\n\n{#x}\nOnly English.\n", "# 题\n\n中文。\n")}
    )
    result = runner.invoke(cli, ["pdf", str(root), "--only", only])
    assert result.exit_code == 0, result.output
    target = root / "build" / f"a-test-book-{lang}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(target).pages[1:])
    body = text.replace("A Test Book", "").replace("测试之书", "")
    if only == "source":
        assert "Only English." in body and not HAN.search(body)
    else:
        assert "中文" in body and "English" not in body
    epub = runner.invoke(cli, ["epub", str(root), "--only", only])
    assert epub.exit_code == 0
    markup = (
        zipfile.ZipFile(root / "build" / f"a-test-book-{lang}.epub")
        .read("EPUB/c-01.xhtml")
        .decode()
    )
    assert ("中文" in markup.replace("\u2060", "")) == (only == "target")


def test_configuration_precedence_and_config_command(runner, project):
    toml = BOOK_TOML + '\n[build]\nlayout = "facing"\n\n[pdf]\npage-size = "A4"\n'
    root = project({"01.md": ("A.\n", "甲。\n")}, toml=toml)
    shown = runner.invoke(cli, ["config", str(root)])
    assert shown.exit_code == 0
    assert 'layout = "facing"' in shown.stdout and 'page-size = "A4"' in shown.stdout
    assert 'margin-inner = "18mm"' in shown.stdout  # a default filled in
    assert 'zh-Hans = { body = "Noto Serif CJK SC"' in shown.stdout
    from_toml = runner.invoke(cli, ["html", str(root)])
    assert from_toml.stdout.strip().endswith("a-test-book-facing.html")
    from_cli = runner.invoke(cli, ["html", str(root), "--layout", "interleaved"])
    assert from_cli.stdout.strip().endswith("a-test-book-interleaved.html")


def test_every_command_has_help_with_examples(runner):
    for command in ("epub", "pdf", "html", "build", "init", "check", "config", "preview", "align"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert "Examples:" in result.output, command


def test_preview_serves_and_rebuilds(project):
    from bookforge.preview import Preview

    root = project({"01.md": ("First version.\n", "第一版。\n")})
    preview = Preview(root, port=0)
    import threading

    thread = threading.Thread(target=preview.server.serve_forever, daemon=True)
    thread.start()
    try:
        assert preview.url.startswith("http://127.0.0.1:")
        page = urllib.request.urlopen(preview.url).read().decode()
        assert "First version." in page and "/__version" in page
        version = urllib.request.urlopen(preview.url + "__version").read()
        time.sleep(0.5)  # let the watcher start
        (root / "manuscript" / "en" / "01.md").write_text("Second version.\n", encoding="utf-8")
        deadline = time.time() + 15
        while time.time() < deadline:
            if urllib.request.urlopen(preview.url + "__version").read() != version:
                break
            time.sleep(0.2)
        page = urllib.request.urlopen(preview.url).read().decode()
        assert "Second version." in page
        review = urllib.request.urlopen(preview.url + "review").read().decode()
        assert "Pairing review" in review and "Second version." in review
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(preview.url + "../../etc/passwd")
    finally:
        preview.server.shutdown()
        preview.close()
