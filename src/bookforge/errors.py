"""The one exception type users see, and the warnings channel."""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
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


LISTED = 10  # lines named in a summary
_location = re.compile(r"^(?P<file>.+?):(?P<line>\d+): ")
_quoted = re.compile(r"'[^']*'|\b[\w.-]+\.(?:md|markdown|txt|png|jpe?g|gif|svg|html?)\b")


def warning_kind(message: str) -> tuple[str, str, str | None]:
    """The file a warning names, what it says with its quoted parts left out (two warnings
    of a kind differ only in their line and the names they quote), and its line."""
    found = _location.match(message)
    if not found:
        return "", _quoted.sub("'…'", message), None
    return found["file"], _quoted.sub("'…'", message[found.end() :]), found["line"]


class Digest:
    """Lets the first ``SHOWN`` warnings of each kind in each file through and counts the
    rest, for one line each at the end: an imported manual can have hundreds of links to
    headings it no longer has."""

    SHOWN = 3

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.lines: defaultdict[tuple[str, str], list[str]] = defaultdict(list)

    def admit(self, message: str) -> bool:
        """Whether to show this warning now."""
        path, text, line = warning_kind(message)
        kind = path, text
        self.counts[kind] += 1
        if self.counts[kind] <= self.SHOWN:
            return True
        if line and line not in self.lines[kind]:
            self.lines[kind].append(line)
        return False

    def summary(self) -> list[str]:
        """One line for each kind of warning that had more than ``SHOWN``."""
        out = []
        for (path, kind), count in self.counts.items():
            if count > self.SHOWN:
                lines = self.lines[(path, kind)]
                listed = ", ".join(lines[:LISTED]) + (", …" if len(lines) > LISTED else "")
                at = f" (lines {listed})" if lines else ""
                out.append(f"{path + ': ' if path else ''}and {count - self.SHOWN} more:"
                           f" {kind}{at}")
        return out


def digested(messages: list[str]) -> list[str]:
    """The messages as a ``Digest`` shows them: the first of each kind, then the counts."""
    digest = Digest()
    return [m for m in messages if digest.admit(m)] + digest.summary()
