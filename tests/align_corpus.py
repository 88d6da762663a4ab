"""Real parallel text for evaluating the aligner: the English messages and their Simplified
Chinese translations in the gettext catalogs installed on this machine (coreutils, git,
apt...), with known pairs, then perturbed by deleting and merging target blocks."""

from __future__ import annotations

import gettext
import random
import re
from pathlib import Path

from bookforge.model import Block

CATALOGS = Path("/usr/share/locale/zh_CN/LC_MESSAGES")
HAN = re.compile(r"[\u4e00-\u9fff]")


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
            target_texts.append(chosen[i][1] + chosen[i + 1][1])
            links |= {(i, len(target_texts) - 1), (i + 1, len(target_texts) - 1)}
            i += 2
            continue
        target_texts.append(chosen[i][1])
        links.add((i, len(target_texts) - 1))
        i += 1
    return source, [block(t, j) for j, t in enumerate(target_texts)], links


def scores(found: set, truth: set) -> tuple[float, float, float]:
    """Link precision, recall and F1."""
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
