"""Real parallel text for evaluating the aligner, from what Debian installs in English and
Simplified Chinese, with known pairs, then perturbed by deleting and merging target blocks:
- manual pages (man-db, shadow) translated paragraph by paragraph: where the English and
  Chinese pages have the same skeleton of roff requests, paragraph k of one is paragraph k
  of the other; they come in document order, headings, option lists and prose;
- the messages of gettext catalogs (coreutils, git, bash...), which come sorted by their
  English text, so that neighbours often read alike."""

from __future__ import annotations

import gettext
import gzip
import random
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from bookforge.model import Block

CATALOGS = Path("/usr/share/locale/zh_CN/LC_MESSAGES")
EVALUATED_CATALOGS = (
    "coreutils", "git", "bash", "postgres-15", "gsettings-desktop-schemas", "appstream",
    "dpkg", "gettext-tools", "gnupg2", "glib20",
)
MANUALS = Path("/usr/share/man")
HAN = re.compile(r"[\u4e00-\u9fff]")
PARAGRAPH = re.compile(r"^\.(SH|SS|PP|P|LP|TP|IP|HP)\b")
SKELETON = re.compile(r"^\.(SH|SS|PP|P|LP|TP|IP|HP|sp|RS|RE|nf|fi|TS|TE|br|in)\b")
PO4A_HIDDEN = re.compile(r"^\.if +!'po4a'hide' +")
FONT_REQUEST = re.compile(r"^\.(B|I|BR|RB|IR|RI|BI|IB|SM|SB)\s+(.*)")
ESCAPES = [
    (re.compile(r"\\f[BIRP]|\\f\(\w\w|\\f\[\w*\]"), ""),
    (re.compile(r"\\\*\(Aq|\\\(aq"), "'"),
    (re.compile(r"\\\(em"), "—"),
    (re.compile(r"\\\([lr]q"), '"'),
    (re.compile(r"\\-"), "-"),
    (re.compile(r"\\&"), ""),
    (re.compile(r"\\[ ~0]"), " "),
    (re.compile(r"\\e"), "\\\\"),
    (re.compile(r"\\\(\w\w"), ""),
    (re.compile(r"\\[|^%c]"), ""),
]


def _roff_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
        return handle.read().splitlines()


def _plain(line: str) -> str:
    for pattern, replacement in ESCAPES:
        line = pattern.sub(replacement, line)
    return line


def _paragraphs(path: Path) -> list[str]:
    """The text of each paragraph request of a manual page, in order."""
    paragraphs: list[list[str]] = []
    for line in _roff_lines(path):
        line = PO4A_HIDDEN.sub("", line)  # a translated page hides some requests so
        request = PARAGRAPH.match(line)
        if request:
            paragraphs.append([])
            if request.group(1) in ("SH", "SS"):
                paragraphs[-1].append(_plain(line[request.end() :].strip().strip('"')))
            continue
        font = FONT_REQUEST.match(line)
        if font:
            words = re.findall(r'"[^"]*"|\S+', font.group(2))
            joiner = "" if len(font.group(1)) == 2 else " "
            line = joiner.join(w.strip('"') for w in words)
        elif line.startswith((".", "'")) or not paragraphs:
            continue
        paragraphs[-1].append(_plain(line))
    return [" ".join(" ".join(p).split()) for p in paragraphs]


@cache
def manual_pairs() -> list[tuple[str, str]]:
    """(English, Chinese) paragraphs of the manual pages translated request for request,
    page after page; untranslated paragraphs are left out."""
    pairs = []
    for chinese in sorted((MANUALS / "zh_CN").glob("man*/*.gz")):
        english = MANUALS / chinese.parent.name / chinese.name
        if not english.is_file():
            continue
        skeletons = [
            [m.group(1) for line in _roff_lines(p) if (m := SKELETON.match(line))]
            for p in (english, chinese)
        ]
        if skeletons[0] != skeletons[1]:
            continue
        for en, zh in zip(_paragraphs(english), _paragraphs(chinese), strict=True):
            if en and HAN.search(zh) and en != zh:
                pairs.append((en, zh))
    return pairs


def prose_pairs(name: str, minimum: int = 60) -> list[tuple[str, str]]:
    """(English, Chinese) message pairs of a catalog that read like paragraphs."""
    path = CATALOGS / f"{name}.mo"
    if not path.is_file():
        return []
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    pairs = []
    for key, value in catalog.items():
        if not isinstance(key, str) or not key or not isinstance(value, str):
            continue
        english = " ".join(key.split())
        chinese = " ".join(value.split())
        if len(english) >= minimum and HAN.search(chinese) and english.count("%") < 3:
            pairs.append((english, chinese))
    return pairs


def block(text: str, index: int) -> Block:
    return Block(kind="paragraph", html="", text=text, line=index + 1)


