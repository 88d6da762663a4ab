from bookforge.markdown import parse_blocks


def test_blocks_kinds_lines_and_markers():
    text = "# Title\n\n{#m1 .caption}\nA caption.\n\n- a\n- b\n\n```\ncode\n```\n"
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == ["heading", "paragraph", "list", "code"]
    assert [b.line for b in blocks] == [1, 4, 6, 9]
    assert blocks[0].level == 1
    assert blocks[1].marker == "m1"
    assert blocks[1].classes == ("caption",)
    # the marker is a pairing key, never an id in the output
    assert 'id="m1"' not in blocks[1].html
    assert blocks[1].html == '<p class="caption">A caption.</p>'


def test_raw_html_is_escaped():
    (block,) = parse_blocks('Hi <script>alert(1)</script> <b onclick="x">b</b>')
    assert "<script>" not in block.html
    assert "&lt;script&gt;" in block.html
    assert "<b " not in block.html


def test_plain_text_and_xhtml_output():
    (block,) = parse_blocks("Some *emphasis* and `code`,\nnext line  \nbreak")
    assert block.text == "Some emphasis and code, next line break"
    assert "<br />" in block.html


def test_a_heading_never_takes_an_id_the_book_gives_itself(project):
    """A marker or heading text that reads like the book's own ids (pair containers, page
    breaks, chapters) gets a suffix, so that no id appears twice in a page."""
    from bookforge.loader import load_book

    root = project({"01.md": ("{#pair-1}\n# Pair 1\n\n## Page 2\n\n## Chapter 01\n\nText.\n",
                              "{#pair-1}\n# 一\n\n## 二\n\n## 三\n\n文。\n")})
    chapter = load_book(root).chapters[0]
    ids = [b.ident for pair in chapter.pairs for role in ("source", "target")
           for b in pair.side(role) if b.ident]
    assert not {"pair-1", "page-2", "chapter-01"} & set(ids)
    assert {"pair-1-1", "page-2-1", "chapter-01-1"} <= set(ids)


def test_a_link_inside_a_link_becomes_text():
    """CommonMark lets an autolink stand in a link's text; XHTML forbids an a in an a."""
    (block,) = parse_blocks("See [<https://a.org/>](https://a.org/) now.\n")
    assert block.html.count("<a ") == 1 and "<span>https://a.org/</span></a>" in block.html
