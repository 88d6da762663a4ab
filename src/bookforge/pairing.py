"""Pair the blocks of a chapter's two sides.

Rules, in order of strength:
1. A marker ``{#name}`` present on both sides pairs those two blocks, and splits the chapter
   into stretches that pair independently.
2. A marker present on one side only leaves that block alone (an untranslated block).
3. Unmarked blocks pair in order within their stretch; unequal counts are an error naming
   where the two sides first diverge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bookforge.errors import BookforgeError
from bookforge.model import Block

Bead = tuple[tuple[Block, ...], tuple[Block, ...]]


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


def _divergence(source: SideText, target: SideText, src: list[Block], tgt: list[Block]) -> str:
    """Describe where two stretches with unequal counts first diverge."""
    for a, b in zip(src, tgt, strict=False):
        if a.kind != b.kind or a.level != b.level:
            return f"{source.path}:{a.line} ({a.kind}) faces {target.path}:{b.line} ({b.kind})"
    longer, side = (src, source) if len(src) > len(tgt) else (tgt, target)
    extra = longer[min(len(src), len(tgt))]
    return f"{side.path}:{extra.line} has no counterpart"


def _pair_stretch(
    source: SideText, target: SideText, src: list[Block], tgt: list[Block], solo: set[str]
) -> list[Bead]:
    plain_src = [b for b in src if b.marker not in solo]
    plain_tgt = [b for b in tgt if b.marker not in solo]
    if len(plain_src) != len(plain_tgt):
        first = src[0] if src else tgt[0]
        path = source.path if src else target.path
        raise BookforgeError(
            f"{len(plain_src)} source blocks against {len(plain_tgt)} target blocks; they first "
            f"diverge at {_divergence(source, target, plain_src, plain_tgt)}. Add a marker line "
            "{#name} above the blocks that correspond, or above an untranslated block",
            path,
            first.line,
        )
    beads: list[Bead] = []
    i = j = 0
    while i < len(src) or j < len(tgt):
        if i < len(src) and src[i].marker in solo:
            beads.append(((src[i],), ()))
            i += 1
        elif j < len(tgt) and tgt[j].marker in solo:
            beads.append(((), (tgt[j],)))
            j += 1
        else:
            beads.append(((src[i],), (tgt[j],)))
            i += 1
            j += 1
    return beads


def pair_blocks(source: SideText, target: SideText) -> list[Bead]:
    """Pair the blocks of two sides by markers, then in order."""
    if not source.blocks or not target.blocks:  # a chapter in one language only
        return [((b,), ()) for b in source.blocks] + [((), (b,)) for b in target.blocks]
    src_markers, tgt_markers = _markers(source), _markers(target)
    anchors = [m for m in src_markers if m in tgt_markers]
    if anchors != [m for m in tgt_markers if m in src_markers]:
        raise BookforgeError(
            f"shared markers appear in a different order in {target.path}", source.path
        )
    solo = set(src_markers) ^ set(tgt_markers)
    beads: list[Bead] = []
    for src, tgt in zip(_stretches(source, anchors), _stretches(target, anchors), strict=True):
        beads.extend(_pair_stretch(source, target, src, tgt, solo))
    return beads
