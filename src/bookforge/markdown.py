"""Parse one Markdown file into top-level blocks with markdown-it-py.

Raw HTML is escaped, never passed through: a book's text cannot smuggle markup into
the EPUB or the PDF. A line ``{#name}`` above a block is a pairing marker (see ``pairing``);
``{.class}`` adds a class (``{.caption}`` marks a caption).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin

from bookforge.model import Block

KINDS = {
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "blockquote_open": "quote",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "hr": "rule",
    "html_block": "html",
}


@cache
def parser() -> MarkdownIt:
    """The one configured Markdown parser (CommonMark, tables, block attributes, no raw HTML)."""
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": True}).enable("table")
    md.use(attrs_block_plugin, allowed=("id", "class"))
    return md


def _top_level(tokens: list[Token]) -> Iterator[list[Token]]:
    """Group the token stream into the tokens of each top-level block."""
    start, depth = 0, 0
    for index, token in enumerate(tokens):
        depth += token.nesting
        if depth == 0:
            yield tokens[start : index + 1]
            start = index + 1


def _plain_text(tokens: list[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            parts.append(" ")
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
    return " ".join("".join(parts).replace("\u2060", "").split())  # without word joiners


InlineHook = Callable[[list[Token], bool], None]


def _apply_hook(group: list[Token], hook: InlineHook) -> None:
    """Let ``hook`` rewrite the text children of each inline token, in place; it is told
    which inline token ends a paragraph."""
    inlines = [t for t in group if t.type == "inline" and t.children]
    paragraph = group[0].type == "paragraph_open"
    for index, token in enumerate(inlines):
        hook(token.children, paragraph and index == len(inlines) - 1)


def parse_blocks(text: str, inline_hook: InlineHook | None = None) -> list[Block]:
    """Split Markdown text into rendered blocks, in order; ``inline_hook`` may rewrite
    text nodes (never code, URLs or attributes) before rendering."""
    md = parser()
    tokens = md.parse(text)
    blocks: list[Block] = []
    for group in _top_level(tokens):
        if inline_hook:
            _apply_hook(group, inline_hook)
        head = group[0]
        marker = head.attrs.pop("id", None)
        classes = tuple(str(head.attrs.get("class", "")).split())
        level = int(head.tag[1]) if head.type == "heading_open" else 0
        kind = KINDS.get(head.type, head.type)
        blocks.append(
            Block(
                kind=kind,
                html=md.renderer.render(group, md.options, {}).strip(),
                text=_plain_text(group),
                line=(head.map[0] + 1) if head.map else 1,
                marker=str(marker) if marker is not None else None,
                level=level,
                classes=classes,
            )
        )
    return blocks
