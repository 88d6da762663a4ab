"""Both pages of a facing spread from one layout.

The facing body is laid out once, on left-hand pages (the named page ``left-body``) whose
table is two text widths wide: each row's original cell in the page's text area, its
translation's cell beside it, beyond the page's edge. Once WeasyPrint has laid a page out,
``spreads()`` splits it in two: the left page keeps the original's cells; its twin, a
``right-body`` page with the right-hand page's margins, folio and running head, takes the
translation's cells, moved into its own text area, and the translation's footnotes. Both
pages of a spread thus start every pair level by construction, at the cost of one layout.

Written for WeasyPrint 70 (pinned in pyproject.toml): the twin is added as the layout is
made (``paging.adding``), and its margin boxes are made as WeasyPrint makes the left
page's, from the same counters (its folio one more) and named strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.formatting_structure import boxes
from weasyprint.layout.background import layout_backgrounds
from weasyprint.layout.page import page_height, page_width, set_page_type_computed_styles
from weasyprint.layout.percent import resolve_percentages

from bookforge.render import paging

LEFT, RIGHT = "left-body", "right-body"  # the named pages of print.css


def _cell_role(box) -> str | None:
    """'source' or 'target' for a cell of the facing table, else None."""
    if not isinstance(box, boxes.TableCellBox) or box.element is None:
        return None
    classes = (box.element.get("class") or "").split()
    if "pair-cell" not in classes:
        return None
    return "source" if "source" in classes else "target"


def _holds_cells(box) -> bool:
    """Whether a facing cell lies below ``box`` (cells themselves are not searched)."""
    return any(
        _cell_role(child) or (isinstance(child, boxes.ParentBox) and _holds_cells(child))
        for child in getattr(box, "children", ())
    )


def _moved_copy(box, dx: float):
    """A copy of ``box`` (and of everything below it) moved ``dx`` to the right."""
    moved = box.deepcopy()
    moved.translate(dx)
    return moved


def _divide(box, dx: float, width: float):
    """Keep in ``box`` what the left page shows; return the right page's copy of it, moved
    ``dx`` to the right, the translation's cells a further text ``width`` to the left."""
    kept, twin_children = [], []
    for child in box.children:
        role = _cell_role(child)
        if role == "source":
            kept.append(child)
        elif role == "target":
            child.translate(dx - width)
            twin_children.append(child)
        elif isinstance(child, boxes.ParentBox) and _holds_cells(child):
            kept.append(child)
            twin_children.append(_divide(child, dx, width))
        else:
            kept.append(child)
            twin_children.append(_moved_copy(child, dx))
    box.children = kept
    twin = box.copy()
    twin.children = twin_children
    twin.position_x += dx
    if isinstance(twin, boxes.TableBox):
        twin.column_positions = [x + dx for x in twin.column_positions]
    return twin


def _divide_notes(area, dx: float, target_notes: frozenset[str]):
    """The footnote area split alike: the translation's notes go to the right page."""
    kept = [note for note in area.children if note.element.get("id") not in target_notes]
    moved = [note for note in area.children if note.element.get("id") in target_notes]
    area.children = kept
    twin = area.copy()
    twin.children = moved
    twin.translate(dx)
    return twin


def _right_page_box(context, html, page):
    """An empty ``right-body`` page box of the same page type as ``page`` otherwise, sized
    as WeasyPrint's ``make_page`` sizes a page."""
    groups = tuple((RIGHT if name == LEFT else name, n) for name, n in page.page_type.groups)
    page_type = page.page_type._replace(name=RIGHT, groups=groups)
    set_page_type_computed_styles(page_type, html, context.style_for)
    style = context.style_for(page_type)
    style["overflow"] = page.style["overflow"]
    twin = boxes.PageBox(page_type, style)
    device_size = twin.style["size"]
    resolve_percentages(twin, device_size)
    twin.position_x = twin.position_y = 0
    page_width(twin, context, device_size[0])
    page_height(twin, context, device_size[1])
    return twin


def _twin_page(context, html, page, number: int, target_notes: frozenset[str]):
    """The right-hand page facing the laid-out left-hand ``page``, the document's page
    ``number``; what it takes is removed from ``page``."""
    twin = _right_page_box(context, html, page)
    dx = twin.content_box_x() - page.content_box_x()
    width = page.width  # the text width: the table is twice as wide
    children = []
    for child in page.children:
        if isinstance(child, boxes.MarginBox):
            continue
        if isinstance(child, boxes.FootnoteAreaBox):
            children.append(_divide_notes(child, dx, target_notes))
        elif isinstance(child, boxes.ParentBox) and _holds_cells(child):
            children.append(_divide(child, dx, width))
        else:
            children.append(_moved_copy(child, dx))
    page.children = tuple(c for c in page.children if not _empty_area(c))

    twin.paging = paging.Paging(page.paging.context, number, ahead=1)
    children = [c for c in children if not _empty_area(c)]
    children.extend(paging.margin_boxes(twin))
    twin.children = tuple(children)
    layout_backgrounds(twin, context.get_image_from_uri)
    return twin


def _empty_area(box) -> bool:
    return isinstance(box, boxes.FootnoteAreaBox) and not box.children


@contextmanager
def spreads(target_notes: frozenset[str]) -> Iterator[None]:
    """While active, WeasyPrint's layout gives each ``left-body`` page its facing page;
    ``target_notes`` are the ids of the translation's footnotes."""

    def facing_page(context, html, page, number: int) -> list:
        if page.page_type.name != LEFT:
            return []
        return [_twin_page(context, html, page, number, target_notes)]

    with paging.adding(facing_page):
        yield
