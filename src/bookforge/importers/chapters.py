"""Pair the chapters of two books with the block aligner, a chapter standing for a block:
a chapter only one book has (a translator's preface, an appendix left out) stays alone, and
where one book cuts a chapter in two, the two are paired with the other's one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bookforge.align.aligner import align_blocks
from bookforge.importers.book import Chapter
from bookforge.model import LOW_CONFIDENCE, Block

MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|[#*_`>|\[\]-]+")


@dataclass(frozen=True)
class ChapterPair:
    """Chapters of the original and of the translation that translate each other (either
    side may be empty), and the aligner's confidence."""

    source: tuple[Chapter, ...]
    target: tuple[Chapter, ...]
    score: float

    @property
    def uncertain(self) -> bool:
        return not (self.source and self.target) or self.score < LOW_CONFIDENCE


def as_block(chapter: Chapter, index: int) -> Block:
    """A chapter as the aligner sees it: its text without Markdown markup."""
    text = " ".join(MARKUP.sub(" ", chapter.markdown).split())
    return Block(kind="paragraph", html="", text=text, line=index + 1)


def pair_chapters(source: list[Chapter], target: list[Chapter]) -> list[ChapterPair]:
    """The chapters of the two books, paired in order."""
    if len(source) == len(target) == 1:
        return [ChapterPair((source[0],), (target[0],), 1.0)]
    beads = align_blocks(
        [as_block(c, i) for i, c in enumerate(source)],
        [as_block(c, j) for j, c in enumerate(target)],
    )
    return [
        ChapterPair(tuple(source[i] for i in bead.source), tuple(target[j] for j in bead.target),
                    bead.score)
        for bead in beads
    ]
