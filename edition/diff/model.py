"""The values a diff produces: one ``Change`` per difference, and views of the changed text.

A ``Change`` is flat and JSON-ready on purpose: tools read it without knowing the diff's
internals, and the renderers (``render``) only lay changes out. Every change names its
*category* (which section of the report it belongs to) and its *kind* (what happened).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Category = Literal["structure", "text", "encoding", "register", "header"]
CATEGORIES: tuple[Category, ...] = ("structure", "text", "encoding", "register", "header")

# What each kind means; the JSON output and the README list these.
KINDS = {
    "added": "a paragraph, note, register entry or header field that is new",
    "removed": "a paragraph, note, register entry or header field that is gone",
    "moved": "a unit now stands elsewhere in the order (or a note marker moved)",
    "split": "one old paragraph is now several (ids in `new`)",
    "merged": "several old paragraphs are now one (ids in `old`)",
    "text-inserted": "words inserted",
    "text-deleted": "words deleted",
    "text-replaced": "words replaced",
    "punctuation": "only punctuation, quotation marks, dashes or spaces changed",
    "token-spacing": "a space added or dropped between two tokens (w, pc): a tokenised source records no spacing",
    "element-added": "an element added around unchanged text",
    "element-removed": "an element removed, its text kept",
    "element-renamed": "an element renamed, same extent",
    "element-moved": "an element now encloses a different stretch of unchanged text",
    "attribute-added": "an attribute added",
    "attribute-removed": "an attribute removed",
    "attribute-changed": "an attribute's value changed",
}


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new document.

    ``old_id``/``new_id`` are the ``xml:id`` a reader would cite (the paragraph, note or register
    entry holding the change, or the nearest identified ancestor); ``old_xpath``/``new_xpath``
    point at the element itself, with the ``tei:`` prefix. ``old``/``new`` carry the values
    (words, attribute values, element names, start tags); ``content`` the text an element
    encloses; ``before``/``after`` a little unchanged text for context.
    """

    category: Category
    kind: str
    old_id: str | None = None
    new_id: str | None = None
    old_xpath: str | None = None
    new_xpath: str | None = None
    element: str | None = None
    attribute: str | None = None
    old: str | None = None
    new: str | None = None
    content: str | None = None
    before: str = ""
    after: str = ""

    @property
    def where(self) -> str:
        """The most useful single location: an identifier if there is one, else an XPath."""
        return self.new_id or self.old_id or self.new_xpath or self.old_xpath or "/"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Segment:
    """A run of a word diff: ``equal`` (old == new), ``delete``, ``insert`` or ``replace``."""

    op: Literal["equal", "delete", "insert", "replace"]
    old: str
    new: str


@dataclass(frozen=True)
class UnitView:
    """A changed paragraph (or note, entry, header field) as a word diff, for HTML and terminal views."""

    category: Category
    label: str
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class DiffResult:
    """Everything a renderer needs: the two names, every change, and views of changed text."""

    old_name: str
    new_name: str
    changes: tuple[Change, ...]
    views: tuple[UnitView, ...] = field(default=())

    @property
    def same(self) -> bool:
        return not self.changes

    def by_category(self, category: Category) -> list[Change]:
        return [c for c in self.changes if c.category == category]

    def counts(self) -> dict[str, int]:
        return {category: len(self.by_category(category)) for category in CATEGORIES}
