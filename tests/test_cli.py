import shutil

import pytest
from click.testing import CliRunner

from bookforge import __version__
from bookforge.cli import cli
from tests.conftest import REPO


@pytest.fixture
def runner():
    return CliRunner()


def test_version_and_help(runner):
    assert __version__ in runner.invoke(cli, ["--version"]).output
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("epub", "pdf", "html"):
        assert command in result.output


def test_epub_default_output_path(runner, tmp_path):
    shutil.copytree(REPO / "manuscript", tmp_path / "manuscript")
    result = runner.invoke(cli, ["epub", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "build" / "open-source-as-defense-interleaved.epub"
    assert out.is_file()
    assert str(out) in result.stdout
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".part")]


def test_html_with_output_and_order(runner, tmp_path):
    out = tmp_path / "b.html"
    result = runner.invoke(cli, ["html", str(REPO), "--order", "target-first", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.index('id="pair-2-target"') < html.index('id="pair-2-source"')


def test_usage_error_exits_2(runner):
    result = runner.invoke(cli, ["pdf", str(REPO), "--layout", "spiral"])
    assert result.exit_code == 2
    assert "spiral" in result.output


def test_build_error_exits_1_in_one_line(runner, project, tmp_path):
    root = project({"01.md": ("A.\n\nB.\n", "甲。\n")})
    out = tmp_path / "x.epub"
    result = runner.invoke(cli, ["epub", str(root), "--strict", "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bookforge: error: ")
    assert "en/01.md" in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_failed_build_keeps_previous_output(runner, project, tmp_path):
    root = project({"01.md": ("A.\n", "甲。\n")})
    out = tmp_path / "x.epub"
    assert runner.invoke(cli, ["epub", str(root), "-o", str(out)]).exit_code == 0
    before = out.read_bytes()
    (root / "manuscript" / "en" / "01.md").write_text("A.\n\nB.\n", encoding="utf-8")
    assert runner.invoke(cli, ["epub", str(root), "--strict", "-o", str(out)]).exit_code == 1
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["x.epub"]


def test_missing_project_is_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["epub", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_many_warnings_of_a_kind_are_summed_up_per_file(project):
    """Seven links to headings a chapter does not have: the first three are shown, then
    one line counts the others and names their lines, in check and in a build alike."""
    links = "\n\n".join(f"See [part {n}](#missing-{n})." for n in range(7))
    root = project({"01.md": (f"# Title\n\n{links}\n", "# 题\n\n见。\n")})
    check = CliRunner().invoke(cli, ["check", str(root)])
    shown = [line for line in check.stdout.splitlines() if "no heading with the id" in line]
    assert len(shown) == 4, check.stdout
    assert "01.md: and 4 more: link to '…': no heading with the id '…'" in shown[-1]
    assert shown[-1].endswith("(lines 9, 11, 13, 15)"), shown[-1]
    build = CliRunner().invoke(cli, ["epub", str(root), "-o", str(root / "b.epub")])
    assert build.exit_code == 0, build.output
    warned = [line for line in build.stderr.splitlines() if "no heading with the id" in line]
    assert len(warned) == 4 and warned[-1].startswith("bookforge: warning: "), build.stderr
    assert warned[-1].endswith(shown[-1][len("warning: "):])
