"""Align the blocks of an original and its translation when they do not pair one to one.

A monotone alignment by dynamic programming (after Gale & Church 1993, with hunalign's
dictionary and Bertalign's anchors), over beads 1-1, 1-0, 0-1, 2-1 and 1-2. A bead's cost
adds:
- length: how far the target's length is from the source's times the ratio of the two
  texts, a Han character counting as the characters it stands for on the other side (both
  estimated from the texts themselves, so English letters against Han characters
  calibrate themselves, and Latin names kept in the Chinese count as themselves);
- names and anchors: numbers, URLs, code, paths and Latin-script names that survive
  translation, shared or not shared by the two sides (between two alphabetic languages,
  cognates: words that share their first letters, and no anchor found on one side only:
  a translated label); without a dictionary, each block of a merged bead must not belie
  the other side's names on its own;
- words, for English against Chinese, German, French or Japanese (``lexicon``, ``freedict``):
  the share of the English words the other side glosses, and the share of the other side
  the English words account for; in a merged bead each of the two blocks must show its
  own words on the other side; between two alphabetic languages words weigh more;
- kind: a heading facing a heading, a list facing a list, a thematic break a break;
- the prior of the bead type (a left-out block costs more than a pair).
The DP runs in a band around the diagonal, a row at a time, with every cost of the band
computed beforehand as arrays (``band``), so long chapters align fast. It runs twice:
the lengths of the second run are calibrated on the pairs the first run found. On a long
chapter the band stays narrow, so that time and memory grow with the number of blocks, not
with its square: the first run searches ``FIRST_HALF`` cells either side of the diagonal,
the second ``MARGIN`` cells either side of the first run's path, kept inside the first band
so that it reads the evidence of its cells from the first run's grids (only the lengths
change with the calibration); wherever a path comes near an edge of its band, the search
runs again in a band twice as wide around it, up to the band a short chapter gets.

A bead's confidence is its margin: how much more the cheapest path costs that leaves the
chosen one somewhere in the bead's rows, from a second search run backwards over the same
costs (the cheapest path through a cell costs its cost from the start plus to the end).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, pairwise

import numpy as np

from bookforge.align import freedict, lexicon
from bookforge.align.band import Band, gather, overlap
from bookforge.align.features import MIXED, TEXT, Side, block_tokens, build_sides, han_weight
from bookforge.model import LOW_CONFIDENCE, Block

BEADS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
CALIBRATION_PAIRS = 5  # pairs found at the first pass needed to calibrate the second
FIRST_HALF = 25  # a long chapter's first band: cells either side of the diagonal
MARGIN = 12  # its second band: cells either side of the first path
PART_NAMES = 1.0  # weight of a merged bead's block whose names belie the other side
EDGE = 3  # a path this close to an edge of its band is searched again, wider
# A bead is uncertain when the best path that differs from the chosen one in the bead's
# rows costs less than this much more: the whole alignment's evidence, not the bead's own.
CERTAIN_MARGIN = 2.0
# Words weigh more between two alphabetic languages: the other side's function words (der,
# le), which gloss no English word, dilute the shares, so that right and wrong pairs differ
# by less than against Chinese (measured on Debian's manuals: ``make bench``).
ALPHABETIC_WORDS = 1.25
# A block of a merged bead with this many words or more, of which the other side glosses
# less than WEAK_PART, is no part of the bead: a translation glosses far more (none of the
# 1,329 true merged beads of Debian's manuals in seven language pairs has such a block; a
# left-out paragraph glued onto its neighbour can: ``tests/test_align.py``).
LONG_PART = 20
WEAK_PART = 0.2


@dataclass(frozen=True)
class Weights:
    """The aligner's constants: bead priors and the weight of each kind of evidence."""

    skip: float = 3.0  # prior of a 1-0 or 0-1 bead
    merge: float = 2.5  # prior of a 2-1 or 1-2 bead
    length: float = 1.0
    variance: float = 16.0  # per character of expected length
    names: float = 3.0
    words_said: float = 4.0
    words_said_chance: float = 0.3
    words_shown: float = 4.0
    words_shown_chance: float = 0.3
    part_chance: float = 0.4  # the share each block of a merged bead must show to break even
    weak_part: float = 6.0  # a merged bead with a long block the other side barely glosses
    mixed_merge: float = 3.0  # merging a heading with a paragraph


