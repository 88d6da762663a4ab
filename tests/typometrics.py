"""Measure Chinese typesetting from a PDF's glyph boxes (pdfplumber)."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z0-9]")
HEAD_ZONE = 15 * 72 / 25.4  # running heads sit above this line
CLOSING = set("，。、；：？！）」』》”’…")
OPENING = set("（「『《“‘")


@dataclass
class Line:
    page: int
    baseline: float
    chars: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def visible(self) -> list[dict]:
        return [c for c in self.chars if c["text"].strip()]

    @property
    def is_chinese(self) -> bool:
        return bool(HAN.search(self.text))


def lines(path: Path, first_page: int = 2) -> list[Line]:
    """Text lines of the body pages, grouped by baseline, chars sorted left to right."""
    result = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if number < first_page:
                continue
            grouped: dict[float, list[dict]] = defaultdict(list)
            for char in page.chars:
                if char["top"] < HEAD_ZONE:  # running heads
                    continue
                grouped[round(char["matrix"][5], 0)].append(char)
            for baseline in sorted(grouped, reverse=True):
                chars = sorted(grouped[baseline], key=lambda c: c["x0"])
                result.append(Line(number, baseline, chars))
    return result


def _is_folio(line: Line) -> bool:
    return line.text.strip().isdigit()


def chinese_lines(all_lines: list[Line]) -> list[tuple[Line, bool | None]]:
    """Chinese body lines with whether each is the last of its paragraph (None: unknown,
    at a page foot)."""
    body = [line for line in all_lines if not _is_folio(line)]
    pitches = [
        round(a.baseline - b.baseline, 1)
        for a, b in itertools.pairwise(body)
        if a.page == b.page and a.is_chinese and b.is_chinese
    ]
    pitch = max(set(pitches), key=pitches.count)
    result = []
    for index, line in enumerate(body):
        if not line.is_chinese:
            continue
        following = body[index + 1] if index + 1 < len(body) else None
        if following is None or following.page != line.page:
            result.append((line, None))
        else:
            continued = abs((line.baseline - following.baseline) - pitch) < 1.5 and (
                following.is_chinese
            )
            result.append((line, not continued))
    return result


def prohibited_line_edges(path: Path) -> list[str]:
    """Chinese lines starting with closing or ending with opening punctuation."""
    bad = []
    for line, _ in chinese_lines(lines(path)):
        text = "".join(c["text"] for c in line.visible)
        if text and (text[0] in CLOSING or text[-1] in OPENING):
            bad.append(text)
    return bad


def flush_right_share(path: Path, tolerance: float = 1.0) -> tuple[float, int]:
    """Share of non-final Chinese paragraph lines ending within ``tolerance`` pt of the
    right edge of the text block (the rightmost line end on that page)."""
    all_lines = lines(path)
    right_edge: dict[int, float] = defaultdict(float)
    for line in all_lines:
        if line.visible and not _is_folio(line):
            right_edge[line.page] = max(right_edge[line.page], line.visible[-1]["x1"])
    measured = [
        line
        for line, final in chinese_lines(all_lines)
        if final is False and line.visible and line.visible[0]["x0"] < right_edge[line.page] - 100
    ]
    flush = [ln for ln in measured if right_edge[ln.page] - ln.visible[-1]["x1"] <= tolerance]
    return (len(flush) / len(measured) if measured else 0.0), len(measured)


def han_latin_gaps(path: Path) -> list[float]:
    """Gaps (in ems of the Han font size) between adjacent Han and Latin glyphs."""
    gaps = []
    for line, _ in chinese_lines(lines(path)):
        chars = line.visible
        for a, b in itertools.pairwise(chars):
            pair = (a["text"], b["text"])
            if (HAN.match(pair[0]) and LATIN.match(pair[1])) or (
                LATIN.match(pair[0]) and HAN.match(pair[1])
            ):
                han = a if HAN.match(a["text"]) else b
                gaps.append((b["x0"] - a["x1"]) / han["size"])
    return gaps


def latin_in_cjk_font_share(path: Path) -> float:
    """Share of ASCII letters set in a CJK font."""
    letters = [c for line in lines(path, 1) for c in line.visible if LATIN.match(c["text"])]
    in_cjk = [c for c in letters if "CJK" in c["fontname"]]
    return len(in_cjk) / len(letters)


def english_apostrophe_widths(path: Path) -> list[float]:
    """Widths (in ems) of ’ on lines without Han."""
    return [
        (c["x1"] - c["x0"]) / c["size"]
        for line in lines(path, 1)
        if not line.is_chinese
        for c in line.visible
        if c["text"] == "’"
    ]


def chinese_text(path: Path) -> str:
    """The text of the Chinese lines, joined."""
    return "".join(
        "".join(c["text"] for c in line.visible) for line, _ in chinese_lines(lines(path))
    )
