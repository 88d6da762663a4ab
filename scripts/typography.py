"""``make bench`` (and ``make typography``): the clreq figures of the sample's Chinese, read
back from the PDFs' glyph positions, for bookforge's interleaved and facing PDFs and, where
Debian's ``chromium`` is installed, for Chromium's print of the same HTML, side by side."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GOALS = {
    "punctuation pairs compressed": ">= 90%",
    "line-start opening marks trimmed": "all",
    "loosest line (em per gap)": "<= 0.2",
    "uneven justified lines": "<= 10%",
    "line pitch (em), mean": "1.75 +- 0.02",
    "kinsoku violations": "0",
    "flush justified lines": "100%",
    "invisible characters": "0",
}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def bookforge(*arguments: str) -> None:
    subprocess.run([str(BIN / "bookforge"), "-q", *arguments, str(REPO)], check=True,
                   stdout=subprocess.DEVNULL)


def chromium_print(html: Path, pdf: Path) -> bool:
    """Chromium's headless print of ``html``; False if it failed."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf}", html.as_uri()]
    done = subprocess.run(command, capture_output=True, timeout=120)
    return done.returncode == 0 and pdf.exists()


def epub_invisibles(epub: Path) -> int:
    """Invisible characters (joiners, zero-width spaces, soft hyphens) in an EPUB's text."""
    from tests.typometrics import INVISIBLE

    with zipfile.ZipFile(epub) as archive:
        texts = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".xhtml")]
    return sum(len(INVISIBLE.findall(re.sub(r"<[^>]+>", "", t))) for t in texts)


def main() -> None:
    sys.path.insert(0, str(REPO))
    logging.disable(logging.WARNING)  # pdfminer's notes on Chromium's fonts
    from tests import typometrics

    folder = Path(tempfile.mkdtemp(prefix="bookforge-typography-"))
    outputs = {"bookforge interleaved": folder / "interleaved.pdf",
               "bookforge facing": folder / "facing.pdf"}
    bookforge("pdf", "-o", str(outputs["bookforge interleaved"]))
    bookforge("pdf", "--layout", "facing", "-o", str(outputs["bookforge facing"]))
    html = folder / "book.html"
    bookforge("html", "-o", str(html))
    if CHROMIUM and chromium_print(html, folder / "chromium.pdf"):
        outputs["Chromium (same HTML)"] = folder / "chromium.pdf"
    reports = {name: typometrics.report(pdf) for name, pdf in outputs.items()}
    print("typography of the sample's Chinese (clreq), read from the PDFs:")
    width = max(map(len, GOALS)) + 2
    print(" " * width + "".join(f"{name:>24}" for name in reports) + f"{'goal':>16}")
    for figure in next(iter(reports.values())):
        row = "".join(f"{report[figure]:>24}" for report in reports.values())
        print(f"{figure:<{width}}{row}{GOALS.get(figure, ''):>16}")
    if not CHROMIUM:
        print("(Chromium: not installed here; apt install chromium to compare)")
    for layout in ("interleaved", "facing"):
        epub = folder / f"{layout}.epub"
        bookforge("epub", "--layout", layout, "-o", str(epub))
        print(f"invisible characters in the {layout} EPUB's text: {epub_invisibles(epub)}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
