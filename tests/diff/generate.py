"""Known random edits of a TEI document, and a score of the diff against them.

``generate(tree, rng)`` copies a tree, applies a few random edits of the kinds an editor makes
(words inserted, deleted or replaced; punctuation, quotation marks, dashes and no-break spaces
changed; a paragraph moved, split or merged; an element added, removed or renamed around
unchanged text; an attribute changed; a register entry or the header edited) and returns the
pair with the changes a correct diff must report, as ``Expected`` signatures. ``signature``
turns a reported ``Change`` into the same shape, so precision and recall are set arithmetic.

Each edit touches a unit no other edit of the pair touches, and structural edits keep their
neighbours apart, so that every edit has exactly one right description. (Two edits in the same
sentence can honestly be described in more than one way; that is not what is measured here.)
Used by ``tests/diff`` (a few dozen pairs) and ``bench/bench_diff.py`` (a thousand or more).
"""

from __future__ import annotations

import copy
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from edition.diff import units as U
from edition.diff.model import Change
from edition.tei.header import TEI_NS

TEI = f"{{{TEI_NS}}}"
WORDS = (
    "revolution", "party", "bureaucracy", "congress", "history", "movement", "program", "struggle",
    "clearly", "indeed", "soon", "never", "workers", "masses", "question", "crisis", "yet", "again",
)  # fmt: skip
PUNCTUATION = {
    ",": ";", ";": ",", ":": ";", ".": "!", "’": "'", "“": '"', "”": '"', "—": "–", "–": "—", "\u00a0": " ",
    "(": "[", ")": "]", "…": "...",
}  # fmt: skip
UNWRAPPABLE = {"persName", "orgName", "placeName", "name", "date", "soCalled", "mentioned", "title", "q", "said"}
RENAMES = {"soCalled": "mentioned", "mentioned": "soCalled", "persName": "name", "orgName": "name", "placeName": "name"}
TEXT_EDITS = ("word-insert", "word-delete", "word-replace", "punctuation")
MARKUP_EDITS = ("markup-add", "markup-remove", "markup-rename", "attribute")
STRUCTURE_EDITS = ("move", "split", "merge")
OTHER_EDITS = ("register", "header")
EDITS = TEXT_EDITS + MARKUP_EDITS + STRUCTURE_EDITS + OTHER_EDITS
INNER_WORD = re.compile(r"(?<=[^\w])\w+(?=[^\w])")


@dataclass(frozen=True, order=True)
class Expected:
    """What one change is, reduced to what a correct diff must agree on."""

    category: str
    kind: str
    where: str
    detail: str = ""


def _strip(value: str | None) -> str:
    # Only the plain space: a no-break space is text.
    return (value or "").strip(" ")


def signature(change: Change) -> Expected:
    """The ``Expected`` a reported change answers to."""
    if change.kind in ("text-inserted", "text-deleted", "text-replaced", "punctuation"):
        detail = f"{_strip(change.old)}|{_strip(change.new)}"
        if change.kind == "punctuation":
            detail = f"{change.old}|{change.new}"
    elif change.kind.startswith("attribute-"):
        detail = f"{change.element}@{change.attribute}={change.old}>{change.new}"
    elif change.kind == "element-renamed":
        detail = f"{change.old}>{change.new}"
    elif change.kind in ("element-added", "element-removed", "added", "removed"):
        detail = change.element or ""
    else:
        detail = ""
    return Expected(change.category, change.kind, change.where, detail)


@dataclass
class Pair:
    """An original, an edited copy, what was done and what a diff must report."""

    old: etree._ElementTree
    new: etree._ElementTree
    edits: list[str] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)


