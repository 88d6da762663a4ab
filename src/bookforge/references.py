"""Resolve what the manuscript points at: images must be files inside the project (never
fetched from the network), links to chapter files become links to those chapters, links
to missing chapters become plain text. Problems are warnings naming file and line."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bookforge.errors import warn
from bookforge.model import chapter_slug

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/svg+xml", "image/webp"}
EXTERNAL = re.compile(r"^(https?|mailto|tel):", re.IGNORECASE)


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
    images: dict[str, Path] = field(default_factory=dict)

    def image_resolver(self, source: Path):
        """The image hook for the chapter file ``source``."""

        def resolve(src: str, line: int) -> str | None:
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
            return relative

        return resolve

    def link_resolver(self, source: Path):
        """The link hook for the chapter file ``source``."""

        def resolve(href: str, line: int) -> str | None:
            if EXTERNAL.match(href) or href.startswith("#"):
                return href
            target = unquote(urlsplit(href).path)
            name = Path(target).name
            if target.endswith(".md") and name in self.chapter_names:
                return f"#chapter-{chapter_slug(name)}"
            warn(f"link to '{href}' has no target in the book; shown as plain text", source, line)
            return None

        return resolve
