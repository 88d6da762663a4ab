"""What the aligner looks at in each block, as arrays: its characters (Han and kana, and
the others), kind and tokens.

Three kinds of token:
- names: Latin-script words (in Chinese text each is a name or a term kept from the
  original; between two alphabetic languages, a word's first ``COGNATE`` letters), paths
  and file names, with numbers, URLs, code and symbols;
- anchors: the numbers, URLs, code and symbols alone, which survive translation intact;
  between two alphabetic languages, a label in capitals that opens a block and is found on
  one side only (NOTE, HINWEIS) is one token, a translated label;
- words: English stems, said by an English block or glossed by a Chinese one (see
  ``lexicon``), when one side is English and the other Chinese.
Each token weighs its inverse document frequency over both sides: a name found in every
block tells nothing, a rare one a lot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from itertools import chain

import numpy as np

from bookforge.align import lexicon
from bookforge.align.band import Tokens
from bookforge.model import Block

KINDS = {"heading": 1, "list": 2, "code": 3, "rule": 4}  # anything else is text (0)
TEXT, MIXED = 0, -1
FOREIGN_HAN = 20  # a side with this many times fewer Han characters than the other is alphabetic
COGNATE = 4  # letters two words share at the start to count as cognates (Simard et al. 1992)
_number = re.compile(r"\d+(?:[.,]\d+)*")
_url = re.compile(r"https?://\S+|www\.\S+")
_symbol = re.compile(
    r"%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|(?<![\w-])--?[A-Za-z][\w-]+|\b[A-Z][A-Z0-9_]{1,}\b"
)
# paths (/etc/dupload.conf, ~/.gbp.conf, debian/source/format) and file names (gbp.conf)
_path = re.compile(r"(?<![\w/.~])[~.]*/?(?:[\w.+-]+/)+[\w.+-]*|\b\w[\w+-]+\.[a-z][a-z0-9]{0,4}\b")
_letter = lexicon.LATIN_LETTERS
_latin = re.compile(rf"[{_letter}][{_letter}0-9+#.'’-]*[{_letter}0-9+#]|[A-Z]")
_word = re.compile(rf"[{_letter}'’-]+")
_joint = re.compile(r"[-'’]")
_space = re.compile(r"\s")
# a block's opening word, a label when in capitals (NOTE, TIP, QUICK LOOK; HINWEIS, ASTUCE)
_opening = re.compile(r"\s*([^\W\d_]{3,})\b(?![-.])")
LABEL = "label:"  # the token of a translated label
# characters that each stand for several letters of an alphabet: Han, and Japanese kana
_ideographic = re.compile(
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u9fff\uff66-\uff9f\U00020000-\U0002ffff]+"
)


@dataclass(frozen=True)
class BlockTokens:
    """One block as the aligner sees it."""

    han: float  # Han characters and Japanese kana
    other: float  # other characters but spaces
    kind: int
    names: frozenset[str]
    anchors: frozenset[str]
    reading: lexicon.Reading | None
    label: str | None = None  # its opening word, when in capitals (NOTE, HINWEIS)


def block_tokens(
    block: Block,
    reading: lexicon.Reading | None,
    translated: frozenset[str] = frozenset(),
    cognates: bool = False,
) -> BlockTokens:
    """Character counts (Han, other), kind and tokens of a block. Capitalised words whose
    stem is in ``translated`` (a heading's DESCRIPTION, say) are words, not anchors. With
    ``cognates`` (two alphabetic languages) a name is the first ``COGNATE`` letters of each
    longer word, so that *configuration* meets *Konfiguration* and *tutorial* *tutoriel*.
    Paths and file names are names, whole."""
    text = block.text
    han = float(sum(map(len, _ideographic.findall(text))))
    other = len(_space.sub("", text)) - han
    numbers = {n.replace(",", "") for n in _number.findall(text)}
    urls = set(_url.findall(text))
    rest = _url.sub(" ", text)
    names = {w.lower().rstrip(".'’") for w in _latin.findall(rest)}
    if cognates:
        names = set().union(*map(_cognates, names))
    kind = KINDS.get(block.kind, TEXT)
    code = {f"code:{text}"} if block.kind == "code" else set()
    symbols = {s for s in _symbol.findall(text) if lexicon.stem(s) not in translated}
    paths = {p for p in _path.findall(rest) if _is_path(p)}
    anchors = frozenset(numbers | urls | symbols | code)
    opening = _opening.match(text)
    label = opening[1] if opening and opening[1].isupper() else None
    names = frozenset(names | paths) | anchors
    return BlockTokens(han, other, kind, names, anchors, reading, label)


def _cognates(name: str) -> set[str]:
    """The first ``COGNATE`` letters of each long enough word of a name (system-wide:
    syst, wide; dupload's: dupl); a name with other characters (dupload.conf, C++,
    x86-64) whole, as translation leaves it."""
    if not _word.fullmatch(name):
        return {name}
    return {part[:COGNATE] for part in _joint.split(name) if len(part) >= COGNATE}


def _is_path(token: str) -> bool:
    """Whether a token found by ``_path`` is a path or file name rather than two words
    with a slash between (and/or)."""
    return token[0] in "/~." or token.count("/") != 1 or bool(re.search(r"[.\d_]", token))


@dataclass(frozen=True)
class Side:
    """One side's blocks (or each two neighbouring blocks merged) as arrays."""

    han: np.ndarray  # Han characters and kana of each block
    other: np.ndarray  # its other characters but spaces
    kinds: np.ndarray
    names: Tokens
    anchors: Tokens
    said: Tokens | None  # English stems weighted by rarity / glossed stems weighing 1
    shown: Tokens | None  # English stems weighing 1 / glossed stems weighing their share
    readable: np.ndarray  # Chinese blocks: has Han characters or Latin words


def rarity(sides: Sequence[Sequence[frozenset[str]]]) -> dict[str, float]:
    """Inverse document frequency of each token over the blocks of the given sides."""
    counts: dict[str, int] = {}
    total = 0
    for side in sides:
        total += len(side)
        for tokens in side:
            for token in tokens:
                counts[token] = counts.get(token, 0) + 1
    return {token: math.log(1 + total / count) for token, count in counts.items()}


def _paired(single: Side, chinese: bool) -> Side:
    """Each two neighbouring blocks of a side taken as one: their characters added up,
    their tokens joined (a merged Chinese pair shows no words: its shares are 0)."""
    kinds = np.where(single.kinds[:-1] == single.kinds[1:], single.kinds[:-1], MIXED)
    said = single.said.neighbour_pairs() if single.said else None
    shown = single.shown.neighbour_pairs(0.0 if chinese else None) if single.shown else None
    return Side(
        single.han[:-1] + single.han[1:],
        single.other[:-1] + single.other[1:],
        kinds,
        single.names.neighbour_pairs(),
        single.anchors.neighbour_pairs(),
        said,
        shown,
        single.readable[:-1] | single.readable[1:] if len(single.readable) else single.readable,
    )


def han_weight(source: tuple[float, float], target: tuple[float, float]) -> float:
    """How many characters of the other side one Han character stands for, from the
    (Han, other) character counts of two stretches that translate each other, when one is
    Chinese and the other is not (else 1): Latin words kept in the Chinese count as
    themselves, the rest of the other side's length is spread over the Han characters."""
    (han_s, other_s), (han_t, other_t) = source, target
    # the Chinese (or Japanese) side is the one with Han characters (it may have more code
    # and names than Han characters: a manual); the other side has next to none
    if han_s > FOREIGN_HAN * han_t and other_t > other_s:
        return min(max((other_t - other_s) / han_s, 0.5), 6.0)
    if han_t > FOREIGN_HAN * han_s and other_s > other_t:
        return min(max((other_s - other_t) / han_t, 0.5), 6.0)
    return 1.0


def _shares(
    readings: Sequence[lexicon.Reading], sets: Sequence[AbstractSet[str]]
) -> Iterator[float]:
    """The share of its block each word of ``sets`` accounts for, in the order they iterate
    (a block without masks shows nothing)."""
    for reading, words in zip(readings, sets, strict=True):
        masks, units = reading.masks, reading.units
        for word in words:
            yield masks[word].bit_count() / units if word in masks else 0.0


def _labelled(blocks: Sequence[BlockTokens], other: Sequence[BlockTokens]) -> list[BlockTokens]:
    """The blocks, those that open with a label the other side lacks (a translated label)
    given the token they all share, ``LABEL``."""
    theirs = {b.label for b in other}.union(*(b.anchors for b in other))
    return [
        replace(b, names=b.names | {LABEL}, anchors=b.anchors | {LABEL})
        if b.label and b.label not in theirs
        else b
        for b in blocks
    ]


def build_sides(
    source: Sequence[BlockTokens],
    target: Sequence[BlockTokens],
    english: str | None,
    alphabetic: bool = False,
) -> tuple[Side, Side, Side, Side]:
    """Arrays for the source's blocks and merged pairs, then the target's; ``english`` names
    the English side ('source' or 'target') when the other has a dictionary; ``alphabetic``
    tells that both sides are written in letters."""
    # between two alphabetic languages, a label in capitals found on one side only (NOTE,
    # HINWEIS) is translated, so that all such labels are one token, and any other anchor
    # found on one side only does not count; in Chinese such labels are rare, and an
    # English anchor not found in the Chinese is a sign its translation is missing
    if alphabetic:
        source, target = _labelled(source, target), _labelled(target, source)
    anchors = [frozenset().union(*(b.anchors for b in side)) for side in (source, target)]
    shared = anchors[0] & anchors[1] if alphabetic else anchors[0] | anchors[1]
    name_weight = rarity([[b.names for b in source], [b.names for b in target]])
    names = {token: k for k, token in enumerate(name_weight)}
    english_blocks = {"source": source, "target": target}.get(english or "", [])
    word_weight = rarity([[b.reading.words for b in english_blocks if b.reading]])
    words = {token: k for k, token in enumerate(word_weight)}

    def weighted(sets: Sequence[frozenset[str]], weight: dict[str, float], index) -> Tokens:
        return Tokens.of(sets, index, map(weight.__getitem__, chain.from_iterable(sets)))

    def side(blocks: Sequence[BlockTokens], is_english: bool) -> Side:
        readings = [b.reading for b in blocks if b.reading]
        said = shown = None
        if english and len(readings) == len(blocks):
            if is_english:
                sets = [r.words for r in readings]
                said, shown = weighted(sets, word_weight, words), Tokens.of(sets, words)
            else:
                keys = word_weight.keys()
                sets = [r.words if r.words <= keys else r.words & keys for r in readings]
                said = Tokens.of(sets, words)
                shown = Tokens.of(sets, words, _shares(readings, sets))
        return Side(
            np.array([b.han for b in blocks], dtype=np.float64),
            np.array([b.other for b in blocks], dtype=np.float64),
            np.array([b.kind for b in blocks], dtype=np.int64),
            weighted([b.names for b in blocks], name_weight, names),
            weighted([b.anchors & shared for b in blocks], name_weight, names),
            said,
            shown,
            np.array([bool(r.units) for r in readings]),
        )

    source_side = side(source, english == "source")
    target_side = side(target, english == "target")
    return (
        source_side,
        _paired(source_side, english == "target"),
        target_side,
        _paired(target_side, english == "source"),
    )
