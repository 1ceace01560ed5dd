"""What the last build found of each source, by the file's size, times and inode: the SHA-256 of
its bytes, whether they name page images, and whether they name a local schema (whose files are
in the key, so that such a source is read for it each build).

Every build keys each document by the SHA-256 of its bytes, and so read all of them, changed or
not: for 5,000 letters 120 MB, a quarter of a rebuild with nothing to do. A file whose size,
modification time, change time and inode are those recorded holds the bytes recorded, as ``make``
and ``git`` take it: the change time cannot be set back by anyone writing a file, and any write
moves it. A file is recorded only once its times are some seconds old, since a second write
within the same tick of the file system's clock would leave them as they were (``git``'s "racily
clean" files); until then it is read every time. A document that is built is read again all the
same, and refused if its bytes are not the ones its key was made from (``document.with_source``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from edition.build.cache import read_json_object, write_json_object

SOURCES = "sources.json"
# How old a file's times must be before its record is trusted.
SETTLED_NS = 3_000_000_000

Signature = tuple[int, int, int, int]


def _signature(found: os.stat_result) -> Signature:
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


class SourceRecords:
    """The records of the last build's sources, in one small file of the cache folder (none: no
    records, every source read)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / SOURCES if folder is not None else None
        self.known: dict[str, object] = read_json_object(self.path)
        self._now: dict[str, object] = {}
        self._seen: dict[str, Signature] = {}

    def recall(self, path: Path) -> tuple[bytes, bool, bool] | None:
        """The SHA-256 of ``path``, whether it names page images and whether it names a local
        schema, if the file is as it was
        when they were recorded; None if it must be read. Ask before reading it: a file that
        changes in between then keeps the times of before, and is read again next time."""
        if self.path is None:
            return None
        name = str(path)
        try:
            signature = self._seen[name] = _signature(os.stat(path))
        except OSError:
            return None
        entry = self.known.get(name)
        # (Six fields, of a build before the schema's flag: read again.)
        if not (isinstance(entry, list) and len(entry) == 7 and tuple(entry[:4]) == signature):
            return None
        digest, images, schema = entry[4], entry[5], entry[6]
        if not (isinstance(digest, str) and isinstance(images, bool) and isinstance(schema, bool)):
            return None
        try:
            found = bytes.fromhex(digest)
        except ValueError:
            return None
        self._now[name] = entry
        return found, images, schema

    def remember(self, path: Path, digest: bytes, images: bool, schema: bool) -> None:
        """Record what was read of ``path`` (asked about with ``recall`` first), if its times
        are old enough to be trusted."""
        name = str(path)
        signature = self._seen.get(name)
        if self.path is None or signature is None:
            return
        if max(signature[1], signature[2]) > time.time_ns() - SETTLED_NS:
            return
        self._now[name] = [*signature, digest.hex(), images, schema]

    def save(self) -> None:
        """Keep the records of this build's sources (only those) for the next."""
        if self.path is not None and self._now != self.known:
            write_json_object(self.path, self._now)
