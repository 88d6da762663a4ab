"""What the PDF engine may read: files inside the project, the system's font files and
colour profiles, and small ``data:`` URLs. Nothing is fetched from the network; a refused
URL is a warning."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher

from bookforge.errors import warn
from bookforge.references import inside

FONT_FOLDERS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
)
COLOUR_PROFILES = (Path("/usr/share/color/icc"),)
DATA_LIMIT = 1_000_000  # bytes of a data: URL


class ProjectFetcher(URLFetcher):
    """A WeasyPrint URL fetcher confined to the project folder and the font folders."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"file", "data"})
        self.root = root.resolve()
        self.refused: list[str] = []

    def allowed(self, url: str) -> bool:
        """Whether ``url`` may be read."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return len(url) <= DATA_LIMIT
        if parts.scheme != "file":
            return False
        path = Path(unquote(parts.path))
        folders = (self.root, *FONT_FOLDERS, *COLOUR_PROFILES)
        return any(inside(path, folder) for folder in folders)

    def fetch(self, url: str, headers=None):
        if not self.allowed(url):
            if url not in self.refused:
                self.refused.append(url)
                warn(f"not fetched (outside the project, or remote): {url[:120]}")
            raise ValueError(f"bookforge does not fetch {url[:120]}")
        return super().fetch(url, headers)
