"""bookforge: bilingual books from an original text and its translation."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bookforge")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
