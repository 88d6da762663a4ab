"""EPUB Accessibility 1.1 metadata, derived from what the book holds: how it can be read
(access modes), what helps (features), that nothing is hazardous, a summary in the book's
language, and the conformance claim, made only where every image has a description."""

from __future__ import annotations

from ebooklib import epub

from bookforge.labels import label
from bookforge.layout import Arrangement

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def accessibility_metadata(
    arrangement: Arrangement, page_list: bool = False
) -> dict[str, list[str]]:
    """The schema.org and dcterms properties to declare, each with its values;
    ``page_list``: the book marks the print edition's pages."""
    book = arrangement.book
    images = bool(book.images) or bool(book.metadata.cover)
    described = not book.undescribed_images
    features = [
        "tableOfContents",
        "readingOrder",
        "structuralNavigation",
        "displayTransformability",
    ]
    if any(
        block.notes
        for laid in arrangement.chapters
        for row in laid.rows
        for cell in row.cells
        for block in cell.blocks
    ):
        features.append("annotations")
    if images and described:
        features.append("alternativeText")
    if page_list:
        features += ["pageBreakMarkers", "pageNavigation"]
    summary = label("a11y-summary", arrangement.lang)
    if images:
        summary += " " + label("a11y-images" if described else "a11y-undescribed", arrangement.lang)
    metadata = {
        "schema:accessMode": ["textual", "visual"] if images else ["textual"],
        "schema:accessModeSufficient": ["textual"] if described else ["textual,visual"],
        "schema:accessibilityFeature": features,
        "schema:accessibilityHazard": ["none"],
        "schema:accessibilitySummary": [summary],
    }
    if page_list:  # the print edition of the same layout
        metadata["pageBreakSource"] = [f"{book.identifier(arrangement.only)} (PDF)"]
    if described:
        metadata["dcterms:conformsTo"] = [CONFORMANCE]
    return metadata


def add_accessibility_metadata(
    package: epub.EpubBook, arrangement: Arrangement, page_list: bool = False
) -> None:
    """Declare the accessibility metadata in the package document."""
    for prop, values in accessibility_metadata(arrangement, page_list).items():
        for value in values:
            package.add_metadata(None, "meta", value, {"property": prop})


def with_package_language(opf: bytes, lang: str) -> bytes:
    """The package document with the book's language on ``<package>`` (ebooklib writes
    none there)."""
    return opf.replace(b"<package ", f'<package xml:lang="{lang}" '.encode(), 1)
