"""Render-time normalisation of Chinese text, applied to Markdown text nodes only (never code,
URLs or attributes); the manuscript files are never modified.

The rules touch Chinese prose only: an inline run (a paragraph, a heading, a table cell)
with no Han character is left as written, and so are autolinks and anything that looks like
a URL or an e-mail address inside the text.

Rules (each switchable in book.toml ``[typography]``, all on by default):
- ``punctuation``: half-width punctuation next to Han becomes full-width (，。：；？！（）……);
- ``spacing``: a space between Han and Latin letters or digits, none next to full-width
  punctuation (the space is set in the Chinese face, which keeps the line height exact;
  it measures about a quarter to a third of an em, as clreq asks);
- ``quotes``: quotation marks per locale (zh-Hans “ ” ‘ ’, zh-Hant 「 」 『 』);
- ``compression``: where two full-width punctuation marks meet (``。（`` ``）、`` ``（「``),
  the one whose blank half lies between them is set half-width with the font's ``halt``
  alternate, so the pair takes 1.5 em (clreq 3.1.6); the text itself is unchanged;
- ``latin``: each run of Latin words in Chinese text that holds a word of six letters or
  more is marked with its language (``<span class="latin" lang="en">``, the source
  language where it is written in Latin letters): it hyphenates at a line end where its
  language allows, screen readers speak it in its language, and the stylesheet keeps its
  taller Latin-face metrics from widening the Chinese line spacing. Shorter words (AI,
  Meta) and numbers, which never hyphenate, stay unmarked: each span costs the PDF's
  layout time and memory;
- ``no-break``: no line break before a paragraph's last character (no Han character alone
  on a last line): the last two characters (and the punctuation after them) are wrapped in
  ``<span class="keep">``, which the stylesheet sets ``white-space: nowrap``; no invisible
  character enters the text, so copying, searching and converting see the text as
  written. No break inside —— and …… needs no rule: the line breaking of
  Unicode UAX #14 (rules LB17 and LB22), which Pango and browsers follow, forbids it, and
  a word joiner there would make the CJK face ligate the pair into one glyph that PDF text
  extraction cannot map back to text.

autocorrect-py does the spacing and most punctuation; the rules it lacks are written here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import autocorrect_py
from markdown_it.token import Token

HAN = "\u2e80-\u2eff\u2f00-\u2fdf\u3005-\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULLWIDTH_PUNCT = "，。、；：？！（）《》〈〉「」『』【】“”‘’—…·"
KEEP_OPEN = '<span class="keep">'
SPAN_CLOSE = "</span>"
RULES = ("punctuation", "spacing", "quotes", "no-break", "compression", "latin")
AUTOLINKS = ("autolink", "linkify")

_han = re.compile(f"[{HAN}]")
_han_or_punct = f"[{HAN}{FULLWIDTH_PUNCT}]"
_paren = re.compile(r"\s*\(([^()]*)\)\s*")
_beside_han = re.compile(f"(?<=[{HAN}])[,:;?!]|[,:;?!](?=[{HAN}])")
FULLWIDTH = str.maketrans(",:;?!", "，：；？！")
_tight_comma = re.compile(r"(?<=[A-Za-z]),(?=[A-Za-z])")
_ellipsis = re.compile(f"(?<={_han_or_punct})(?:\\.{{3,}}|…{{1,2}})")
_comma_after_quote = re.compile(r"(?<=[”’」』）])\s*,\s*")
_period_after_han = re.compile(f"(?<=[{HAN}])\\.(?=\\s|$)")
_space_beside_punct = re.compile(f"\\s+(?=[{FULLWIDTH_PUNCT}])|(?<=[{FULLWIDTH_PUNCT}])\\s+")
_straight_double = re.compile(r'"([^"]*)"')
URL_LIKE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)[!-~]+|[\w.+-]+@[\w-]+\.[!-~]+")
LATIN_FACE = "!-~\u00a1-\u00b6\u00b8-\u024f\u2010-\u2013\u2022"  # fonts.LATIN_RANGE
_latin = re.compile(f"[{LATIN_FACE}](?:[ {LATIN_FACE}]*[{LATIN_FACE}])?")
_camel_case = re.compile(r"[A-Za-z]*[a-z][A-Z]")
_long_word = re.compile(r"[A-Za-z]{6,}")  # hyphenate-limit-chars: 6 3 3
HANT_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


def is_han(char: str) -> bool:
    """Whether ``char`` is a Han character."""
    return bool(_han.match(char))


@dataclass(frozen=True)
class ChineseText:
    """Normalises the text nodes of one Chinese variant with the chosen rules."""

    traditional: bool = False
    rules: frozenset[str] = frozenset(RULES)
    latin_lang: str = "en"

    def normalize(self, text: str) -> str:
        """Apply the enabled rules to one run of text, leaving URLs in it as they are."""
        pieces, last = [], 0
        for url in URL_LIKE.finditer(text):
            pieces += [self.normalize_prose(text[last : url.start()]), url.group(0)]
            last = url.end()
        return "".join([*pieces, self.normalize_prose(text[last:])])

    def normalize_prose(self, text: str) -> str:
        """Apply the enabled rules to a run of prose."""
        if not text:
            return text
        if "quotes" in self.rules:
            text = _straight_double.sub(r"“\1”", text)
        if {"punctuation", "spacing"} & self.rules:
            text = _autocorrect(frozenset(self.rules & {"punctuation", "spacing"}))(text)
        if "punctuation" in self.rules:
            text = _paren.sub(_fullwidth_parens, text)
            text = _tight_comma.sub("，", text)
            text = _beside_han.sub(lambda m: m.group(0).translate(FULLWIDTH), text)
            text = _ellipsis.sub("……", text)
            text = _comma_after_quote.sub("，", text)
            text = _period_after_han.sub("。", text)
        if "spacing" in self.rules:
            text = _space_beside_punct.sub("", text)
        if "quotes" in self.rules and self.traditional:
            text = text.translate(HANT_QUOTES)
        return text

    def apply(self, children: list[Token], ends_paragraph: bool) -> None:
        """Normalise an inline token's text children in place, if it holds any Han."""
        if not any(c.type == "text" and _han.search(c.content) for c in children):
            return
        in_autolink, linked = False, set()
        for index, child in enumerate(children):
            if child.type in ("link_open", "link_close") and child.markup in AUTOLINKS:
                in_autolink = child.type == "link_open"
            elif in_autolink:
                linked.add(id(child))
            elif child.type == "text":
                child.content = self.normalize(child.content)
            elif child.type == "softbreak" and _joins_han(children, index):
                child.type, child.content = "text", ""  # no space between Han lines
        if ends_paragraph and "no-break" in self.rules:
            texts = [i for i, c in enumerate(children) if c.type == "text" and c.content]
            if texts:
                children[texts[-1] : texts[-1] + 1] = _bind_last(children[texts[-1]])
        if "compression" in self.rules:
            children[:] = [piece for child in children for piece in _compressed(child)]
        if "latin" in self.rules:
            children[:] = [
                piece
                for child in children
                for piece in ([child] if id(child) in linked else self._latin(child))
            ]

    def _latin_span(self, run: str) -> str:
        """The opening tag for a run of Latin words: its language, and the class ``name``
        if it holds a camel-case name (PyTorch), which breaks only between its parts."""
        name = " name" if _camel_case.search(run) else ""
        lang = self.latin_lang
        return f'<span class="latin{name}" lang="{lang}" xml:lang="{lang}">'

    def _latin(self, token: Token) -> list[Token]:
        """A text token with its runs of Latin words that hold a long word wrapped in spans."""
        if token.type != "text" or not _latin.search(token.content):
            return [token]
        urls = [url.span() for url in URL_LIKE.finditer(token.content)]
        pieces, last = [], 0
        for run in _latin.finditer(token.content):
            if any(start < run.end() and run.start() < end for start, end in urls):
                continue
            if not _long_word.search(run.group(0)):
                continue  # nothing to hyphenate: a span costs the PDF layout time
            pieces.append((token.content[last : run.start()], run.group(0)))
            last = run.end()
        tokens = []
        for before, run in pieces:
            tokens += _wrapped(
                f"{before}{run}", [(len(before), len(before) + len(run))], self._latin_span(run)
            )
        if last < len(token.content):
            tokens.append(Token("text", "", 0, content=token.content[last:]))
        return tokens


