"""Align the blocks of an original and its translation when they do not pair one to one.

A monotone alignment by dynamic programming (after Gale & Church 1993, with hunalign's and
Bertalign's idea of anchors), over beads 1-1, 1-0, 0-1, 2-1 and 1-2. A bead's cost adds:
- length: how far the target's length is from the source's times the ratio of the two
  texts (estimated from the texts themselves, so English letters against Han characters
  calibrate themselves);
- anchors: numbers, URLs, code and Latin-script names that survive translation, shared or
  not shared by the two sides;
- kind: a heading facing a heading, a list facing a list;
- the prior of the bead type (a left-out block costs more than a pair).
The DP is banded around the diagonal, so long chapters align fast.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from bookforge.model import Block

BEADS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
PRIOR = {(1, 1): 0.0, (1, 0): 3.0, (0, 1): 3.0, (2, 1): 3.5, (1, 2): 3.5}
LOW_CONFIDENCE = 0.5
LENGTH_WEIGHT = 0.35
VARIANCE = 8.0
ANCHOR_WEIGHT = 3.0
MIXED_MERGE = 3.0  # merging a heading with a paragraph
_number = re.compile(r"\d+(?:[.,]\d+)*")
_url = re.compile(r"https?://\S+|www\.\S+")
_symbol = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|--?[A-Za-z][\w-]+|\b[A-Z][A-Z0-9_]{1,}\b")
_latin = re.compile(r"[A-Za-z][A-Za-z0-9+#.'’-]*[A-Za-z0-9+#]|[A-Z]")
_han = re.compile(r"[\u3400-\u9fff]")


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


@dataclass(frozen=True)
class Features:
    """What the cost looks at in one block."""

    length: float
    anchors: frozenset[str]
    latin: frozenset[str]
    kind: str


def features(block: Block) -> Features:
    """Length, anchors and kind of a block."""
    text = block.text
    han = len(_han.findall(text))
    length = float(han + len(re.sub(r"\s", "", _han.sub("", text))))
    numbers = {n.replace(",", "") for n in _number.findall(text)}
    urls = set(_url.findall(text))
    # Latin words: in CJK text each is a name or a term kept from the original; the
    # overlap is measured against the smaller side, so the original's other words are
    # harmless.
    names = {w.lower().rstrip(".'’") for w in _latin.findall(_url.sub(" ", text))}
    kind = (
        "heading"
        if block.kind == "heading"
        else "list"
        if block.kind == "list"
        else ("code" if block.kind == "code" else "text")
    )
    symbols = set(_symbol.findall(text))
    code = {f"code:{text}"} if kind == "code" else set()
    anchors = frozenset(numbers | urls | symbols | code)
    return Features(max(length, 1.0), anchors, frozenset(names) | anchors, kind)


def _merge(parts: Sequence[Features]) -> Features:
    return Features(
        sum(p.length for p in parts),
        frozenset().union(*(p.anchors for p in parts)),
        frozenset().union(*(p.latin for p in parts)),
        parts[0].kind if len({p.kind for p in parts}) == 1 else "mixed",
    )


def _norm_sf(delta: float) -> float:
    """-log of the two-sided tail probability of a standard normal at |delta|."""
    probability = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(max(probability, 1e-12))


@dataclass
class Aligner:
    """Aligns two block sequences; ``align()`` returns the beads in order."""

    source: Sequence[Block]
    target: Sequence[Block]

    @cached_property
    def _src(self) -> list[Features]:
        return [features(b) for b in self.source]

    @cached_property
    def _tgt(self) -> list[Features]:
        return [features(b) for b in self.target]

    @cached_property
    def _src2(self) -> list[Features]:
        """Each two neighbouring source blocks merged (for 2-1 beads)."""
        return [_merge(self._src[k : k + 2]) for k in range(len(self._src) - 1)]

    @cached_property
    def _tgt2(self) -> list[Features]:
        return [_merge(self._tgt[k : k + 2]) for k in range(len(self._tgt) - 1)]

    @cached_property
    def ratio(self) -> float:
        """Target length per unit of source length, estimated from the two texts."""
        total_source = sum(f.length for f in self._src) or 1.0
        return (sum(f.length for f in self._tgt) or 1.0) / total_source

    @cached_property
    def _weight(self) -> dict[str, float]:
        """Inverse document frequency of each token over both sides: a name found in
        every block tells nothing, a rare one a lot."""
        blocks = self._src + self._tgt
        counts: dict[str, int] = {}
        for f in blocks:
            for token in f.latin:
                counts[token] = counts.get(token, 0) + 1
        return {token: math.log(1 + len(blocks) / count) for token, count in counts.items()}

    def _mass(self, tokens: frozenset[str]) -> float:
        """The summed weight of a token set (cached: the same sets come back often)."""
        cache = self.__dict__.setdefault("_masses", {})
        if tokens not in cache:
            weight = self._weight
            cache[tokens] = sum(weight.get(x, 1.0) for x in tokens)
        return cache[tokens]

    def _overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        shared = a & b
        if not shared:
            return 0.0
        weight = self._weight
        smaller = min(self._mass(a), self._mass(b))
        return sum(weight.get(x, 1.0) for x in shared) / smaller if smaller else 0.0

    def _anchor_cost(self, s: Features, t: Features) -> float:
        cost = 0.0
        if s.latin and t.latin:
            overlap = self._overlap(s.latin, t.latin)
            cost -= ANCHOR_WEIGHT * overlap
            if not overlap and min(len(s.latin), len(t.latin)) >= 2:
                cost += 2.0
        if s.anchors and t.anchors:
            overlap = self._overlap(s.anchors, t.anchors)
            cost += 1.5 if not overlap else -ANCHOR_WEIGHT * overlap
        if s.kind != t.kind and "mixed" not in (s.kind, t.kind):
            cost += 2.5
        elif s.kind == t.kind and s.kind != "text":
            cost -= 1.0
        return cost

    def bead_cost(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of the bead taking source blocks i-a..i-1 and target blocks j-b..j-1."""
        prior = PRIOR[(a, b)]
        if a == 0 or b == 0:
            return prior
        s = self._src[i - 1] if a == 1 else self._src2[i - 2]
        t = self._tgt[j - 1] if b == 1 else self._tgt2[j - 2]
        expected = s.length * self.ratio
        delta = (t.length - expected) / math.sqrt(max(expected, 1.0) * VARIANCE + 1.0)
        mixed = MIXED_MERGE if s.kind == "mixed" or t.kind == "mixed" else 0.0
        return prior + LENGTH_WEIGHT * _norm_sf(delta) + self._anchor_cost(s, t) + mixed

    def align(self) -> list[Bead]:
        """The lowest-cost monotone alignment, within a band around the diagonal."""
        n, m = len(self.source), len(self.target)
        # The centre line runs from (0, 0) to (n, m); the band allows for left-out blocks
        # bunched in one place.
        band = 15 + max(n, m) // 25
        inf = float("inf")
        cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
        back: dict[tuple[int, int], tuple[int, int]] = {}
        for i in range(n + 1):
            centre = round(i * m / n) if n else 0
            for j in range(max(0, centre - band), min(m, centre + band) + 1):
                if i == 0 and j == 0:
                    continue
                best, step = inf, None
                for a, b in BEADS:
                    previous = cost.get((i - a, j - b))
                    if previous is None or i - a < 0 or j - b < 0:
                        continue
                    total = previous + self.bead_cost(i, j, a, b)
                    if total < best:
                        best, step = total, (a, b)
                if step is not None:
                    cost[(i, j)], back[(i, j)] = best, step
        if (n, m) not in cost:
            raise ValueError("alignment band too narrow")
        beads: list[Bead] = []
        i, j = n, m
        while (i, j) != (0, 0):
            a, b = back[(i, j)]
            own = self.bead_cost(i, j, a, b)
            beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), _confidence(own)))
            i, j = i - a, j - b
        return beads[::-1]


def _confidence(cost: float) -> float:
    """A bead's cost mapped to 0..1 (a cheap bead is a confident one)."""
    return round(1.0 / (1.0 + math.exp(cost - 1.5)), 3)


def align_blocks(source: Sequence[Block], target: Sequence[Block]) -> list[Bead]:
    """Align two block sequences."""
    if not source or not target:
        return [Bead((i,), (), 1.0) for i in range(len(source))] + [
            Bead((), (j,), 1.0) for j in range(len(target))
        ]
    return Aligner(source, target).align()
