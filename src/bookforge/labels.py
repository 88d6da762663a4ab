"""The few words bookforge itself puts in a book, per language."""

from __future__ import annotations

LABELS = {
    "en": {"contents": "Contents", "title-page": "Title page", "start": "Start of the text"},
    "zh-hant": {"contents": "目錄", "title-page": "書名頁", "start": "正文"},
    "zh": {"contents": "目录", "title-page": "书名页", "start": "正文"},
    "ja": {"contents": "目次", "title-page": "扉", "start": "本文"},
    "fr": {"contents": "Table des matières", "title-page": "Page de titre", "start": "Début"},
    "de": {"contents": "Inhalt", "title-page": "Titelseite", "start": "Textbeginn"},
}


def label(key: str, lang: str) -> str:
    """``key`` in ``lang`` (by its longest known prefix), else in English."""
    tag = lang.lower()
    for prefix in sorted(LABELS, key=len, reverse=True):
        if tag == prefix or tag.startswith(prefix + "-"):
            return LABELS[prefix][key]
    return LABELS["en"][key]
