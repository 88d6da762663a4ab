"""The few words bookforge itself puts in a book, per language."""

from __future__ import annotations

from bookforge.text import language_keys

LABELS = {
    "en": {
        "pages": "Pages",
        "contents": "Contents",
        "title-page": "Title page",
        "start": "Start of the text",
        "written-by": "By {names}",
        "translated-by": "Translated by {names}",
        "a11y-summary": (
            "The text can be read in full by screen readers and read aloud: a table of "
            "contents, headings for navigation, notes linked both ways, every passage marked "
            "with its language, and the original and its translation in reading order, pair "
            "by pair."
        ),
        "a11y-images": "Every image has a text description.",
        "a11y-undescribed": "Some images have no text description yet.",
    },
    "zh-hant": {
        "pages": "頁碼",
        "contents": "目錄",
        "title-page": "書名頁",
        "start": "正文",
        "written-by": "{names} 著",
        "translated-by": "{names} 譯",
        "a11y-summary": (
            "全書文字可由螢幕閱讀器完整朗讀：有目錄、可供導覽的標題、雙向"
            "連結的註釋，每段文字都標明語言，原文與譯文按閱讀順序逐對排列"
            "。"
        ),
        "a11y-images": "每張圖片都有文字說明。",
        "a11y-undescribed": "部分圖片尚無文字說明。",
    },
    "zh": {
        "pages": "页码",
        "contents": "目录",
        "title-page": "书名页",
        "start": "正文",
        "written-by": "{names} 著",
        "translated-by": "{names} 译",
        "a11y-summary": (
            "全书文字可由屏幕阅读器完整朗读：有目录、可供导航的标题、双向"
            "链接的注释，每段文字都标明语言，原文与译文按阅读顺序逐对排列"
            "。"
        ),
        "a11y-images": "每张图片都有文字说明。",
        "a11y-undescribed": "部分图片尚无文字说明。",
    },
    "ja": {
        "pages": "ページ",
        "contents": "目次",
        "title-page": "扉",
        "start": "本文",
        "written-by": "{names} 著",
        "translated-by": "{names} 訳",
    },
    "fr": {
        "pages": "Pages",
        "contents": "Table des matières",
        "title-page": "Page de titre",
        "start": "Début",
        "written-by": "Par {names}",
        "translated-by": "Traduit par {names}",
    },
    "de": {
        "pages": "Seiten",
        "contents": "Inhalt",
        "title-page": "Titelseite",
        "start": "Textbeginn",
        "written-by": "Von {names}",
        "translated-by": "Übersetzt von {names}",
    },
}


def label(key: str, lang: str) -> str:
    """``key`` in ``lang`` (by its longest known prefix), else in English."""
    for prefix in language_keys(lang, LABELS):
        if key in LABELS[prefix]:
            return LABELS[prefix][key]
    return LABELS["en"][key]
