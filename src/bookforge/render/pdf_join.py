"""Join the PDFs of a book's parts (front matter first) into one file, with pypdf.

The first file gives the document its catalog (metadata, language, output intents, viewer
preferences) and information dictionary; every file's pages follow in order, with their
links. Named destinations are merged into one sorted name tree (a name's first
destination wins, as in a single layout); each part's bookmarks follow the ones before;
a tagged part's structure elements go under the first file's ``Document`` element, and
its pages and links get new keys in the structure parent tree.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    Fit,
    NameObject,
    NumberObject,
    TextStringObject,
)


def join(paths: list[Path], target: Path, identifier: bytes) -> None:
    """Write ``paths`` joined to ``target``; ``identifier`` becomes the file's /ID."""
    writer = PdfWriter(clone_from=str(paths[0]))
    names = _destinations(writer.root_object)
    tags = Tags(writer)
    for path in paths[1:]:
        reader = PdfReader(path)
        start = len(writer.pages)
        pages = [writer.add_page(page) for page in reader.pages]
        names += [(name, dest.clone(writer)) for name, dest in _destinations(reader.root_object)]
        _add_bookmarks(writer, reader, reader.outline, start, None)
        tags.add(reader, pages)
    _set_destinations(writer, names)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
    writer.write(target)


def _destinations(catalog) -> list[tuple[str, object]]:
    """The (name, destination) pairs of a catalog's flat name tree, as WeasyPrint writes it."""
    tree = catalog.get("/Names", {}).get("/Dests")
    if tree is None:
        return []
    array = tree.get_object().get("/Names", [])
    return [(str(array[k]), array[k + 1]) for k in range(0, len(array), 2)]


def _set_destinations(writer: PdfWriter, names: list) -> None:
    first: dict[str, object] = {}
    for name, dest in names:
        first.setdefault(name, dest)
    array = ArrayObject()
    for name in sorted(first):
        array += [TextStringObject(name), first[name]]
    catalog = writer.root_object
    if "/Names" not in catalog:
        catalog[NameObject("/Names")] = DictionaryObject()
    tree = DictionaryObject({NameObject("/Names"): array})
    catalog["/Names"].get_object()[NameObject("/Dests")] = tree


def _add_bookmarks(writer: PdfWriter, reader: PdfReader, items: list, start: int, parent):
    """Copy an outline (pypdf's nested lists) under ``parent``, its pages moved by ``start``."""
    last = None
    for item in items:
        if isinstance(item, list):
            _add_bookmarks(writer, reader, item, start, last)
            continue
        page = start + reader.get_destination_page_number(item)
        fit = Fit.xyz(item.left, item.top, item.zoom)
        last = writer.add_outline_item(title=item.title, page_number=page, parent=parent, fit=fit)


class Tags:
    """The joined structure tree: the first file's, to which each part's is added."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.root = writer.root_object.get("/StructTreeRoot")
        if self.root is None:
            return
        self.root = self.root.get_object()
        self.document = self.root["/K"][0]
        self.nums = self.root["/ParentTree"].get_object()["/Nums"]
        self.next_key = max(self.nums[::2], default=-1) + 1

    def add(self, reader: PdfReader, pages: list) -> None:
        """Add a part's structure: its elements under the document, its keys renumbered."""
        part_root = reader.root_object.get("/StructTreeRoot")
        if self.root is None or part_root is None:
            return
        part_root = part_root.get_object()
        part_nums = part_root["/ParentTree"].get_object()["/Nums"]
        parents = {int(part_nums[k]): part_nums[k + 1] for k in range(0, len(part_nums), 2)}
        for kid in part_root["/K"][0].get_object()["/K"]:
            kid.get_object()[NameObject("/P")] = self.document
            self.document.get_object()["/K"].append(kid.clone(self.writer))
        for original, page in zip(reader.pages, pages, strict=True):
            if "/StructParents" in original:
                key = self._key(parents[int(original["/StructParents"])])
                page[NameObject("/StructParents")] = key
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    key = self._key(parents[int(annotation["/StructParent"])])
                    annotation[NameObject("/StructParent")] = key

    def _key(self, parent) -> NumberObject:
        key = NumberObject(self.next_key)
        self.next_key += 1
        self.nums += [key, parent.clone(self.writer)]
        return key
