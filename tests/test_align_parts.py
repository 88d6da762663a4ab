"""The aligner's parts: the dictionary reading of English and Chinese, the band overlap
against a plain set computation, and beads decided by words (the lengths alone would
miss the left-out block)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bookforge.align import lexicon
from bookforge.align.aligner import align_blocks
from bookforge.align.band import Band, Tokens, overlap
from bookforge.model import Block


def blocks(*texts: str) -> list[Block]:
    return [Block(kind="paragraph", html="", text=t, line=k + 1) for k, t in enumerate(texts)]


def test_english_is_read_as_content_stems():
    assert lexicon.read_english("The manuals were printed, and it is done.").words == {
        "manual",
        "print",
    }


def test_chinese_is_read_as_glosses_with_their_share():
    reading = lexicon.read_chinese("打印手册 man")
    assert {"print", "manual", "handbook", "man"} <= reading.words
    assert reading.units == 5  # four Han characters and one Latin word
    assert reading.share("manual") == 2 / 5
    assert reading.share("man") == 1 / 5
    assert reading.share("absent") == 0.0


@pytest.fixture
def tiny_dictionary(monkeypatch, tmp_path):
    """A dictionary of two words, and an empty cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(lexicon, "_definitions", lambda: {"猫": "/cat/", "狗": "/dog (animal)/"})
    lexicon._gloss_table.cache_clear()
    lexicon._glosses.cache_clear()
    yield tmp_path / "cache"
    lexicon._gloss_table.cache_clear()
    lexicon._glosses.cache_clear()


def test_the_gloss_table_is_made_once_then_read_from_the_cache(tiny_dictionary, monkeypatch):
    assert lexicon._gloss_table() == {"猫": "cat", "狗": "dog"}
    assert len(list(tiny_dictionary.glob("bookforge/glosses-*.marshal"))) == 1
    lexicon._gloss_table.cache_clear()
    monkeypatch.setattr(lexicon, "_definitions", lambda: pytest.fail("dictionary read again"))
    assert lexicon._gloss_table() == {"猫": "cat", "狗": "dog"}


def test_an_unwritable_cache_is_no_error(tiny_dictionary, monkeypatch):
    tiny_dictionary.write_text("a file where the folder should be")
    assert lexicon.read_chinese("猫").words == {"cat"}


def test_languages_are_told_apart():
    assert lexicon.is_english(["This is the text of a book."])
    assert not lexicon.is_english(["Ceci est le texte d'un livre."])
    assert lexicon.is_chinese(["这是一本书的文字，带有 Latin 单词。"])
    assert not lexicon.is_chinese(["This is the text of a book."])
    assert lexicon.language(["This is the text of a book."]) == "en"
    assert lexicon.language(["这是一本书的文字，带有 Latin 单词。"]) == "zh"
    assert lexicon.language(["これは Latin の単語を含む本の文章です。"]) == "ja"
    assert lexicon.language(["Das ist der Text eines Buches, mit einer Tabelle."]) == "de"
    assert lexicon.language(["Ceci est le texte d'un livre, avec une table."]) == "fr"
    assert lexicon.language(["Esto es el texto de un libro."]) is None
    # a manual page's options and files (shadow's vipw): few common words, still English
    options = ["-g, --group Edit group database.", "-h, --help Display help message and exit.",
               "-q, --quiet Quiet mode.", "-s, --shadow Edit shadow or gshadow database.",
               "/etc/group Group account information.", "VISUAL Editor to be used.",
               "SEE ALSO lexgrog(1), man(1), manpath(5), catman(8)"]
    assert not lexicon.is_english(options) and lexicon.language(options) == "en"


def _dictd(folder, name: str, entries: dict[str, str]) -> None:
    """A dictionary in dictd's format: the entries' text, gzipped, and an index of each
    headword's offset and length in base 64."""
    import gzip

    from bookforge.align.freedict import _BASE64

    def number(value: int) -> str:
        digits = ""
        while True:
            digits = _BASE64[value % 64] + digits
            value //= 64
            if not value:
                return digits

    data, index = b"", []
    for headword, entry in entries.items():
        text = entry.encode()
        index.append(f"{headword}\t{number(len(data))}\t{number(len(text))}\n")
        data += text
    (folder / f"freedict-{name}.dict.dz").write_bytes(gzip.compress(data))
    (folder / f"freedict-{name}.index").write_text("".join(index), encoding="utf-8")


