"""RELAX NG schemas pruned to the element names of one document, cached on disk and in memory.

Compiling the whole TEI P5 ``tei_all.rng`` with libxml2 takes 8-12 s. A document uses perhaps a
hundred of its ~580 elements, and a schema in which the definitions of all the others are
``notAllowed`` gives that document exactly the verdict of the full schema while compiling in a few
hundredths of a second.

Why the verdict cannot change (for the document whose names were collected):

1. An ``element`` pattern matches an element node only if the node's name is in the pattern's name
   class. If no element of the document has such a name, the pattern matches nothing in this
   document, and neither does ``notAllowed``. RELAX NG's semantics are compositional (a pattern's
   matches are defined from its sub-patterns' matches, a ``ref`` by its ``define``), so replacing
   a sub-pattern by another with the same matches on this document leaves every pattern's
   matches, and so the verdict, unchanged. Name classes are evaluated exactly (``name``,
   ``nsName``, ``anyName``, ``except``, ``choice``, with the ``ns`` inheritance and QName prefixes
   of the schema); where a name class cannot be read, the element is kept.
2. The rest are the simplification rules of the RELAX NG specification (section 4.20), each of
   which preserves matches on every document: ``notAllowed`` leaves a ``choice``; makes a
   ``group``/``interleave``/``oneOrMore``/``mixed`` it is in ``notAllowed``; makes a
   ``zeroOrMore``/``optional`` the empty pattern; an empty pattern leaves a ``group``; a
   ``choice`` that lost an empty alternative becomes ``optional`` (or nothing inside a
   ``zeroOrMore``/``optional``, where it already was optional); a ``ref`` stands for its define.
3. Definitions that no longer can be reached from ``start`` are removed: they cannot take part in
   any match. Foreign (annotation) elements and attributes are removed: RELAX NG ignores them.

Where the content of a kept element becomes ``notAllowed`` (the document lacks an element it
requires), the content is *not* collapsed: the missing elements stay as named stubs
(``<element name="X"><notAllowed/></element>``) so that libxml2 can still say which element it
expected; the same is done for ``start`` when the document's root matches no root element.

Schemas of any TEI project work (``tei_all``, an ODD-generated ``.rng``); ``include`` and
``externalRef`` are inlined, but only from inside the main schema's folder; nothing is fetched.
A schema that has nested ``grammar`` or ``parentRef`` is only pruned (step 1), not simplified.

libxml2 cannot be interrupted, and some shapes of schema send its compiler into searches that
last minutes (two were met while these rules were written, and are avoided). So a newly pruned
schema is first compiled in a child process with a time limit; should that fail, the schema is
only pruned (step 1), which keeps every structure of the original and compiles as fast, with
vaguer messages. The check is paid once per element set: the result is cached on disk.
"""

from __future__ import annotations

import collections
import copy
import hashlib
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

# Bump whenever the pruned output for the same schema and names could change: it is in the cache key.
PRUNER_VERSION = "1"

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_R = "{" + RNG_NS + "}"

_GROUP_LIKE = frozenset(
    ["group", "interleave", "oneOrMore", "zeroOrMore", "optional", "mixed", "element", "define", "start"]
)
_NAME_CLASSES = frozenset(["name", "anyName", "nsName", "choice"])

# Status of a pattern on the document: it can match nothing, or only the empty sequence, or more.
_NA, _EMPTY, _KEEP = 0, 1, 2

Name = tuple[str, str]  # (namespace URI or "", local name)


class SchemaError(ValueError):
    """A schema that cannot be read or pruned safely (missing file, include outside its folder)."""


def safe_parser() -> etree.XMLParser:
    """The parser for schemas and cached files: no entities, no DTD, no network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )


# ---------------------------------------------------------------------------------------------
# Element names of a document


def element_names(tree: etree._ElementTree | etree._Element) -> frozenset[str]:
    """The names of all elements of the document holding ``tree``, in Clark notation (``{ns}local``).

    The whole document is read even when an element is given: a superset of the names validated
    only keeps more of the schema, which can never change a verdict.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree.getroottree().getroot()
    return frozenset(str(el.tag) for el in root.iter(etree.Element))


def _split(clark: str) -> Name:
    if clark.startswith("{"):
        ns, _, local = clark[1:].partition("}")
        return ns, local
    return "", clark


