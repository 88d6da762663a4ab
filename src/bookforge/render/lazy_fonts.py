"""A font's file read when the PDF needs it, not when a page is first drawn with it.

WeasyPrint 70 copies each font's whole file into memory (``Font.file_content``) as soon as
a page uses the font, and keeps it while every page is drawn; yet with HarfBuzz it subsets
the font from HarfBuzz's own copy, and reads that file only if subsetting fails (or for a
variable font, or when fonts are not subset). For the Noto CJK collections this is 20-27 MB
a face, three or four faces, in every process that draws pages. ``install()`` makes
``file_content`` read on first use. Written for WeasyPrint 70 (``pdf.fonts.Font``).
"""

from __future__ import annotations

from weasyprint.pdf import fonts

_init = fonts.Font.__init__
_object_data = fonts.get_hb_object_data


class FileContent:
    """``Font.file_content``: the face's data, read from HarfBuzz when first asked for."""

    def __get__(self, font, owner=None):
        if font is None:
            return self
        content = font.__dict__.get("_file_content")
        if content is None:
            content = font.__dict__["_file_content"] = _object_data(font.hb_face)
        return content

    def __set__(self, font, value) -> None:
        font.__dict__["_file_content"] = value


def _init_without_reading(self, *args, **kwargs) -> None:
    """``Font.__init__``, whose copy of the file is left to ``FileContent``."""
    fonts.get_hb_object_data = lambda *_args, **_kwargs: None
    try:
        _init(self, *args, **kwargs)
    finally:
        fonts.get_hb_object_data = _object_data


def install() -> None:
    """Read fonts' files on first use (once per process)."""
    if not isinstance(fonts.Font.__dict__.get("file_content"), FileContent):
        fonts.Font.file_content = FileContent()
        fonts.Font.__init__ = _init_without_reading
