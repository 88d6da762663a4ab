"""Small text helpers shared by several stages."""

from __future__ import annotations

import re
import unicodedata


def unaccented(text: str) -> str:
    """Text without its accents: 'création' -> 'creation'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """ASCII words joined by hyphens: 'Open Source as Defense' -> 'open-source-as-defense'."""
    ascii_text = unaccented(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def language_keys(lang: str, keys) -> list[str]:
    """The keys of a per-language table that a BCP 47 tag falls under, longest first:
    ``zh-Hant-TW`` -> ``zh-hant``, then ``zh`` (keys are lower case)."""
    tag = lang.lower()
    return [k for k in sorted(keys, key=len, reverse=True) if tag == k or tag.startswith(k + "-")]


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """Text without the control characters XML cannot hold."""
    return CONTROL.sub("", text)
