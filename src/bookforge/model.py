"""The book model shared by every stage after loading: metadata, chapters, pairs of blocks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bookforge.text import slugify

ROLES = ("source", "target")
LOW_CONFIDENCE = 0.5  # an aligned pair scoring less is reported as uncertain


@dataclass(frozen=True)
class Note:
    """A footnote: its element id, the id of its reference, its number and inline XHTML."""

    ident: str
    ref: str
    number: int
    html: str


@dataclass(frozen=True)
class Block:
    """One Markdown block (paragraph, heading, list...) of one language, rendered to XHTML,
    with the footnotes first referenced in it."""

    kind: str
    html: str
    text: str
    line: int
    marker: str | None = None
    level: int = 0
    classes: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    ident: str | None = None  # a heading's id, unique in its chapter


@dataclass(frozen=True)
class Pair:
    """Aligned blocks: an original and its translation; either side may be empty."""

    number: int
    source: tuple[Block, ...]
    target: tuple[Block, ...]
    score: float | None = None  # the aligner's confidence, where the aligner paired them

    def side(self, role: str) -> tuple[Block, ...]:
        """The blocks of ``role`` ('source' or 'target')."""
        return self.source if role == "source" else self.target

    @property
    def uncertain(self) -> bool:
        """Both sides paired by the aligner, with a confidence below ``LOW_CONFIDENCE``."""
        return bool(self.source and self.target) and (
            self.score is not None and self.score < LOW_CONFIDENCE
        )

    def anchor(self, role: str) -> str:
        """The stable id of one side: ``pair-K-source`` or ``pair-K-target``."""
        return f"pair-{self.number}-{role}"


def chapter_anchor(slug: str, heading: str | None = None) -> str:
    """The id of a chapter inside the book, ``chapter-<slug>``, or of one of its headings,
    ``chapter-<slug>--<id>`` (a slug never holds ``--``); the EPUB backend maps these to
    its pages (``c-<slug>.xhtml#<id>``)."""
    return f"chapter-{slug}" if heading is None else f"chapter-{slug}--{heading}"


def chapter_slug(file_name: str) -> str:
    """The name of a chapter, from its file name: '01 Intro.md' -> '01-intro'."""
    return slugify(Path(file_name).stem) or "chapter"


@dataclass(frozen=True)
class Chapter:
    """One chapter: the pairs of a source file and its translation."""

    slug: str
    files: dict[str, Path | None]
    pairs: tuple[Pair, ...]

    @property
    def anchor(self) -> str:
        """The id of the chapter's section, the target of links to the chapter."""
        return chapter_anchor(self.slug)

    def heading(self, role: str) -> tuple[str, str] | None:
        """The first heading with text of one side as (text, anchor), if it has one."""
        for pair in self.pairs:
            for block in pair.side(role):
                if block.kind == "heading" and block.text.strip():
                    return block.text, pair.anchor(role)
        return None

    def title(self, role: str) -> str:
        """The chapter title in one language: its first heading, else the file name."""
        found = self.heading(role)
        return found[0] if found else self.slug


@dataclass(frozen=True)
class Metadata:
    """What book.toml says about the book."""

    titles: dict[str, str]
    authors: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()
    identifier: str | None = None
    date: str | None = None
    publisher: str | None = None
    rights: str | None = None
    description: str | None = None
    cover: str | None = None


@dataclass(frozen=True)
class Book:
    """A loaded bilingual book."""

    root: Path
    metadata: Metadata
    languages: dict[str, str]
    chapters: tuple[Chapter, ...]
    settings: dict[str, dict] = field(default_factory=dict)
    images: dict[str, Path] = field(default_factory=dict)  # project-relative path -> file
    undescribed_images: tuple[str, ...] = ()  # file:line of images without alternative text

    def lang(self, role: str) -> str:
        """The BCP 47 tag of 'source' or 'target'."""
        return self.languages[role]

    def title(self, role: str = "source") -> str:
        """The book title in the language of ``role``."""
        titles = self.metadata.titles
        return titles.get(self.lang(role)) or next(iter(titles.values()))

    def identifier(self, only: str | None = None) -> str:
        """book.toml's identifier, else a UUID derived from the titles and languages (and,
        for a one-language edition, its role)."""
        if self.metadata.identifier:
            return self.metadata.identifier
        seed = "|".join([self.title("source"), self.title("target"), *self.languages.values()])
        seed += f"|only:{only}" if only else ""
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bookforge:' + seed)}"

    @property
    def slug(self) -> str:
        """A file-name-safe name for outputs, from the source title."""
        return slugify(self.title("source")) or "book"
