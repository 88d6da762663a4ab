"""The few words bookforge itself puts in a book, per language."""

from __future__ import annotations

LABELS = {
    "en": {
        "contents": "Contents",
        "title-page": "Title page",
        "start": "Start of the text",
        "written-by": "By {names}",
        "translated-by": "Translated by {names}",
    },
    "zh-hant": {
        "contents": "目錄",
        "title-page": "書名頁",
        "start": "正文",
        "written-by": "{names} 著",
        "translated-by": "{names} 譯",
    },
    "zh": {
        "contents": "目录",
        "title-page": "书名页",
        "start": "正文",
        "written-by": "{names} 著",
        "translated-by": "{names} 译",
    },
    "ja": {
        "contents": "目次",
        "title-page": "扉",
        "start": "本文",
        "written-by": "{names} 著",
        "translated-by": "{names} 訳",
    },
    "fr": {
        "contents": "Table des matières",
        "title-page": "Page de titre",
        "start": "Début",
        "written-by": "Par {names}",
        "translated-by": "Traduit par {names}",
    },
    "de": {
        "contents": "Inhalt",
        "title-page": "Titelseite",
        "start": "Textbeginn",
        "written-by": "Von {names}",
        "translated-by": "Übersetzt von {names}",
    },
}


def label(key: str, lang: str) -> str:
    """``key`` in ``lang`` (by its longest known prefix), else in English."""
    tag = lang.lower()
    for prefix in sorted(LABELS, key=len, reverse=True):
        if tag == prefix or tag.startswith(prefix + "-"):
            return LABELS[prefix][key]
    return LABELS["en"][key]
