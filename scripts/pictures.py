"""Pictures for the README, made from the sample's PDFs: an interleaved page and a facing
spread (the first spread whose two pages both hold text)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]


def page_png(pdf: Path, number: int, folder: Path) -> Image.Image:
    """One page of ``pdf`` at 70 dpi."""
    stem = folder / f"{pdf.stem}-{number}"
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(number), "-l", str(number),
                    "-singlefile", str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def main() -> None:
    build, docs = REPO / "build", REPO / "docs"
    docs.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        interleaved = page_png(build / "open-source-as-defense-interleaved.pdf", 4, Path(folder))
        interleaved.save(docs / "interleaved-page.png", optimize=True)
        left = page_png(build / "open-source-as-defense-facing.pdf", 6, Path(folder))
        right = page_png(build / "open-source-as-defense-facing.pdf", 7, Path(folder))
        spread = Image.new("RGB", (left.width + right.width + 2, left.height), "#888888")
        spread.paste(left, (0, 0))
        spread.paste(right, (left.width + 2, 0))
        spread.save(docs / "facing-spread.png", optimize=True)
    pictures = f"{docs / 'interleaved-page.png'} and {docs / 'facing-spread.png'}"
    print(f"wrote {pictures}", file=sys.stderr)


if __name__ == "__main__":
    main()
