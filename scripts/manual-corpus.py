"""Regenerate tests/corpora/debian-reference/ or tests/corpora/debian-handbook/: sections of
two Debian manuals that are translated block for block, in English, Simplified and
Traditional Chinese, Japanese, German and French.

Each page is converted from the HTML Debian ships by pandoc, as a user would convert a
manual (GitHub-flavoured Markdown without raw HTML), and cut into its numbered sections of
the second to fourth level (``## 3.2.``, ``### 3.2.1.``). A translation's section is kept when
it has the same blocks, of the same kinds, as the English one and is translated (most of its
paragraphs differ from the English: Debian's translations are partial); an English section
is kept when some translation is.
Needs pandoc and the packages debian-reference-{en,zh-cn,zh-tw,ja,de,fr} and
debian-handbook. Usage: python scripts/manual-corpus.py reference|handbook
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bookforge.markdown import parse_blocks  # noqa: E402

LANGUAGES = ("en", "zh-Hans", "zh-Hant", "ja", "de", "fr")
REFERENCE = Path("/usr/share/debian-reference")
HANDBOOK = Path("/usr/share/doc/debian-handbook/html")
SUFFIXES = {"en": "en", "zh-Hans": "zh-cn", "zh-Hant": "zh-tw", "ja": "ja", "de": "de", "fr": "fr"}
LOCALES = {"en": "en-US", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "ja": "ja-JP", "de": "de-DE",
           "fr": "fr-FR"}
SECTION = re.compile(r"^#{2,4} ((?:\d+|[A-Z])(?:\.\d+)+)\.\s", re.M)
# where a page's navigation starts: the reference's table of Prev/Next, the handbook's list
NAVIGATION = re.compile(r"^\|.*\]\(images/prev\.png\)|^-   \[\*\*", re.M)
MIN_BLOCKS = 6


def pages(manual: str, lang: str) -> list[Path]:
    if manual == "reference":
        return sorted(REFERENCE.glob(f"*.{SUFFIXES[lang]}.html"))
    return sorted((HANDBOOK / LOCALES[lang]).glob("*.html"))


def markdown(page: Path) -> str:
    return subprocess.run(
        ["pandoc", "-f", "html-native_divs", "-t", "gfm-raw_html", "--wrap=preserve", str(page)],
        check=True, capture_output=True, text=True).stdout


def sections(manual: str, lang: str) -> dict[str, str]:
    """Each numbered second-level section of the manual in ``lang``: its Markdown by number."""
    found: dict[str, str] = {}
    for page in pages(manual, lang):
        text = markdown(page)
        starts = list(SECTION.finditer(text))
        for here, after in zip(starts, [*starts[1:], None], strict=False):
            body = text[here.start() : after.start() if after else len(text)]
            body = without_navigation(body)
            found.setdefault(here.group(1), body.rstrip() + "\n")
    return found


def without_navigation(body: str) -> str:
    """A section without the navigation that ends its page (and the table it is in)."""
    found = NAVIGATION.search(body)
    if not found:
        return body
    start = found.start()
    while start and body[body.rfind("\n", 0, start - 1) + 1 : start].startswith("|"):
        start = body.rfind("\n", 0, start - 1) + 1
    return body[:start]


def kinds(text: str) -> list[str]:
    return [b.kind for b in parse_blocks(text)]


def translated(original: str, translation: str) -> bool:
    """Whether nine paragraphs in ten of a section are translated: far from the English
    paragraph in the same place (a partial translation leaves English in place)."""
    def paragraphs(text: str) -> list[str]:
        return [b.text for b in parse_blocks(text) if b.kind == "paragraph"]

    pairs = list(zip(paragraphs(original), paragraphs(translation), strict=True))
    done = sum(SequenceMatcher(None, a.split(), b.split()).ratio() < 0.5 for a, b in pairs)
    return done * 10 >= len(pairs) * 9


def main() -> None:
    manual = sys.argv[1]
    out = ROOT / "tests" / "corpora" / f"debian-{manual}"
    english = sections(manual, "en")
    shape = {key: kinds(text) for key, text in english.items()}
    kept: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES[1:]:
        kept[lang] = {
            key: text for key, text in sections(manual, lang).items()
            if key in shape and len(shape[key]) >= MIN_BLOCKS and kinds(text) == shape[key]
            and translated(english[key], text)
        }
        print(f"{lang}: {len(kept[lang])} of {len(english)} sections", file=sys.stderr)
    kept["en"] = {key: english[key] for key in set().union(*map(set, kept.values()))}
    for lang, found in kept.items():
        folder = out / lang
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for key, text in found.items():
            name = ".".join(part.zfill(2) for part in key.split("."))
            (folder / f"{name}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
