"""Pair the blocks of a chapter's two sides.

Rules, in order of strength:
1. A marker ``{#name}`` present on both sides pairs the blocks that carry it, and splits the
   chapter into stretches that pair independently. The same marker on consecutive blocks
   of one side states a merge or a split: ``{#storm}`` above two English paragraphs and
   above one Chinese paragraph pairs the two with the one. A stated pair is certain.
2. A marker present on one side only leaves its blocks alone (untranslated blocks).
3. The aligner (``aligner``) pairs the unmarked blocks of a stretch. Where both sides have as
   many blocks and the aligner pairs them in order, they are paired in order; where it
   pairs them otherwise, its pairing wins and the first place it differs is a warning. Every
   block it leaves unmatched or pairs with low confidence is a warning naming file and line
   (each an error with ``strict``).
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
    """The markers of a side, in order; a marker may only repeat on consecutive blocks."""
    seen: dict[str, int] = {}
    previous = None
    for block in side.blocks:
        if block.marker is not None and block.marker != previous and block.marker in seen:
            raise BookforgeError(
                f"marker {{#{block.marker}}} used twice (first at line {seen[block.marker]}); "
                "one marker on several blocks must mark consecutive blocks",
                side.path,
                block.line,
            )
        if block.marker is not None:
            seen.setdefault(block.marker, block.line)
        previous = block.marker
    return list(seen)


def _stretches(side: SideText, anchors: list[str]) -> list[list[Block]]:
    """Cut a side before each anchor's first block: stretch k starts with anchor k-1."""
    stretches: list[list[Block]] = [[]]
    previous = None
    for block in side.blocks:
        if block.marker in anchors and block.marker != previous:
            stretches.append([])
        stretches[-1].append(block)
        previous = block.marker
    return stretches


def _leading(blocks: list[Block], marker: str) -> int:
    """How many blocks at the start of ``blocks`` carry ``marker``."""
    count = 0
    while count < len(blocks) and blocks[count].marker == marker:
        count += 1
    return count


def _report(message: str, path: Path, line: int, strict: bool) -> None:
    hint = "; add {#name} markers to pair it explicitly"
    if strict:
        raise BookforgeError(message + hint, path, line)
    warn(message + hint, path, line)


def _in_order(beads: list, count: int) -> bool:
    """Whether aligned beads pair block k with block k, for every k."""
    return len(beads) == count and all(b.source == b.target == (k,) for k, b in enumerate(beads))


def _drift(source: SideText, target: SideText, src, tgt, beads, strict: bool) -> None:
    """Report the first place where the aligner pairs equally many blocks out of order."""
    same = "the two sides have as many blocks, but their texts do not pair in order: "
    for k, bead in enumerate(beads):
        if bead.source == bead.target == (k,):
            continue
        if bead.source:
            found = ", ".join(f"{target.path.name}:{tgt[j].line}" for j in bead.target)
            message = (
                f"this block pairs with {found or 'nothing'}, not {target.path.name}:{tgt[k].line}"
            )
            _report(same + message, source.path, src[bead.source[0]].line, strict)
        else:
            message = f"this block has no original (not {source.path.name}:{src[k].line})"
            _report(same + message, target.path, tgt[bead.target[0]].line, strict)
        return


def _aligned(
    source: SideText, target: SideText, src: list[Block], tgt: list[Block], strict: bool
) -> list[Bead]:
    """Pair blocks with the aligner and report what it is unsure of."""
    from bookforge.align.aligner import align_blocks  # numpy and the dictionary, only when needed

    in_order = [((a,), (b,), None) for a, b in zip(src, tgt, strict=False)]
    if len(src) == len(tgt) <= 1:
        return in_order
    aligned = align_blocks(src, tgt)
    if len(src) == len(tgt):
        if _in_order(aligned, len(src)):  # order and evidence agree
            return in_order
        _drift(source, target, src, tgt, aligned, strict)
    beads: list[Bead] = []
    for bead in aligned:
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
        _report(message, side.path, block.line, strict)
    return beads


def _pair_stretch(
    source: SideText,
    target: SideText,
    src: list[Block],
    tgt: list[Block],
    solo: set[str],
    strict: bool,
) -> list[Bead]:
    stated: list[Bead] = []
    marker = src[0].marker if src and tgt else None
    if marker is not None and marker not in solo and tgt[0].marker == marker:
        count, other = _leading(src, marker), _leading(tgt, marker)
        stated.append((tuple(src[:count]), tuple(tgt[:other]), None))
        src, tgt = src[count:], tgt[other:]
    plain_src = [b for b in src if b.marker not in solo]
    plain_tgt = [b for b in tgt if b.marker not in solo]
    plain = _aligned(source, target, plain_src, plain_tgt, strict)
    return stated + _with_solos(src, tgt, solo, plain)


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
