"""The one exception type users see, and the warnings channel."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
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


class Collector(logging.Handler):
    """Keeps the warnings bookforge logs, instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """Within the block, warnings are kept in the yielded list instead of being printed."""
    collector = Collector()
    handlers = log.handlers[:]
    log.handlers[:] = [collector]
    propagate, log.propagate = log.propagate, False
    try:
        yield collector.messages
    finally:
        log.handlers[:] = handlers
        log.propagate = propagate


class OncePerRun(logging.Filter):
    """Lets each distinct message through once."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True
