"""The PDF laid out in parts, one process per part, then joined into one file.

A book of several chapters is cut between chapters into as many parts as there are
processes to use, of about equal length. Each part is laid out in its own process, the
first in the calling process, which then writes the front matter and the first part. A part's pages
do not depend on where it starts, because every part starts a right-hand page: chapters
open on a recto in the interleaved layout (``[pdf] chapter-recto``, the default; without
it the PDF is laid out in one piece), and a facing part starts a spread. A part that ends
on a recto gets the blank verso a single layout would give it (its end marker asks for a
recto, and the marker's own page is dropped).

Once every part is laid out, the parent knows where each starts: each part then moves its
folios on (``paging.renumber``) and writes its PDF, keeping its links to the other parts'
anchors; the front matter is laid out with the contents' page numbers; ``pdf_join``
joins the files. The pages, text, destinations, outline, links and tags are those of a
single layout, which ``write_pdf`` with one worker gives.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import tempfile
import traceback
from dataclasses import dataclass, replace
from itertools import accumulate, pairwise
from pathlib import Path

from weasyprint import Document
from weasyprint.text.fonts import FontConfiguration

from bookforge.align import lexicon
from bookforge.document import build_html
from bookforge.errors import BookforgeError
from bookforge.layout import Arrangement
from bookforge.render import facing, paging, pdf_join, shared_fonts
from bookforge.render.front_matter import anchor_pages, front_matter, numbered
from bookforge.render.links import keeping_links
from bookforge.render.weasy import render_document
from bookforge.typography import justify

# Below this many characters a book is laid out in one piece: a part's own set-up (styles,
# fonts, its own PDF) would cost more than the second core saves.
SMALL_BOOK = 40_000
# The first part's process also lays out the front matter twice (to count its pages, then
# with the contents' page numbers), about the time 40,000 characters of chapters take: its
# part is that much shorter, so that every part is ready at the same time.
FRONT_MATTER = 40_000


@dataclass(frozen=True)
class Laid:
    """What a part reports once laid out: its page count, the page counter of its first
    page, and every anchor with its page (counted in the part)."""

    pages: int
    first_folio: int
    anchors: dict[str, int]


def parts_for(arrangement: Arrangement, jobs: int) -> list[Arrangement]:
    """The book cut between chapters into up to ``jobs`` parts of about equal length; one
    part when it cannot or need not be cut."""
    chapters = arrangement.chapters
    sizes = [_size(laid) for laid in chapters]
    recto = arrangement.layout == "facing" or arrangement.book.settings["pdf"]["chapter-recto"]
    count = min(jobs, len(chapters))
    if count < 2 or not recto or sum(sizes) < SMALL_BOOK:
        return [arrangement]
    ends = list(accumulate(sizes))
    share = (ends[-1] + FRONT_MATTER) / count
    cuts = sorted({_nearest(ends, share * k - FRONT_MATTER) for k in range(1, count)})
    bounds = [0, *[c + 1 for c in cuts if c + 1 < len(chapters)], len(chapters)]
    return [replace(arrangement, chapters=chapters[a:b]) for a, b in pairwise(bounds) if a < b]


def _size(laid) -> int:
    return sum(len(block.html) for row in laid.rows for cell in row.cells for block in cell.blocks)


def _nearest(ends: list[int], goal: float) -> int:
    return min(range(len(ends)), key=lambda k: abs(ends[k] - goal))


def _lay_out(part: Arrangement, last: bool, fonts: FontConfiguration) -> Document:
    """A part laid out (without its end marker's page)."""
    if part.layout == "facing":
        return facing.body_spreads(part, fonts, 0)[0]
    html = build_html(part, front=False, part_end=not last)
    document = render_document(part, html, "pages", fonts)
    return document if last else document.copy(document.pages[:-1])


def _report(document: Document) -> Laid:
    return Laid(len(document.pages), paging.first_folio(document), anchor_pages(document, 0))


def _worker(connection, part: Arrangement, last: bool, options: dict) -> None:
    """A part's process: lay out, report, wait for the first folio and every anchor of
    the book, then write the part's PDF, its fonts subset as the whole book's are."""
    try:
        document = _lay_out(part, last, FontConfiguration())
        connection.send(("laid", _report(document)))
        folio, anchors, path = connection.recv()
        paging.renumber(document, folio - paging.first_folio(document))

        def exchange(glyphs: shared_fonts.Glyphs) -> shared_fonts.Glyphs:
            connection.send(("glyphs", glyphs))
            return connection.recv()

        with keeping_links(anchors), shared_fonts.sharing_glyphs(exchange):
            document.write_pdf(path, **options)
        connection.send(("written", None))
    except BookforgeError as error:
        connection.send(("error", (str(error), error.path, error.line)))
    except BaseException:  # reported by the parent, which has the --debug switch
        connection.send(("crash", traceback.format_exc()))
    finally:
        connection.close()


class Workers:
    """The processes of the parts after the first, and their connections."""

    def __init__(self, parts: list[Arrangement], options: dict):
        context = multiprocessing.get_context("fork")
        self.connections, self.processes = [], []
        for index, part in enumerate(parts[1:], 1):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_worker, args=(theirs, part, index == len(parts) - 1, options)
            )
            process.start()
            theirs.close()
            self.connections.append(mine)
            self.processes.append(process)

    def receive(self, expected: str) -> list:
        """Each part's next message, which must be ``expected``."""
        results = []
        for connection in self.connections:
            try:
                kind, value = connection.recv()
            except EOFError:
                raise BookforgeError("a process laying out the PDF ended unexpectedly") from None
            if kind == "error":
                raise BookforgeError(*value)
            if kind == "crash":
                raise RuntimeError(f"a process laying out the PDF failed:\n{value}")
            assert kind == expected, kind
            results.append(value)
        return results

    def share_glyphs(self, own: shared_fonts.Glyphs) -> shared_fonts.Glyphs:
        """Every part's glyphs joined with ``own``, and sent back to every part."""
        joined = shared_fonts.union(own, *self.receive("glyphs"))
        self.send([joined] * len(self.connections))
        return joined

    def send(self, messages: list) -> None:
        for connection, message in zip(self.connections, messages, strict=True):
            connection.send(message)

    def close(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.kill()
            process.join()
        for connection in self.connections:
            connection.close()


def write_parts(
    arrangement: Arrangement, parts: list[Arrangement], target: Path, options: dict
) -> int:
    """Lay ``parts`` out in parallel, the first in this process, and write the book's PDF
    (front matter, then the parts) to ``target``; returns its number of pages."""
    justify.install()
    paging.install()
    fonts = FontConfiguration()
    lexicon.forget()  # before the other processes start with a copy of this one's memory
    gc.collect()
    workers = Workers(parts, options)
    try:
        first = _lay_out(parts[0], False, fonts)
        front_count = len(front_matter(arrangement, fonts).pages)
        laid = [_report(first), *workers.receive("laid")]
        starts = list(accumulate([front_count + 1] + [part.pages for part in laid]))[:-1]
        numbers: dict[str, int] = {}
        for start, part in zip(starts, laid, strict=True):
            for anchor, index in part.anchors.items():
                numbers.setdefault(anchor, start + index)
        front = numbered(arrangement, fonts, numbers, front_count)
        with tempfile.TemporaryDirectory(prefix="bookforge-") as folder:
            paths = [Path(folder) / f"part-{k}.pdf" for k in range(len(parts))]
            anchors = set(numbers) | {a for page in front.pages for a in page.anchors}
            workers.send([(s, anchors, p) for s, p in zip(starts[1:], paths[1:], strict=True)])
            paging.renumber(first, starts[0] - paging.first_folio(first))
            opening = front.copy(front.pages + first.pages)
            with keeping_links(anchors), shared_fonts.sharing_glyphs(workers.share_glyphs):
                opening.write_pdf(paths[0], **options)
            del first, front, opening  # the join needs the memory
            workers.receive("written")
            pdf_join.join(paths, target, _identifier(paths))
    finally:
        workers.close()
    return front_count + sum(part.pages for part in laid)


def _identifier(paths: list[Path]) -> bytes:
    digest = hashlib.md5(usedforsecurity=False)
    for path in paths:
        digest.update(path.read_bytes())
    return digest.digest()
