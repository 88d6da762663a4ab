"""Pair the blocks of a chapter's two sides.

Rules, in order of strength:
1. A marker ``{#name}`` present on both sides pairs those two blocks, and splits the chapter
   into stretches that pair independently.
2. A marker present on one side only leaves that block alone (an untranslated block).
3. Unmarked blocks pair in order within their stretch when their counts are equal; else
   the aligner (``align``) pairs them, and every block it leaves unmatched or pairs with
   low confidence is a warning naming file and line (an error with ``strict``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bookforge.errors import BookforgeError, warn
from bookforge.model import Block

Bead = tuple[tuple[Block, ...], tuple[Block, ...], float | None]


@dataclass(frozen=True)
class SideText:
    """One side of a chapter: its file and blocks."""

    path: Path
    blocks: Sequence[Block]


def _markers(side: SideText) -> list[str]:
    seen: dict[str, int] = {}
    for block in side.blocks:
        if block.marker is None:
            continue
        if block.marker in seen:
            raise BookforgeError(
                f"marker {{#{block.marker}}} used twice (first at line {seen[block.marker]})",
                side.path,
                block.line,
            )
        seen[block.marker] = block.line
    return list(seen)


def _stretches(side: SideText, anchors: list[str]) -> list[list[Block]]:
    """Cut a side before each anchor block: stretch k starts with anchor k-1."""
    stretches: list[list[Block]] = [[]]
    for block in side.blocks:
        if block.marker in anchors:
            stretches.append([])
        stretches[-1].append(block)
    return stretches


def _aligned(
    source: SideText, target: SideText, src: list[Block], tgt: list[Block], strict: bool
) -> list[Bead]:
    """Pair blocks with the aligner and report what it is unsure of."""
    from bookforge.align import align_blocks  # numpy and the dictionary, only when needed

    beads: list[Bead] = []
    for bead in align_blocks(src, tgt):
        blocks = (tuple(src[i] for i in bead.source), tuple(tgt[j] for j in bead.target))
        beads.append((*blocks, bead.score))
        if not bead.uncertain:
            continue
        side, block = (source, blocks[0][0]) if blocks[0] else (target, blocks[1][0])
        if bead.unmatched:
            message = "no counterpart found for this block; it stands alone"
        else:
            other = blocks[1][0]
            message = (
                f"paired with {target.path.name}:{other.line} with low confidence "
                f"({bead.score:.2f})"
            )
        hint = "; add {#name} markers to pair it explicitly"
        if strict:
            raise BookforgeError(message + hint, side.path, block.line)
        warn(message + hint, side.path, block.line)
    return beads


def _pair_stretch(
    source: SideText,
    target: SideText,
    src: list[Block],
    tgt: list[Block],
    solo: set[str],
    strict: bool,
) -> list[Bead]:
    plain_src = [b for b in src if b.marker not in solo]
    plain_tgt = [b for b in tgt if b.marker not in solo]
    if len(plain_src) == len(plain_tgt):
        plain = [((a,), (b,), None) for a, b in zip(plain_src, plain_tgt, strict=True)]
    else:
        plain = _aligned(source, target, plain_src, plain_tgt, strict)
    return _with_solos(src, tgt, solo, plain)


def _with_solos(
    src: list[Block], tgt: list[Block], solo: set[str], plain: list[Bead]
) -> list[Bead]:
    """Put the blocks marked as standing alone back between the paired ones, in order."""
    order = {id(b): k for k, b in enumerate(src)}, {id(b): k for k, b in enumerate(tgt)}
    beads: list[Bead] = []
    i = j = 0
    for bead in plain:
        next_src = order[0][id(bead[0][0])] if bead[0] else None
        next_tgt = order[1][id(bead[1][0])] if bead[1] else None
        while next_src is not None and i < next_src:
            beads.append(((src[i],), (), None))
            i += 1
        while next_tgt is not None and j < next_tgt:
            beads.append(((), (tgt[j],), None))
            j += 1
        beads.append(bead)
        i += len(bead[0])
        j += len(bead[1])
    beads += [((b,), (), None) for b in src[i:] if b.marker in solo]
    beads += [((), (b,), None) for b in tgt[j:] if b.marker in solo]
    return beads


def pair_blocks(source: SideText, target: SideText, strict: bool = False) -> list[Bead]:
    """Pair the blocks of two sides by markers, then in order or by the aligner."""
    if not source.blocks or not target.blocks:  # a chapter in one language only
        return [((b,), (), None) for b in source.blocks] + [((), (b,), None) for b in target.blocks]
    src_markers, tgt_markers = _markers(source), _markers(target)
    anchors = [m for m in src_markers if m in tgt_markers]
    if anchors != [m for m in tgt_markers if m in src_markers]:
        raise BookforgeError(
            f"shared markers appear in a different order in {target.path}", source.path
        )
    solo = set(src_markers) ^ set(tgt_markers)
    beads: list[Bead] = []
    for src, tgt in zip(_stretches(source, anchors), _stretches(target, anchors), strict=True):
        beads.extend(_pair_stretch(source, target, src, tgt, solo, strict))
    return beads
