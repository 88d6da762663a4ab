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