# ---------------------------------------------------------------------------------------------
# Loading a schema: parse safely, inline include/externalRef from inside the schema's folder


def _is_rng(el: object, local: str | None = None) -> bool:
    tag = getattr(el, "tag", None)
    if tag.__class__ is not str or not tag.startswith(_R):
        return False
    return local is None or tag == _R + local


_RL = len(_R)


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag[_RL:] if tag.__class__ is str and tag.startswith(_R) else ""


def _rng_children(el: etree._Element) -> list[etree._Element]:
    # Only RELAX NG elements are left once load_grammar has stripped the annotations.
    return list(el)


def _resolve_href(href: str, base_file: Path, root_dir: Path) -> Path:
    parts = urlsplit(href.strip())
    if parts.scheme not in ("", "file") or parts.netloc:
        raise SchemaError(f"{base_file}: refusing to load {href!r}: only files inside {root_dir} are read")
    target = (base_file.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(root_dir):
        raise SchemaError(f"{base_file}: refusing to load {href!r}: it lies outside the schema's folder {root_dir}")
    if not target.is_file():
        raise SchemaError(f"{base_file}: {href!r} ({target}) does not exist")
    return target


def _parse_file(path: Path) -> etree._ElementTree:
    try:
        return etree.parse(str(path), safe_parser())
    except (OSError, etree.XMLSyntaxError) as exc:
        raise SchemaError(f"cannot read the schema {path}: {exc}") from exc


def _context_copy(root: etree._Element, tag: str, outer: etree._Element | None) -> etree._Element:
    """A new element carrying ``root``'s namespace context, ``ns`` and ``datatypeLibrary``.

    Moved into another document, the children of ``root`` keep the prefixes their QNames use, and
    ``datatypeLibrary`` does not leak in from the including document (spec 4.3 applies per file).
    """
    nsmap = {k: v for k, v in root.nsmap.items()}
    holder = etree.Element(tag, nsmap=nsmap)
    ns = root.get("ns")
    if ns is None and outer is not None:
        ns = outer.get("ns")
    if ns is not None:
        holder.set("ns", ns)
    holder.set("datatypeLibrary", root.get("datatypeLibrary", ""))
    return holder


def _components(grammar: etree._Element) -> Iterator[etree._Element]:
    """The start, define and include elements of a grammar (through its divs, not nested grammars)."""
    for child in _rng_children(grammar):
        if _local(child) == "div":
            yield from _components(child)
        else:
            yield child


def _inline(tree: etree._ElementTree, path: Path, root_dir: Path, stack: tuple[Path, ...]) -> list[Path]:
    """Replace every include and externalRef of ``tree`` by what it names; return the files read."""
    read: list[Path] = []
    for ref in [el for el in tree.getroot().iter(_R + "include", _R + "externalRef")]:
        target = _resolve_href(ref.get("href", ""), path, root_dir)
        if target in stack:
            raise SchemaError(f"{path}: {target} includes itself")
        sub = _parse_file(target)
        read.append(target)
        read.extend(_inline(sub, target, root_dir, (*stack, target)))
        sub_root = sub.getroot()
        if _local(ref) == "externalRef":
            if not _is_rng(sub_root) or _local(sub_root) in ("define", "start", "div", "include"):
                raise SchemaError(f"{target}: an externalRef must name a pattern")
            holder = _context_copy(sub_root, str(sub_root.tag), ref)
            for key, value in sub_root.attrib.items():
                if key not in ("ns", "datatypeLibrary"):
                    holder.set(key, value)
            holder.extend(list(sub_root))
            holder.tail = ref.tail
            parent = ref.getparent()
            assert parent is not None
            parent.replace(ref, holder)
            continue
        if not _is_rng(sub_root, "grammar"):
            raise SchemaError(f"{target}: an included file must be a RELAX NG grammar")
        overrides = list(_components(ref))
        override_start = any(_local(c) == "start" for c in overrides)
        override_names = {c.get("name") for c in overrides if _local(c) == "define"}
        found: set[str | None] = set()
        for comp in list(_components(sub_root)):
            kind = _local(comp)
            if (kind == "start" and override_start) or (kind == "define" and comp.get("name") in override_names):
                found.add(comp.get("name") if kind == "define" else "<start>")
                parent = comp.getparent()
                assert parent is not None
                parent.remove(comp)
        missing = (override_names | ({"<start>"} if override_start else set())) - found
        if missing:
            raise SchemaError(f"{path}: include of {target} overrides what it lacks: {sorted(map(str, missing))}")
        replacement = etree.Element(_R + "div")
        for key in ("ns", "datatypeLibrary"):
            if ref.get(key) is not None:
                replacement.set(key, ref.get(key, ""))
        included = _context_copy(sub_root, _R + "div", ref)
        included.extend(list(sub_root))
        replacement.append(included)
        replacement.extend(list(ref))
        replacement.tail = ref.tail
        parent = ref.getparent()
        assert parent is not None
        parent.replace(ref, replacement)
    return read


def _strip_foreign(root: etree._Element) -> None:
    """Remove annotations: foreign elements and attributes (RELAX NG ignores them, spec 4.1)."""
    for el in list(root.iter()):
        if not _is_rng(el):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
            continue
        for key in [k for k in el.attrib if str(k).startswith("{")]:
            del el.attrib[key]
        # Whitespace between patterns is insignificant (spec 4.2); it only costs bytes and time.
        if el.text is not None and not el.text.strip() and _local(el) not in ("value", "param", "name", "nsName"):
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None


def load_grammar(schema_path: Path) -> tuple[etree._ElementTree, list[Path]]:
    """Parse a RELAX NG (XML syntax) schema with its includes inlined; also return the files read."""
    schema_path = Path(schema_path).resolve()
    tree = _parse_file(schema_path)
    if not _is_rng(tree.getroot()):
        raise SchemaError(f"{schema_path}: not a RELAX NG schema in the XML syntax")
    read = _inline(tree, schema_path, schema_path.parent, (schema_path,))
    _strip_foreign(tree.getroot())
    return tree, read


# ---------------------------------------------------------------------------------------------
# Name classes


def _inherited_ns(el: etree._Element) -> str:
    node: etree._Element | None = el
    while node is not None:
        value = node.get("ns")
        if value is not None:
            return str(value)
        node = node.getparent()
    return ""


def _qname(text: str, el: etree._Element) -> Name | None:
    text = text.strip()
    if ":" in text:
        prefix, local = text.split(":", 1)
        uri = XML_NS if prefix == "xml" else el.nsmap.get(prefix)
        return None if uri is None else (uri, local)
    return _inherited_ns(el), text


def _nc_contains(nc: etree._Element, name: Name) -> bool | None:
    """Whether name class ``nc`` contains ``name``; None when the class cannot be read."""
    kind = _local(nc)
    if kind == "name":
        resolved = _qname(nc.text or "", nc)
        return None if resolved is None else resolved == name
    if kind in ("anyName", "nsName"):
        if kind == "nsName" and _inherited_ns(nc) != name[0]:
            return False
        for exc in _rng_children(nc):
            if _local(exc) != "except":
                return None
            for sub in _rng_children(exc):
                inside = _nc_contains(sub, name)
                if inside is None:
                    return None
                if inside:
                    return False
        return True
    if kind == "choice":
        results = [_nc_contains(sub, name) for sub in _rng_children(nc)]
        if any(results):
            return True
        return None if None in results else False
    return None


def _element_used(el: etree._Element, names: frozenset[Name]) -> bool:
    """Whether element pattern ``el`` can match an element of the document (True when unsure)."""
    attr = el.get("name")
    if attr is not None:
        resolved = _qname(attr, el)
        return resolved is None or resolved in names
    children = _rng_children(el)
    if not children or _local(children[0]) not in _NAME_CLASSES:
        return True
    nc = children[0]
    if _local(nc) == "name":
        resolved = _qname(nc.text or "", nc)
        return resolved is None or resolved in names
    for name in names:
        inside = _nc_contains(nc, name)
        if inside is None or inside:
            return True
    return False


def _content(el: etree._Element) -> list[etree._Element]:
    """The pattern children of a container (for element and attribute: after the name class)."""
    children = _rng_children(el)
    if _local(el) in ("element", "attribute") and el.get("name") is None and children:
        return children[1:]
    return children


# ---------------------------------------------------------------------------------------------
# Pruning


@dataclass
class PruneReport:
    """What pruning did to one schema: for the bench and for curiosity."""

    elements_total: int = 0
    elements_pruned: int = 0
    defines_total: int = 0
    defines_kept: int = 0
    simplified: bool = True


class _Pruner:
    def __init__(self, tree: etree._ElementTree, names: frozenset[Name]) -> None:
        self.tree = tree
        self.root = tree.getroot()
        self.names = names
        self.stubs: set[etree._Element] = set()
        self.status_of: dict[etree._Element, int] = {}
        self.define_status: dict[str, int] = {}
        self.defines: dict[str, list[etree._Element]] = collections.defaultdict(list)
        self.to_stub: list[str] = []
        self.stubbed: set[str] = set()
        self.report = PruneReport()

    # -- step 1: element patterns whose name class matches no element of the document
    def prune_elements(self, stub: bool) -> None:
        # Innermost first: an element pattern is judged while its ancestors (ns) are in place.
        for el in reversed(list(self.root.iter(_R + "element"))):
            self.report.elements_total += 1
            if _element_used(el, self.names):
                continue
            self.report.elements_pruned += 1
            if stub:
                # Keep the name (libxml2 names expected elements in its messages), drop the content.
                for child in _content(el):
                    el.remove(child)
                etree.SubElement(el, _R + "notAllowed")
                self.stubs.add(el)
            else:
                parent = el.getparent()
                assert parent is not None
                replacement = etree.Element(_R + "notAllowed")
                replacement.tail = el.tail
                parent.replace(el, replacement)

    # -- step 2: what each pattern can still match
    def status(self, el: etree._Element) -> int:
        known = self.status_of.get(el)
        if known is not None:
            return known
        kind = _local(el)
        result = _KEEP
        if kind == "element":
            result = _NA if el in self.stubs else _KEEP
        elif kind == "notAllowed":
            result = _NA
        elif kind == "empty":
            result = _EMPTY
        elif kind == "ref":
            result = self.status_of_define(el.get("name", ""))
        elif kind == "choice":
            result = self._choice_status([self.status(c) for c in _content(el)])
        elif kind in ("group", "interleave", "oneOrMore", "mixed"):
            result = self._group_status([self.status(c) for c in _content(el)])
            if kind == "mixed" and result == _EMPTY:
                result = _KEEP
        elif kind in ("zeroOrMore", "optional"):
            inner = self._group_status([self.status(c) for c in _content(el)])
            result = _KEEP if inner == _KEEP else _EMPTY
        # attribute, text, data, value, list: left alone (they hold no element patterns).
        self.status_of[el] = result
        return result

    @staticmethod
    def _choice_status(states: list[int]) -> int:
        if all(s == _NA for s in states):
            return _NA
        return _KEEP if _KEEP in states else _EMPTY

    @staticmethod
    def _group_status(states: list[int]) -> int:
        if _NA in states:
            return _NA
        return _KEEP if _KEEP in states else _EMPTY

    def status_of_define(self, name: str) -> int:
        known = self.define_status.get(name)
        if known is not None:
            return known
        parts = self.defines.get(name, [])
        if not parts:
            return _KEEP
        self.define_status[name] = _KEEP  # a ref cycle not broken by an element: RELAX NG forbids it
        states = [self._group_status([self.status(c) for c in _content(d)]) for d in parts]
        combine = next((d.get("combine") for d in parts if d.get("combine")), None)
        result = self._choice_status(states) if combine == "choice" else self._group_status(states)
        self.define_status[name] = result
        return result

    # -- step 3: rewrite
    def rewrite(self, container: etree._Element) -> None:
        """Apply the simplification rules below ``container`` (a group-like pattern or a choice).

        A group-like container is rewritten only when it is not ``notAllowed``, or when it is the
        content of an element, define or start that keeps its stubs; either way its ``notAllowed``
        children stay (as stubs), and children that only match the empty sequence go.
        """
        if _local(container) == "choice":
            self._rewrite_choice(container)
            return
        for child in _content(container):
            if self.status(child) == _EMPTY and _local(child) != "empty":
                container.remove(child)
            else:
                self._descend(child)
        left = _content(container)
        if not left:
            # Every container needs a pattern (a mixed whose children all went, an element...).
            etree.SubElement(container, _R + "empty")
        elif len(left) == 1 and _local(container) in ("group", "interleave"):
            # group(p) is p. A one-child group before attribute refs sends libxml2 2.14's schema
            # compiler into a search that does not end in minutes (found on a DHARMA edition).
            parent = container.getparent()
            assert parent is not None
            left[0].tail = container.tail
            parent.replace(container, left[0])

    def _rewrite_choice(self, choice: etree._Element) -> None:
        children = _content(choice)
        states = [self.status(c) for c in children]
        all_na = all(s == _NA for s in states)
        lost_empty = False
        for child, state in zip(children, states, strict=True):
            if state == _NA and not all_na:
                choice.remove(child)
            elif state == _EMPTY and _local(child) != "empty":
                choice.remove(child)
                lost_empty = True
            else:
                self._descend(child)
        if not lost_empty:
            return
        parent = choice.getparent()
        assert parent is not None
        if not _content(choice):
            empty = etree.Element(_R + "empty")
            empty.tail = choice.tail
            parent.replace(choice, empty)
        elif _local(parent) in ("zeroOrMore", "optional"):
            pass  # choice(p, empty) is optional(p), and inside zeroOrMore/optional it already is
        elif _local(parent) == "oneOrMore" and len(_content(parent)) == 1:
            parent.tag = _R + "zeroOrMore"  # oneOrMore(optional(p)) is zeroOrMore(p)
        else:
            # Not an <empty/> alternative: an empty alternative inside a repetition is what libxml2
            # struggled with while these rules were tried out.
            optional = etree.Element(_R + "optional")
            optional.tail = choice.tail
            parent.replace(choice, optional)
            optional.append(choice)

    def _descend(self, child: etree._Element) -> None:
        kind = _local(child)
        if kind == "ref":
            # Still referenced although notAllowed: only from a content kept with its stubs.
            name = child.get("name", "")
            if self.status_of_define(name) == _NA and name not in self.stubbed:
                self.stubbed.add(name)
                self.to_stub.append(name)
        elif kind == "choice" or (kind in _GROUP_LIKE and kind != "element"):
            self.rewrite(child)
        # element patterns are rewritten on their own; attributes, data, text: untouched.

    def simplify(self) -> None:
        for comp in _components(self.root):
            if _local(comp) == "define":
                self.defines[comp.get("name", "")].append(comp)
        for el in list(self.root.iter(_R + "element")):
            if el not in self.stubs:
                self.rewrite(el)
        for comp in list(_components(self.root)):
            kind = _local(comp)
            if kind == "start" or (kind == "define" and self.status_of_define(comp.get("name", "")) != _NA):
                self.rewrite(comp)
        while self.to_stub:
            for define in self.defines.get(self.to_stub.pop(), []):
                self.rewrite(define)

    # -- step 4: definitions no longer reachable from start
    def drop_unreachable(self) -> None:
        seen: set[str] = set()
        todo: list[etree._Element] = [c for c in _components(self.root) if _local(c) == "start"]
        while todo:
            for ref in todo.pop().iter(_R + "ref"):
                name = ref.get("name", "")
                if name not in seen:
                    seen.add(name)
                    todo.extend(self.defines.get(name, []))
        for name, parts in self.defines.items():
            self.report.defines_total += len(parts)
            if name in seen:
                self.report.defines_kept += len(parts)
                continue
            for define in parts:
                parent = define.getparent()
                if parent is not None:
                    parent.remove(define)


def prune(
    grammar: etree._ElementTree, names: Iterable[str], simplify: bool = True
) -> tuple[etree._ElementTree, PruneReport]:
    """A copy of ``grammar`` (includes already inlined) that gives the same verdict as ``grammar``
    on any document whose element names (Clark notation) are all in ``names``.

    ``simplify=False`` only turns unused element patterns into ``notAllowed`` (step 1): it compiles
    fast too, but libxml2 then validates without its compiled content models, and its messages
    are vaguer (an outer element "failed to validate content" rather than the misplaced child).
    """
    tree = copy.deepcopy(grammar)
    pruner = _Pruner(tree, frozenset(_split(n) for n in names))
    nested = any(True for _ in tree.getroot().iter(_R + "parentRef")) or any(
        True for el in tree.getroot().iter(_R + "grammar") if el is not tree.getroot()
    )
    if not simplify or nested or not _is_rng(tree.getroot(), "grammar"):
        # Scoping of refs across grammars is not worth modelling: prune only (step 1).
        pruner.prune_elements(stub=False)
        pruner.report.simplified = False
    else:
        pruner.prune_elements(stub=True)
        pruner.simplify()
        pruner.drop_unreachable()
    return tree, pruner.report


# ---------------------------------------------------------------------------------------------
# Compiled schemas: on disk per element set, in memory per process


@dataclass(frozen=True, order=True)
class SchemaFinding:
    """One schema error: 1-based line and column (0 when libxml2 gives none) and its message."""

    line: int
    column: int
    message: str


def default_cache_dir() -> Path:
    """``$EDITION_CACHE_DIR/schemas``, or ``.cache/edition/schemas`` in the current folder."""
    return Path(os.environ.get("EDITION_CACHE_DIR") or Path.cwd() / ".cache" / "edition") / "schemas"


_COMPILE_CHECK = (
    "import sys\n"
    "from lxml import etree\n"
    "parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)\n"
    "etree.RelaxNG(etree.parse(sys.argv[1], parser))\n"
)


def _compiles_in_time(path: Path, seconds: float) -> bool:
    """Whether libxml2 compiles the schema at ``path`` within ``seconds``, tried in a child process.

    libxml2 cannot be interrupted from Python; a schema that sent it into a long search would hang
    the caller. Done once per element set (the result is cached on disk), it costs ~0.2 s.
    """
    import subprocess
    import sys

    try:
        done = subprocess.run(
            [sys.executable, "-c", _COMPILE_CHECK, str(path)],
            timeout=seconds,
            capture_output=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


class PrunedSchemas:
    """The pruned schemas of one RELAX NG file: made on demand, kept on disk and in memory.

    A pruned schema is keyed by the SHA-256 of the schema's bytes (and of every file it includes),
    the sorted element names, and ``PRUNER_VERSION``; it is written to ``cache_dir`` atomically
    and compiled at most once per process (an LRU of ``memory_slots`` compiled schemas).
    ``cache_dir=None`` keeps nothing on disk.
    """

    def __init__(
        self,
        schema_path: Path,
        cache_dir: Path | None = None,
        memory_slots: int = 16,
        verify_timeout: float | None = 30.0,
    ) -> None:
        self.schema_path = Path(schema_path).resolve()
        self.cache_dir = cache_dir
        self.memory_slots = memory_slots
        self.verify_timeout = verify_timeout
        self._compiled: collections.OrderedDict[str, etree.RelaxNG] = collections.OrderedDict()
        self._names: dict[str, frozenset[str]] = {}
        self._grammar: etree._ElementTree | None = None
        self._digest: tuple[list[tuple[Path, tuple[int, int]]], str] | None = None
        self._lock = threading.RLock()
        self.last_report: PruneReport | None = None

    def digest(self) -> str:
        """SHA-256 of the schema file and every file it includes (re-read when one of them changes)."""
        if self._digest is not None and all(_stamp(p) == stamp for p, stamp in self._digest[0]):
            return self._digest[1]
        data = self.schema_path.read_bytes()
        digest = hashlib.sha256(data)
        files = [(self.schema_path, _stamp(self.schema_path))]
        self._grammar = None
        if b"include" in data or b"externalRef" in data:
            grammar, read = load_grammar(self.schema_path)
            self._grammar = grammar
            for path in read:
                files.append((path, _stamp(path)))
                digest.update(b"\0" + str(path).encode() + b"\0" + path.read_bytes())
        if self._digest is not None and self._digest[1] != digest.hexdigest():
            # The schema changed: nothing compiled from it before may judge a document again
            # (``_covering`` takes any of them).
            self._compiled.clear()
            self._names.clear()
        self._digest = (files, digest.hexdigest())
        return self._digest[1]

    def key(self, names: Iterable[str]) -> str:
        digest = hashlib.sha256(f"{self.digest()}\0{PRUNER_VERSION}\0".encode())
        digest.update("\n".join(sorted(set(names))).encode())
        return digest.hexdigest()

    def grammar(self) -> etree._ElementTree:
        """The parsed full schema (includes inlined), kept for further prunings in this process."""
        self.digest()
        if self._grammar is None:
            self._grammar, _ = load_grammar(self.schema_path)
        return self._grammar

    def compiled(self, names: Iterable[str]) -> etree.RelaxNG:
        """The compiled schema pruned to ``names`` (Clark notation), from memory, disk or made now."""
        names = frozenset(names)
        with self._lock:
            key = self.key(names)
            schema = self._compiled.get(key)
            if schema is not None:
                self._compiled.move_to_end(key)
                return schema
            schema = self._load(key) or self._make(key, names)
            self._compiled[key] = schema
            self._names[key] = names
            while len(self._compiled) > self.memory_slots:
                dropped, _ = self._compiled.popitem(last=False)
                del self._names[dropped]
            return schema

    def _covering(self, names: frozenset[str]) -> etree.RelaxNG | None:
        """A schema compiled in this process for a superset of ``names``, the latest used first."""
        with self._lock:
            for key in reversed(self._compiled):
                if names <= self._names[key]:
                    self._compiled.move_to_end(key)
                    return self._compiled[key]
        return None

    def _path(self, key: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"{key}.rng"

    def _load(self, key: str) -> etree.RelaxNG | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            return etree.RelaxNG(etree.parse(str(path), safe_parser()))
        except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError):
            # A damaged cache file is only a lost speed-up: make it again.
            path.unlink(missing_ok=True)
            return None

    def _make(self, key: str, names: frozenset[str]) -> etree.RelaxNG:
        tree, report = prune(self.grammar(), names)
        self.last_report = report
        data = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
        if self.verify_timeout is not None and not self._verified(data):
            # The simplified schema stalls libxml2: fall back to plain pruning, which leaves every
            # structure of the original in place (only element patterns become notAllowed).
            tree, report = prune(self.grammar(), names, simplify=False)
            self.last_report = report
            data = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
            if not self._verified(data):
                raise SchemaError(f"{self.schema_path}: libxml2 cannot compile the schema pruned to {len(names)} names")
        self._store(key, data)
        return etree.RelaxNG(etree.fromstring(data, safe_parser()))

    def _verified(self, data: bytes) -> bool:
        assert self.verify_timeout is not None
        with tempfile.TemporaryDirectory(prefix="edition-schema-") as folder:
            probe = Path(folder) / "probe.rng"
            probe.write_bytes(data)
            return _compiles_in_time(probe, self.verify_timeout)

    def _store(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".rng")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a cache that cannot be written only costs time

    def validate(self, tree: etree._ElementTree | etree._Element) -> list[SchemaFinding]:
        """Schema errors of ``tree`` (empty when valid), as the full schema would judge it.

        A schema pruned to more names than the document uses judges it as the full schema does
        (what it leaves out the document does not have), so a document is first tried against
        one already compiled for a superset of its names: in a collection most documents use
        what an earlier one used, and each new set of names cost a compile (a letter: ~15 ms
        from the disk cache, ~150 ms made). Only a valid verdict is taken from it: the errors of
        an invalid document come from the schema pruned to its own names, so that they do not
        depend on which documents came before it.
        """
        names = element_names(tree)
        with self._lock:
            self.digest()  # (an edited schema drops what was compiled from it)
        covering = self._covering(frozenset(names))
        if covering is not None and covering.validate(tree):
            return []
        schema = self.compiled(names)
        if schema.validate(tree):
            return []
        return [SchemaFinding(e.line, max(e.column, 0), e.message.strip()) for e in schema.error_log]


_REGISTRY: dict[tuple[Path, Path | None], PrunedSchemas] = {}
_REGISTRY_LOCK = threading.Lock()


def schemas_for(schema_path: Path, cache_dir: Path | None = None) -> PrunedSchemas:
    """The process-wide ``PrunedSchemas`` of one schema file and cache folder."""
    key = (Path(schema_path).resolve(), None if cache_dir is None else Path(cache_dir).resolve())
    with _REGISTRY_LOCK:
        found = _REGISTRY.get(key)
        if found is None:
            found = _REGISTRY[key] = PrunedSchemas(key[0], key[1])
        return found


def pruned_schema(schema_path: Path, names: Iterable[str], cache_dir: Path | None = None) -> etree.RelaxNG:
    """The schema at ``schema_path`` pruned to ``names`` and compiled (cached on disk and in memory)."""
    return schemas_for(schema_path, cache_dir).compiled(names)


def validate(
    tree: etree._ElementTree | etree._Element, schema_path: Path, cache_dir: Path | None = None
) -> list[tuple[int, int, str]]:
    """``(line, column, message)`` of each schema error of ``tree``; the same verdict as the full schema."""
    return [(f.line, f.column, f.message) for f in schemas_for(schema_path, cache_dir).validate(tree)]
