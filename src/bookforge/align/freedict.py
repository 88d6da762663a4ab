"""English glosses of German, French and Japanese words, for the aligner.

The FreeDict dictionaries Debian ships (``dict-freedict-deu-eng``, ``-fra-eng``,
``-jpn-eng``, in dictd's format under /usr/share/dictd) give each word its English
translations. A block in one of these languages then reads as a Chinese block does with
CC-CEDICT (``lexicon``): as the English stems its words translate to, and which of its units
each stem accounts for.
- German and French: each word is a unit, looked up as it stands, then by its Snowball stem
  (the forms the dictionary does not list), then a German compound by its two parts; a
  French elision (l', d', qu') is left out.
- Japanese: each kanji and each katakana word is a unit; the dictionary's words are looked
  up in each run of kanji (two to four characters, or a kanji standing alone: a single
  kanji inside a compound glosses too much by chance) and each katakana word whole
  (パッケージ, package). A verb or adjective is found by its kanji (使う as 使).
Latin words kept in the text count as themselves, as in Chinese, and so do words spelt as
their English cognates but for their accents (création, creation). Without the dictionary a
language has no reading, and the aligner does without.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import Stemmer

from bookforge.align import lexicon
from bookforge.align.lexicon import Reading
from bookforge.errors import warn
from bookforge.text import unaccented

FOLDER = Path("/usr/share/dictd")
DICTIONARIES = {"de": "deu-eng", "fr": "fra-eng", "ja": "jpn-eng"}
STEMMERS = {"de": "german", "fr": "french"}
NAMES = {"de": "German", "fr": "French", "ja": "Japanese"}
TABLE_FORMAT = 1  # of the cached tables: raise when the way glosses are made changes
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# what an entry says besides its translations: pronunciation, grammar, domain, cross-references
_notes = re.compile(r"/[^/\n]*/|<[^>]*>|\{[^}]*\}|\([^)]*\)|\[[^\]]*\]")
_sense_number = re.compile(r"^\d+\.\s*")
_not_glosses = ("Synonym", "Antonym", "see", "Note", "Example", "(")
_word = re.compile(rf"[{lexicon.LATIN_LETTERS}]+(?:['’][{lexicon.LATIN_LETTERS}]+)?")
_elision = re.compile(r"^\w{1,2}['’]")
_kanji_run = re.compile(r"[\u3400-\u9fff々]+")
_katakana_word = re.compile(r"[\u30a1-\u30faー・]{2,}")
_hiragana_tail = re.compile(r"[\u3040-\u309f]+$")
SHORTEST_PART = 4  # letters of each part of a German compound


def _path(language: str, suffix: str) -> Path:
    return FOLDER / f"freedict-{DICTIONARIES[language]}.{suffix}"


def available(language: str | None) -> bool:
    """Whether the dictionary of ``language`` is installed."""
    return language in DICTIONARIES and _path(language, "index").is_file()


def _number(text: str) -> int:
    """A number in dictd's base 64."""
    value = 0
    for digit in text:
        value = value * 64 + _BASE64.index(digit)
    return value


def entries(language: str) -> Iterator[tuple[str, str]]:
    """Each one-word headword of the dictionary and the English stems its entry translates
    it to, space-separated (by ``lexicon.stems_of``, as CC-CEDICT's definitions)."""
    data = gzip.decompress(_path(language, "dict.dz").read_bytes())
    read: dict[str, str] = {}  # Japanese spellings of a word share an entry
    with _path(language, "index").open(encoding="utf-8") as index:
        for line in index:
            headword, offset, length = line.rstrip("\n").split("\t")
            if headword.startswith("00") or " " in headword:
                continue
            stems = read.get(offset)
            if stems is None:
                start = _number(offset)
                entry = data[start : start + _number(length)].decode("utf-8", "replace")
                stems = lexicon.stems_of("/".join(_translations(entry.split("\n")[1:])))
                if language == "ja":
                    read[offset] = stems
            yield headword, stems


