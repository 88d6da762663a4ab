"""A book as it was read, before it becomes a project: metadata and Markdown chapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Chapter:
    """One chapter of a book read for import: its title and its Markdown."""

    title: str
    markdown: str
    origin: str  # where in the book it came from (file, spine item), for messages


@dataclass
class ImportedBook:
    """What a reader makes of a book file or folder."""

    path: Path
    chapters: list[Chapter]
    title: str = ""
    language: str = ""
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # file name -> content
    warnings: list[str] = field(default_factory=list)
