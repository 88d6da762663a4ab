"""The EPUBs in real reading software: epub.js (the engine of many web and app readers) in
headless Debian chromium, paginated, at phone and tablet sizes; Calibre's ebook-meta and
ebook-convert (to AZW3 for Kindle, and to plain text).

These need system packages that are heavy for a test machine (chromium, calibre) and the
npm packages ``scripts/reader-deps.sh`` installs; each test is skipped, saying why, where
its software is not installed."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from bookforge.layout import arrange
from bookforge.loader import load_book
from bookforge.render.epub import write_epub
from tests.conftest import REPO

READERS = Path(__file__).resolve().parent / "readers"
NODE_MODULES = REPO / ".venv" / "reader" / "node_modules"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHAPTER = "c-01-open-source-as-defense.xhtml"


@pytest.fixture(scope="module")
def served(tmp_path_factory, sample_book):
    """The sample's facing EPUB and the epub.js page, served on 127.0.0.1."""
    modules = all((NODE_MODULES / name).is_dir() for name in ("epubjs", "jszip", "puppeteer-core"))
    if not (shutil.which("node") and CHROMIUM and modules):
        pytest.skip("needs node, Debian's chromium and scripts/reader-deps.sh's npm packages")
    site = tmp_path_factory.mktemp("site")
    (site / "node_modules").symlink_to(NODE_MODULES)
    shutil.copy(READERS / "epubjs.html", site)
    write_epub(arrange(sample_book, "facing"), site / "facing.epub")
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/epubjs.html?book=facing.epub", site
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def open_in_epubjs(url: str, width: int, height: int, shot: Path) -> dict:
    run = subprocess.run(
        [
            "node",
            str(READERS / "epubjs.js"),
            f"{url}&chapter={CHAPTER}",
            str(width),
            str(height),
            str(shot),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES), "CHROMIUM": CHROMIUM},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert "error" not in result, result
    return result


def pairs_at(served, width: int, height: int) -> list[tuple[dict, dict]]:
    """The cells of the pairs that have both sides, on a screen of that size."""
    url, site = served
    result = open_in_epubjs(url, width, height, site / f"{width}x{height}.png")
    rows = [(s, t) for s, t in result["rows"] if s["h"] > 0 and t["h"] > 0]
    assert len(rows) >= 10
    return rows


def test_facing_epub_stacks_on_a_phone(served):
    rows = pairs_at(served, 390, 844)
    for source, target in rows:
        # the translation below its original (or on the next page), each the full width
        assert target["y"] > source["y"] + 1 or target["x"] >= source["x"] + 300
        assert source["w"] >= 300 and target["w"] >= 300


def test_facing_epub_side_by_side_on_a_tablet(served):
    rows = pairs_at(served, 768, 1024)
    for source, target in rows:
        assert abs(target["y"] - source["y"]) < 1 and target["x"] >= source["x"] + source["w"]


CALIBRE = shutil.which("ebook-convert") and shutil.which("ebook-meta")


@pytest.fixture(scope="module")
def calibre_outputs(tmp_path_factory):
    """A book with authors and translators as EPUB, converted by Calibre to AZW3 and text."""
    if not CALIBRE:
        pytest.skip("needs Calibre (Debian package calibre)")
    from tests.conftest import write_project

    folder = tmp_path_factory.mktemp("calibre")
    root = write_project(
        folder / "book",
        {"01.md": ("# The Keeper\n\nThe light was kept.\n", "# 守灯人\n\n灯一直亮着。\n")},
    )
    epub = folder / "book.epub"
    write_epub(arrange(load_book(root), "interleaved"), epub)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(folder)}
    outputs = {"epub": epub}
    for ext in ("azw3", "txt"):
        outputs[ext] = folder / f"book.{ext}"
        run = subprocess.run(
            ["ebook-convert", str(epub), str(outputs[ext])],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    meta = {
        ext: subprocess.run(
            ["ebook-meta", str(outputs[ext])],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        ).stdout
        for ext in ("epub", "azw3")
    }
    return outputs, meta


def test_calibre_reads_the_epub_metadata(calibre_outputs):
    _, meta = calibre_outputs
    assert "Title               : A Test Book" in meta["epub"]
    assert "Ann Author" in meta["epub"]
    assert "Languages           : eng, zho" in meta["epub"]


def test_calibre_converts_to_kindle_and_text(calibre_outputs):
    outputs, meta = calibre_outputs
    assert "A Test Book" in meta["azw3"] and "Ann Author" in meta["azw3"]
    text = outputs["txt"].read_text(encoding="utf-8")
    # Calibre has no field for a translator or a second title: the title page carries them
    for line in (
        "A Test Book",
        "测试之书",
        "Translated by Tom Translator",
        "Tom Translator 译",
        "The light was kept.",
        "灯一直亮着。",
    ):
        assert line in text
