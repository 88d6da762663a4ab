"""HTML backend: the single document that the PDF backend renders."""

from __future__ import annotations

from pathlib import Path

from bookforge.document import build_html
from bookforge.layout import Arrangement
from bookforge.output import atomic_output


def write_html(arrangement: Arrangement, target: Path) -> None:
    """Write the book as one self-contained HTML file."""
    html = build_html(arrangement)
    with atomic_output(target) as temporary:
        temporary.write_text(html, encoding="utf-8")
