"""The diagonal band the aligner searches, and token overlaps computed over it at once.

Every cost the aligner needs is a sum over the tokens two blocks share (names, numbers,
dictionary words). Rather than compare the blocks pair by pair, each side becomes one array
of (block, token, value) entries, and the shared sums of every pair inside the band come out
of one join on the token, a few hundred rows at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

import numpy as np

ROWS_AT_ONCE = 256


@dataclass(frozen=True)
class Band:
    """Cells (i, j) of the alignment grid with |j - i*m/n| <= half; row i holds the
    ``width`` cells j = lo[i] ... lo[i] + width - 1 (those outside 0..m are void)."""

    n: int
    m: int
    half: int

    @property
    def width(self) -> int:
        return 2 * self.half + 1

    @cached_property
    def lo(self) -> np.ndarray:
        centre = np.rint(np.arange(self.n + 1) * (self.m / max(self.n, 1))).astype(np.int64)
        return centre - self.half

    @cached_property
    def columns(self) -> np.ndarray:
        """j of every cell, shape (n + 1, width)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]

    def shift_rows(self, grid: np.ndarray, rows: int, cols: int = 0) -> np.ndarray:
        """``grid`` read at (i - rows, j - cols) for every cell (i, j); NaN where void."""
        out = np.full(grid.shape, np.nan)
        lo = self.lo
        for i in range(rows, self.n + 1):
            out[i] = shifted(grid[i - rows], lo[i] - lo[i - rows] - cols, np.nan)
        return out


def shifted(row: np.ndarray, offset: int, fill: float) -> np.ndarray:
    """row[k + offset] for every k of a band row; ``fill`` where that falls outside."""
    width = len(row)
    out = np.full(width, fill)
    start, stop = max(0, -offset), min(width, width - offset)
    if start < stop:
        out[start:stop] = row[start + offset : stop + offset]
    return out


@dataclass(frozen=True)
class Tokens:
    """The tokens of a sequence of blocks: entry k is token ``ids[k]`` of block ``rows[k]``
    with weight ``values[k]``."""

    ids: np.ndarray
    rows: np.ndarray
    values: np.ndarray
    count: int  # blocks

    @classmethod
    def of(
        cls,
        sets: Sequence[frozenset[str]],
        index: Mapping[str, int],
        values: Iterable[float] | None = None,
    ) -> Tokens:
        """From each block's set of tokens: ids from ``index``; values in the order the sets
        iterate, or 1."""
        flat = list(chain.from_iterable(sets))
        return cls(
            np.fromiter(map(index.__getitem__, flat), np.int64, len(flat)),
            np.repeat(np.arange(len(sets)), [len(s) for s in sets]),
            np.ones(len(flat)) if values is None else np.fromiter(values, np.float64, len(flat)),
            len(sets),
        )

    def count_per_block(self) -> np.ndarray:
        """How many tokens each block has."""
        return np.bincount(self.rows, minlength=self.count).astype(np.float64)

    def per_block(self, values: np.ndarray | None = None) -> np.ndarray:
        """The sum of the values (or of ``values``) over each block's tokens."""
        weights = self.values if values is None else values
        return np.bincount(self.rows, weights, minlength=self.count)


def overlap(
    left: Tokens, right: Tokens, first: np.ndarray, width: int, weigh_right: bool = True
) -> np.ndarray:
    """For left block r and right blocks first[r] ... first[r] + width - 1: the sum over
    shared tokens of the left value (times the right value, if ``weigh_right``), shape
    (left blocks, width)."""
    out = np.zeros(left.count * width)
    if not len(left.ids) or not len(right.ids):
        return out.reshape(left.count, width)
    order = np.argsort(right.ids, kind="stable")
    r_ids, r_rows, r_values = right.ids[order], right.rows[order], right.values[order]
    bounds = np.searchsorted(left.rows, np.arange(0, left.count + ROWS_AT_ONCE, ROWS_AT_ONCE))
    for chunk in range(len(bounds) - 1):
        part = slice(bounds[chunk], bounds[chunk + 1])
        l_ids, l_rows, l_values = left.ids[part], left.rows[part], left.values[part]
        if not len(l_ids):
            continue
        near = (r_rows >= first[l_rows[0]]) & (r_rows < first[l_rows[-1]] + width)
        ids, rows, values = r_ids[near], r_rows[near], r_values[near]
        start = np.searchsorted(ids, l_ids, "left")
        counts = np.searchsorted(ids, l_ids, "right") - start
        total = int(counts.sum())
        if not total:
            continue
        entry = np.repeat(np.arange(len(l_ids)), counts)
        position = start[entry] + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        row = l_rows[entry]
        k = rows[position] - first[row]
        inside = (k >= 0) & (k < width)
        out += np.bincount(
            row[inside] * width + k[inside],
            (l_values[entry] * values[position] if weigh_right else l_values[entry])[inside],
            minlength=len(out),
        )
    return out.reshape(left.count, width)


def gather(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """values[index] where 0 <= index < len(values), NaN elsewhere."""
    inside = (index >= 0) & (index < len(values))
    out = np.full(index.shape, np.nan)
    out[inside] = values[index[inside]]
    return out
