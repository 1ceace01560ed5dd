"""edition.site.search: the records of a fragment's blocks and the index script written from them."""

from __future__ import annotations

import json

from edition.site.search import (
    INDEX_END,
    INDEX_START,
    Record,
    index_chunk,
    index_of_pieces,
    index_piece,
    index_script,
    records,
)
from edition.tei.transform import Block


def parsed(script: str) -> list[dict[str, str]]:
    assert script.startswith(INDEX_START) and script.endswith(INDEX_END)
    return json.loads("[" + script[len(INDEX_START) : -len(INDEX_END)] + "]")


def test_records_place_each_block_on_its_page() -> None:
    blocks = [Block("p1", "¶ 1", "First words."), Block("n2", "note 2", "A note.")]
    assert records("letter/index.html", "letter.xml", blocks) == [
        Record("letter/index.html#p1", "letter.xml", "¶ 1", "First words."),
        Record("letter/index.html#n2", "letter.xml", "note 2", "A note."),
    ]


def test_the_index_script_holds_every_record_in_order() -> None:
    found = [Record("index.html#p1", "a.xml", "¶ 1", "Ünïcode"), Record("index.html#p2", "a.xml", "¶ 2", "two")]
    script = index_script(found)
    assert parsed(script) == [
        {"u": "index.html#p1", "d": "a.xml", "l": "¶ 1", "t": "Ünïcode"},
        {"u": "index.html#p2", "d": "a.xml", "l": "¶ 2", "t": "two"},
    ]
    assert "Ünïcode" in script  # not escaped to \\u sequences
    assert index_script([]) == INDEX_START + INDEX_END


def test_chunks_written_a_document_at_a_time_make_the_same_script() -> None:
    first = [Record("a/index.html#p1", "a.xml", "¶ 1", "one")]
    second = [Record("b/index.html#p1", "b.xml", "¶ 1", "two")]
    pieces = INDEX_START + index_chunk(first, True) + index_chunk([], False) + index_chunk(second, False) + INDEX_END
    assert pieces == index_script([*first, *second])
    assert index_chunk(second, False).startswith(",")
    assert index_chunk([], False) == ""


def test_text_that_would_close_the_script_is_escaped() -> None:
    script = index_script([Record("index.html#p1", "a.xml", "¶ 1", "</script><script>alert(1)</script>")])
    assert "</script>" not in script
    assert parsed(script)[0]["t"] == "</script><script>alert(1)</script>"


def test_the_index_of_the_documents_pieces_is_the_index_of_their_records() -> None:
    first = [Record("a/index.html#p1", "a", "¶ 1", "one"), Record("a/index.html#p2", "a", "¶ 2", "two")]
    second = [Record("b/index.html#p1", "b", "¶ 1", "three")]
    pieces = [index_piece([]), index_piece(first), index_piece([]), index_piece(second)]
    assert index_of_pieces(pieces) == index_script([*first, *second])
    assert index_of_pieces([]) == INDEX_START + INDEX_END
