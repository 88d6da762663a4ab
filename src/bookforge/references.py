"""Resolve what the manuscript points at: images must be files inside the project (never
fetched from the network); links to chapter files and to headings (``#id``,
``chapter.md#id``) become links inside the book; links to what the book does not hold, and
external URLs that are not valid, become plain text. Problems are warnings naming file
and line.

A link's fragment is looked up among the heading ids of its own language first, then of
the other language of the same chapter. Inside the book a heading is
``#chapter-<slug>--<id>`` and a chapter ``#chapter-<slug>``; each backend maps those.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bookforge.errors import BookforgeError, warn, where
from bookforge.model import chapter_anchor, chapter_slug

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/svg+xml", "image/webp"}
EXTERNAL = re.compile(r"^(https?|ftp|mailto|tel):", re.IGNORECASE)
HOST_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?")
MAIL = re.compile(r"[^@\s/]+@[^@\s/]+\.[^@\s/]+")
TELEPHONE = re.compile(r"\+?[0-9][0-9().\-]*")


def valid_url(href: str) -> bool:
    """Whether an external URL is well formed: a host name or address for http(s) and
    ftp, an address for mailto, digits for tel."""
    if any(ch.isspace() for ch in href):
        return False
    try:
        parts = urlsplit(href)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return bool(MAIL.fullmatch(unquote(parts.path.split("?")[0])))
    if scheme == "tel":
        return bool(TELEPHONE.fullmatch(parts.path))
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(HOST_NAME.fullmatch(host))


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (symlinks followed) lies inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


@dataclass
class References:
    """Resolves the images and links of one book's chapter files; collects the images."""

    root: Path
    chapter_names: set[str]
    # chapter file name -> role -> written heading id -> the id it was given
    headings: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    images: dict[str, Path] = field(default_factory=dict)
    strict: bool = False  # an image without a description is an error, not a warning
    undescribed: list[str] = field(default_factory=list)  # file:line of such images

    def image_resolver(self, source: Path):
        """The image hook for the chapter file ``source``."""

        def resolve(src: str, line: int, alt: str) -> str | None:
            if not src or urlsplit(src).scheme:
                warn(
                    f"image '{src[:80]}' is not a file of the project; not fetched, left out",
                    source,
                    line,
                )
                return None
            path = (source.parent / unquote(src)).resolve()
            if not inside(path, self.root):
                warn(f"image '{src}' lies outside the project folder; left out", source, line)
                return None
            if not path.is_file():
                warn(f"image '{src}' not found; left out", source, line)
                return None
            if mimetypes.guess_type(path.name)[0] not in IMAGE_TYPES:
                warn(
                    f"image '{src}' is not a JPEG, PNG, GIF, SVG or WebP file; left out",
                    source,
                    line,
                )
                return None
            relative = path.relative_to(self.root.resolve()).as_posix()
            self.images[relative] = path
            if not alt.strip():
                self.undescribed.append(where(source, line))
                message = (
                    f"image '{src}' has no description for readers who cannot see it; "
                    f"write one: ![what it shows]({src})"
                )
                if self.strict:
                    raise BookforgeError(message, source, line)
                warn(message, source, line)
            return relative

        return resolve

    def link_resolver(self, source: Path, chapter: str = "", role: str = "source"):
        """The link hook for the chapter file ``source``, of chapter ``chapter`` (its file
        name) in ``role``."""

        def resolve(href: str, line: int, text: str) -> str | None:
            if not text:
                warn(f"link to '{href}' has no text to show; left out", source, line)
                return None
            if EXTERNAL.match(href):
                if valid_url(href):
                    return href
                warn(f"link to '{href}' is not a valid URL; shown as plain text", source, line)
                return None
            parts = urlsplit(href)
            target = unquote(parts.path)
            name = Path(target).name if target else chapter
            known = (
                not parts.scheme
                and not parts.netloc
                and name in self.chapter_names
                and (not target or target.endswith(".md"))
            )
            if not known:
                warn(
                    f"link to '{href}' has no target in the book; shown as plain text", source, line
                )
                return None
            slug = chapter_slug(name)
            fragment = unquote(parts.fragment)
            if not fragment:
                return f"#{chapter_anchor(slug)}"
            found = self.heading(name, role, fragment)
            if found is None:
                warn(
                    f"link to '{href}': no heading with the id '{fragment}' in {name}; "
                    "shown as plain text",
                    source,
                    line,
                )
                return None
            return f"#{chapter_anchor(slug, found)}"

        return resolve

    def heading(self, chapter: str, role: str, fragment: str) -> str | None:
        """The id of the heading a fragment names in a chapter: among the headings of
        ``role`` first, then of the other language."""
        sides = self.headings.get(chapter, {})
        for side in (role, *(r for r in sides if r != role)):
            found = sides.get(side, {}).get(fragment)
            if found:
                return found
        return None
