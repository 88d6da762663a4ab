"""The pairing review: a self-contained HTML page that shows a translator how bookforge
paired the book, both languages side by side, one row per pair, each row coloured by its
confidence, the blocks that need a look (left alone, or paired with low confidence) listed
first, every block with its file and line, and the marker that fixes each problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bookforge.model import Book, Pair
from bookforge.output import atomic_output
from bookforge.styles import default_styles_dir, styles_dir
from bookforge.templates import render


@dataclass(frozen=True)
class ReviewRow:
    """One pair as the review shows it."""

    pair: Pair
    chapter: str
    files: dict[str, str]  # role -> file name relative to manuscript/
    status: str  # "certain", "aligned", "uncertain", "kept" (alone by a marker), "alone"
    fix: str | None  # what to write where, for a row that needs a look

    def where(self, role: str) -> str:
        """``zh-Hans/01.md:12`` for the first block of one side, or ''."""
        blocks = self.pair.side(role)
        return f"{self.files[role]}:{blocks[0].line}" if blocks else ""


def _status(pair: Pair) -> str:
    if not (pair.source and pair.target):
        blocks = pair.source or pair.target
        return "kept" if all(block.marker for block in blocks) else "alone"
    if pair.score is None:
        return "certain"
    return "uncertain" if pair.uncertain else "aligned"


def _fix(row_pair: Pair, status: str, files: dict[str, str]) -> str | None:
    """The marker that settles a row: keep a block alone, or confirm a pair."""
    name = f"p{row_pair.number}"
    if status == "alone":
        role = "source" if row_pair.source else "target"
        line = row_pair.side(role)[0].line
        return (
            f"untranslated? add {{#{name}}} on the line above {files[role]}:{line} to keep it "
            f"alone; if its counterpart exists, add {{#{name}}} above that block too"
        )
    if status == "uncertain":
        source, target = row_pair.source[0].line, row_pair.target[0].line
        return (
            f"if these belong together, add {{#{name}}} above {files['source']}:{source} and "
            f"above {files['target']}:{target}; if not, give each its own marker"
        )
    return None


def review_rows(book: Book) -> list[ReviewRow]:
    """Every pair of the book, in reading order, with its status and fix."""
    manuscript = book.root / "manuscript"
    rows = []
    for chapter in book.chapters:
        files = {
            role: (path.relative_to(manuscript).as_posix() if path else "")
            for role, path in chapter.files.items()
        }
        for pair in chapter.pairs:
            status = _status(pair)
            rows.append(ReviewRow(pair, chapter.slug, files, status, _fix(pair, status, files)))
    return rows


def review_html(book: Book, warnings: list[str]) -> str:
    """The review page, its stylesheet inlined."""
    sheet = styles_dir(book.root) / "review.css"
    if not sheet.is_file():
        sheet = default_styles_dir() / "review.css"
    rows = review_rows(book)
    attention = [row for row in rows if row.fix]
    return render(
        "review.html.j2",
        book=book,
        rows=rows,
        attention=attention,
        warnings=warnings,
        css=sheet.read_text(encoding="utf-8"),
    )


def write_review(book: Book, warnings: list[str], target: Path) -> Path:
    """Write the review page to ``target``."""
    with atomic_output(target) as temporary:
        temporary.write_text(review_html(book, warnings), encoding="utf-8")
    return target