CLOSING = "，。、；：？！）》〉」』】”’"
OPENING = "（《〈「『【“‘"
HALF_OPEN = '<span class="halt">'


def half_width_marks(text: str) -> list[int]:
    """Where two full-width marks meet, the one whose blank half lies between them: the
    first of closing + any (``。（`` ``）、``), the second of opening + opening (``（「``);
    set half-width, the pair takes 1.5 em instead of 2 (clreq 3.1.6)."""
    marks = []
    for index in range(len(text) - 1):
        first, second = text[index], text[index + 1]
        if first in CLOSING and second in CLOSING + OPENING:
            marks.append(index)
        elif first in OPENING and second in OPENING:
            marks.append(index + 1)
    return sorted(set(marks))


def _compressed(token: Token) -> list[Token]:
    """A text token with the marks to compress wrapped in ``<span class="halt">``, which the
    stylesheet sets with the font's half-width alternates (OpenType ``halt``): the glyphs
    change, the text does not."""
    if token.type != "text":
        return [token]
    marks = half_width_marks(token.content)
    if not marks:
        return [token]
    return _wrapped(token.content, [(index, index + 1) for index in marks], HALF_OPEN)


def _wrapped(text: str, spans: list[tuple[int, int]], opening: str) -> list[Token]:
    """``text`` as text tokens, each of the ``spans`` (start, end; in order) wrapped in
    the inline markup ``opening`` ... ``</span>``."""
    pieces, last = [], 0
    for start, end in spans:
        pieces += [("text", text[last:start]), ("html_inline", opening)]
        pieces += [("text", text[start:end]), ("html_inline", SPAN_CLOSE)]
        last = end
    pieces.append(("text", text[last:]))
    return [Token(kind, "", 0, content=content) for kind, content in pieces if content]


