from bookforge.layout import arrange


def test_interleaved_orders(sample_book):
    first = arrange(sample_book, "interleaved", "source-first").chapters[0].rows[1]
    assert [c.role for c in first.cells] == ["source", "target"]
    reverse = arrange(sample_book, "interleaved", "target-first").chapters[0].rows[1]
    assert [c.role for c in reverse.cells] == ["target", "source"]
    assert reverse.cells[0].lang == "zh-Hans"
    assert reverse.cells[0].anchor == "pair-2-target"


def test_interleaved_drops_missing_side_facing_keeps_blank(sample_book):
    solo = next(p for p in sample_book.chapters[0].pairs if not p.target)
    interleaved = arrange(sample_book, "interleaved").chapters[0].rows[solo.number - 1]
    assert [c.role for c in interleaved.cells] == ["source"]
    facing = arrange(sample_book, "facing").chapters[0].rows[solo.number - 1]
    assert [c.role for c in facing.cells] == ["source", "target"]
    assert facing.cells[1].blocks == () and facing.cells[1].anchor is None
