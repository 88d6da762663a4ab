"""Read and check ``manuscript/book.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookforge.errors import BookforgeError
from bookforge.model import Metadata
from bookforge.text import strip_controls
from bookforge.typography.rules import RULES

LAYOUTS = ("interleaved", "facing")
ORDERS = ("source-first", "target-first")

# section -> key -> (type, required, default)
SCHEMA: dict[str, dict[str, tuple[type | tuple[type, ...], bool, Any]]] = {
    "book": {
        "title": ((dict, str), True, None),
        "authors": (list, False, []),
        "translators": (list, False, []),
        "identifier": (str, False, None),
        "date": (str, False, None),
        "publisher": (str, False, None),
        "rights": (str, False, None),
        "description": (str, False, None),
        "cover": (str, False, None),
    },
    "languages": {
        "source": (str, True, None),
        "target": (str, True, None),
    },
    "build": {
        "layout": (str, False, "interleaved"),
        "order": (str, False, "source-first"),
        "formats": (list, False, ["epub", "pdf"]),
        "layouts": (list, False, ["interleaved", "facing"]),
        "jobs": (int, False, 0),
    },
    "typography": {rule: (bool, False, True) for rule in RULES},
    "epub": {"embed-fonts": (bool, False, False), "page-list": (bool, False, False)},
    "pdf": {
        "page-size": (str, False, "A5"),
        "margin-top": (str, False, "18mm"),
        "margin-bottom": (str, False, "20mm"),
        "margin-inner": (str, False, "18mm"),
        "margin-outer": (str, False, "14mm"),
        "chapter-recto": (bool, False, True),
        "marks": (bool, False, False),
        "bleed": (str, False, ""),
        "tagged": (bool, False, False),
        "standard": (str, False, ""),
        "output-profile": (str, False, "/usr/share/color/icc/ghostscript/default_cmyk.icc"),
    },
}
FONT_KEYS = ("body", "heading", "latin")
CHOICES = {("build", "layout"): LAYOUTS, ("build", "order"): ORDERS}
PAGE_SIZES = {
    "A4": "A4",
    "A5": "A5",
    "B5": "B5",
    "A6": "A6",
    "16k": "185mm 260mm",  # 16开, the common Chinese book size
    "32k": "130mm 184mm",  # 32开
    "6x9in": "6in 9in",
    "5.5x8.5in": "5.5in 8.5in",
    "5.25x8in": "5.25in 8in",
    "5x8in": "5in 8in",
    "letter": "letter",
}
# The PDF standards a book can be written to (WeasyPrint's variants): accessible, print, archive.
STANDARDS = (
    "pdf/ua-1",
    "pdf/ua-2",
    "pdf/x-1a",
    "pdf/x-3",
    "pdf/x-4",
    "pdf/a-1b",
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2u",
    "pdf/a-3u",
    "pdf/a-2a",
    "pdf/a-3a",
)
LENGTH = re.compile(r"^\d+(\.\d+)?(mm|cm|in|pt|pc)$")
LENGTH_KEYS = ("margin-top", "margin-bottom", "margin-inner", "margin-outer", "bleed")


def page_size(value: str) -> str | None:
    """The CSS ``size`` of a page-size setting: a known name or two lengths; None if neither."""
    if value in PAGE_SIZES:
        return PAGE_SIZES[value]
    parts = value.split()
    return value if len(parts) == 2 and all(LENGTH.match(p) for p in parts) else None


@dataclass(frozen=True)
class Config:
    """The checked contents of book.toml."""

    path: Path
    metadata: Metadata
    languages: dict[str, str]
    settings: dict[str, dict[str, Any]]


def _type_name(expected: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        list: "a list",
        dict: "a table",
        bool: "true or false",
        int: "a number",
    }
    if isinstance(expected, tuple):
        return " or ".join(names[t] for t in expected)
    return names[expected]


def _check(data: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    """Validate against SCHEMA and fill defaults; raise on the first problem."""
    for section in data:
        if section not in SCHEMA and section != "fonts":
            raise BookforgeError(f"unknown section [{section}]", path)
        if not isinstance(data[section], dict):
            raise BookforgeError(f"[{section}] must be a table", path)
    checked: dict[str, dict[str, Any]] = {}
    for section, keys in SCHEMA.items():
        given = data.get(section, {})
        for key in given:
            if key not in keys:
                known = ", ".join(keys)
                raise BookforgeError(f"unknown key '{key}' in [{section}] (known: {known})", path)
        values: dict[str, Any] = {}
        for key, (expected, required, default) in keys.items():
            if key not in given:
                if required:
                    raise BookforgeError(f"missing required key '{key}' in [{section}]", path)
                values[key] = default
                continue
            value = given[key]
            if not isinstance(value, expected):
                raise BookforgeError(
                    f"[{section}] {key} must be {_type_name(expected)}, not {value!r}", path
                )
            choices = CHOICES.get((section, key))
            if choices and value not in choices:
                raise BookforgeError(
                    f"[{section}] {key} must be one of {', '.join(choices)}, not {value!r}", path
                )
            values[key] = value
        checked[section] = values
    return checked


FORMATS = ("epub", "pdf", "html")


def _check_build(build: dict[str, Any], path: Path) -> None:
    """``[build] formats`` and ``layouts`` must name known ones; ``jobs`` is a count."""
    jobs = build["jobs"]
    if isinstance(jobs, bool) or jobs < 0:
        raise BookforgeError(
            f"[build] jobs: {jobs!r} is not a number of processes (0: one per core)", path
        )
    for key, known in (("formats", FORMATS), ("layouts", LAYOUTS)):
        unknown = [v for v in build[key] if v not in known]
        if unknown:
            raise BookforgeError(
                f"[build] {key}: unknown {unknown[0]!r} (known: {', '.join(known)})", path
            )


def _check_pdf(pdf: dict[str, Any], path: Path) -> None:
    """Page size and lengths of ``[pdf]`` must be ones CSS understands."""
    if page_size(pdf["page-size"]) is None:
        raise BookforgeError(
            f"[pdf] page-size must be one of {', '.join(PAGE_SIZES)} or two lengths such as "
            f"'148mm 210mm', not {pdf['page-size']!r}",
            path,
        )
    for key in LENGTH_KEYS:
        if pdf[key] and not LENGTH.match(pdf[key]):
            raise BookforgeError(
                f"[pdf] {key} must be a length such as '15mm', not {pdf[key]!r}", path
            )
    if pdf["standard"] and pdf["standard"] not in STANDARDS:
        raise BookforgeError(
            f"[pdf] standard must be one of {', '.join(STANDARDS)}, not {pdf['standard']!r}", path
        )
    if pdf["standard"].startswith("pdf/x") and not Path(pdf["output-profile"]).is_file():
        raise BookforgeError(
            f"[pdf] output-profile: no ICC profile at {pdf['output-profile']} (PDF/X needs the "
            "printing condition's CMYK profile; the default comes with Debian's libgs-common)",
            path,
        )
    if (pdf["marks"] or pdf["standard"].startswith("pdf/x")) and not pdf["bleed"]:
        pdf["bleed"] = "3mm"  # what printers ask for


def _fonts(given: dict[str, Any], languages: dict[str, str], path: Path) -> dict[str, dict]:
    """Check ``[fonts]``: one table per language tag, with body/heading/latin family names."""
    fonts: dict[str, dict[str, str]] = {}
    for lang, faces in given.items():
        if lang not in languages.values():
            raise BookforgeError(
                f"[fonts] {lang}: not a language of this book ({', '.join(languages.values())})",
                path,
            )
        if not isinstance(faces, dict):
            raise BookforgeError(f'[fonts] {lang} must be a table, e.g. {{ body = "..." }}', path)
        for key, family in faces.items():
            if key not in FONT_KEYS:
                raise BookforgeError(
                    f"unknown key '{key}' in [fonts] {lang} (known: {', '.join(FONT_KEYS)})", path
                )
            if not isinstance(family, str) or not family.strip():
                raise BookforgeError(f"[fonts] {lang}.{key} must be a font family name", path)
        fonts[lang] = dict(faces)
    return fonts


def _strings(values: list[Any], name: str, path: Path) -> tuple[str, ...]:
    if not all(isinstance(v, str) for v in values):
        raise BookforgeError(f"[book] {name} must be a list of strings", path)
    return tuple(strip_controls(v) for v in values)


def toml_error(error: tomllib.TOMLDecodeError, path: Path) -> BookforgeError:
    """A TOML syntax error as ``file:line: ... (column N)``."""
    message = str(error)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found:
        reason = message[: found.start()].strip()
        return BookforgeError(
            f"TOML syntax error: {reason} (column {found.group(2)})", path, int(found.group(1))
        )
    lines = len(path.read_text(encoding="utf-8-sig").splitlines()) or 1
    reason = message.replace("(at end of document)", "").strip()
    return BookforgeError(f"TOML syntax error: {reason} (at the end of the file)", path, lines)


def load_config(path: Path) -> Config:
    """Parse and validate book.toml."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BookforgeError("not found: a book needs manuscript/book.toml", path) from None
    except UnicodeDecodeError:
        raise BookforgeError("book.toml must be UTF-8", path) from None
    except tomllib.TOMLDecodeError as error:
        raise toml_error(error, path) from None
    settings = _check(data, path)
    book = settings.pop("book")
    languages = settings.pop("languages")
    if languages["source"] == languages["target"]:
        raise BookforgeError("[languages] source and target must differ", path)
    settings["fonts"] = _fonts(data.get("fonts", {}), languages, path)
    _check_pdf(settings["pdf"], path)
    _check_build(settings["build"], path)
    titles = book["title"]
    if isinstance(titles, str):
        titles = {languages["source"]: titles}
    if not titles or not all(isinstance(t, str) and t.strip() for t in titles.values()):
        raise BookforgeError("[book] title must give a non-empty title per language", path)
    metadata = Metadata(
        titles={lang: strip_controls(title) for lang, title in titles.items()},
        authors=_strings(book["authors"], "authors", path),
        translators=_strings(book["translators"], "translators", path),
        **{
            k: strip_controls(book[k]) if book[k] else book[k]
            for k in ("identifier", "date", "publisher", "rights", "description", "cover")
        },
    )
    return Config(path=path, metadata=metadata, languages=languages, settings=settings)
