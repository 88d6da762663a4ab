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

ROWS_AT_ONCE = 128


@dataclass(frozen=True)
class Band:
    """Cells (i, j) of the alignment grid with |j - centre[i]| <= half, the centre being
    the diagonal j = i*m/n unless given; row i holds the ``width`` cells j = lo[i] ...
    lo[i] + width - 1 (those outside 0..m are void)."""

    n: int
    m: int
    half: int
    centre: tuple[int, ...] | None = None

    @classmethod
    def around(cls, n: int, m: int, path: Sequence[tuple[int, int]], margin: int) -> Band:
        """The band ``margin`` cells either side of a path of grid points from (0, 0) to
        (n, m): wide enough for the path's longest run along one row."""
        low, high = [m + 1] * (n + 1), [-1] * (n + 1)
        for i, j in path:
            low[i], high[i] = min(low[i], j), max(high[i], j)
        for i in range(1, n + 1):  # rows inside a merged bead: where the path left the row above
            if high[i] < 0:
                low[i] = high[i] = high[i - 1]
        run = max(h - lo for lo, h in zip(low, high, strict=True))
        centre = tuple((lo + h) // 2 for lo, h in zip(low, high, strict=True))
        return cls(n, m, margin + (run + 1) // 2, centre)

    def within(self, outer: Band) -> Band:
        """This band with each row moved inside ``outer``'s (when it is no wider), so that
        every cell is one of ``outer``'s."""
        if self.width > outer.width:
            return self
        lo = np.clip(self.lo, outer.lo, outer.lo + outer.width - self.width)
        return Band(self.n, self.m, self.half, tuple((lo + self.half).tolist()))

    @property
    def width(self) -> int:
        return 2 * self.half + 1

    @cached_property
    def lo(self) -> np.ndarray:
        if self.centre is not None:
            return np.asarray(self.centre, dtype=np.int64) - self.half
        centre = np.rint(np.arange(self.n + 1) * (self.m / max(self.n, 1))).astype(np.int64)
        return centre - self.half

    def near_edge(self, path: Sequence[tuple[int, int]], margin: int) -> bool:
        """Whether the path comes within ``margin`` cells of an edge of the band that is not
        an edge of the grid (a better path might lie beyond it)."""
        lo = self.lo
        for i, j in path:
            last = lo[i] + self.width - 1
            if (j - lo[i] < margin and lo[i] > 0) or (last - j < margin and last < self.m):
                return True
        return False

    @cached_property
    def columns(self) -> np.ndarray:
        """j of every cell, shape (n + 1, width)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]

    def holds(self, other: Band) -> bool:
        """Whether every cell of ``other`` (a band of the same grid) is one of this band's."""
        return (self.n, self.m) == (other.n, other.m) and bool(
            np.all(other.lo >= self.lo) and np.all(other.lo + other.width <= self.lo + self.width)
        )

    def read(self, grid: np.ndarray, other: Band) -> np.ndarray:
        """A grid of this band read at the cells of ``other``, a band it holds."""
        return np.take_along_axis(grid, other.columns - self.lo[:, None], axis=1)

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
            np.fromiter(map(index.__getitem__, flat), np.int32, len(flat)),
            np.repeat(np.arange(len(sets), dtype=np.int32), [len(s) for s in sets]),
            np.ones(len(flat)) if values is None else np.fromiter(values, np.float64, len(flat)),
            len(sets),
        )

    def neighbour_pairs(self, value: float | None = None) -> Tokens:
        """The tokens of each two neighbouring blocks taken as one (block k: blocks k and
        k + 1), each token once, with its value (or ``value``)."""
        first, second = self.rows < self.count - 1, self.rows >= 1
        span = int(self.ids.max()) + 1 if len(self.ids) else 1
        keys = np.concatenate((self.rows[first], self.rows[second] - 1)).astype(np.int64) * span
        keys += np.concatenate((self.ids[first], self.ids[second]))
        keys, where = np.unique(keys, return_index=True)  # sorted by block, then token
        if value is None:
            values = np.concatenate((self.values[first], self.values[second]))[where]
        else:
            values = np.full(len(keys), value)
        rows, ids = np.divmod(keys, span)
        return Tokens(ids.astype(self.ids.dtype), rows.astype(self.rows.dtype), values,
                      max(self.count - 1, 0))

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
    (left blocks, width). Both sides' tokens come in block order; ``first`` never
    decreases."""
    out = np.zeros(left.count * width)
    if not len(left.ids) or not len(right.ids):
        return out.reshape(left.count, width)
    bounds = np.searchsorted(left.rows, np.arange(0, left.count + ROWS_AT_ONCE, ROWS_AT_ONCE))
    for chunk in range(len(bounds) - 1):
        part = slice(bounds[chunk], bounds[chunk + 1])
        l_ids, l_rows, l_values = left.ids[part], left.rows[part], left.values[part]
        if not len(l_ids):
            continue
        # the right blocks this chunk's band reaches (tokens come in block order), by id
        near = slice(*np.searchsorted(right.rows, [first[l_rows[0]], first[l_rows[-1]] + width]))
        order = np.argsort(right.ids[near], kind="stable")
        ids, rows, values = (a[near][order] for a in (right.ids, right.rows, right.values))
        start = np.searchsorted(ids, l_ids, "left")
        counts = np.searchsorted(ids, l_ids, "right") - start
        total = int(counts.sum())
        if not total:
            continue
        entry = np.repeat(np.arange(len(l_ids)), counts)
        position = start[entry] + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        row = l_rows[entry].astype(np.int64)
        k = rows[position] - first[row]
        inside = (k >= 0) & (k < width)
        base, stop = l_rows[0] * width, (l_rows[-1] + 1) * width  # this chunk's cells only
        out[base:stop] += np.bincount(
            row[inside] * width + k[inside] - base,
            (l_values[entry] * values[position] if weigh_right else l_values[entry])[inside],
            minlength=stop - base,
        )
    return out.reshape(left.count, width)


def gather(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """values[index] where 0 <= index < len(values), NaN elsewhere."""
    inside = (index >= 0) & (index < len(values))
    out = np.full(index.shape, np.nan)
    out[inside] = values[index[inside]]
    return out
