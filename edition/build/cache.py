"""The render cache: what a document's rendering produced, kept by a key of everything it depends on.

A document's pages and PDF depend on its bytes, on the builder (stylesheets, templates, the
package's code and the renderer's version), on the options of the build and on the build date.
All of that goes into the key, so a cached result is always what a fresh render would give:
an incremental build is byte-identical to a clean one. The cache lives beside the validation
cache (``.cache/edition``, or ``$EDITION_CACHE_DIR``), is safe to delete, and is turned off by
``--no-cache`` or ``EDITION_RENDER_CACHE=0``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from edition.resources import builder_fingerprint, cache_root


def cache_key(*parts: object) -> str:
    """A key for what is rendered from ``parts`` by this builder, on this build date."""
    digest = hashlib.sha256(builder_fingerprint().encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for part in parts:
        digest.update(repr(part).encode() if not isinstance(part, bytes) else part)
        digest.update(b"\0")
    return digest.hexdigest()


# What a cached or shipped summary may be made of: the builder's own values and plain data. A
# pickle naming anything else (a function to call, a module to import) is refused, so a shard's
# files or a cache folder that someone else wrote cannot run code here.
_SAFE_CLASSES = {
    *(("builtins", name) for name in ("dict", "list", "tuple", "set", "frozenset", "str", "bytes", "int", "float")),
    *(("pathlib", name) for name in ("Path", "PosixPath", "PurePosixPath")),
}


class _SafeUnpickler(pickle.Unpickler):
    # What each allowed name was found to be: a rebuild unpickles thousands of summaries, each
    # naming the same dozen classes, and the lookup through the import system is most of it.
    _allowed: ClassVar[dict[tuple[str, str], object]] = {}

    def find_class(self, module: str, name: str) -> object:
        known = self._allowed.get((module, name))
        if known is not None:
            return known
        if module == "edition" or module.startswith("edition."):
            found = super().find_class(module, name)
            if isinstance(found, type):
                self._allowed[module, name] = found
                return found
        elif (module, name) in _SAFE_CLASSES:
            found = self._allowed[module, name] = super().find_class(module, name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a summary")


def safe_loads(data: bytes) -> object:
    """Unpickle data that may only hold the builder's own classes and plain values."""
    return _SafeUnpickler(io.BytesIO(data)).load()


def safe_load(stream: BinaryIO) -> object:
    """The next pickle of ``stream``, under the same rules as ``safe_loads``."""
    return _SafeUnpickler(stream).load()


def read_json_object(path: Path | None) -> dict[str, Any]:
    """The JSON object a small cache file of the builder holds; empty if there is none, or it is
    damaged (a cache that cannot be read only costs time)."""
    if path is None:
        return {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write_json_object(path: Path, value: Mapping[str, Any]) -> None:
    """Replace a small cache file of the builder with ``value`` as JSON, in one move (a build
    beside this one reads the old file or the new, never half of one); a cache that cannot be
    written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(value, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass


class RenderCache:
    """Pickled render results under a folder, by key; ``folder=None`` caches nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def default(cls, enabled: bool = True) -> RenderCache:
        # EDITION_RENDER_CACHE=0 turns it off (the test suite does, except where it tests it).
        if not enabled or os.environ.get("EDITION_RENDER_CACHE", "1") == "0":
            return cls(None)
        return cls(cache_root() / "render")

    def get(self, key: str) -> object | None:
        if self.folder is None:
            return None
        try:
            return safe_loads((self.folder / key).read_bytes())
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, ImportError, TypeError):
            return None  # absent or unreadable: render again

    def has(self, key: str) -> bool:
        return self.folder is not None and (self.folder / key).is_file()

    def put(self, key: str, value: object) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}.{os.getpid()}"
            temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(self.folder / key)
        except OSError:
            pass  # a cache that cannot be written only costs time
