"""What each document of a collection needs to know of the others before it is built.

A document's pages link into other documents of the collection (``ref target="L00003.xml#p2"``)
and a letter's page links the letters before and after it (from its ``correspContext``, else by
date). Both are decided by the plan, from each document's header read without its text
(``tei.load.read_header``, remembered by content hash in ``.cache/edition/headers.json``, so a
rebuild of thousands of letters reads only the changed ones), and given to every worker:

- the *folders* of the collection (a document's folder by its file name and by its root
  ``xml:id``) are the same for every document: workers get them once, when the pool starts, and a
  document's key holds their fingerprint (adding a document renders every document again, since
  any might refer to it; editing one renders only it and its neighbours);
- each letter's *neighbours* (the previous and next letter, their links and titles) are its
  own, and part of its key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from edition.build.cache import read_json_object, write_json_object
from edition.site.pages import CollectionLinks, Neighbour
from edition.tei.header import Metadata
from edition.tei.load import read_header

HEADERS = "headers.json"
# The header fields a collection's links read (``site.pages.collection_links``).
_FIELDS = ("title", "document_id", "letter_date", "previous_letter", "next_letter")

# The folders of the collection being built, in this process (a worker gets them when the pool
# starts, the main process when it builds documents itself).
_FOLDERS: dict[str, str] = {}


def install_folders(folders: Mapping[str, str]) -> None:
    """Make ``folders`` the collection every document built in this process refers to."""
    _FOLDERS.clear()
    _FOLDERS.update(folders)


def installed_folders() -> dict[str, str]:
    return dict(_FOLDERS)


def folders_fingerprint(folders: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name, folder in sorted(folders.items()):
        digest.update(f"{name}\0{folder}\n".encode())
    return digest.hexdigest()


class HeaderCache:
    """Headers' facts by the SHA-256 of a document's bytes, in one small file."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / HEADERS if folder is not None else None
        self.known: dict[str, object] = read_json_object(self.path)
        self.changed = False

    def has(self, key: str) -> bool:
        """Whether the facts of the document whose bytes have the SHA-256 ``key`` (in hex) are known."""
        return isinstance(self.known.get(key), dict)

    def metadata(self, path: Path, data: bytes, key: str = "") -> Metadata:
        """The facts of the header of ``data`` (the bytes of ``path``, whose SHA-256 in hex is
        ``key``, if already worked out)."""
        key = key or hashlib.sha256(data).hexdigest()
        facts = self.known.get(key)
        if not isinstance(facts, dict):
            meta = read_header(path, data) or Metadata()
            # Each field read as it is: ``asdict`` copied the whole header, once a field
            # (0.5 ms a document, before any worker starts).
            facts = {name: str(getattr(meta, name)) for name in _FIELDS}
            self.known[key] = facts
            self.changed = True
        found = {name: str(facts.get(name, "")) for name in _FIELDS}
        return Metadata(
            title=found["title"],
            document_id=found["document_id"],
            letter_date=found["letter_date"],
            previous_letter=found["previous_letter"],
            next_letter=found["next_letter"],
        )

    def save(self) -> None:
        if self.path is not None and self.changed:
            write_json_object(self.path, self.known)


def neighbours_of(links: CollectionLinks, folder: str) -> tuple[Neighbour | None, Neighbour | None]:
    return links.sequence.get(folder, (None, None))
