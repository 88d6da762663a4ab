"""Links from one part of the PDF to another's anchors, kept while the parts are written.

WeasyPrint writes an internal link as a named destination (``/Dest (name)``) and drops,
with an error, a link whose anchor is not in the document being written. A part of the
book written on its own links to anchors in the other parts (the contents to the chapters,
a cross-reference to a later chapter); once the parts are joined those names resolve.
While ``keeping_links(anchors)`` is active, a link to any of ``anchors`` is kept; links to
anchors found nowhere are still dropped. Written for WeasyPrint 70 (``pdf.resolve_links``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import weasyprint.pdf
from weasyprint.logger import LOGGER

_resolve_links = weasyprint.pdf.resolve_links


@contextmanager
def keeping_links(anchors: set[str]) -> Iterator[None]:
    """While active, internal links to ``anchors`` survive in any document written."""

    def resolve_links(pages) -> Iterator:
        """WeasyPrint's ``resolve_links``, with ``anchors`` counted as found."""
        seen: set[str] = set()
        paged = []
        for page in pages:
            own = [(name, x, y) for name, (x, y, _, _) in page.anchors.items() if name not in seen]
            seen.update(name for name, _, _ in own)
            paged.append(own)
        for page, own in zip(pages, paged, strict=True):
            kept = []
            for link in page.links:
                if link[0] == "internal" and link[1] not in anchors and link[1] not in seen:
                    LOGGER.error("No anchor #%s for internal URI reference", link[1])
                else:
                    kept.append(link)
            yield kept, own

    weasyprint.pdf.resolve_links = resolve_links
    try:
        yield
    finally:
        weasyprint.pdf.resolve_links = _resolve_links
