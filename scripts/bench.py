"""``make bench``: time and memory of each step on a long generated book, side by side with
the engine alone (the weasyprint command) and with pandoc, medians of several runs."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHAPTERS = int(os.environ.get("BENCH_CHAPTERS", "40"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def make_book(root: Path) -> None:
    """CHAPTERS copies of the sample chapter, each under its own title."""
    (root / "manuscript").mkdir(parents=True)
    shutil.copy(REPO / "manuscript" / "book.toml", root / "manuscript" / "book.toml")
    for lang, word in (("en", "Chapter"), ("zh-Hans", "第")):
        folder = root / "manuscript" / lang
        folder.mkdir()
        text = (REPO / "manuscript" / lang / "01-open-source-as-defense.md").read_text("utf-8")
        body = text.split("\n", 1)[1]
        for number in range(1, CHAPTERS + 1):
            title = f"# {word} {number}" if lang == "en" else f"# 第 {number} 章"
            (folder / f"{number:03d}.md").write_text(f"{title}\n{body}", encoding="utf-8")


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"failed: {command[0]}: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def measure(name: str, command: list[str]) -> tuple[float, float]:
    results = [run(command) for _ in range(RUNS)]
    wall = statistics.median(r[0] for r in results)
    memory = max(r[1] for r in results)
    print(f"{name:<38} {wall:8.2f} s {memory:8.0f} MB", flush=True)
    return wall, memory


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def alignment_time() -> tuple[int, int, float]:
    """Median time to align a 500-block chapter pair (target blocks deleted and merged)."""
    sys.path.insert(0, str(REPO / "src"))
    from bookforge.align import align_blocks
    from bookforge.loader import load_book

    book = load_book(REPO)
    pairs = [p for p in book.chapters[0].pairs if p.source and p.target]
    source, target = [], []
    rng = random.Random(1)
    while len(source) < 500:
        for pair in pairs:
            source.append(pair.source[0])
            if rng.random() > 0.05:
                target.append(pair.target[0])
    source = source[:500]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        align_blocks(source, target)
        times.append(time.perf_counter() - start)
    return len(source), len(target), statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bookforge-bench-"))
    root = folder / "book"
    make_book(root)
    out = folder / "out"
    out.mkdir()
    bookforge = str(BIN / "bookforge")
    print(f"bookforge bench: {CHAPTERS} chapters, median of {RUNS} runs, in {folder}")
    html = out / "book.html"
    steps = {
        "bookforge html (interleaved)": [bookforge, "-q", "html", str(root), "-o", str(html)],
        "bookforge pdf (interleaved)": [bookforge, "-q", "pdf", str(root), "-o", str(out / "i.pdf")],
        "weasyprint alone on that HTML": [str(BIN / "weasyprint"), "-q", str(html), str(out / "w.pdf")],
        "bookforge pdf --layout facing": [bookforge, "-q", "pdf", str(root), "--layout", "facing",
                                          "-o", str(out / "f.pdf")],
        "bookforge epub (interleaved)": [bookforge, "-q", "epub", str(root), "-o", str(out / "b.epub")],
    }
    results = {}
    for name, command in steps.items():
        results[name] = measure(name, command)
    pandoc = shutil.which("pandoc")
    if pandoc:
        sources = sorted((root / "manuscript" / "en").glob("*.md")) + sorted(
            (root / "manuscript" / "zh-Hans").glob("*.md"))
        results["pandoc"] = measure("pandoc (same Markdown to EPUB)", [
            pandoc, "--quiet", "-f", "markdown", "-o", str(out / "p.epub"),
            "--metadata", "title=Bench", *map(str, sources)])
    blocks, target_blocks, align_seconds = alignment_time()
    interleaved_pages, facing_pages = pages(out / "i.pdf"), pages(out / "f.pdf")
    print(f"pages: interleaved {interleaved_pages}, facing {facing_pages}")
    print(f"alignment of {blocks} against {target_blocks} blocks: {align_seconds:.2f} s")
    print("ratios (goal):")
    own = results["bookforge pdf (interleaved)"][0] / results["weasyprint alone on that HTML"][0]
    print(f"  bookforge pdf / weasyprint alone         {own:5.2f}  (<= 1.15)")
    facing = results["bookforge pdf --layout facing"][0] / results["bookforge pdf (interleaved)"][0]
    print(f"  pdf facing / pdf interleaved             {facing:5.2f}  (<= 2.0)")
    if pandoc:
        epub = results["bookforge epub (interleaved)"][0] / results["pandoc"][0]
        print(f"  bookforge epub / pandoc                  {epub:5.2f}  (<= 1.0)")
    else:
        print("  bookforge epub / pandoc                  n/a (pandoc not installed)")
    memory = results["bookforge pdf --layout facing"][1]
    per_500 = memory * 500 / facing_pages
    print(f"  peak memory of the facing build          {memory:5.0f} MB for {facing_pages} pages"
          f" ({per_500:.0f} MB per 500 pages; goal < 1024)")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
