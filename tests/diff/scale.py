"""Documents at the size of real texts, and re-encodings of them, for the scale tests and benchmark.

* ``concatenate(trees, megabytes)``: one document of about that size made of the chapters (the
  innermost ``div``) of real texts in turn, repeated as often as needed; no ``xml:id`` on the
  root, so that a change is located by its XPath.
* ``repeat(tree, copies)``: a document whose body holds ``copies`` copies of the body's divisions,
  identifiers suffixed so that they stay unique.
* ``tokenise(tree)``: the same document re-encoded as ELTeC level 2 is: every word of the text in
  ``w`` (with ``@lemma``), every punctuation mark in ``pc``, one token a line, and ``@join`` or a
  ``pc``'s ``@pre`` wherever the edition's rule for printing tokens (``units.printed_apart``, the
  rules of ``xslt/tokens.xsl``) would not give the spacing of the original: read as the diff
  reads it, the text is unchanged, character for character.

Used by ``tests/diff/test_scale.py`` and ``bench/bench_diff.py``.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable

from lxml import etree

from edition.diff import units as U
from edition.tei.header import TEI_NS

TEI = f"{{{TEI_NS}}}"
# A word (an elided one with its apostrophe, a compound with its hyphens), or any other single
# character that is not whitespace. What lies between is whitespace, or a no-break or thin space.
TOKEN = re.compile(r"\w+['’](?=\w)|\w+(?:-\w+)*|[^\s]")
XML_WHITESPACE = re.compile(r"[ \t\r\n]*")


def _body(tree: etree._ElementTree) -> etree._Element:
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    assert body is not None, "a TEI document with a text body"
    return body


def concatenate(trees: list[etree._ElementTree], megabytes: float) -> etree._ElementTree:
    """The first tree's header over the chapters of all in turn, repeated up to ``megabytes`` MB."""
    target = int(megabytes * 1_000_000)
    result = copy.deepcopy(trees[0])
    root = result.getroot()
    root.attrib.pop(U.XML_ID, None)
    body = _body(result)
    for child in list(body):
        body.remove(child)
    body.text = "\n"
    size = len(etree.tostring(result, encoding="utf-8"))
    # Chapters (divisions holding no division), so that the size is met closely.
    chapters = [div for tree in trees for div in _body(tree).iter(f"{TEI}div") if div.find(f"{TEI}div") is None]
    divisions = [(div, len(etree.tostring(div, encoding="utf-8", with_tail=False))) for div in chapters]
    added = True
    while added:
        added = False
        for div, length in divisions:
            if size + length + 1 > target:
                continue  # a chapter too long for what is left: a shorter one may fit
            added = True
            chapter = copy.deepcopy(div)
            chapter.tail = "\n"
            body.append(chapter)
            size += length + 1
    return result


def repeat(tree: etree._ElementTree, copies: int) -> etree._ElementTree:
    """The body's divisions ``copies`` times over, every ``xml:id`` in the n-th copy suffixed ``-n``."""
    result = copy.deepcopy(tree)
    body = _body(result)
    divisions = list(body)
    for n in range(1, copies):
        for div in divisions:
            twin = copy.deepcopy(div)
            for element in twin.iter():
                identifier = element.get(U.XML_ID) if U.is_element(element) else None
                if identifier:
                    element.set(U.XML_ID, f"{identifier}-{n}")
            body.append(twin)
    return result


def _lang(element: etree._Element) -> str:
    value = element.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)")
    return str(value)


def _slots(view: U.View) -> Iterable[tuple[etree._Element, str]]:
    """Where the text of the units of ``text`` is held, nested units apart: (element, "text" or "tail")."""

    def walk(element: etree._Element, nested: set[etree._Element]) -> Iterable[tuple[etree._Element, str]]:
        if element.text:
            yield element, "text"
        for child in element:
            if U.is_element(child) and child not in nested:
                yield from walk(child, nested)
            if child.tail:
                yield child, "tail"

    for unit in view.units:
        if unit.section == "text":
            yield from walk(unit.element, {view.units[i.nested].element for i in unit.inlines if i.nested is not None})


def _token(text: str) -> etree._Element:
    if re.search(r"\w", text):
        element = etree.Element(f"{TEI}w")
        element.set("lemma", text.lower())
    else:
        element = etree.Element(f"{TEI}pc")
    element.text = text
    return element


def _tokenised(value: str, lang: str) -> tuple[str, list[etree._Element]]:
    """``value`` as the text before the first token and the tokens (their tails set), spaced as printed."""
    matches = list(TOKEN.finditer(value))
    if not matches:
        return value, []
    leading = value[: matches[0].start()]
    gaps = [value[m.end() : n.start()] for m, n in itertools.pairwise(matches)]
    gaps.append(value[matches[-1].end() :])
    tokens = [_token(m.group()) for m in matches]
    placed: list[etree._Element] = [tokens[0]]
    tail = ""  # after the last placed token: a mark the rule cannot space, left untokenised
    previous_apart: bool | None = None  # whether the last two placed tokens, if adjacent, stand apart
    for k in range(1, len(tokens)):
        before, after, gap = placed[-1], tokens[k], gaps[k - 1]
        if tail or not XML_WHITESPACE.fullmatch(gap):
            # Not only XML whitespace between (a no-break space, an untokenised mark): the tokens
            # are not adjacent, and the source's characters are the text.
            before.tail = tail + gap
            tail, previous_apart = "", None
            placed.append(after)
            continue
        apart = gap != ""
        if U.printed_apart(before, after, lang) != apart:
            following = gaps[k] if k < len(tokens) - 1 else None
            next_apart = following is not None and following != "" and XML_WHITESPACE.fullmatch(following)
            if not apart:
                after.set("join", "left")
            elif _name(after) == "pc" and not next_apart and not (_name(before) == "pc" and before.get("pre")):
                after.set("pre", "true")  # a space before it; none after
            elif _name(before) == "pc" and before.get("pre") is None and previous_apart is not True:
                before.set("pre", "false")  # a space after it; none before
            else:
                tail = gap + (after.text or "")  # the rule cannot say it: the mark stays text
                continue
        before.tail = "\n"
        placed.append(after)
        previous_apart = apart
    placed[-1].tail = tail + gaps[-1]
    return leading, placed


def _name(element: etree._Element) -> str:
    return U.name_of(element)


def tokenise(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of ``tree`` with every word and punctuation mark of its text a token, the text unchanged."""
    result = copy.deepcopy(tree)
    view = U.read(result)
    assert not any(i.name in U.TOKENS for u in view.units for i in u.inlines), "already tokenised"
    for element, attr in list(_slots(view)):
        value = getattr(element, attr)
        if attr == "text":
            leading, tokens = _tokenised(value, _lang(element))
            element.text = leading
            for offset, token in enumerate(tokens):
                element.insert(offset, token)
        else:
            parent = element.getparent()
            assert parent is not None
            leading, tokens = _tokenised(value, _lang(parent))
            element.tail = leading
            for token in reversed(tokens):
                element.addnext(token)
    before, after = U.read(tree), U.read(result)
    assert [u.text for u in before.units] == [u.text for u in after.units], "a tokenisation changed the text"
    return result
