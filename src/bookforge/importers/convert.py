"""Conversions to bookforge's Markdown (CommonMark with GFM tables and footnotes) by pandoc,
the binary the ``pypandoc-binary`` package ships: no system package needed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bookforge.errors import BookforgeError

MARKDOWN = "gfm-raw_html+footnotes"  # what bookforge's parser reads; no raw HTML left over
HTML_IN = "html+epub_html_exts-native_divs-native_spans"  # EPUB footnotes become notes
BACKLINK = re.compile(
    r"<a\b[^>]*(?:doc-backlink|epub:type=\"backlink\"|class=\"note-back\")[^>]*>.*?</a>\s*",
    re.DOTALL,
)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


def pandoc(text: str | None, source_format: str, path: Path | None = None) -> str:
    """``text`` (or the file at ``path``) converted from ``source_format`` to Markdown."""
    import pypandoc

    arguments = ["--wrap=none"]
    try:
        if path is not None:
            return pypandoc.convert_file(str(path), MARKDOWN, format=source_format,
                                         extra_args=arguments)
        return pypandoc.convert_text(text or "", MARKDOWN, format=source_format,
                                     extra_args=arguments)
    except (RuntimeError, OSError) as error:
        message = str(error).strip().splitlines()[-1] if str(error).strip() else "failed"
        raise BookforgeError(f"pandoc could not read it: {message}", path) from None


def html_to_markdown(html: str) -> str:
    """An HTML (or XHTML) document's body as Markdown, footnotes as Markdown footnotes
    (their links back to the text left out)."""
    return tidy(pandoc(BACKLINK.sub("", html), HTML_IN))


EMPTY_PARAGRAPH = re.compile(r"^(?:&nbsp;|\u00a0|\\)\s*$")


def outside_code(markdown: str) -> Iterator[tuple[str, bool]]:
    """Each line of ``markdown``, and whether it lies outside fenced code."""
    fence = None
    for line in markdown.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence == stripped[:3] else (fence or stripped[:3])
        yield line, fence is None


def tidy(markdown: str) -> str:
    """Markdown as a manuscript file holds it: no trailing blanks, no paragraph that only
    holds a no-break space (word processors' way to leave a blank line), one final
    newline."""
    lines = [
        "" if outside and EMPTY_PARAGRAPH.match(line) else line.rstrip()
        for line, outside in outside_code(markdown)
    ]
    return "\n".join(lines).strip() + "\n"


IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


def has_text(markdown: str) -> bool:
    """Whether ``markdown`` holds any words besides images (their descriptions included)."""
    return bool(re.search(r"\w", IMAGE.sub(" ", markdown)))


def first_heading(markdown: str) -> str:
    """The text of the first heading of ``markdown`` ('' if none)."""
    match = HEADING.search(markdown)
    return match.group(2).strip() if match else ""


def split_at_headings(markdown: str, level: int = 1) -> list[str]:
    """``markdown`` cut before each heading of ``level`` (outside fenced code); the part
    before the first, if it holds text, is a chapter too."""
    parts: list[list[str]] = [[]]
    for line, outside in outside_code(markdown):
        if outside and re.match(rf"^#{{{level}}}\s", line):
            parts.append([])
        parts[-1].append(line)
    chunks = ["\n".join(part).strip() for part in parts]
    return [chunk + "\n" for chunk in chunks if chunk]
