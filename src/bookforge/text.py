"""Small text helpers shared by several stages."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """ASCII words joined by hyphens: 'Open Source as Defense' -> 'open-source-as-defense'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