def perturbed_case(pairs, size: int, seed: int, delete: float, merge: float):
    """Source blocks, target blocks, and the true links after deleting and merging some
    target blocks at random."""
    rng = random.Random(seed)
    start = rng.randrange(0, max(1, len(pairs) - size))
    chosen = pairs[start : start + size]
    source = [block(en, i) for i, (en, _) in enumerate(chosen)]
    target_texts: list[str] = []
    links: set[tuple[int, int]] = set()
    i = 0
    while i < len(chosen):
        roll = rng.random()
        if roll < delete:
            i += 1
            continue
        if roll < delete + merge and i + 1 < len(chosen):
            joiner = "" if HAN.search(chosen[i][1]) else " "
            target_texts.append(chosen[i][1] + joiner + chosen[i + 1][1])
            links |= {(i, len(target_texts) - 1), (i + 1, len(target_texts) - 1)}
            i += 2
            continue
        target_texts.append(chosen[i][1])
        links.add((i, len(target_texts) - 1))
        i += 1
    return source, [block(t, j) for j, t in enumerate(target_texts)], links


SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")


def is_short(text: str) -> bool:
    """A paragraph of one or two sentences."""
    return len(SENTENCE_END.findall(text)) <= 2 and len(text) < 400


def merged_case(pairs, size: int, seed: int, side: str, share: float = 0.1):
    """Source blocks, target blocks and the merged beads after joining a ``share`` of
    neighbouring paragraphs on one ``side`` (target: 2-1 beads; source: 1-2 beads), each
    bead as (source indices, target indices, whether both joined paragraphs are short)."""
    rng = random.Random(seed)
    start = rng.randrange(0, max(1, len(pairs) - size))
    chosen = pairs[start : start + size]
    source: list[str] = []
    target: list[str] = []
    beads = []
    i = 0
    while i < len(chosen):
        if rng.random() < share and i + 1 < len(chosen):
            (a_source, a_target), (b_source, b_target) = chosen[i], chosen[i + 1]
            short = is_short(a_source) and is_short(b_source)
            if side == "target":
                joiner = "" if HAN.search(a_target) else " "
                source += [a_source, b_source]
                target.append(a_target + joiner + b_target)
                beads.append(((len(source) - 2, len(source) - 1), (len(target) - 1,), short))
            else:
                joiner = "" if HAN.search(a_source) else " "
                source.append(a_source + joiner + b_source)
                target += [a_target, b_target]
                beads.append(((len(source) - 1,), (len(target) - 2, len(target) - 1), short))
            i += 2
            continue
        source.append(chosen[i][0])
        target.append(chosen[i][1])
        i += 1
    return (
        [block(t, k) for k, t in enumerate(source)],
        [block(t, k) for k, t in enumerate(target)],
        beads,
    )


def merge_recall(pairs, size: int, seeds, side: str, align) -> tuple[int, int]:
    """Of the merged beads of short paragraphs (2-1 when ``side`` is 'target', 1-2 when it
    is 'source'), how many the aligner finds exactly, and how many there are."""
    found = total = 0
    for seed in seeds:
        source, target, merged = merged_case(pairs, size, seed, side)
        beads = {(bead.source, bead.target) for bead in align(source, target)}
        for source_blocks, target_blocks, short in merged:
            if short:
                total += 1
                found += (source_blocks, target_blocks) in beads
    return found, total


def scores(found: set, truth: set) -> tuple[float, float, float]:
    """Link precision, recall and F1."""
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


PERTURBATIONS = ((0.1, 0.0), (0.0, 0.1), (0.1, 0.1), (0.2, 0.1))  # (deleted, merged) shares


def evaluate(pairs, sizes, seeds, align) -> list[tuple[float, float, float]]:
    """Precision, recall and F1 of ``align(source, target) -> beads`` on every case: each
    size of document, seed and perturbation."""
    results = []
    for size in sizes:
        for seed in seeds:
            for delete, merge in PERTURBATIONS:
                source, target, truth = perturbed_case(pairs, size, seed, delete, merge)
                beads = align(source, target)
                found = {(a, b) for bead in beads for a in bead.source for b in bead.target}
                results.append(scores(found, truth))
    return results


CORPORA = Path(__file__).parent / "corpora"
# Debian's manuals in six languages: the New Maintainers' Guide chapter by chapter, the
# Reference and the Administrator's Handbook section by section (scripts/*-corpus.*)
GOLD_MANUALS = ("maint-guide", "debian-reference", "debian-handbook")
GUIDE_PERTURBATIONS = ("none", "del10", "del20", "merge10", "split10")
SHORTEST_CASE = 20  # blocks: one wrong link in fewer would say more of the size than the aligner


