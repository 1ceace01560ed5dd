"""What the site root needs of one built document: a small, picklable summary.

A document is built in a worker (or in another shard); only this summary comes back, so the
process that writes the site root holds no parsed text, however many documents there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from edition.errors import Problem
from edition.site.cmif import Correspondence
from edition.site.dts import DTSResource
from edition.site.links import Link
from edition.tei.entries import RegisterEntry
from edition.tei.header import Metadata
from edition.validate.core import DocumentPointer


@dataclass(frozen=True)
class DocumentSummary:
    """What the collection stage needs of a built document; small, and safe to keep for thousands."""

    name: str
    stem: str
    folder: str
    metadata: Metadata
    files: tuple[str, ...]
    pages: int
    warnings: tuple[Problem, ...]
    # Its search records as a piece of the index script (``search.index_piece``), in UTF-8 as
    # the index is written: a collection's are tens of megabytes, decoded and encoded again for
    # nothing as text.
    search: bytes = b""
    registers: tuple[RegisterEntry, ...] = ()
    dts: DTSResource | None = None
    outbound: tuple[Link, ...] = ()
    pointers: tuple[DocumentPointer, ...] = ()
    # The optional assets its pages use ("facsimile": the page viewer and deep zoom;
    # "apparatus": the apparatus on demand), which the site then ships in static/.
    assets: tuple[str, ...] = ()
    # The pages the document has beside its text, as (file, label), for the navigation of the
    # pages at the site root.
    sections: tuple[tuple[str, str], ...] = ()
    # The correspDescs of a letter, as plain values, for the collection's CMIF file.
    correspondence: Correspondence | None = None