def _fullwidth_parens(match: re.Match) -> str:
    """Parentheses in Chinese context (Han inside or just before) become full-width."""
    inner = match.group(1)
    before = match.string[: match.start()].rstrip()[-1:]
    after = match.string[match.end() :][:1]
    if _han.search(inner) or (before and re.match(_han_or_punct, before)):
        return f"（{inner.strip()}）"
    spaced = match.group(0)  # Latin parentheses: keep, without a space before Chinese
    return spaced.rstrip() if after and re.match(_han_or_punct, after) else spaced


def _bind_last(token: Token) -> list[Token]:
    """The paragraph's last text token, its last two Han characters (with the punctuation
    after them) kept on one line, so that the last one never stands alone."""
    text = token.content
    stripped = text.rstrip()
    core = stripped.rstrip(FULLWIDTH_PUNCT)
    if not (len(core) >= 2 and is_han(core[-1]) and is_han(core[-2])):
        return [token]
    return _wrapped(text, [(len(core) - 2, len(stripped))], KEEP_OPEN)


def _joins_han(children: list[Token], index: int) -> bool:
    before = children[index - 1].content if index else ""
    after = children[index + 1].content if index + 1 < len(children) else ""
    return bool(before and after and _han.match(before[-1]) and _han.match(after[0]))


_loaded: list[frozenset[str]] = []  # the rules autocorrect-py's global config holds


def _autocorrect(rules: frozenset[str]):
    """autocorrect-py's formatter, its (process-wide) configuration set to ``rules``."""
    if _loaded != [rules]:
        on = {"punctuation": ["fullwidth"], "spacing": ["space-word", "space-punctuation"]}
        config = {name: 0 for names in on.values() for name in names}
        for rule in rules:
            config.update(dict.fromkeys(on[rule], 1))
        config["spellcheck"] = 0
        autocorrect_py.load_config(json.dumps({"rules": config}))
        _loaded[:] = [rules]
    return autocorrect_py.format
