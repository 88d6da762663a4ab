"""Where a name written in camel case may break at a line end in the PDF: only where a
lower-case letter meets a capital (Py-Torch, Graph-QL), never where the language's
hyphenation patterns would put it (PyT-orch).

The typography rule ``latin`` marks such names in Chinese text as ``span.latin.name``;
before WeasyPrint lays a document out, each of their words is entered, with its own break
points, in the word cache of the pyphen dictionary WeasyPrint uses for its language. A
pyphen without that cache leaves the names unbroken, as the e-book does.
"""

from __future__ import annotations

import html as entities
import re

import pyphen

NAME_SPAN = re.compile(r'<span class="latin name" lang="([^"]+)"[^>]*>([^<]*)</span>')
CAMEL_WORD = re.compile(r"[A-Za-z]*[a-z][A-Z][A-Za-z]*")


def case_breaks(word: str) -> list[int]:
    """Where a lower-case letter meets a capital in ``word``."""
    return [i for i in range(1, len(word)) if word[i - 1].islower() and word[i].isupper()]


def teach(html: str) -> int:
    """Enter the camel-case names of ``html`` in pyphen's word caches; how many."""
    taught = 0
    for lang, text in NAME_SPAN.findall(html):
        fallback = pyphen.language_fallback(lang)
        cache = getattr(pyphen.Pyphen(lang=fallback).hd, "cache", None) if fallback else None
        if not isinstance(cache, dict):
            continue
        for word in CAMEL_WORD.findall(entities.unescape(text)):
            cache[word.lower()] = [pyphen.DataInt(i) for i in case_breaks(word)]
            taught += 1
    return taught
