"""Search: a static index of the edition's text, built at build time and loaded as a script.

The index is a JavaScript file rather than JSON fetched at run time, so that search works when
the site is opened from the file system as well as from a server. Records are the citable
blocks (paragraphs, headings, notes) with the edition's own additions removed, as the transform
read them from its result tree (nothing here parses HTML).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from edition.cite.tags import script_safe_json
from edition.tei.transform import Block


@dataclass(frozen=True)
class Record:
    """One searchable block: where it is, how it is labelled, and its words."""

    url: str
    document: str
    label: str
    text: str


def records(page: str, document: str, blocks: Iterable[Block]) -> list[Record]:
    """The search records of the blocks of a fragment placed on ``page`` (the blocks are the
    transform's own reading of its result tree: ``tei.transform.Block``)."""
    return [Record(f"{page}#{block.id}", document, block.label, block.text) for block in blocks]


INDEX_START = "window.EDITION_SEARCH_INDEX = ["
INDEX_END = "];\n"


def index_piece(some_records: Iterable[Record]) -> str:
    """Records as a piece of the index script: their items, comma-separated, without a comma
    before the first (made where the document is built, so the site's build only writes it)."""
    items = [
        json.dumps({"u": r.url, "d": r.document, "l": r.label, "t": r.text}, ensure_ascii=False, separators=(",", ":"))
        for r in some_records
    ]
    return script_safe_json(",".join(items))


def index_chunk(some_records: Iterable[Record], first: bool) -> str:
    """Records as a piece of the index script, so that it can be written a document at a time:
    ``INDEX_START``, the chunks in order (the first with ``first``), then ``INDEX_END``."""
    text = index_piece(some_records)
    return text if first or not text else "," + text


def index_of_pieces(pieces: Iterable[str]) -> str:
    """The index script of the documents' pieces (``index_piece``), in order."""
    return INDEX_START + ",".join(piece for piece in pieces if piece) + INDEX_END


def index_script(all_records: Iterable[Record]) -> str:
    """The index as a script that defines ``window.EDITION_SEARCH_INDEX``; deterministic output."""
    return INDEX_START + index_chunk(all_records, True) + INDEX_END
