"""The one exception type users see, and the warnings channel."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("bookforge")


def where(path: Path | str | None, line: int | None = None) -> str:
    """Format a ``file:line`` location for messages."""
    if path is None:
        return ""
    return f"{path}:{line}" if line else str(path)


class BookforgeError(Exception):
    """A problem with the user's input or environment, reported in one line."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        location = where(path, line)
        super().__init__(f"{location}: {message}" if location else message)


def warn(message: str, path: Path | str | None = None, line: int | None = None) -> None:
    """Report a problem that does not stop the build."""
    location = where(path, line)
    log.warning(f"{location}: {message}" if location else message)
