"""Parse one Markdown file into top-level blocks with markdown-it-py.

Raw HTML is escaped, never passed through: a book's text cannot smuggle markup into
the EPUB or the PDF. A line ``{#name}`` above a block is a pairing marker (see ``pairing``);
above a heading it is also the heading's id. ``{.class}`` adds a class (``{.caption}`` marks
a caption). Footnotes (``[^1]``) travel with the block that first refers to them. Straight
quotes and apostrophes in prose become the language's quotation marks (never in code).

Parsing is two steps, so that links can be resolved against the headings of every chapter:
``parse_file`` reads the tokens and gives each heading an id; ``render_blocks`` resolves
links and images, applies the text rules and renders each block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin

from bookforge.model import Block, Note
from bookforge.text import language_keys

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


# Quotation marks per language (primary, then secondary): what straight quotes become.
QUOTES = {
    "en": "“”‘’",
    "de": "„“‚‘",
    "fr": ["«\u202f", "\u202f»", "‹\u202f", "\u202f›"],
    "ja": "「」『』",
    "zh-hant": "「」『』",
    "zh-tw": "「」『』",
    "zh-hk": "「」『』",
    "zh": "“”‘’",
}


def quotes_for(lang: str) -> tuple[str, ...]:
    """The quotation marks of a BCP 47 language (by its longest known prefix)."""
    found = language_keys(lang, QUOTES)
    return tuple(QUOTES[found[0] if found else "en"])


@cache
def parser(quotes: tuple[str, ...] | None = None) -> MarkdownIt:
    """The configured Markdown parser (CommonMark, tables, block attributes, footnotes, no
    raw HTML); with ``quotes``, straight quotes in prose become those marks."""
    options = {"html": False, "xhtmlOut": True, "typographer": bool(quotes)}
    if quotes:
        options["quotes"] = list(quotes)
    md = MarkdownIt("commonmark", options).enable("table")
    if quotes:
        md.enable("smartquotes")
    md.use(attrs_block_plugin, allowed=("id", "class"))
    md.use(footnote_plugin)
    md.add_render_rule("footnote_ref", _render_note_ref)
    return md


def note_ids(prefix: str, note_id: int, sub_id: int = 0) -> tuple[str, str]:
    """The element ids of a footnote and of one of its references."""
    return f"{prefix}note-{note_id + 1}", f"{prefix}noteref-{note_id + 1}-{sub_id}"


def _render_note_ref(self, tokens, index, options, env) -> str:
    meta = tokens[index].meta
    ident, ref = note_ids(env.get("note_prefix", ""), meta["id"], meta["subId"])
    number = meta["id"] + 1
    return (
        f'<a class="noteref" epub:type="noteref" role="doc-noteref" id="{ref}" '
        f'href="#{ident}">{number}</a>'
    )


def _notes(tokens: list[Token], prefix: str) -> dict[int, Note]:
    """The footnotes of a footnote block, by id, as inline XHTML."""
    md = parser()
    notes: dict[int, Note] = {}
    current: int | None = None
    parts: list[str] = []
    for token in tokens:
        if token.type == "footnote_open":
            current, parts = token.meta["id"], []
        elif token.type == "inline" and current is not None:
            parts.append(md.renderer.renderInline(token.children or [], md.options, {}))
        elif token.type == "footnote_close" and current is not None:
            ident, ref = note_ids(prefix, current)
            notes[current] = Note(ident, ref, current + 1, "<br />".join(parts))
    return notes


def _note_refs(group: list[Token]) -> list[int]:
    return [
        child.meta["id"]
        for token in group
        if token.type == "inline"
        for child in token.children or []
        if child.type == "footnote_ref" and child.meta["subId"] == 0
    ]


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
# Maps a link or image target (its line, and the link's text or the image's description)
# to the target to use, or None to drop it.
UrlHook = Callable[[str, int, str], str | None]
ImageHook = UrlHook


def _apply_url_hooks(group: list[Token], images: ImageHook | None, links: UrlHook | None) -> None:
    """Resolve image sources and link targets in place; a dropped image leaves its
    description as text, a dropped link its text."""
    line = (group[0].map[0] + 1) if group[0].map else 1
    for token in group:
        children = token.children or []
        _unnest_links(children)
        for index, child in enumerate(children):
            if child.type == "image" and images:
                src = images(str(child.attrs.get("src", "")), line, child.content)
                if src is None:
                    child.type, child.tag, child.attrs, child.children = "text", "", {}, None
                else:
                    child.attrs["src"] = src
            elif child.type == "link_open" and links:
                close = _matching_close(children, index)
                text = _link_text(children, index, close)
                href = links(str(child.attrs.get("href", "")), line, text)
                if href is None:
                    child.tag, child.attrs = "span", {}
                    close.tag = "span"
                else:
                    child.attrs["href"] = href


def _unnest_links(children: list[Token]) -> None:
    """A link inside a link's text (CommonMark lets an autolink stand there:
    ``[<https://a.org>](https://a.org)``) becomes a plain span: XHTML forbids ``<a>`` in
    ``<a>``."""
    depth = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
            if depth > 1:
                child.type, child.tag, child.attrs = "span_open", "span", {}
        elif child.type == "link_close":
            if depth > 1:
                child.type, child.tag = "span_close", "span"
            depth -= 1


def _link_text(children: list[Token], start: int, close: Token) -> str:
    """What a reader perceives of the link from ``children[start]`` to ``close``: its text
    and the descriptions of its images."""
    parts = []
    for child in children[start + 1 :]:
        if child is close:
            break
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
    return "".join(parts).strip()


def _matching_close(children: list[Token], start: int) -> Token:
    """The ``link_close`` that closes the ``link_open`` at ``children[start]`` (by
    position: tokens compare by value, so two alike links are not told apart by ``==``)."""
    depth = 0
    for child in children[start:]:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
            if depth == 0:
                return child
    raise ValueError("unbalanced link")


def _apply_hook(group: list[Token], hook: InlineHook) -> None:
    """Let ``hook`` rewrite the text children of each inline token, in place; it is told
    which inline token ends a paragraph."""
    inlines = [t for t in group if t.type == "inline" and t.children]
    paragraph = group[0].type == "paragraph_open"
    for index, token in enumerate(inlines):
        hook(token.children, paragraph and index == len(inlines) - 1)


def heading_slug(text: str) -> str:
    """A heading's id from its text, as pandoc derives it: letters, digits, ``_-.`` kept,
    lower case, spaces to hyphens, nothing before the first letter; 'section' if empty."""
    kept = "".join(ch for ch in text.lower() if ch.isalnum() or ch in "_-." or ch.isspace())
    slug = "-".join(kept.split())
    while slug and not slug[0].isalpha():
        slug = slug[1:]
    return slug or "section"


# Ids the book's own markup gives (pairs, page breaks, the title page, the navigation; the
# loader adds the chapter's own): a heading never takes one of them.
RESERVED_ID = re.compile(
    r"pair-\d+(?:-(?:source|target))?|page-\d+|title-page|toc|landmarks|page-list"
)


def unique(ident: str, taken: set[str]) -> str:
    """``ident``, or ``ident-1``, ``ident-2``... whichever is neither taken yet nor one of
    the book's own ids; now taken."""
    candidate, number = ident, 0
    while candidate in taken or RESERVED_ID.fullmatch(candidate):
        number += 1
        candidate = f"{ident}-{number}"
    taken.add(candidate)
    return candidate


def _level_headings(tokens: list[Token]) -> None:
    """Heading levels that never skip one, for readers that navigate by them: a ``####``
    right after a ``#`` is shown as ``##`` (each at most one deeper than the one before;
    the first keeps its level)."""
    previous = 6
    closing: dict[int, str] = {}
    for token in tokens:
        if token.type == "heading_open":
            level = min(int(token.tag[1]), previous + 1)
            closing[token.level] = f"h{level}"
            token.tag = f"h{level}"
            previous = level
        elif token.type == "heading_close":
            token.tag = closing.get(token.level, token.tag)


def _textless_headings(tokens: list[Token]) -> None:
    """A heading with nothing to read (``#`` alone, or an image without description) is no
    heading: it is shown as an empty paragraph (still a block, for the pairing)."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and not _plain_text(tokens[index + 1 : index + 2]):
            inline = tokens[index + 1]
            described = any(c.type == "image" and c.content for c in inline.children or [])
            if not described:
                token.meta["level"] = int(token.tag[1])
                token.tag = tokens[index + 2].tag = "p"
                token.attrs["class"] = " ".join(filter(None, [token.attrs.get("class"), "empty"]))


def _headerless_tables(tokens: list[Token]) -> None:
    """A table header cell with no text is no header: it becomes a plain cell, and a header
    row with no text at all is dropped (screen readers announce headers by their text)."""
    dropped: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        if token.type != "thead_open":
            continue
        end = next(k for k in range(index, len(tokens)) if tokens[k].type == "thead_close")
        cells = [k for k in range(index, end) if tokens[k].type == "th_open"]
        empty = [k for k in cells if not tokens[k + 1].content.strip()]
        if empty and len(empty) == len(cells):
            dropped.append((index, end + 1))
        for k in empty:
            tokens[k].tag = tokens[k + 2].tag = "td"
    for start, stop in reversed(dropped):
        del tokens[start:stop]


@dataclass
class ParsedFile:
    """The tokens of one Markdown file; ``ids`` maps each heading's written id (its
    ``{#id}`` or the slug of its text) to the id it was given, unique in its chapter."""

    tokens: list[Token]
    env: dict
    ids: dict[str, str] = field(default_factory=dict)


def parse_file(
    text: str, quotes: tuple[str, ...] | None = None, taken: set[str] | None = None
) -> ParsedFile:
    """Parse Markdown text and give every heading an id not in ``taken`` (which grows)."""
    env: dict = {}
    tokens = parser(quotes).parse(text, env)
    taken = set() if taken is None else taken
    ids: dict[str, str] = {}
    _level_headings(tokens)
    _headerless_tables(tokens)
    _textless_headings(tokens)
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        explicit = token.attrs.get("id")
        written = (
            str(explicit) if explicit else heading_slug(_plain_text(tokens[index + 1 : index + 2]))
        )
        assigned = unique(written, taken)
        ids.setdefault(written, assigned)
        ids.setdefault(assigned, assigned)
        token.meta["ident"] = assigned
    return ParsedFile(tokens, env, ids)


def render_blocks(
    parsed: ParsedFile,
    inline_hook: InlineHook | None = None,
    note_prefix: str = "",
    images: ImageHook | None = None,
    links: UrlHook | None = None,
    id_prefix: str = "",
) -> list[Block]:
    """Render the blocks of a parsed file, in order; ``inline_hook`` may rewrite text nodes
    (never code, URLs or attributes); footnote ids start with ``note_prefix`` and heading
    ids with ``id_prefix``; ``images`` and ``links`` resolve targets."""
    md = parser()
    env = {**parsed.env, "note_prefix": note_prefix}
    groups = list(_top_level(parsed.tokens))
    notes: dict[int, Note] = {}
    if groups and groups[-1][0].type == "footnote_block_open":
        if inline_hook:
            _apply_hook(groups[-1], inline_hook)
        notes = _notes(groups.pop(), note_prefix)
    blocks: list[Block] = []
    for group in groups:
        if inline_hook:
            _apply_hook(group, inline_hook)
        _apply_url_hooks(group, images, links)
        head = group[0]
        marker = head.attrs.pop("id", None)
        ident = head.meta.get("ident") if head.type == "heading_open" else None
        if ident:
            head.attrs["id"] = id_prefix + ident
        classes = tuple(str(head.attrs.get("class", "")).split())
        level = head.meta.get("level") or int(head.tag[1]) if head.type == "heading_open" else 0
        kind = KINDS.get(head.type, head.type)
        blocks.append(
            Block(
                kind=kind,
                html=md.renderer.render(group, md.options, env).strip(),
                text=_plain_text(group),
                line=(head.map[0] + 1) if head.map else 1,
                marker=str(marker) if marker is not None else None,
                level=level,
                classes=classes,
                notes=tuple(notes[i] for i in _note_refs(group) if i in notes),
                ident=ident,
            )
        )
    return blocks


def parse_blocks(
    text: str,
    inline_hook: InlineHook | None = None,
    note_prefix: str = "",
    images: ImageHook | None = None,
    links: UrlHook | None = None,
    quotes: tuple[str, ...] | None = None,
) -> list[Block]:
    """Parse and render one Markdown text on its own (see ``render_blocks``)."""
    return render_blocks(parse_file(text, quotes), inline_hook, note_prefix, images, links)
