"""A one-line progress indicator on stderr while WeasyPrint lays out pages: shown only on a
terminal and not with ``--quiet``."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

ENGINE = logging.getLogger("weasyprint.progress")
PAGE = re.compile(r"Creating layout - Page (\d+)")


class PageCounter(logging.Handler):
    """Rewrites one stderr line with the page being laid out."""

    def __init__(self, stream, label: str):
        super().__init__()
        self.stream, self.label = stream, label

    def emit(self, record: logging.LogRecord) -> None:
        match = PAGE.search(record.getMessage())
        if match:
            self.stream.write(f"\rbookforge: {self.label}: laying out page {match.group(1)}")
            self.stream.flush()


def wanted() -> bool:
    """Progress is shown on a terminal, unless bookforge is quiet."""
    quiet = logging.getLogger("bookforge").getEffectiveLevel() > logging.WARNING
    return not quiet and sys.stderr.isatty()


@contextmanager
def pages(label: str) -> Iterator[None]:
    """Report the pages laid out inside the block as ``label``."""
    if not wanted():
        yield
        return
    handler = PageCounter(sys.stderr, label)
    level = ENGINE.level
    ENGINE.addHandler(handler)
    ENGINE.setLevel(logging.INFO)
    try:
        yield
    finally:
        ENGINE.removeHandler(handler)
        ENGINE.setLevel(level)
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
