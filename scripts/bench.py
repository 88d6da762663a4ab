"""``make bench``: time and memory of each step on a long generated book, side by side with
the engine alone (the weasyprint command) and with pandoc, medians of several runs."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHAPTERS = int(os.environ.get("BENCH_CHAPTERS", "40"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
sys.path[:0] = [str(REPO), str(REPO / "src")]  # the evaluation corpora live in tests/


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


def descendants(pid: int) -> list[int]:
    """The processes under ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], list(children.get(pid, []))
    while queue:
        child = queue.pop()
        found.append(child)
        queue += children.get(child, [])
    return found


def rss(pid: int, field: str) -> float | None:
    """A process's resident memory (VmRSS) or its peak so far (VmHWM), in MB; None once
    the process has ended."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kb = next((line.split()[1] for line in status.splitlines() if line.startswith(field)), 0)
    return int(kb) / 1024


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds of one command and, for it and every process it starts, the peak of
    their resident memory taken together and the sum of each one's peak (MB; read every
    20 ms; for a command that starts no process, both are its exact peak)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, float] = {}
    together = 0.0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        now = 0.0
        for child in [process.pid, *descendants(process.pid)]:
            peaks[child] = rss(child, "VmHWM") or peaks.get(child, 0)
            now += rss(child, "VmRSS") or 0
        together = max(together, now)
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"failed: {command[0]}: {process.stderr.read().decode()[-2000:]}")
    own = usage.ru_maxrss / 1024  # the largest of the command and the processes it waited for
    if len(peaks) <= 1:
        return elapsed, own, own
    return elapsed, together, sum(peaks.values())


def measure(name: str, command: list[str]) -> tuple[float, float, float]:
    """Median seconds, and the largest peak memory of all its processes together and sum
    of their peaks, over RUNS runs; the first two printed."""
    results = [run(command) for _ in range(RUNS)]
    wall = statistics.median(r[0] for r in results)
    together, peaks = max(r[1] for r in results), max(r[2] for r in results)
    print(f"{name:<38} {wall:8.2f} s {together:8.0f} MB", flush=True)
    return wall, together, peaks


def import_books(folder: Path) -> tuple[str, float, float]:
    """``bookforge import`` of two EPUBs, English and Chinese, that pandoc makes of Debian's
    New Maintainers' Guide taken three times over (a long book): what was imported, median
    seconds and peak memory (MB)."""
    import pypandoc

    corpus = REPO / "tests" / "corpora" / "maint-guide"
    books, characters = [], 0
    for lang in ("en", "zh-Hans"):
        chapters = sorted((corpus / lang).glob("*.md")) * 3
        characters += sum(len(c.read_text(encoding="utf-8")) for c in chapters)
        book = folder / f"guide-{lang}.epub"
        pypandoc.convert_file([str(c) for c in chapters], "epub", format="gfm+footnotes",
                              outputfile=str(book),
                              extra_args=["--quiet", "--split-level=1", "--metadata", "title=Guide",
                                          "--metadata", f"lang={lang}"])
        books.append(str(book))
    wall, memory, _ = measure("bookforge import (2 EPUBs)",
                           [str(BIN / "bookforge"), "-q", "import", *books,
                            str(folder / "imported"), "--force"])
    return f"{characters:,} characters, {len(chapters)} chapters a side", wall, memory


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def unique_chapter(size: int):
    """A chapter pair of ``size`` distinct blocks, no text repeated (translated manual
    pages, then gettext messages that read like paragraphs), with 10% of the target
    blocks deleted and 10% merged; and the true links."""
    from tests.align_corpus import EVALUATED_CATALOGS, manual_pairs, perturbed_case, prose_pairs

    pairs = list(manual_pairs())
    for catalog in EVALUATED_CATALOGS:
        pairs += prose_pairs(catalog, 40)
    return perturbed_case(pairs[:size], size, 1, 0.1, 0.1)


def align_once(size: int) -> None:
    """In a process of its own (``bench.py align SIZE``): load the dictionary on a small
    chapter, then print the seconds one alignment of ``size`` blocks takes and its F1."""
    source, target, truth = unique_chapter(size)
    from tests.align_corpus import scores

    from bookforge.align.aligner import align_blocks

    align_blocks(source[:50], target[:50])
    start = time.perf_counter()
    beads = align_blocks(source, target)
    seconds = time.perf_counter() - start
    found = {(a, b) for bead in beads for a in bead.source for b in bead.target}
    print(f"{len(source)} {len(target)} {seconds:.3f} {scores(found, truth)[2]:.4f}")


def alignment_time(size: int) -> tuple[str, float, float]:
    """Blocks aligned, median seconds and F1, and the peak memory (MB) of the whole
    process, for one alignment of ``size`` distinct blocks (each run a fresh process)."""
    results = []
    for _ in range(RUNS):
        process = subprocess.Popen([sys.executable, __file__, "align", str(size)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, _ = process.communicate()
        if process.returncode:
            sys.exit(f"failed: alignment of {size} blocks")
        results.append(out.split())
    memory = run([sys.executable, __file__, "align", str(size)])[1]
    n, m, _, f1 = results[0]
    seconds = statistics.median(float(r[2]) for r in results)
    return f"{n.decode()} against {m.decode()} blocks (F1 {f1.decode()})", seconds, memory


def alignment_quality() -> None:
    """Link precision, recall and F1 of the aligner on the evaluation corpora."""
    from tests.align_corpus import (
        EVALUATED_CATALOGS,
        evaluate,
        manual_pairs,
        merge_recall,
        prose_pairs,
    )

    from bookforge.align.aligner import align_blocks

    manuals = manual_pairs()
    corpora = {
        "manual pages, 40 and 100 paragraphs": (manuals, (40, 100)),
        "the same, Chinese as the original": ([(zh, en) for en, zh in manuals], (40, 100)),
    }
    for minimum in (60, 150):
        catalogs = [prose_pairs(c, minimum) for c in EVALUATED_CATALOGS]
        corpora[f"catalog messages of {minimum}+ characters, 40"] = (
            [p for p in catalogs if len(p) >= 45], (40,))
    print("merged beads of short paragraphs found (100 paragraphs, a tenth merged, 8 seeds):")
    for name, pairs in (("manual pages en-zh", manuals),
                        ("manual pages zh-en", [(zh, en) for en, zh in manuals])):
        for side, bead in (("target", "2-1"), ("source", "1-2")):
            found, total = merge_recall(pairs, 100, range(8), side, align_blocks)
            print(f"  {name} {bead}: {found}/{total} = {found / max(total, 1):.2f}  (goal >= 0.90)")
    print("alignment quality (8 seeds x 4 perturbations per document size):")
    for name, (pairs, sizes) in corpora.items():
        if not pairs:
            print(f"  {name}: not installed here")
            continue
        groups = pairs if isinstance(pairs[0], list) else [pairs]
        results = [r for group in groups for r in evaluate(group, sizes, range(8), align_blocks)]
        precision, recall, f1 = (statistics.mean(r[k] for r in results) for k in range(3))
        low = sum(r[2] < 0.97 for r in results)
        print(f"  {name}: {len(results)} cases, precision {precision:.3f} recall {recall:.3f}"
              f" F1 mean {f1:.3f} min {min(r[2] for r in results):.3f}, {low} below 0.97")


LANGUAGE_PAIRS = (("en", "zh-Hans"), ("en", "zh-Hant"), ("en", "ja"), ("en", "de"), ("en", "fr"),
                  ("ja", "en"), ("zh-Hant", "en"))


def guide_alignment(manuals: Sequence[str] = (), seeds: range = range(3)) -> None:
    """Link F1 per manual, language pair and perturbation on Debian's manuals (real
    translations, block for block), how many wrong links lie in flagged (uncertain) beads,
    and how many right beads are flagged (the goal is for unchanged chapters)."""
    from tests.align_corpus import GOLD_MANUALS, guide_chapters

    print("alignment of Debian's manuals, chapter at a time (goal: F1 min >= 0.97,"
          " mean >= 0.99; wrong links flagged >= 60%; right beads flagged <= 2% unchanged):")
    for manual in manuals or GOLD_MANUALS:
        for source_lang, target_lang in LANGUAGE_PAIRS:
            chapters = guide_chapters(source_lang, target_lang, manual)
            if chapters:
                guide_pair(manual, f"{source_lang}->{target_lang}", chapters, seeds)


def guide_pair(manual: str, pair: str, chapters, seeds: range) -> None:
    """One line per perturbation for one manual and language pair."""
    from tests.align_corpus import GUIDE_PERTURBATIONS, Tally, guide_case

    from bookforge.align.aligner import align_blocks

    blocks = sum(len(source) for source, _ in chapters)
    for perturbation in GUIDE_PERTURBATIONS:
        tally = Tally()
        for chapter in chapters:
            for seed in seeds:
                source, target, truth = guide_case(chapter, seed, perturbation)
                tally.add(align_blocks(source, target), truth)
        f1s, wrong = tally.f1s, tally.wrong
        flagged = f"{tally.wrong_flagged}/{wrong} wrong links flagged" if wrong else "no wrong link"
        alarms = f", {tally.right_flagged}/{tally.right} right beads flagged"
        print(f"  {manual:<16} {pair:<12} {perturbation:<8} {len(f1s):4} cases"
              f" ({blocks:4} blocks): F1 mean {statistics.mean(f1s):.3f} min {min(f1s):.3f};"
              f" {flagged}{alarms}", flush=True)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bookforge-bench-"))
    root = folder / "book"
    make_book(root)
    out = folder / "out"
    out.mkdir()
    bookforge = str(BIN / "bookforge")
    print(f"bookforge bench: {CHAPTERS} chapters, median of {RUNS} runs, in {folder}")
    html = out / "book.html"
    bf = [bookforge, "-q"]
    steps = {
        "bookforge html (interleaved)": [*bf, "html", str(root), "-o", str(html)],
        "bookforge pdf (interleaved)": [*bf, "pdf", str(root), "-o", str(out / "i.pdf")],
        "weasyprint alone on that HTML": [str(BIN / "weasyprint"), "-q", str(html),
                                          str(out / "w.pdf")],
        "bookforge pdf --layout facing": [*bf, "pdf", str(root), "--layout", "facing",
                                          "-o", str(out / "f.pdf")],
        "bookforge pdf -j 1 (one process)": [*bf, "pdf", str(root), "-j", "1",
                                             "-o", str(out / "i1.pdf")],
        "bookforge pdf --layout facing -j 1": [*bf, "pdf", str(root), "--layout", "facing",
                                               "-j", "1", "-o", str(out / "f1.pdf")],
        "bookforge epub (interleaved)": [*bf, "epub", str(root), "-o", str(out / "b.epub")],
        "bookforge build (4 outputs)": [*bf, "build", str(root)],
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
    imported, import_seconds, import_memory = import_books(folder)
    interleaved_pages, facing_pages = pages(out / "i.pdf"), pages(out / "f.pdf")
    print(f"pages: interleaved {interleaved_pages}, facing {facing_pages}")
    for size, goal in ((500, ""), (5000, "  (goal: < 2 s, < 200 MB)")):
        what, seconds, memory = alignment_time(size)
        print(f"alignment of {what}: {seconds:.2f} s, peak {memory:.0f} MB{goal}")
    alignment_quality()
    guide_alignment()
    print(f"ratios ({os.cpu_count()} cores; goal):")
    weasyprint = results["weasyprint alone on that HTML"][0]
    own = results["bookforge pdf (interleaved)"][0] / weasyprint
    print(f"  bookforge pdf / weasyprint alone         {own:5.2f}  (<= 0.75)")
    one = results["bookforge pdf -j 1 (one process)"][0] / weasyprint
    print(f"  the same in one process                  {one:5.2f}  (<= 1.15)")
    facing = results["bookforge pdf --layout facing"][0] / results["bookforge pdf (interleaved)"][0]
    print(f"  pdf facing / pdf interleaved             {facing:5.2f}  (<= 1.15)")
    facing_one = (results["bookforge pdf --layout facing -j 1"][0]
                  / results["bookforge pdf -j 1 (one process)"][0])
    print(f"  the same, each in one process            {facing_one:5.2f}")
    if pandoc:
        epub = results["bookforge epub (interleaved)"][0] / results["pandoc"][0]
        print(f"  bookforge epub / pandoc                  {epub:5.2f}  (<= 1.0)")
    else:
        print("  bookforge epub / pandoc                  n/a (pandoc not installed)")
    print(f"  bookforge import of two long books       {import_seconds:5.2f} s, peak"
          f" {import_memory:.0f} MB ({imported}; goal: seconds, < 1024 MB)")
    for name in ("bookforge pdf --layout facing", "bookforge pdf --layout facing -j 1"):
        _, together, peaks = results[name]
        print(f"  memory, {name[14:]:<20} sum of each process's peak {peaks:4.0f} MB"
              f" ({peaks * 500 / facing_pages:.0f} per 500 pages; goal <= 700),"
              f" all at once {together:4.0f} MB, for {facing_pages} pages")
    build = results["bookforge build (4 outputs)"][0]
    print(f"  bookforge build (4 outputs)              {build:5.2f} s")
    shutil.rmtree(folder)


if __name__ == "__main__":
    if sys.argv[1:2] == ["align"]:
        align_once(int(sys.argv[2]))
    elif sys.argv[1:2] == ["languages"]:  # languages [MANUAL...]
        guide_alignment(sys.argv[2:])
    else:
        main()