@dataclass(frozen=True)
class Bead:
    """Aligned block indices of each side (either may be empty) and a confidence 0..1."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float

    @property
    def unmatched(self) -> bool:
        return not (self.source and self.target)

    @property
    def uncertain(self) -> bool:
        return self.unmatched or self.score < LOW_CONFIDENCE


def tail_cost(delta: np.ndarray) -> np.ndarray:
    """-log of the two-sided tail probability of a standard normal at |delta| (the erfc
    of Abramowitz & Stegun 7.1.26, written in logs so that it holds far out)."""
    x = np.abs(delta) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return x * x - np.log(poly)


def confidence(margin: np.ndarray) -> np.ndarray:
    """How much more the best other path costs, mapped to 0..1 (0.5 at CERTAIN_MARGIN)."""
    return np.round(1.0 / (1.0 + np.exp(-2.0 * (margin - CERTAIN_MARGIN))), 3)


def _least(*grids: np.ndarray) -> np.ndarray:
    """The cellwise least of grids, ignoring NaN (NaN where all are)."""
    stacked = np.stack(grids)
    out = np.where(np.isnan(stacked), np.inf, stacked).min(axis=0)
    return np.where(np.isinf(out), np.nan, out)


class Aligner:
    """Aligns two block sequences; ``align()`` returns the beads in order."""

    def __init__(
        self, source: Sequence[Block], target: Sequence[Block], weights: Weights | None = None
    ) -> None:
        self.source, self.target = source, target
        self.weights = weights or Weights()
        n, m = len(source), len(target)
        # The band allows for left-out blocks bunched in one place, and is wider than the
        # step between neighbouring rows' centres, so that a path always crosses it.
        step = -(-m // max(n, 1)) + 2
        self.widest = max(15 + max(n, m) // 25, step)
        self.band = Band(n, m, max(min(self.widest, FIRST_HALF), step))
        self._evidence_grids: dict[tuple[int, int], np.ndarray] = {}
        self._earlier: tuple[Band, dict[tuple[int, int], np.ndarray]] = (self.band, {})
        self.per_han = self.ratio = 1.0

    @cached_property
    def languages(self) -> tuple[str | None, str | None]:
        """The language of the source and of the target (see ``lexicon.language``)."""
        return (
            lexicon.language(b.text for b in self.source),
            lexicon.language(b.text for b in self.target),
        )

    @cached_property
    def _glossing(self) -> tuple[str, Callable[..., lexicon.Reading]] | None:
        """Which side is English and how to read the other, when the other is in a language
        a dictionary glosses (Chinese; German, French or Japanese with their dictionary
        installed)."""
        source, target = self.languages
        if source == "en" and (read := freedict.reader(target)):
            return "source", read
        if target == "en" and (read := freedict.reader(source)):
            return "target", read
        return None

    @cached_property
    def english(self) -> str | None:
        """Which side is English, when the other is glossed in English."""
        return self._glossing[0] if self._glossing else None

    @cached_property
    def alphabetic(self) -> bool:
        """Whether both sides are written in letters (English and German, say)."""
        if {"zh", "ja"} & set(self.languages):
            return False
        return lexicon.is_alphabetic(b.text for b in chain(self.source, self.target))

    @cached_property
    def sides(self) -> tuple[Side, Side, Side, Side]:
        """Source blocks, source pairs, target blocks, target pairs."""
        english: Sequence[Block] = ()
        other: Sequence[Block] = ()
        read = None
        if self._glossing:
            side, read = self._glossing
            english, other = (
                (self.source, self.target) if side == "source" else (self.target, self.source)
            )
        said = {id(b): lexicon.read_english(b.text) for b in english}
        known = frozenset().union(*(r.words for r in said.values()))
        memo: dict[str, frozenset[str]] = {}
        glossed = {id(b): read(b.text, known, memo) for b in other} if read else {}
        translated = frozenset().union(*(r.words for r in glossed.values()))
        said |= glossed
        cognates = self.alphabetic
        source = [block_tokens(b, said.get(id(b)), translated, cognates) for b in self.source]
        target = [block_tokens(b, said.get(id(b)), translated, cognates) for b in self.target]
        return build_sides(source, target, self.english, cognates)

    def calibrate(self, pairs: Sequence[tuple[int, int]] | None = None) -> None:
        """Estimate how many source characters a Han character stands for, and the length
        ratio, from the given pairs of blocks (all blocks when none are given)."""
        source, _, target, _ = self.sides
        rows = [i for i, _ in pairs] if pairs else slice(None)
        cols = [j for _, j in pairs] if pairs else slice(None)
        totals = [
            (float(side.han[index].sum()), float(side.other[index].sum()))
            for side, index in ((source, rows), (target, cols))
        ]
        self.per_han = han_weight(*totals)
        length = [han * self.per_han + other for han, other in totals]
        self.ratio = (length[1] or 1.0) / (length[0] or 1.0)

    def _lengths(self, side: Side) -> np.ndarray:
        return np.maximum(side.other + self.per_han * side.han, 1.0)

    def _frame(self, a: int, b: int) -> tuple[Side, Side, np.ndarray, np.ndarray]:
        """For bead a-b: its two sides, the left index of each grid row (n + 1) and the
        right index of each cell (n + 1, width); a merged side is indexed by its first block."""
        source, source_pairs, target, target_pairs = self.sides
        return (
            source if a == 1 else source_pairs,
            target if b == 1 else target_pairs,
            np.arange(self.band.n + 1) - a,
            self.band.columns - b,
        )

    def _values(self, a: int, b: int, left: np.ndarray, right: np.ndarray):
        """Per-block arrays of the left and right side, read at every cell."""
        _, _, rows, cells = self._frame(a, b)
        return gather(left, rows)[:, None], gather(right, cells)

    def _shared(self, a: int, b: int, kind: str) -> np.ndarray:
        """The weight of the tokens (of ``kind``) each cell's two sides share."""
        s, t, rows, cells = self._frame(a, b)
        out = np.full(cells.shape, np.nan)
        valid = rows >= 0
        # A name weighs its rarity, on either side alike; a word weighs the product of
        # its two sides' values (rarity and 1 for 'said', 1 and share for 'shown').
        words = kind in ("said", "shown")
        left, right = getattr(s, kind), getattr(t, kind)
        out[valid] = overlap(left, right, cells[valid, 0], cells.shape[1], words)
        out[(cells < 0) | (cells >= right.count)] = np.nan
        return out

    def _names_cost(self, a: int, b: int) -> np.ndarray:
        """Shared names lower the cost (measured against the side with fewer: the
        original's other words are harmless). Numbers, URLs and code must match on both
        sides. Without a dictionary, two sides of several names and none shared raise the
        cost, and each block of a merged bead must not belie the other side on its own (a
        dictionary's words do both: a name one side lacks lowers the other's shares)."""
        if (a, b) == (1, 1):
            return self._single_names
        cost = self._names_of(a, b)
        if not self.english:
            single = self._single_names
            rows, cols = (1, 0) if a == 2 else (0, 1)
            against = np.fmax(self.band.shift_rows(single, rows, cols), single)
            cost += PART_NAMES * np.maximum(np.nan_to_num(against, nan=0.0), 0.0)
        return cost

    @cached_property
    def _single_names(self) -> np.ndarray:
        """The names cost of each 1-1 bead."""
        return self._names_of(1, 1)

    def _names_of(self, a: int, b: int) -> np.ndarray:
        """The names and anchors cost of bead a-b's two sides as they stand."""
        s, t, _, _ = self._frame(a, b)
        weight = self.weights.names
        shared = self._shared(a, b, "names")
        s_mass, t_mass = self._values(a, b, s.names.per_block(), t.names.per_block())
        s_count, t_count = self._values(a, b, s.names.count_per_block(), t.names.count_per_block())
        smaller = np.minimum(s_mass, t_mass)
        both = (s_count > 0) & (t_count > 0)
        overlap_share = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
        cost = np.where(both, -weight * overlap_share, 0.0)
        if not self.english:
            several = np.minimum(s_count, t_count) >= 2
            cost += np.where(both & (shared == 0) & several, 2.0, 0.0)
        shared = self._shared(a, b, "anchors")
        s_mass, t_mass = self._values(a, b, s.anchors.per_block(), t.anchors.per_block())
        both = (s_mass > 0) & (t_mass > 0)
        dice = np.divide(2 * shared, s_mass + t_mass, out=np.zeros_like(shared), where=both)
        return cost + np.where(both, np.where(shared > 0, -weight * dice, 1.5), 0.0)

    def _kind_cost(self, a: int, b: int) -> np.ndarray:
        s, t, _, _ = self._frame(a, b)
        s_kind, t_kind = self._values(a, b, s.kinds.astype(float), t.kinds.astype(float))
        merged = (s_kind == MIXED) | (t_kind == MIXED)
        differ = (s_kind != t_kind) & ~merged
        alike = (s_kind == t_kind) & (s_kind != TEXT)
        return np.where(differ, 2.5, np.where(alike, -1.0, 0.0)) + np.where(
            merged, self.weights.mixed_merge, 0.0
        )

    def _english(self, a: int, b: int, values: Callable[[Side], np.ndarray]) -> np.ndarray:
        """A per-block array of bead a-b's English side, read at every cell."""
        s, t, rows, cells = self._frame(a, b)
        english, index = (s, rows[:, None]) if self.english == "source" else (t, cells)
        return gather(values(english), index) + np.zeros(cells.shape)

    def _said(self, a: int, b: int) -> np.ndarray:
        """The share of the English words (weighted by rarity) the Chinese glosses; NaN
        where the English has none."""
        mass = self._english(a, b, lambda side: side.said.per_block())
        shared = self._shared(a, b, "said")
        return np.divide(shared, mass, out=np.full(mass.shape, np.nan), where=mass > 0)

    def _shown(self, a: int, b: int) -> np.ndarray:
        """The share of the Chinese the English words account for; NaN where the Chinese
        has no words at all."""
        s, t, rows, cells = self._frame(a, b)
        chinese, index = (t, cells) if self.english == "source" else (s, rows[:, None])
        readable = gather(chinese.readable.astype(float), index) + np.zeros(cells.shape)
        return np.where(readable > 0, np.minimum(self._shared(a, b, "shown"), 1.0), np.nan)

    @cached_property
    def _single(self) -> tuple[np.ndarray, np.ndarray]:
        """Said and shown of the 1-1 beads."""
        return self._said(1, 1), self._shown(1, 1)

    def _words_cost(self, a: int, b: int) -> np.ndarray:
        """For English against Chinese: low when each side shows the other's words. In a
        merged bead, each block of the merged side must show its words on the other side
        (and more than chance: a long block glosses some words of any other)."""
        w = self.weights
        said, shown = self._single
        said_chance, shown_chance = w.words_said_chance, w.words_shown_chance
        scale = ALPHABETIC_WORDS if self.alphabetic else 1.0
        weak = 0.0
        if (a, b) != (1, 1):
            rows, cols = (1, 0) if a == 2 else (0, 1)
            if (a == 2) == (self.english == "source"):  # the English side is merged
                # a block with no words shows nothing: it is no part of a merged bead
                said = np.nan_to_num(said, nan=0.0)
                words = self._english(1, 1, lambda side: side.said.count_per_block())
                weak = ((said < WEAK_PART) & (words >= LONG_PART)).astype(float)
                weak = np.maximum(self.band.shift_rows(weak, rows, cols), weak)
                said = np.minimum(self.band.shift_rows(said, rows, cols), said)
                shown = self._shown(a, b)
                said_chance = w.part_chance
            else:
                shown = _least(self.band.shift_rows(shown, rows, cols), shown)
                said = self._said(a, b)
                shown_chance = w.part_chance
        cost = np.where(np.isnan(said), 0.0, scale * w.words_said * (said_chance - said))
        cost += np.nan_to_num(weak, nan=0.0) * w.weak_part
        return cost + np.where(
            np.isnan(shown), 0.0, scale * w.words_shown * (shown_chance - shown)
        )

    def _evidence(self, a: int, b: int) -> np.ndarray:
        """The costs of bead a-b that do not depend on lengths: names, kind and words (read
        from the last band's, when it held every cell of this one)."""
        if (a, b) not in self._evidence_grids:
            band, grids = self._earlier
            if (a, b) in grids and band.holds(self.band):
                cost = band.read(grids[(a, b)], self.band)
            else:
                cost = self._names_cost(a, b) + self._kind_cost(a, b)
                cost = cost + self._words_cost(a, b) if self.english else cost
            self._evidence_grids[(a, b)] = cost
        return self._evidence_grids[(a, b)]

    def costs(self, a: int, b: int) -> np.ndarray:
        """The cost of bead a-b ending at each cell of the band; inf where it cannot."""
        w = self.weights
        s, t, _, _ = self._frame(a, b)
        s_length, t_length = self._values(a, b, self._lengths(s), self._lengths(t))
        expected = s_length * self.ratio
        delta = (t_length - expected) / np.sqrt(np.maximum(expected, 1.0) * w.variance + 1.0)
        prior = w.merge if (a, b) != (1, 1) else 0.0
        cost = prior + w.length * tail_cost(delta) + self._evidence(a, b)
        return np.where(np.isnan(cost), np.inf, cost)

    def align(self) -> list[Bead]:
        """The lowest-cost monotone alignment within the band, found twice: the second time
        with the lengths calibrated on the pairs the first found (left-out blocks would
        otherwise skew the ratio of the two texts)."""
        self.calibrate()
        path = self._search(self.band)
        pairs = [start for start, end in pairwise(path) if _steps(start, end) == (1, 1)]
        if len(pairs) >= CALIBRATION_PAIRS:
            self.calibrate(pairs)
            n, m = len(self.source), len(self.target)
            narrow = self.band.half < self.widest
            around = Band.around(n, m, path, MARGIN).within(self.band) if narrow else self.band
            path = self._search(around)
        return self._beads(path)

    def _use(self, band: Band) -> None:
        """Search ``band`` from now on (the last band's evidence is kept, to be read where
        it holds the new band's cells; its other grids no longer apply)."""
        self._earlier = (self.band, self._evidence_grids)
        self.band = band
        self._evidence_grids = {}
        self.__dict__.pop("_single", None)
        self.__dict__.pop("_single_names", None)

    def _search(self, band: Band) -> list[tuple[int, int]]:
        """The best path within ``band``, or, where it comes near an edge that is not the
        grid's, within wider bands around it, up to the widest."""
        n, m = len(self.source), len(self.target)
        margin = MARGIN
        while band.half < self.widest:
            self._use(band)
            try:
                path = self._best_path()
            except ValueError:  # no path inside the band
                break
            if not band.near_edge(path, EDGE):
                return path
            margin *= 2
            band = Band.around(n, m, path, margin)
        self._use(Band(n, m, self.widest))
        return self._best_path()

    def _grids(self) -> dict[tuple[int, int], np.ndarray]:
        """The cost grids of the beads that take a block from each side."""
        return {bead: self.costs(*bead) for bead in ((1, 1), (2, 1), (1, 2))}

    def _best_path(self) -> list[tuple[int, int]]:
        """The grid points of the cheapest path from (0, 0) to (n, m); the cheapest cost from
        (0, 0) to every cell is kept for ``_beads``."""
        band, w = self.band, self.weights
        n, m, width = band.n, band.m, band.width
        lo = band.lo
        columns = band.columns
        void = (columns < 0) | (columns > m)
        grids = self._grids()
        total = np.full((n + 1, width), np.inf)
        step = np.zeros((n + 1, width), dtype=np.int8)
        ramp = np.arange(width) * w.skip
        options = np.empty((5, width))
        for i in range(n + 1):
            options.fill(np.inf)
            if i == 0:
                options[0, columns[0] == 0] = 0.0
            for code, (a, b) in enumerate(BEADS):
                if a == 0 or i < a:
                    continue
                # options[code, k] = total[i - a, k + offset] + the bead's cost at (i, k)
                offset = lo[i] - lo[i - a] - b
                start, stop = max(0, -offset), min(width, width - offset)
                if start < stop:
                    previous = total[i - a, start + offset : stop + offset]
                    cost = grids[(a, b)][i, start:stop] if (a, b) in grids else w.skip
                    np.add(previous, cost, out=options[code, start:stop])
            best = options.argmin(axis=0)
            here = options[best, np.arange(width)]
            # 0-1 beads move along the row: the least of here[k'] + (k - k') * skip.
            along = np.minimum.accumulate(here - ramp) + ramp
            from_left = np.concatenate(([False], along[1:] < here[1:] - 1e-12))
            total[i] = np.where(void[i], np.inf, np.where(from_left, along, here))
            step[i] = np.where(from_left, 2, best)
            if i == 0:
                step[i] = np.where(from_left, 2, -1)
        self._solved = total, grids
        return self._trace(total, step)

    def _trace(self, total: np.ndarray, step: np.ndarray) -> list[tuple[int, int]]:
        lo = self.band.lo
        i, j = self.band.n, self.band.m
        if not np.isfinite(total[i, j - lo[i]]):
            raise ValueError("alignment band too narrow")
        path = [(i, j)]
        while (i, j) != (0, 0):
            a, b = BEADS[step[i, j - lo[i]]]
            i, j = i - a, j - b
            path.append((i, j))
        return path[::-1]

    def _to_end(self, grids: dict[tuple[int, int], np.ndarray]) -> np.ndarray:
        """The cheapest cost from every cell of the band to (n, m): the search of
        ``_best_path`` run backwards over the same grids."""
        band, w = self.band, self.weights
        n, m, width, lo = band.n, band.m, band.width, band.lo
        void = (band.columns < 0) | (band.columns > m)
        rest = np.full((n + 1, width), np.inf)
        ramp = np.arange(width) * w.skip
        options = np.empty((5, width))
        for i in range(n, -1, -1):
            options.fill(np.inf)
            if i == n:
                options[0, band.columns[n] == m] = 0.0
            for code, (a, b) in enumerate(BEADS):
                if a == 0 or i + a > n:
                    continue
                # options[code, k] = the bead's cost at (i + a, k + offset) + rest there
                offset = lo[i] + b - lo[i + a]
                start, stop = max(0, -offset), min(width, width - offset)
                if start < stop:
                    after = slice(start + offset, stop + offset)
                    cost = grids[(a, b)][i + a, after] if (a, b) in grids else w.skip
                    np.add(rest[i + a, after], cost, out=options[code, start:stop])
            here = options.min(axis=0)
            # 0-1 beads move along the row: the least of here[k'] + (k' - k) * skip, k' > k.
            later = np.minimum.accumulate((here + ramp)[::-1])[::-1]
            along = np.concatenate((later[1:], [np.inf])) - ramp
            rest[i] = np.where(void[i], np.inf, np.minimum(here, along))
        return rest

    def _beads(self, path: list[tuple[int, int]]) -> list[Bead]:
        """The beads of the path found last, each with its confidence: how much more the
        cheapest path costs that leaves the found one anywhere in the bead's rows (through
        each cell, the cheapest path costs its cost from the start plus its cost to the end).
        A block whose translation was left out, glued to its neighbour, or a stretch paired
        one place off, has a rival path close in cost; a right bead does not, however
        costly it is itself."""
        total, grids = self._solved
        band = self.band
        through = total + self._to_end(grids)
        rows, columns = np.array(path).T
        on_path = np.zeros(through.shape, dtype=bool)
        on_path[rows, columns - band.lo[rows]] = True
        best = through[band.n, band.m - band.lo[band.n]]
        other = np.where(on_path, np.inf, through).min(axis=1) - best
        margins = np.array([other[i : k + 1].min() for (i, _), (k, _) in pairwise(path)])
        scores = confidence(margins)
        return [
            Bead(tuple(range(i, k)), tuple(range(j, end)), float(score))
            for ((i, j), (k, end)), score in zip(pairwise(path), scores, strict=True)
        ]


def _steps(start: tuple[int, int], end: tuple[int, int]) -> tuple[int, int]:
    """The bead type (a, b) between two points of a path."""
    return end[0] - start[0], end[1] - start[1]


def align_blocks(
    source: Sequence[Block], target: Sequence[Block], weights: Weights | None = None
) -> list[Bead]:
    """Align two block sequences."""
    if not source or not target:
        return [Bead((i,), (), 1.0) for i in range(len(source))] + [
            Bead((), (j,), 1.0) for j in range(len(target))
        ]
    return Aligner(source, target, weights).align()