def test_a_freedict_dictionary_is_read_for_its_translations(monkeypatch, tmp_path):
    """Pronunciation, grammar, domains, cross-references and long explanations are left
    out; a word is found in lower case or by its stem; the table is cached."""
    from bookforge.align import freedict

    _dictd(tmp_path, "deu-eng", {
        "00-database-info": "00-database-info\nGerman - English\n",
        "Lizenz": "Lizenz /lɪˈtsɛnts/ <fem, n, sg>\nlicence [Br.], license [Am.]\n"
                  " see: {Lizenzen}\n",
        "Paket": "Paket /paˈkeːt/ <neut, n, sg>\n1. package <n>\n"
                 "2. parcel; something sent by post in a box or wrapping paper\n",
        "zur Not": "zur Not\nat a pinch\n",
    })
    monkeypatch.setattr(freedict, "FOLDER", tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lexicon.forget()
    try:
        assert freedict.available("de") and not freedict.available("fr")
        reading = freedict.read_alphabetic("de", "Die Lizenzen der Pakete", None, {})
        assert reading.units == 4
        assert {"licenc", "licens", "packag", "parcel"} <= reading.words
        assert "post" not in reading.words  # an explanation, not a translation
        assert reading.share("packag") == 1 / 4
        # a word the dictionary lacks is itself, and itself without its accents
        assert {"création", "creation"} <= freedict.read_alphabetic("de", "Création", None, {}).words
        assert len(list((tmp_path / "cache").glob("bookforge/glosses-freedict-deu-eng-*"))) == 1
        assert freedict.reader("zh") is lexicon.read_chinese
    finally:
        lexicon.forget()


def test_a_missing_dictionary_is_told_once(monkeypatch, tmp_path, caplog):
    from bookforge.align import freedict

    monkeypatch.setattr(freedict, "FOLDER", tmp_path)
    freedict._tell_missing.cache_clear()
    try:
        assert freedict.reader("fr") is None and freedict.reader("fr") is None
        assert freedict.reader("es") is None  # no dictionary to be had: nothing to tell
    finally:
        freedict._tell_missing.cache_clear()
    told = [r.getMessage() for r in caplog.records if "dictionary" in r.getMessage()]
    assert told == [
        "no French-English dictionary: French is paired by lengths, names and cognates alone"
        " (install Debian's dict-freedict-fra-eng for surer pairs)"
    ]


def test_a_broken_dictionary_is_told_and_done_without(monkeypatch, tmp_path, caplog):
    from bookforge.align import freedict

    _dictd(tmp_path, "deu-eng", {"Paket": "Paket\npackage\n"})
    (tmp_path / "freedict-deu-eng.dict.dz").write_bytes(b"\x1f\x8b\x08\x00 truncated")
    monkeypatch.setattr(freedict, "FOLDER", tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lexicon.forget()
    freedict._tell_missing.cache_clear()
    try:
        assert freedict.reader("de") is None
        source, target = blocks("The package is built."), blocks("Das Paket wird gebaut.")
        assert [(b.source, b.target) for b in align_blocks(source, target)] == [((0,), (0,))]
    finally:
        lexicon.forget()
        freedict._tell_missing.cache_clear()
    told = [r.getMessage() for r in caplog.records if "dictionary" in r.getMessage()]
    assert len(told) == 1 and "freedict-deu-eng.dict.dz cannot be read" in told[0], told


def test_german_french_and_japanese_read_with_debian_dictionaries():
    """The dictionaries ``make`` installs gloss real sentences."""
    from bookforge.align import freedict

    german = freedict.reader("de")("Reduzierung der Kosten für Softwarelizenzen", None, {})
    assert {"reduct", "cost", "softwar", "licens"} <= german.words  # a compound in two
    french = freedict.reader("fr")("Le système d'information suit la croissance", None, {})
    assert {"system", "inform", "follow"} <= french.words  # no croissance: 8,500 words
    japanese = freedict.reader("ja")("パッケージの設定を変更するには", None, {})
    assert {"packag", "configur", "chang"} <= japanese.words
    assert japanese.units == 5  # a katakana word, then four kanji
    assert japanese.share("packag") == 1 / 5


def test_band_overlap_matches_a_plain_set_computation():
    rng = random.Random(7)
    vocabulary = 40
    left = [{rng.randrange(vocabulary): rng.random() for _ in range(rng.randrange(8))} for _ in range(60)]
    right = [{rng.randrange(vocabulary): rng.random() for _ in range(rng.randrange(8))} for _ in range(50)]
    index = {str(k): k for k in range(vocabulary)}

    def tokens(sets):
        keys = [frozenset(map(str, s)) for s in sets]
        values = (s[int(k)] for s, ks in zip(sets, keys, strict=True) for k in ks)
        return Tokens.of(keys, index, values)

    width = 11
    first = np.array([k * 50 // 60 - 5 for k in range(60)])
    found = overlap(tokens(left), tokens(right), first, width)
    for r, row in enumerate(left):
        for k in range(width):
            c = first[r] + k
            shared = set(row) & set(right[c]) if 0 <= c < len(right) else set()
            expected = sum(row[t] * right[c][t] for t in shared)
            assert abs(found[r, k] - expected) < 1e-9


def _links(beads) -> set[tuple[int, int]]:
    return {(s, t) for bead in beads for s in bead.source for t in bead.target}


ENGLISH = (
    "A cat sleeps on the warm mat.",
    "The old dog barks loudly at night.",
    "Birds sing in the garden every morning.",
    "The river flows slowly to the sea.",
)


def test_a_merged_translation_is_one_bead():
    chinese = ("猫睡在温暖的垫子上。老狗在夜里大声叫。", "鸟每天早上在花园里唱歌。", "河水慢慢流向大海。")
    assert _links(align_blocks(blocks(*ENGLISH), blocks(*chinese))) == {
        (0, 0), (1, 0), (2, 1), (3, 2)
    }


def test_words_find_a_left_out_block_either_way_round():
    chinese = ("猫睡在温暖的垫子上。", "鸟每天早上在花园里唱歌。", "河水慢慢流向大海。")
    beads = align_blocks(blocks(*ENGLISH), blocks(*chinese))
    assert _links(beads) == {(0, 0), (2, 1), (3, 2)}
    assert [b.source for b in beads if b.unmatched] == [(1,)]
    reverse = align_blocks(blocks(*chinese), blocks(*ENGLISH))
    assert _links(reverse) == {(0, 0), (1, 2), (2, 3)}


@pytest.mark.parametrize("counts", [(1, 100), (100, 1), (3, 60), (60, 3), (5, 0), (1, 1)])
def test_any_counts_give_beads_covering_every_block_once(counts):
    source = blocks(*(f"Paragraph number {k} of the original." for k in range(counts[0])))
    target = blocks(*(f"译文第 {k} 段。" for k in range(counts[1])))
    beads = align_blocks(source, target)
    assert [i for b in beads for i in b.source] == list(range(counts[0]))
    assert [j for b in beads for j in b.target] == list(range(counts[1]))


def test_a_rule_left_out_stays_alone():
    """A thematic break has no text: where the translation leaves one out, it stands
    alone rather than joining the paragraph before it."""
    chinese = blocks(
        "黄昏时分，守塔人爬上楼梯，点亮了灯。",
        "",
        "到了黎明，大海平静下来，渔船又出海了。",
    )
    chinese[1] = Block(kind="rule", html="<hr />", text="", line=2)
    english = blocks(
        "The keeper climbed the stairs at dusk and lit the lamp.",
        "By dawn the sea was calm, and the boats went out again.",
    )
    beads = [(bead.source, bead.target) for bead in align_blocks(chinese, english)]
    assert beads == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_a_band_around_a_path_is_moved_inside_the_first_and_reads_its_grids():
    """The second band, around the first path, is kept inside the first band, whose grids
    it then reads cell for cell."""
    first = Band(200, 180, 25)
    path = [(i, min(180, max(0, round(i * 0.9) + (30 if 80 < i < 120 else 0)))) for i in range(201)]
    around = Band.around(200, 180, path, 12)
    assert not first.holds(around)  # the path strays to the first band's edge
    inside = around.within(first)
    assert first.holds(inside) and inside.width == around.width
    moved = inside.lo != around.lo
    assert 0 < moved.sum() < 40
    columns = first.columns.astype(float)
    assert (first.read(columns, inside) == inside.columns).all()
