"""Seeded mutations of TEI documents, valid and invalid, for comparing a pruned schema with the full one.

Each mutation is one edit a person makes by mistake or on purpose: an element moved under a
parent that does not allow it, an element that is not TEI at all, a required child dropped, an
attribute value of the wrong type, or an element the document did not use yet (valid or not
where it lands). The same seed always gives the same documents.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
T = "{" + TEI + "}"

# Elements of TEI P5 that small documents rarely use: inserting one changes the element set, so
# the pruned schema must bring back their definitions.
UNUSED_TEI = [
    "seg", "lb", "pb", "gap", "milestone", "name", "rs", "emph", "foreign", "abbr", "num", "measure",
    "term", "gloss", "unclear", "sic", "corr", "choice", "orig", "reg", "supplied", "space", "damage",
    "w", "pc", "s", "cb", "anchor", "ptr", "ref", "label", "list", "item", "table", "figure", "lg", "l",
    "sp", "speaker", "stage", "castList", "quote", "q", "said", "mentioned", "soCalled", "date", "time",
    "eventName", "roleName", "addName", "geogName", "orgName", "objectName", "idno", "bibl", "listBibl",
    "msDesc", "app", "lem", "rdg", "witDetail", "add", "del", "subst", "handShift", "fw", "floatingText",
]  # fmt: skip
# Values of the wrong type for attributes whose type the schema checks (no bad xml:id: the parser
# refuses those before any schema sees them).
BAD_VALUES = {
    "when": ["yesterday", "2026-13-45", "the 5th"],
    "{http://www.w3.org/XML/1998/namespace}lang": ["not a language", "12"],
    "notBefore": ["soon"],
    "n": [""],
    "level": ["x", "chapter"],
    "place": ["inside out", ""],
    "unit": [""],
    "cert": ["certain-ish"],
    "target": ["a b c %zz"],
    "rend": [""],
}
ATTR_TARGETS = ["date", "title", "p", "note", "div", "persName", "head", "l", "bibl", "placeName"]


@dataclass(frozen=True)
class Mutant:
    """A generated document and how it was made."""

    name: str
    kind: str
    tree: etree._ElementTree


def _elements(tree: etree._ElementTree) -> list[etree._Element]:
    return [e for e in tree.getroot().iter(etree.Element)]


def _under_text(tree: etree._ElementTree) -> list[etree._Element]:
    return [e for e in tree.getroot().iter(etree.Element) if e.getparent() is not None and e.tag != T + "teiHeader"]


def move_to_wrong_parent(tree: etree._ElementTree, rng: random.Random) -> str:
    elements = _under_text(tree)
    mover = rng.choice(elements)
    inside = set(mover.iter())
    target = rng.choice([e for e in elements if e not in inside])
    parent = mover.getparent()
    assert parent is not None
    parent.remove(mover)
    target.insert(rng.randint(0, len(target)), mover)
    return f"{etree.QName(mover).localname} into {etree.QName(target).localname}"


def add_unknown_element(tree: etree._ElementTree, rng: random.Random) -> str:
    target = rng.choice(_under_text(tree))
    name = rng.choice([T + "paragraph", T + "chapter", T + "frobnicate", "{urn:example:x}note", "bold"])
    new = etree.SubElement(target, name)
    new.text = "added"
    if rng.random() < 0.5:
        target.remove(new)
        target.insert(0, new)
    return f"{etree.QName(name).localname} into {etree.QName(target).localname}"


def drop_child(tree: etree._ElementTree, rng: random.Random) -> str:
    preferred = [
        e
        for e in _elements(tree)
        if etree.QName(e).localname in ("titleStmt", "title", "publicationStmt", "sourceDesc", "fileDesc", "body")
    ]
    pool = preferred if preferred and rng.random() < 0.6 else [e for e in _elements(tree) if e.getparent() is not None]
    victim = rng.choice(pool)
    parent = victim.getparent()
    assert parent is not None
    parent.remove(victim)
    return f"without {etree.QName(victim).localname}"


def bad_attribute(tree: etree._ElementTree, rng: random.Random) -> str:
    candidates = [e for e in _elements(tree) if etree.QName(e).localname in ATTR_TARGETS] or _elements(tree)
    target = rng.choice(candidates)
    if rng.random() < 0.25:
        target.set("frobnicity", "high")
        return f"@frobnicity on {etree.QName(target).localname}"
    attr = rng.choice(sorted(BAD_VALUES))
    target.set(attr, rng.choice(BAD_VALUES[attr]))
    return f"@{etree.QName(attr).localname} on {etree.QName(target).localname}"


def insert_unused_element(tree: etree._ElementTree, rng: random.Random) -> str:
    used = {e.tag for e in _elements(tree)}
    fresh = [n for n in UNUSED_TEI if T + n not in used] or UNUSED_TEI
    name = rng.choice(fresh)
    inline = [e for e in _elements(tree) if etree.QName(e).localname in ("p", "head", "l", "note", "item", "ab")]
    target = rng.choice(inline) if inline and rng.random() < 0.7 else rng.choice(_under_text(tree))
    new = etree.Element(T + name)
    if name not in ("lb", "pb", "cb", "gap", "milestone", "anchor", "ptr", "space", "handShift"):
        new.text = "inserted"
    if name == "milestone":
        new.set("unit", "section")
    target.insert(rng.randint(0, len(target)), new)
    return f"{name} into {etree.QName(target).localname}"


def rename_element(tree: etree._ElementTree, rng: random.Random) -> str:
    target = rng.choice(_under_text(tree))
    old = etree.QName(target).localname
    target.tag = T + rng.choice(UNUSED_TEI)
    return f"{old} renamed {etree.QName(target).localname}"


def unchanged(tree: etree._ElementTree, rng: random.Random) -> str:
    for el in _elements(tree):
        if el.text and el.text.strip():
            el.text = el.text + " (edited)"
            break
    return "text edited"


MUTATIONS: list[tuple[str, Callable[[etree._ElementTree, random.Random], str]]] = [
    ("wrong-parent", move_to_wrong_parent),
    ("unknown-element", add_unknown_element),
    ("dropped-child", drop_child),
    ("bad-attribute", bad_attribute),
    ("unused-element", insert_unused_element),
    ("renamed", rename_element),
    ("text-edit", unchanged),
]


def mutants(bases: dict[str, etree._ElementTree], per_base: int, seed: int) -> Iterator[Mutant]:
    """``per_base`` mutants of each base document, cycling through the mutation kinds."""
    rng = random.Random(seed)
    for base_name in sorted(bases):
        for index in range(per_base):
            kind, mutation = MUTATIONS[(index + len(base_name)) % len(MUTATIONS)]
            tree = copy.deepcopy(bases[base_name])
            what = mutation(tree, rng)
            # Serialised and parsed again: line numbers of the edit are then real source lines.
            again = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
            yield Mutant(f"{base_name}#{index} {kind}: {what}", kind, again)