@dataclass
class Score:
    """Counts over many pairs, and the pairs that went wrong."""

    matched: int = 0
    reported: int = 0
    expected: int = 0
    misses: list[tuple[int, list[str], list[Expected], list[Expected]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def add(self, number: int, pair: Pair, changes: Iterable[Change]) -> None:
        reported = Counter(signature(c) for c in changes)
        expected = Counter(pair.expected)
        self.matched += sum((reported & expected).values())
        self.reported += sum(reported.values())
        self.expected += sum(expected.values())
        if reported != expected:
            self.misses.append(
                (number, pair.edits, sorted((expected - reported).elements()), sorted((reported - expected).elements()))
            )


class _Editor:
    def __init__(self, tree: etree._ElementTree, original: etree._ElementTree, rng: random.Random) -> None:
        self.rng = rng
        self.tree = tree
        self.view = U.read(tree)
        self.original = original
        # The same element in the original, for XPaths of elements an edit removes.
        self.originals = dict(zip(tree.getroot().iter(), original.getroot().iter(), strict=True))
        self.touched: set[etree._Element] = set()  # units edited
        self.frozen: set[etree._Element] = set()  # units a structural edit must not disturb
        self.structural: set[str] = set()
        self.pending: list[Callable[[], Expected]] = []  # resolved after all edits: XPaths shift
        self.edits: list[str] = []

    # --- where ----------------------------------------------------------------------------
    def unit_of(self, element: etree._Element) -> etree._Element:
        units = {u.element for u in self.view.units}
        while element not in units:
            parent = element.getparent()
            assert parent is not None
            element = parent
        return element

    def where(self, unit: etree._Element, element: etree._Element | None = None) -> Callable[[], str]:
        """The location a diff reports: the unit's (or nearest) xml:id, else the element's XPath."""

        def resolve() -> str:
            final = U.View(self.tree.getroot(), [], [])
            return final.nearest_id(unit) or final.xpath(element if element is not None else unit)

        return resolve

    def where_old(self, unit: etree._Element, element: etree._Element) -> Callable[[], str]:
        """The location of an element that is gone: its unit's xml:id, else its XPath in the original."""
        identifier = U.View(self.tree.getroot(), [], []).nearest_id(unit)
        path = U.View(self.original.getroot(), [], []).xpath(self.originals[element])
        return lambda: identifier or path

    def where_outside(self, element: etree._Element) -> Callable[[], str]:
        """The location of a skeleton element: its nearest xml:id, else its XPath."""

        def resolve() -> str:
            final = U.View(self.tree.getroot(), [], [])
            return final.nearest_id(element) or final.xpath(element)

        return resolve

    def expect(self, category: str, kind: str, where: Callable[[], str], detail: str = "") -> None:
        self.pending.append(lambda: Expected(category, kind, where(), detail))

    # --- choosing -------------------------------------------------------------------------
    def units(self, section: str, kinds: tuple[str, ...] = ("block", "note")) -> list[U.Unit]:
        return [
            u
            for u in self.view.units
            if u.section == section
            and u.kind in kinds
            and u.element not in self.touched
            and u.element not in self.frozen
        ]

    def slots(self, unit: U.Unit) -> list[tuple[etree._Element, str]]:
        """Where the unit's own text is held: (element, "text" or "tail"), nested units left out."""
        nested = {self.view.units[i.nested].element for i in unit.inlines if i.nested is not None}
        found: list[tuple[etree._Element, str]] = []

        def walk(element: etree._Element) -> None:
            if element.text:
                found.append((element, "text"))
            for child in element:
                if U.is_element(child) and child not in nested:
                    walk(child)
                if child.tail:
                    found.append((child, "tail"))

        walk(unit.element)
        return found

    def word_slots(
        self, section: str, kinds: tuple[str, ...] = ("block", "note")
    ) -> list[tuple[U.Unit, etree._Element, str, re.Match[str]]]:
        found = []
        for unit in self.units(section, kinds):
            for element, attr in self.slots(unit):
                for match in INNER_WORD.finditer(getattr(element, attr)):
                    found.append((unit, element, attr, match))
        return found

    def inline_elements(self, names: set[str], section: str = "text") -> list[tuple[U.Unit, U.Inline]]:
        found = []
        for unit in self.units(section):
            for inline in unit.inlines:
                element = inline.element
                if inline.nested is not None or inline.name not in names or element.get(U.XML_ID):
                    continue
                if any(
                    U.is_element(d)
                    and d in {self.view.units[i.nested].element for i in unit.inlines if i.nested is not None}
                    for d in element.iter()
                ):
                    continue  # holds a note: unwrapping or renaming it would move the note
                found.append((unit, inline))
        return found

    # --- the edits ------------------------------------------------------------------------
    def apply(self, kind: str) -> bool:
        method: Callable[[], bool] = getattr(self, kind.replace("-", "_"))
        return method()

    def _replace_in_slot(self, element: etree._Element, attr: str, start: int, end: int, text: str) -> None:
        value = getattr(element, attr)
        setattr(element, attr, value[:start] + text + value[end:])

    def word_insert(self) -> bool:
        slots = self.word_slots("text")
        if not slots:
            return False
        unit, element, attr, match = self.rng.choice(slots)
        word = self.rng.choice(WORDS)
        self._replace_in_slot(element, attr, match.start(), match.start(), word + " ")
        self.touched.add(unit.element)
        self.expect("text", "text-inserted", self.where(unit.element), f"|{word}")
        self.edits.append(f"insert {word!r} in {unit.xml_id}")
        return True

    def word_delete(self) -> bool:
        slots = self.word_slots("text")
        if not slots:
            return False
        unit, element, attr, match = self.rng.choice(slots)
        value = getattr(element, attr)
        start, end = match.start(), match.end()
        if value[end] == " ":
            end += 1
        elif value[start - 1] == " ":
            start -= 1
        self._replace_in_slot(element, attr, start, end, "")
        self.touched.add(unit.element)
        self.expect("text", "text-deleted", self.where(unit.element), f"{match.group()}|")
        self.edits.append(f"delete {match.group()!r} in {unit.xml_id}")
        return True

    def word_replace(self, section: str = "text", kinds: tuple[str, ...] = ("block", "note")) -> bool:
        slots = self.word_slots(section, kinds)
        if not slots:
            return False
        unit, element, attr, match = self.rng.choice(slots)
        word = self.rng.choice([w for w in WORDS if w.lower() != match.group().lower()])
        self._replace_in_slot(element, attr, match.start(), match.end(), word)
        self.touched.add(unit.element)
        self.expect(section, "text-replaced", self.where(unit.element), f"{match.group()}|{word}")
        self.edits.append(f"replace {match.group()!r} by {word!r} in {unit.xml_id or section}")
        return True

    def punctuation(self) -> bool:
        found = []
        for unit in self.units("text"):
            for element, attr in self.slots(unit):
                for offset, char in enumerate(getattr(element, attr)):
                    if char in PUNCTUATION:
                        found.append((unit, element, attr, offset, char))
        if not found:
            return False
        unit, element, attr, offset, char = self.rng.choice(found)
        self._replace_in_slot(element, attr, offset, offset + 1, PUNCTUATION[char])
        self.touched.add(unit.element)
        self.expect("text", "punctuation", self.where(unit.element), f"{char}|{PUNCTUATION[char]}")
        self.edits.append(f"punctuation {char!r} -> {PUNCTUATION[char]!r} in {unit.xml_id}")
        return True

    def markup_add(self) -> bool:
        slots = self.word_slots("text")
        if not slots:
            return False
        unit, element, attr, match = self.rng.choice(slots)
        value = getattr(element, attr)
        term = etree.Element(f"{TEI}term")
        term.text = match.group()
        term.tail = value[match.end() :]
        if attr == "text":
            element.text = value[: match.start()]
            element.insert(0, term)
        else:
            parent = element.getparent()
            assert parent is not None
            parent.insert(parent.index(element) + 1, term)
            element.tail = value[: match.start()]
        self.touched.add(unit.element)
        self.expect("encoding", "element-added", self.where(unit.element, term), "term")
        self.edits.append(f"wrap {match.group()!r} in <term> in {unit.xml_id}")
        return True

    def markup_remove(self) -> bool:
        found = self.inline_elements(UNWRAPPABLE)
        if not found:
            return False
        unit, inline = self.rng.choice(found)
        self.expect("encoding", "element-removed", self.where_old(unit.element, inline.element), inline.name)
        _unwrap(inline.element)
        self.touched.add(unit.element)
        self.edits.append(f"unwrap <{inline.name}> in {unit.xml_id}")
        return True

    def markup_rename(self) -> bool:
        found = self.inline_elements(set(RENAMES))
        if not found:
            return False
        unit, inline = self.rng.choice(found)
        inline.element.tag = f"{TEI}{RENAMES[inline.name]}"
        self.touched.add(unit.element)
        self.expect(
            "encoding",
            "element-renamed",
            self.where(unit.element, inline.element),
            f"{inline.name}>{RENAMES[inline.name]}",
        )
        self.edits.append(f"rename <{inline.name}> to <{RENAMES[inline.name]}> in {unit.xml_id}")
        return True

    def _new_value(self, attr: str, value: str) -> str | None:
        if attr == "when":
            year = re.match(r"\d{4}", value)
            return None if not year else f"{int(year.group()) + self.rng.randint(1, 9)}{value[4:]}"
        prefix = value.split(".")[0] + "."
        others = sorted(
            {f"#{i}" for i in self.tree.getroot().xpath("//@xml:id") if f"#{i}".startswith(prefix)} - {value}
        )
        return self.rng.choice(others) if others and value.startswith("#") else None

    def attribute(self) -> bool:
        found: list[tuple[etree._Element, etree._Element, str]] = []
        for unit, inline in self.inline_elements({"date", "persName", "orgName", "placeName", "name", "q", "said"}):
            for attr in ("when", "ref", "who"):
                if inline.element.get(attr):
                    found.append((unit.element, inline.element, attr))
        for s in self.view.skeleton:
            unit_elements = {self.view.units[u].element for u in s.units}
            if s.name == "said" and s.element.get("who") and not unit_elements & (self.touched | self.frozen):
                found.append((s.element, s.element, "who"))
        self.rng.shuffle(found)
        for unit_element, element, attr in found:
            old = str(element.get(attr))
            new = self._new_value(attr, old)
            if new is None:
                continue
            element.set(attr, new)
            if unit_element is element:  # a skeleton said: its units stay free, its place is its own
                self.frozen.update(
                    self.view.units[u].element for s in self.view.skeleton if s.element is element for u in s.units
                )
                self.expect(
                    "encoding",
                    "attribute-changed",
                    self.where_outside(element),
                    f"{U.name_of(element)}@{attr}={old}>{new}",
                )
            else:
                self.touched.add(unit_element)
                self.expect(
                    "encoding",
                    "attribute-changed",
                    self.where(unit_element, element),
                    f"{U.name_of(element)}@{attr}={old}>{new}",
                )
            self.edits.append(f"set @{attr} of <{U.name_of(element)}> {old} -> {new}")
            return True
        return False

    def register(self) -> bool:
        entries = self.units("register", ("entry",))
        if self.rng.random() < 0.5:
            return self.word_replace("register", ("entry",))
        found = []
        for unit in entries:
            for element in unit.element.iter():
                if U.is_element(element):
                    for attr in ("when", "ref"):
                        if element.get(attr) and self._new_value(attr, str(element.get(attr))):
                            found.append((unit, element, attr))
        if not found:
            return False
        unit, element, attr = self.rng.choice(found)
        old = str(element.get(attr))
        new = self._new_value(attr, old)
        assert new is not None
        element.set(attr, new)
        self.touched.add(unit.element)
        self.expect(
            "register",
            "attribute-changed",
            self.where(unit.element, element),
            f"{U.name_of(element)}@{attr}={old}>{new}",
        )
        self.edits.append(f"register {unit.xml_id}: @{attr} {old} -> {new}")
        return True

    def header(self) -> bool:
        if self.rng.random() < 0.5:
            return self.word_replace("header", ("block",))
        found = []
        for unit in self.units("header", ("block",)):
            for element in unit.element.iter():
                if U.is_element(element) and element.get("when"):
                    found.append((unit, element))
        if not found:
            return False
        unit, element = self.rng.choice(found)
        old = str(element.get("when"))
        new = self._new_value("when", old)
        assert new is not None
        element.set("when", new)
        self.touched.add(unit.element)
        self.expect(
            "header", "attribute-changed", self.where(unit.element, element), f"{U.name_of(element)}@when={old}>{new}"
        )
        self.edits.append(f"header: @when {old} -> {new}")
        return True

    # --- structure ------------------------------------------------------------------------
    def body_paragraphs(self) -> list[etree._Element]:
        """Top-level paragraphs of the body, in document order, as they stand now."""
        body = self.tree.getroot().find(f"{TEI}text/{TEI}body")
        assert body is not None
        return [p for p in body.iter(f"{TEI}p") if p.getparent() is not None and p.getparent().tag != f"{TEI}note"]

    def free(self, paragraphs: list[etree._Element], index: int, reach: int = 1) -> bool:
        """Whether the paragraph and its neighbours within ``reach`` are untouched by other edits."""
        window = paragraphs[max(index - reach, 0) : index + reach + 1]
        return all(p not in self.touched and p not in self.frozen for p in window)

    def move(self) -> bool:
        if "move" in self.structural:
            return False
        paragraphs = self.body_paragraphs()
        candidates = [i for i, p in enumerate(paragraphs) if self.free(paragraphs, i) and _parent_name(p) == "div"]
        self.rng.shuffle(candidates)
        for i in candidates:
            p = paragraphs[i]
            targets = [
                j for j, q in enumerate(paragraphs)
                if abs(j - i) >= 3 and q.getparent() is p.getparent() and self.free(paragraphs, j)
            ]  # fmt: skip
            if not targets:
                continue
            j = self.rng.choice(targets)
            p.getparent().remove(p)
            p.tail = "\n        "
            paragraphs[j].addnext(p) if j > i else paragraphs[j].addprevious(p)
            self.frozen.update({p, *paragraphs[max(i - 1, 0) : i + 2], *paragraphs[max(j - 1, 0) : j + 2]})
            self.structural.add("move")
            self.expect("structure", "moved", self.where(p))
            self.edits.append(f"move {p.get(U.XML_ID)} {'after' if j > i else 'before'} {paragraphs[j].get(U.XML_ID)}")
            return True
        return False

    def split(self) -> bool:
        if "split" in self.structural:
            return False
        paragraphs = self.body_paragraphs()
        found = []
        for i, p in enumerate(paragraphs):
            if not self.free(paragraphs, i):
                continue
            slots = [(p, "text")] + [(c, "tail") for c in p]
            for element, attr in slots:
                value = getattr(element, attr) or ""
                for match in re.finditer(r"(?<=\w[.?!]) (?=[A-Z])", value):
                    found.append((i, p, element, attr, match.start()))
        if not found:
            return False
        i, p, element, attr, offset = self.rng.choice(found)
        value = getattr(element, attr)
        second = etree.Element(f"{TEI}p")
        identifier = str(p.get(U.XML_ID))
        second.set(U.XML_ID, _fresh_id(self.tree, identifier))
        second.set("n", f"{p.get('n')}a")
        second.text = value[offset + 1 :]
        setattr(element, attr, value[:offset])
        later = list(p) if attr == "text" else list(p)[p.index(element) + 1 :]
        for child in later:
            second.append(child)
        second.tail = p.tail
        p.addnext(second)
        self.frozen.update({p, second, *paragraphs[max(i - 1, 0) : i + 2]})
        self.structural.add("split")
        self.expect("structure", "split", self.where(p))
        self.edits.append(f"split {identifier}")
        return True

    def merge(self) -> bool:
        if "merge" in self.structural:
            return False
        paragraphs = self.body_paragraphs()
        found = [
            i
            for i in range(len(paragraphs) - 1)
            if paragraphs[i].getnext() is paragraphs[i + 1]
            and self.free(paragraphs, i + 1)
            and self.free(paragraphs, i)
        ]
        if not found:
            return False
        i = self.rng.choice(found)
        first, second = paragraphs[i], paragraphs[i + 1]
        children = list(first)
        if children:
            children[-1].tail = (children[-1].tail or "") + " " + (second.text or "")
        else:
            first.text = (first.text or "") + " " + (second.text or "")
        for child in list(second):
            first.append(child)
        first.getparent().remove(second)
        self.frozen.update({first, *paragraphs[max(i - 1, 0) : i + 3]})
        self.structural.add("merge")
        self.expect("structure", "merged", self.where(first))
        self.edits.append(f"merge {first.get(U.XML_ID)} and {second.get(U.XML_ID)}")
        return True


def _parent_name(element: etree._Element) -> str:
    parent = element.getparent()
    return U.name_of(parent) if parent is not None else ""


def _fresh_id(tree: etree._ElementTree, identifier: str) -> str:
    taken = {str(i) for i in tree.getroot().xpath("//@xml:id")}
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if identifier + suffix not in taken:
            return identifier + suffix
    raise ValueError(f"no free identifier after {identifier}")


def _unwrap(element: etree._Element) -> None:
    """Remove an element, keeping its text and children where they stood."""
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    previous = element.getprevious()
    leading = element.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + leading
    else:
        parent.text = (parent.text or "") + leading
    children = list(element)
    tail = element.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)


def generate(
    tree: etree._ElementTree, rng: random.Random, count: int | None = None, kinds: tuple[str, ...] = EDITS
) -> Pair:
    """A copy of ``tree`` with ``count`` (default 1 to 4) random edits, and what a diff must say of them."""
    new = copy.deepcopy(tree)
    editor = _Editor(new, tree, rng)
    wanted = count if count is not None else rng.randint(1, 4)
    attempts = 0
    while len(editor.edits) < wanted and attempts < 50:
        attempts += 1
        editor.apply(rng.choice(kinds))
    return Pair(tree, new, editor.edits, [resolve() for resolve in editor.pending])
