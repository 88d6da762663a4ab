"""Font stacks per language, the stylesheet that applies them, and the check that the
faces are installed."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from bookforge.errors import BookforgeError, warn
from bookforge.templates import render

# Default faces by language prefix: (body, heading).
DEFAULTS = {
    "zh-hant": ("Noto Serif CJK TC", "Noto Sans CJK TC"),
    "zh-tw": ("Noto Serif CJK TC", "Noto Sans CJK TC"),
    "zh-hk": ("Noto Serif CJK HK", "Noto Sans CJK HK"),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
    "ja": ("Noto Serif CJK JP", "Noto Sans CJK JP"),
    "ko": ("Noto Serif CJK KR", "Noto Sans CJK KR"),
    "": ("Noto Serif", "Noto Serif"),
}
LATIN_FACE = "Noto Serif"
# Latin letters, digits and their punctuation, without the marks Chinese shares with Latin
# text (quotes, em dash, ellipsis, middle dot), which stay full-width in the CJK face, and
# without the spaces: the face that holds the space is the one whose ascent and descent set
# the line (CSS's "first available font"), and the Chinese face's keep the specified line
# height exact (1.75 em, not 1.79 with the Latin face's taller metrics).
# rules.LATIN_FACE: the same characters
LATIN_RANGE = "U+0021-007E, U+00A1-00B6, U+00B8-00FF, U+0100-024F, U+2010-2013, U+2022"
INSTALL = {
    "Noto Serif CJK": "fonts-noto-cjk",
    "Noto Sans CJK": "fonts-noto-cjk",
    "Noto Serif": "fonts-noto-core",
    "Noto Sans": "fonts-noto-core",
}


def is_cjk(lang: str) -> bool:
    """Whether a BCP 47 tag names a CJK language."""
    return lang.lower().split("-")[0] in ("zh", "ja", "ko")


@dataclass(frozen=True)
class FontStack:
    """The faces for one language."""

    lang: str
    body: str
    heading: str
    latin: str | None  # the face for Latin runs inside CJK text

    @property
    def alias(self) -> str:
        """The @font-face family that sends Latin runs of CJK text to the Latin face."""
        return f"bookforge-{self.lang}-latin"


def font_stack(lang: str, configured: dict[str, str] | None = None) -> FontStack:
    """The stack for ``lang``: book.toml ``[fonts]`` entries, else the defaults."""
    key = lang.lower()
    prefix = next(p for p in DEFAULTS if key == p or key.startswith(p + "-") or p == "")
    body, heading = DEFAULTS[prefix]
    configured = configured or {}
    latin = configured.get("latin", LATIN_FACE) if is_cjk(lang) else None
    return FontStack(lang, configured.get("body", body), configured.get("heading", heading), latin)


STYLES = {  # CSS (weight, style) -> fontconfig pattern suffix
    ("normal", "normal"): ":weight=regular:slant=roman",
    ("bold", "normal"): ":weight=bold:slant=roman",
    ("normal", "italic"): ":weight=regular:slant=italic",
    ("bold", "italic"): ":weight=bold:slant=italic",
}


@dataclass(frozen=True)
class Face:
    """One installed face of a family, named as ``@font-face src: local()`` wants it."""

    weight: str
    style: str
    full_name: str


@cache
def family_faces(family: str) -> tuple[Face, ...]:
    """The regular, bold, italic and bold italic faces fontconfig has for ``family``."""
    if not shutil.which("fc-match"):
        return ()
    faces = []
    for (weight, style), pattern in STYLES.items():
        answer = subprocess.run(
            ["fc-match", "-f", "%{family[0]}|%{fullname[0]}", family + pattern],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        found_family, _, full_name = answer.partition("|")
        if found_family == family and full_name:
            faces.append(Face(weight, style, full_name))
    return tuple(faces)


def fonts_css(stacks: list[FontStack], medium: str) -> str:
    """The stylesheet that applies the stacks; for print, Latin runs of CJK text are sent
    to the Latin face with ``unicode-range``."""
    faces = {s.latin: family_faces(s.latin) for s in stacks if s.latin and medium == "print"}
    return render(
        "fonts.css.j2", stacks=stacks, medium=medium, latin_range=LATIN_RANGE, faces=faces
    )


@cache
def installed_families() -> frozenset[str] | None:
    """Family names fontconfig knows, or None when fontconfig cannot be asked."""
    if not shutil.which("fc-list"):
        return None
    listing = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def install_hint(family: str) -> str:
    """How to install a family, where it is a known one."""
    for prefix, package in INSTALL.items():
        if family.startswith(prefix):
            return f"install it: sudo apt-get install {package}"
    return "install it, or name an installed family in book.toml [fonts]"


FONTCONFIG_LANG = {"zh-hant": "zh-tw", "zh-tw": "zh-tw", "zh-hk": "zh-hk", "zh": "zh-cn"}


def covering_families(lang: str) -> list[str] | None:
    """Installed families that cover ``lang``'s script (None: fontconfig not available)."""
    if not shutil.which("fc-list"):
        return None
    key = lang.lower()
    fc_lang = next((v for k, v in FONTCONFIG_LANG.items() if key.startswith(k)), key)
    listing = subprocess.run(
        ["fc-list", f":lang={fc_lang}", "family"], capture_output=True, text=True, check=False
    ).stdout
    return [line.split(",")[0] for line in listing.splitlines() if line.strip()]


def check_fonts(stacks: list[FontStack]) -> list[str]:
    """Warn about every family of the stacks that is not installed, and stop when no
    installed font covers a CJK language at all (the PDF would show empty boxes)."""
    known = installed_families()
    if known is None:
        return []
    for stack in stacks:
        if is_cjk(stack.lang) and not covering_families(stack.lang):
            raise BookforgeError(
                f"no installed font covers {stack.lang} text, so the PDF would show empty "
                f"boxes; {install_hint(stack.body)}"
            )
    missing = []
    for stack in stacks:
        for family in dict.fromkeys(f for f in (stack.body, stack.heading, stack.latin) if f):
            if family not in known and family not in missing:
                missing.append(family)
                warn(f"font '{family}' ({stack.lang}) is not installed; {install_hint(family)}")
    return missing
