"""The pairing review a translator corrects the pairing with: written by ``bookforge check``,
one row per pair, the problems first with the marker that fixes each; opened in headless
Debian chromium at phone width (skipped, saying why, where chromium or the npm packages of
scripts/reader-deps.sh are missing)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from bookforge.cli import cli
from bookforge.loader import load_book
from bookforge.review import review_rows
from tests.conftest import REPO
from tests.test_pairing_trust import drifted

NODE_MODULES = REPO / ".venv" / "reader" / "node_modules"


@pytest.fixture
def reviewed(project):
    root = drifted(project)
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert result.exit_code == 0, result.output
    report = root / "build" / "a-test-book-pairing.html"
    assert f"pairing review: {report}" in result.stdout
    return root, report


def test_review_lists_every_pair_and_every_problem_first(reviewed):
    root, report = reviewed
    html = report.read_text(encoding="utf-8")
    book = load_book(root)
    rows = review_rows(book)
    assert len(rows) == sum(len(c.pairs) for c in book.chapters)
    assert html.count('class="row ') == len(rows)
    problems = [row for row in rows if row.status in ("alone", "uncertain")]
    assert problems and [row.fix is not None for row in rows] == [
        row.status in ("alone", "uncertain") for row in rows
    ]
    attention = html.split('<section class="attention">')[1].split("</section>")[0]
    for row in problems:
        assert f"pair {row.pair.number}</a>" in attention
        assert f"{{#p{row.pair.number}}}" in row.fix
        assert (row.where("source") or row.where("target")) in row.fix
    assert html.index('<section class="attention">') < html.index('<section class="pairs">')
    assert "en/01.md:3" in attention  # the untranslated paragraph, by file and line
    assert "<style>" in html and "<link" not in html  # self-contained


def test_blocks_kept_alone_by_a_marker_are_not_problems(sample_book):
    rows = review_rows(sample_book)
    kept = [row for row in rows if row.status == "kept"]
    assert len(kept) == 6 and not any(row.fix for row in kept)


@pytest.mark.skipif(
    not (
        shutil.which("node")
        and shutil.which("chromium")
        and (NODE_MODULES / "puppeteer-core").is_dir()
    ),
    reason="needs node, Debian's chromium and puppeteer-core (scripts/reader-deps.sh)",
)
def test_review_in_a_browser_at_phone_width(reviewed):
    root, report = reviewed
    run = subprocess.run(
        [
            "node",
            str(REPO / "tests" / "readers" / "page.js"),
            report.as_uri(),
            "390",
            "844",
            str(root / "build" / "review-phone.png"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
    )
    assert run.returncode == 0, run.stderr
    page = json.loads(run.stdout)
    assert page["scrollWidth"] <= page["screen"] and page["widest"] <= page["screen"] + 0.5
    rows = review_rows(load_book(root))
    assert [r["pair"] for r in page["rows"]] == [row.pair.number for row in rows]
    assert [r["status"] for r in page["rows"]] == [row.status for row in rows]
    assert len(page["attention"]) == sum(1 for row in rows if row.fix)
