from pathlib import Path

import pytest

from bookforge.config import load_config
from bookforge.errors import BookforgeError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "book.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[book]
title = { en = "T", zh-Hans = "题" }
translators = ["X"]
[languages]
source = "en"
target = "zh-Hans"
"""


def test_reads_metadata_and_defaults(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    assert config.metadata.titles == {"en": "T", "zh-Hans": "题"}
    assert config.metadata.translators == ("X",)
    assert config.metadata.authors == ()
    assert config.languages == {"source": "en", "target": "zh-Hans"}
    assert config.settings["build"] == {
        "layout": "interleaved",
        "order": "source-first",
        "formats": ["epub", "pdf"],
        "layouts": ["interleaved", "facing"],
        "jobs": 0,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "\n[bok]\n", "unknown section [bok]"),
        (GOOD.replace("translators", "translator"), "unknown key 'translator' in [book]"),
        (GOOD.replace('source = "en"\n', ""), "missing required key 'source' in [languages]"),
        (GOOD.replace('["X"]', '"X"'), "[book] translators must be a list"),
        (GOOD + '[build]\nlayout = "spread"\n', "layout must be one of interleaved, facing"),
        (GOOD.replace("title = {", "title = {{"), "TOML syntax error"),
        (GOOD.replace('target = "zh-Hans"', 'target = "en"'), "source and target must differ"),
        (GOOD + "[build]\njobs = -1\n", "[build] jobs: -1 is not a number of processes"),
        (GOOD + "[build]\njobs = true\n", "[build] jobs: True is not a number of processes"),
        (GOOD + '[build]\njobs = "2"\n', "[build] jobs must be a number"),
    ],
)
def test_bad_configuration_is_named(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(BookforgeError) as caught:
        load_config(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_syntax_error_gives_line(tmp_path):
    path = write(tmp_path, GOOD + "\nbroken = \n")
    with pytest.raises(BookforgeError, match=r"book.toml:9: TOML syntax error"):
        load_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(BookforgeError, match="not found"):
        load_config(tmp_path / "book.toml")
