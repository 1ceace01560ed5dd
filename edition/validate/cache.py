"""The validation cache: documents that passed, remembered by content hash and schema fingerprint.

Only passes are remembered, never failures, so a failing document always shows its problems.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from edition import __version__
from edition.resources import cache_root
from edition.tei.load import Document
from edition.validate.rules import SCHEMATRON_PATH
from edition.validate.schema import tei_all_path


@functools.cache
def schema_fingerprint() -> str:
    """Hash of everything that decides validity: both schemas and the builder's version."""
    digest = hashlib.sha256()
    for path in (tei_all_path(), SCHEMATRON_PATH):
        digest.update(path.read_bytes())
    digest.update(__version__.encode())
    return digest.hexdigest()


class ValidationCache:
    """Remembers documents that passed, by content hash and schema fingerprint."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def default(cls, enabled: bool = True) -> ValidationCache:
        if not enabled:
            return cls(None)
        return cls(cache_root() / "valid")

    def _marker(self, doc: Document) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(f"{doc.sha256}:{schema_fingerprint()}".encode()).hexdigest()
        return self.folder / key

    def passed(self, doc: Document) -> bool:
        marker = self._marker(doc)
        return marker is not None and marker.is_file()

    def remember(self, doc: Document) -> None:
        marker = self._marker(doc)
        if marker is None:
            return
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(doc.name + "\n", encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time
