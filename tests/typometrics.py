"""Measure Chinese typesetting from a PDF's glyph boxes (pdfplumber)."""

from __future__ import annotations

import itertools
import re
import statistics
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
                exact = statistics.median(c["matrix"][5] for c in chars)
                result.append(Line(number, exact, chars))
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


CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’]")
FULL_WIDTH_MARKS = (CLOSING | OPENING) - {"…"}  # …… is one mark, not a pair
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


def _size(line: Line) -> float:
    han = [c["size"] for c in line.visible if HAN.match(c["text"])]
    return max(set(han), key=han.count) if han else 0.0


def punctuation_pairs(all_lines: list[Line]) -> tuple[int, int]:
    """Adjacent full-width punctuation marks on one line: (compressed, total). A pair is
    compressed when one of its marks advances half an em less than the other (whatever
    justification added to both); at a line end, when the first advances 0.6 em or less
    beyond the line's justification gap."""
    compressed = total = 0
    for line, _ in chinese_lines(all_lines):
        size = _size(line) or 10.5
        extra = (line_looseness(line) or 0.0) * size
        chars = line.visible
        for index, (a, b) in enumerate(itertools.pairwise(chars)):
            if a["text"] in FULL_WIDTH_MARKS and b["text"] in FULL_WIDTH_MARKS:
                if a["text"] in OPENING and b["text"] in CLOSING:
                    continue  # （） touch already
                total += 1
                first = b["x0"] - a["x0"]
                if index + 2 < len(chars):
                    second = chars[index + 2]["x0"] - b["x0"]
                    compressed += abs(first - second) >= 0.4 * size
                else:
                    compressed += first - extra <= 0.6 * size
    return compressed, total


def justified_gaps(line: Line) -> list[float]:
    """Extra space (ems) after each Han character followed by a full-width character:
    what justification added there (punctuation may be set half-width, so the space
    after it is not measured)."""
    size = _size(line)
    return [
        (b["x0"] - a["x0"]) / size - 1
        for a, b in itertools.pairwise(line.visible)
        if HAN.match(a["text"]) and CJK_CHAR.match(b["text"])
    ]


def latin_gaps(line: Line) -> list[float]:
    """Extra space (ems of the Han size) between consecutive Latin letters or digits of a
    line, beyond their own advance (kerning aside): what justification added there."""
    size = _size(line)
    return [
        ((b["x0"] - a["x0"]) - (a["x1"] - a["x0"])) / size
        for a, b in itertools.pairwise(line.chars)
        if LATIN.match(a["text"]) and LATIN.match(b["text"])
    ]


def line_looseness(line: Line) -> float | None:
    """Extra space per gap of a justified line: the median over its Han gaps or over its
    Latin letters, whichever is wider (a line of Latin words in Chinese text may be spread
    either between its few Han characters or between letters too); None if unmeasured."""
    medians = [
        statistics.median(gaps)
        for gaps, least in ((justified_gaps(line), 2), (latin_gaps(line), 3))
        if len(gaps) >= least
    ]
    return max(medians) if medians else None


def justified_lines(all_lines: list[Line]) -> list[Line]:
    """Chinese lines that are not the last of their paragraph, with three gaps or more."""
    return [
        line
        for line, final in chinese_lines(all_lines)
        if final is False and len(justified_gaps(line)) >= 3
    ]


def is_uneven(gaps: list[float]) -> bool:
    """The widest gap at least 1.25 times the median or the narrowest at most 0.75 times
    it, by more than 0.01 em either way."""
    median = statistics.median(gaps)
    wide = max(gaps) >= 1.25 * median and max(gaps) - median > 0.01
    narrow = min(gaps) <= 0.75 * median and median - min(gaps) > 0.01
    return wide or narrow


def line_pitches(all_lines: list[Line]) -> list[float]:
    """Distances (ems) between consecutive Chinese lines of one paragraph."""
    body = [line for line, final in chinese_lines(all_lines)]
    return [
        (a.baseline - b.baseline) / _size(a)
        for a, b in itertools.pairwise(body)
        if a.page == b.page and 0 < a.baseline - b.baseline < 1.9 * _size(a)
    ]


def line_start_marks(all_lines: list[Line]) -> tuple[int, int]:
    """Chinese lines starting at the margin with a full-width opening mark: (trimmed, total);
    trimmed where the mark's origin sits half an em left of the margin (the margin: where
    most Chinese lines of the page start)."""
    starts: dict[int, list[float]] = defaultdict(list)
    chinese = [line for line, _ in chinese_lines(all_lines) if line.visible]
    for line in chinese:
        starts[line.page].append(round(line.visible[0]["x0"], 1))
    trimmed = total = 0
    for line in chinese:
        first, margin = line.visible[0], max(set(starts[line.page]), key=starts[line.page].count)
        size = _size(line) or first["size"]
        if first["text"] in OPENING and first["x0"] < margin + 0.25 * size:
            total += 1
            trimmed += abs(first["x0"] - (margin - size / 2)) < 0.05 * size
    return trimmed, total


def report(path: Path, text: str | None = None) -> dict[str, str]:
    """The clreq figures of one PDF, each as printed in the typography report."""
    all_lines = lines(path)
    compressed, pairs = punctuation_pairs(all_lines)
    justified = justified_lines(all_lines)
    uneven = sum(is_uneven(justified_gaps(line)) for line in justified)
    looseness = [line_looseness(line) for line, final in chinese_lines(all_lines) if final is False]
    loosest = max((x for x in looseness if x is not None), default=0.0)
    pitches = line_pitches(all_lines)
    flush, measured = flush_right_share(path)
    extracted = text if text is not None else chinese_text(path)
    trimmed, starting = line_start_marks(all_lines)
    return {
        "punctuation pairs compressed": f"{compressed}/{pairs}",
        "line-start opening marks trimmed": f"{trimmed}/{starting}",
        "loosest line (em per gap)": f"{loosest:.2f}",
        "uneven justified lines": f"{uneven}/{len(justified)}",
        "line pitch (em), mean": f"{statistics.mean(pitches):.3f}" if pitches else "-",
        "line pitch (em), range": f"{min(pitches):.2f}–{max(pitches):.2f}" if pitches else "-",
        "kinsoku violations": str(len(prohibited_line_edges(path))),
        "flush justified lines": f"{flush:.0%} of {measured}",
        "invisible characters": str(len(INVISIBLE.findall(extracted))),
    }