def _translations(lines: list[str]) -> Iterator[str]:
    """The translations an entry's lines (but its headword line) give, one by one."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith(_not_glosses):
            yield from re.split(r"[,;]", _notes.sub(" ", _sense_number.sub("", line)))


def _keys(language: str, headword: str) -> set[str]:
    """Where a headword is found: German and French in lower case and by stem; Japanese as
    written and, for a verb or adjective, by its kanji."""
    if language == "ja":
        kanji = _hiragana_tail.sub("", headword)
        return {headword, kanji} if kanji != headword and _kanji_run.search(kanji) else {headword}
    word = headword.lower()
    return {word, "~" + _stemmer(language).stemWord(word)}


def _build(language: str) -> dict[str, str]:
    table: dict[str, str] = {}
    merged: dict[str, set[str]] = {}  # the keys several headwords share
    for headword, stems in entries(language):
        if stems:
            for key in _keys(language, headword):
                known = table.setdefault(key, stems)
                if known != stems:
                    merged.setdefault(key, set(known.split())).update(stems.split())
    table.update((key, " ".join(sorted(stems))) for key, stems in merged.items())
    return table


@lexicon.forgettable
@cache
def _table(language: str) -> dict[str, str]:
    """Word (or ~stem) -> the English stems it translates to, made once, then cached."""
    size = _path(language, "dict.dz").stat().st_size
    name = f"glosses-freedict-{DICTIONARIES[language]}-{size}-{TABLE_FORMAT}"
    return lexicon.cached_table(name, lambda: _build(language))


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS[language])


@lexicon.forgettable
@cache
def _glosser(language: str) -> Callable[[str], frozenset[str]]:
    """The English stems a word of ``language`` translates to."""
    table = _table(language)
    if language == "ja":
        return lambda word: frozenset(table.get(word, "").split())

    def lookup(word: str) -> str | None:
        found = table.get(word)
        return table.get("~" + _stemmer(language).stemWord(word)) if found is None else found

    def glosses(word: str) -> frozenset[str]:
        word = word.lower()
        found = lookup(word)
        if found is None and language == "de":
            found = _compound(word, lookup)
        # a word kept from English (Software, Installation) means itself, and so does one
        # spelt as its English cognate but for its accents (création, dégradé)
        content = lexicon.is_content(word)
        itself = {lexicon.stem(word), lexicon.stem(unaccented(word))} if content else set()
        return frozenset((found or "").split()) | itself

    return glosses


def _compound(word: str, lookup: Callable[[str], str | None]) -> str | None:
    """The glosses of a German compound the dictionary lacks, as two words it has, the
    longest first part first (Softwarelizenzen: Software, Lizenzen; Paketverwaltung:
    Paket, Verwaltung), a joining s left out (Konfigurationsdatei)."""
    for cut in range(len(word) - SHORTEST_PART, SHORTEST_PART - 1, -1):
        tail = lookup(word[cut:])
        if tail is not None:
            head = lookup(word[:cut])
            if head is None and word[cut - 1] == "s":
                head = lookup(word[: cut - 1])
            if head is not None:
                return f"{head} {tail}"
    return None


def read_alphabetic(
    language: str, text: str, known: frozenset[str] | None, memo: dict[str, frozenset[str]]
) -> Reading:
    """A German or French block's reading: the glosses of each word (a unit each)."""
    masks: dict[str, int] = {}
    glosses = _glosser(language)
    words = _word.findall(text)
    for unit, word in enumerate(words):
        word = _elision.sub("", word)
        lexicon.add_glosses(masks, lexicon.known_glosses(word, glosses, known, memo), 1 << unit)
    return Reading(masks.keys(), masks, len(words))


def read_japanese(
    text: str, known: frozenset[str] | None, memo: dict[str, frozenset[str]]
) -> Reading:
    """A Japanese block's reading: the glosses of the words in its kanji and katakana, and
    the Latin words it keeps."""
    masks: dict[str, int] = {}
    table = _table("ja")
    glosses = _glosser("ja")
    offset = 0
    for run in _kanji_run.findall(text):
        for start, word in lexicon.han_words(run, table, 1 if len(run) == 1 else 2):
            found = lexicon.known_glosses(word, glosses, known, memo)
            lexicon.add_glosses(masks, found, ((1 << len(word)) - 1) << (offset + start))
        offset += len(run)
    for word in _katakana_word.findall(text):
        for part in {word, *word.split("・")}:
            found = lexicon.known_glosses(part, glosses, known, memo)
            lexicon.add_glosses(masks, found, 1 << offset)
        offset += 1
    return lexicon.with_latin_words(text, masks, offset)


def reader(language: str | None) -> Callable[..., Reading] | None:
    """How to read a block of ``language`` against English, ``(text, known, memo)``: Chinese
    always (CC-CEDICT comes with bookforge), German, French and Japanese when their
    dictionary is installed."""
    if language == "zh":
        return lexicon.read_chinese
    if language not in DICTIONARIES:
        return None
    if not available(language):
        _tell_missing(language)
        return None
    try:
        _table(language)
    except (OSError, EOFError, ValueError, zlib.error) as error:  # a broken installation
        _tell_missing(language, f"{_path(language, 'dict.dz')} cannot be read: {error}")
        return None
    if language == "ja":
        return read_japanese
    return lambda text, known, memo: read_alphabetic(language, text, known, memo)


@cache
def _tell_missing(language: str, why: str = "") -> None:
    """Say once that a language is paired without its dictionary, and how to install it."""
    name = NAMES[language]
    package = f"dict-freedict-{DICTIONARIES[language]}"
    remedy = f"{why}; reinstall {package}" if why else f"install Debian's {package} for surer pairs"
    warn(f"no {name}-English dictionary: {name} is paired by lengths, names and cognates alone"
         f" ({remedy})")