def _guide_blocks(manual: str, lang: str) -> dict[str, list[Block]]:
    from bookforge.loader import read_text
    from bookforge.markdown import parse_blocks

    folder = CORPORA / manual / lang
    return {f.name: parse_blocks(read_text(f)) for f in sorted(folder.glob("*.md"))}


def guide_chapters(
    source: str, target: str, manual: str = "maint-guide"
) -> list[tuple[list[Block], list[Block]]]:
    """The chapters of one of Debian's ``GOLD_MANUALS`` translated block for block from ``source``
    into ``target`` (the same number and kinds of blocks on both sides: block k of one is
    block k of the other): the gold pairs of real translated documents. A chapter of the
    Reference or the Handbook is its sections so translated, in order; a chapter shorter
    than ``SHORTEST_CASE`` blocks goes on with the next, as chapters follow in a book."""
    originals, translations = _guide_blocks(manual, source), _guide_blocks(manual, target)
    chapters: dict[str, tuple[list[Block], list[Block]]] = {}
    for name, blocks in originals.items():
        if [b.kind for b in blocks] == [b.kind for b in translations.get(name, [])]:
            # a section file (06.02.01.md) belongs to its chapter (06)
            chapter = chapters.setdefault(name.split(".")[0], ([], []))
            chapter[0].extend(blocks)
            chapter[1].extend(translations[name])
    cases: list[tuple[list[Block], list[Block]]] = []
    for source_blocks, target_blocks in chapters.values():
        if cases and len(cases[-1][0]) < SHORTEST_CASE:
            cases[-1][0].extend(source_blocks)
            cases[-1][1].extend(target_blocks)
        else:
            cases.append((source_blocks, target_blocks))
    if len(cases) > 1 and len(cases[-1][0]) < SHORTEST_CASE:
        last = cases.pop()
        cases[-1][0].extend(last[0])
        cases[-1][1].extend(last[1])
    return cases


@dataclass
class Tally:
    """Link F1 per case, and how the aligner's flags fall: wrong links, those in flagged
    (uncertain) beads, right beads, those flagged."""

    f1s: list[float] = field(default_factory=list)
    wrong: int = 0
    wrong_flagged: int = 0
    right: int = 0
    right_flagged: int = 0

    def add(self, beads, truth: set[tuple[int, int]]) -> None:
        """One case: the beads found and the true links."""
        found = {(a, b) for bead in beads for a in bead.source for b in bead.target}
        self.f1s.append(scores(found, truth)[2])
        for bead in beads:
            links = {(a, b) for a in bead.source for b in bead.target}
            bad = len(links - truth)
            self.wrong += bad
            self.wrong_flagged += bad if bead.uncertain else 0
            if links and not bad:
                self.right += 1
                self.right_flagged += bead.uncertain


def _joined(first: Block, second: Block) -> Block:
    joiner = "" if HAN.search(first.text) else " "
    return replace(first, text=first.text + joiner + second.text)


def _mergeable(blocks: list[Block]) -> bool:
    return len(blocks) == 2 and blocks[0].kind == blocks[1].kind in ("paragraph", "list")


def _split(block: Block) -> tuple[Block, Block] | None:
    """A block cut in two at the sentence end nearest its middle, if it has two sentences."""
    ends = [m.end() for m in SENTENCE_END.finditer(block.text) if m.end() < len(block.text)]
    if not ends:
        return None
    cut = min(ends, key=lambda end: abs(end - len(block.text) / 2))
    return replace(block, text=block.text[:cut].strip()), replace(block, text=block.text[cut:].strip())


def guide_case(chapter, seed: int, perturbation: str):
    """A chapter's source blocks, its target blocks after ``perturbation`` (``none``, ``del10``
    or ``del20``: a tenth or a fifth of the target blocks deleted; ``merge10``: a tenth
    joined to the next one where a translator could join them, two paragraphs or two
    lists; ``split10``: a tenth of those with two sentences cut in two), and the true
    links."""
    source, gold = chapter
    rng = random.Random(seed)
    share = {"del10": 0.1, "del20": 0.2, "merge10": 0.1, "split10": 0.1}.get(perturbation, 0.0)
    target: list[Block] = []
    links: set[tuple[int, int]] = set()
    i = 0
    while i < len(gold):
        hit = rng.random() < share
        if hit and perturbation.startswith("del"):
            i += 1
            continue
        if hit and perturbation == "merge10" and _mergeable(gold[i : i + 2]):
            target.append(_joined(gold[i], gold[i + 1]))
            links |= {(i, len(target) - 1), (i + 1, len(target) - 1)}
            i += 2
            continue
        halves = _split(gold[i]) if hit and perturbation == "split10" else None
        for half in halves or (gold[i],):
            target.append(half)
            links.add((i, len(target) - 1))
        i += 1
    return source, target, links
