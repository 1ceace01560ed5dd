"""The validation cache: documents validated without errors, by content hash, settings and schemas.

Only documents without errors are remembered, never failures, so a failing document always shows
its problems; a document's warnings are remembered with it and reported again on every build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from edition.errors import Problem, warning
from edition.resources import builder_fingerprint, cache_root
from edition.tei.load import Document
from edition.validate.rules import file_version

if TYPE_CHECKING:
    from edition.validate import ValidationSettings


def _file_hash(path: Path) -> str:
    size, modified = file_version(path)
    return f"{path}:{size}:{modified}"


def schema_fingerprint(doc: Document, settings: ValidationSettings) -> str:
    """Hash of everything that decides a document's findings besides its bytes: the schemas and
    rules it is checked against (by path, size and time), the settings, the builder itself (its
    code and rules, ``builder_fingerprint``: its version number does not change with them, and a
    new rule must see documents validated before it)."""
    from edition.validate.schema import schema_for

    digest = hashlib.sha256(builder_fingerprint().encode())
    digest.update(repr(settings).encode())
    schema, _ = schema_for(doc, settings.schema, settings.project)
    return _with_files(digest, schema, settings)


def settings_fingerprint(settings: ValidationSettings) -> str:
    """Hash of the files a build's settings check every document against (a fixed schema, the
    rule profiles), by path, size and time, as ``schema_fingerprint`` has them: part of each
    document's render key, so that an edited schema validates every document again. The
    project's folder counts only through the files it locates: a build run from another folder
    is the same build."""
    digest = hashlib.sha256(repr((settings.schema, settings.rules)).encode())
    return _with_files(digest, settings.fixed_schema(), settings)


def _with_files(digest: hashlib._Hash, schema: Path | None, settings: ValidationSettings) -> str:
    """``digest`` updated with the schema's and each rule file's path, size and time, in hex."""
    for path in [schema, *(rule for rule, _ in settings.rule_files())]:
        digest.update((_file_hash(path) if path is not None and path.is_file() else str(path)).encode())
    return digest.hexdigest()


class ValidationCache:
    """Remembers documents validated without errors, with their warnings."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def default(cls, enabled: bool = True) -> ValidationCache:
        if not enabled:
            return cls(None)
        return cls(cache_root() / "valid")

    def _marker(self, doc: Document, settings: ValidationSettings) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(f"{doc.sha256}:{doc.name}:{schema_fingerprint(doc, settings)}".encode()).hexdigest()
        return self.folder / key

    def findings(self, doc: Document, settings: ValidationSettings) -> list[Problem] | None:
        """The warnings remembered for a document that passed, or None if it must be validated."""
        marker = self._marker(doc, settings)
        if marker is None:
            return None
        try:
            rows = json.loads(marker.read_bytes())
            return [warning(doc.name, int(line), int(col), str(rule), str(text)) for line, col, rule, text in rows]
        except (OSError, ValueError, TypeError):
            return None

    def passed(self, doc: Document, settings: ValidationSettings) -> bool:
        return self.findings(doc, settings) is not None

    def remember(self, doc: Document, settings: ValidationSettings, found: Sequence[Problem]) -> None:
        marker = self._marker(doc, settings)
        if marker is None or any(not p.is_warning for p in found):
            return
        rows = [[p.line, p.column, p.rule, p.message] for p in found]
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            temporary = marker.with_name(f".{marker.name}.{os.getpid()}")
            temporary.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
            temporary.replace(marker)
        except OSError:
            pass  # a cache that cannot be written only costs time
