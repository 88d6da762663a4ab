"""Load a project folder into the book model: book.toml, then one Markdown file per chapter
per language, paired block by block."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

import charset_normalizer

from bookforge.align.pairing import SideText, pair_blocks
from bookforge.config import load_config
from bookforge.errors import BookforgeError, warn
from bookforge.markdown import InlineHook, ParsedFile, parse_file, quotes_for, render_blocks
from bookforge.model import ROLES, Book, Chapter, Pair, chapter_anchor, chapter_slug
from bookforge.references import References
from bookforge.text import CONTROL, strip_controls
from bookforge.typography.rules import ChineseText


def guess_encoding(data: bytes) -> str | None:
    """The likely encoding of text that is not UTF-8, where a detector can tell."""
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    return best.encoding.replace("_", "-").upper() if best else None


def read_text(path: Path) -> str:
    """Read a manuscript file as UTF-8 (a BOM and CRLF line ends are accepted); control
    characters, which XML cannot hold, are removed with a warning."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BookforgeError(f"cannot read: {error.strerror}", path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        encoding = guess_encoding(data)
        hint = f"it looks like {encoding}; " if encoding else ""
        source = encoding or "GB18030"
        raise BookforgeError(
            f"not UTF-8 ({hint}convert it: iconv -f {source} -t UTF-8 {path.name} > new.md)",
            path,
            line,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL.search(text)
    if found:
        line = text[: found.start()].count("\n") + 1
        warn("control characters removed (they cannot appear in a book)", path, line)
        text = strip_controls(text)
    return text


def chapter_files(folder: Path) -> dict[str, Path]:
    """The chapter files of one language folder, by file name."""
    if not folder.is_dir():
        return {}
    files: dict[str, Path] = {}
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md")):
        key = path.name.lower()
        if key in seen:
            raise BookforgeError(f"chapter name differs only by case from {seen[key].name}", path)
        seen[key] = path
        files[path.name] = path
    return files


def check_language_folders(manuscript: Path, languages: dict[str, str], config: Path) -> None:
    """Each language needs its folder, named exactly as its tag; a folder that is
    probably meant (``zh`` or ``zh-hans`` for ``zh-Hans``) is named in the error."""
    folders = (
        sorted(p.name for p in manuscript.iterdir() if p.is_dir() and any(p.glob("*.md")))
        if manuscript.is_dir()
        else []
    )
    for role in ROLES:
        lang = languages[role]
        if (manuscript / lang).is_dir():
            continue
        others = [f for f in folders if f not in languages.values()]
        close = [f for f in others if _same_language(f, lang)] or others
        hint = (
            f"; found manuscript/{close[0]}/: rename it to '{lang}', or set "
            f'[languages] {role} = "{close[0]}" in book.toml'
            if close
            else f"; put the {role} chapters there"
        )
        raise BookforgeError(f"no folder manuscript/{lang}/ for the {role} language{hint}", config)


def _same_language(folder: str, lang: str) -> bool:
    """Whether a folder name looks like the language tag ``lang`` (case, ``_`` for ``-``,
    or only the primary language)."""
    name, tag = folder.lower().replace("_", "-"), lang.lower()
    return name == tag or name.split("-")[0] == tag.split("-")[0]


def counterpart_hint(name: str, others: list[str], lang: str) -> str:
    """A hint naming the file of the other language that ``name`` was probably meant to
    pair with (``02-storm.md`` / ``02-the-storm.md``), if there is one."""
    close = difflib.get_close_matches(name, others, n=1, cutoff=0.6)
    if not close:
        return ""
    return f" (is {lang}/{close[0]} its counterpart? give both the same file name)"


def text_hooks(languages: dict[str, str], typography: dict[str, bool]) -> dict[str, InlineHook]:
    """The text normalisation of each role: Chinese typography rules for a Chinese target."""
    hooks: dict[str, InlineHook] = {}
    target = languages["target"].lower()
    rules = frozenset(rule for rule, on in typography.items() if on)
    if target.split("-")[0] == "zh" and rules:
        traditional = any(tag in target for tag in ("hant", "-tw", "-hk", "-mo"))
        source = languages["source"]
        latin = "en" if source.lower().split("-")[0] in ("zh", "ja", "ko") else source
        hooks["target"] = ChineseText(traditional, rules, latin).apply
    return hooks


def role_quotes(
    languages: dict[str, str], typography: dict[str, bool]
) -> dict[str, tuple[str, ...] | None]:
    """The quotation marks straight quotes become, per role (None: left straight, for a
    Chinese translation whose ``quotes`` rule is off)."""
    quotes: dict[str, tuple[str, ...] | None] = {}
    for role in ROLES:
        lang = languages[role]
        chinese_target = role == "target" and lang.lower().split("-")[0] == "zh"
        off = chinese_target and not typography.get("quotes", True)
        quotes[role] = None if off else quotes_for(lang)
    return quotes


@dataclass
class ChapterSource:
    """One chapter's files, parsed, before its links are resolved and its blocks paired."""

    name: str
    files: dict[str, Path | None]
    parsed: dict[str, ParsedFile | None]


def parse_chapter(
    name: str, files: dict[str, Path | None], quotes: dict[str, tuple[str, ...] | None]
) -> ChapterSource:
    """Read and parse both sides of a chapter; heading ids are unique across the two, and
    none is the chapter's own id."""
    taken: set[str] = {chapter_anchor(chapter_slug(name))}
    parsed = {
        role: parse_file(read_text(path), quotes[role], taken) if path else None
        for role, path in files.items()
    }
    return ChapterSource(name, files, parsed)


def load_chapter(
    source: ChapterSource,
    first_pair: int,
    hooks: dict[str, InlineHook],
    references: References,
    strict: bool = False,
) -> Chapter:
    """Render and pair one chapter; pairs are numbered from ``first_pair``."""
    slug = chapter_slug(source.name)
    sides = {}
    for role in ROLES:
        path, parsed = source.files[role], source.parsed[role]
        blocks = []
        if path and parsed:
            blocks = render_blocks(
                parsed,
                hooks.get(role),
                note_prefix=f"c-{slug}-{role}-",
                images=references.image_resolver(path),
                links=references.link_resolver(path, source.name, role),
                id_prefix=chapter_anchor(slug, ""),
            )
        if path and not blocks:
            warn("empty chapter file", path)
        sides[role] = SideText(path or Path(source.name), blocks)
    beads = pair_blocks(sides["source"], sides["target"], strict)
    pairs = tuple(
        Pair(number=first_pair + index, source=src, target=tgt, score=score)
        for index, (src, tgt, score) in enumerate(beads)
    )
    return Chapter(slug=slug, files=source.files, pairs=pairs)


def load_book(root: Path, strict: bool = False) -> Book:
    """Load the project at ``root`` (the folder holding ``manuscript/``); with ``strict``,
    blocks the aligner is unsure of are errors instead of warnings."""
    root = root.resolve()
    manuscript = root / "manuscript"
    config = load_config(manuscript / "book.toml")
    check_language_folders(manuscript, config.languages, config.path)
    found = {role: chapter_files(manuscript / config.languages[role]) for role in ROLES}
    names = sorted(set(found["source"]) | set(found["target"]))
    lowered: dict[str, str] = {}
    for name in names:
        if name.lower() in lowered:
            raise BookforgeError(
                f"chapter files '{lowered[name.lower()]}' and '{name}' differ only by case; "
                "give both languages the same file name",
                manuscript,
            )
        lowered[name.lower()] = name
    if not names:
        folders = " and ".join(f"manuscript/{config.languages[r]}/" for r in ROLES)
        raise BookforgeError(f"no chapters: put one .md file per chapter in {folders}", root)
    typography = config.settings["typography"]
    hooks = text_hooks(config.languages, typography)
    quotes = role_quotes(config.languages, typography)
    references = References(root, set(names), strict=strict)
    sources = []
    for name in names:
        files = {role: found[role].get(name) for role in ROLES}
        for role in ROLES:
            if files[role] is None:
                other = "target" if role == "source" else "source"
                lonely = sorted(set(found[role]) - set(found[other]))
                hint = counterpart_hint(name, lonely, config.languages[role])
                warn(
                    f"chapter has no {config.languages[role]} side; built {other}-only{hint}",
                    files[other],
                )
        source = parse_chapter(name, files, quotes)
        references.headings[name] = {
            role: parsed.ids for role, parsed in source.parsed.items() if parsed
        }
        sources.append(source)
    chapters: list[Chapter] = []
    next_pair = 1
    for source in sources:
        chapter = load_chapter(source, next_pair, hooks, references, strict)
        next_pair += len(chapter.pairs)
        chapters.append(chapter)
    metadata = config.metadata
    if metadata.cover:
        cover = references.image_resolver(config.path)(metadata.cover, 0, "cover")
        references.images.pop(cover or "", None)  # packaged as the cover, not as an image
        metadata = replace(metadata, cover=cover)
    return Book(
        root=root,
        metadata=metadata,
        languages=config.languages,
        chapters=tuple(chapters),
        settings=config.settings,
        images=dict(sorted(references.images.items())),
        undescribed_images=tuple(references.undescribed),
    )
