"""Loading: find TEI documents, parse them safely, and wrap each in a ``Document``.

The first layer of validation: safety and well-formedness, always errors. The parser never loads
a DTD, expands an entity or touches the network. A DOCTYPE that declares entities (an internal
subset) is refused, so a hostile file cannot read local files or explode through entities; one
that only names an external DTD is blanked out before parsing (nothing is loaded) and the
document builds with a warning. What is well-formed and safe but that libxml2 would refuse by
default (a duplicate ``xml:id``, one that is not an NCName) builds too, with a warning naming the
places. Every finding is a ``Problem``; a run reports all of them at once.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from edition.errors import Problem, warning
from edition.tei.header import TEI_NS, Metadata, collection_facts, read_metadata

TEI_ROOTS = {f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"}

# A document larger than this is refused before it is read: parsing, validating and transforming
# it would take minutes and gigabytes (a whole TEI novel is a few megabytes).
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
_PROLOG_DOCTYPE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<!DOCTYPE", re.DOTALL)
# A DOCTYPE that only names an external DTD: a name, an optional SYSTEM or PUBLIC identifier, no
# internal subset (the "[...]" where entities are declared).
_LITERAL = rb"(?:\"[^\"]*\"|'[^']*')"
_EXTERNAL_ID = rb"(?:SYSTEM\s+" + _LITERAL + rb"|PUBLIC\s+" + _LITERAL + rb"\s+" + _LITERAL + rb")"
_EXTERNAL_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+(?:\s+" + _EXTERNAL_ID + rb")?\s*>")
_NCNAME = re.compile(r"^[^\W\d.-][\w.-]*$")
# libxml2's safety limits (huge_tree=False) speak of its own options; say what they mean instead.
_LIMITS = (
    (
        "Excessive depth in document",
        "elements nest deeper than 256 levels, the parser's safety limit; flatten the markup",
    ),
    ("Text node too long", "a text is longer than 10,000,000 characters, the parser's safety limit; split it"),
    ("Huge input lookup", "the document exceeds the parser's safety limits on size"),
    ("Maximum entity amplification", "entities expand far beyond the document's size (an entity bomb)"),
)


def _syntax_message(message: str) -> tuple[str, str]:
    """The rule and message for one of libxml2's errors."""
    for needle, meaning in _LIMITS:
        if needle in message:
            return "resource-limit", meaning
    return "xml-syntax", message


def safe_parser() -> etree.XMLParser:
    """A parser that cannot be talked into reading anything but the bytes it is given. It keeps
    no table of ids (``collect_ids=False``), so a duplicate ``xml:id`` is ours to report, as a
    warning, rather than libxml2's to refuse."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


@dataclass(frozen=True)
class Document:
    """A parsed TEI document: the value that travels through the pipeline."""

    path: Path
    name: str
    source: bytes
    tree: etree._ElementTree
    sha256: str
    metadata: Metadata
    # What loading found that does not stop the document: an ignored DOCTYPE, duplicate ids.
    warnings: tuple[Problem, ...] = ()

    @property
    def stem(self) -> str:
        """The name its files take: the file name without the suffix, in Unicode NFC (names typed
        on different systems, NFC or NFD, then agree)."""
        return unicodedata.normalize("NFC", self.path.stem)


def display_name(path: Path) -> str:
    """The path as a reader should see it in a diagnostic: relative to the working folder if inside it."""
    return _display_name(str(path), os.getcwd())


# Asked for every document several times a build; outside the working folder (sources beside
# the project) each answer was a relpath, two abspaths and a split: 23 µs, 0.35 s for 5,000
# letters. Keyed by the working folder too, which a caller may change.
@functools.lru_cache(maxsize=16384)
def _display_name(written: str, here: str) -> str:
    # An absolute, normal path inside the working folder is that folder and the rest.
    inside = here.rstrip(os.sep) + os.sep
    if written.startswith(inside) and "/." not in written and "//" not in written and not written.endswith("/"):
        return written[len(inside) :]
    # The documents of a collection share a few folders: each folder is related to the working
    # folder once, and a file's name added (normalising the path cannot touch a plain name).
    folder, _, name = written.rpartition(os.sep)
    relative = _relative(folder, here) if folder and name not in ("", ".", "..") else _relative(written, here)
    if relative is None or relative.startswith(".."):
        # Outside, unless it is the working folder itself (its folder is outside).
        return "." if _parts(written) == _parts(here) else written
    if folder and name not in ("", ".", ".."):
        return name if relative == "." else f"{relative}{os.sep}{name}"
    return relative


def _parts(path: str) -> list[str]:
    """The folders of an absolute ``path`` as relpath compares them."""
    return [part for part in os.path.abspath(path).split(os.sep) if part]


@functools.lru_cache(maxsize=1024)
def _relative(path: str, here: str) -> str | None:
    try:
        return os.path.relpath(path, here)
    except ValueError:
        return None


def _xml_files(folder: Path) -> Iterator[tuple[Path, Path]]:
    """The ``.xml`` files under ``folder`` (resolved), each as found and as resolved, in no
    order: hidden folders are left out, folders linked to are not followed, a file linked to is
    given as what it links to. Only those need resolving: the rest lie under a resolved folder
    through real folders (a resolve of each of 5,000 letters took a quarter of a second)."""
    try:
        entries = list(os.scandir(folder))
    except (PermissionError, NotADirectoryError, FileNotFoundError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if not entry.name.startswith("."):
                yield from _xml_files(Path(entry.path))
        elif entry.name.endswith(".xml"):
            found = Path(entry.path)
            if entry.is_symlink():
                target = found.resolve()
                if target.is_file():
                    yield found, target
            elif entry.is_file(follow_symlinks=False):
                yield found, found


def named_files(paths: Iterable[Path]) -> frozenset[Path]:
    """The files named as they are (not found in a folder), resolved as ``discover`` gives them."""
    return frozenset(path.resolve() for path in paths if path.is_file())


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (searched recursively; hidden folders such as .git are left out) into a sorted
    list of XML files, with a problem for each missing one."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            # In the order of the names found (a file linked to sorts where its link is).
            files = [file for _, file in sorted(_xml_files(path.resolve()))]
            if not files:
                problems.append(Problem(display_name(path), 0, 0, "no-documents", "folder holds no .xml files"))
            found.extend(files)
        elif path.is_file():
            found.append(path.resolve())
        else:
            problems.append(Problem(display_name(path), 0, 0, "missing-file", "no such file or folder"))
    return list(dict.fromkeys(found)), problems


def _line_of(source: bytes, needle: bytes) -> tuple[int, int]:
    offset = source.find(needle)
    if offset < 0:
        return 1, 1
    line = source.count(b"\n", 0, offset) + 1
    column = offset - (source.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _doctype_problem(name: str, data: bytes) -> Problem:
    line, column = _line_of(data, b"<!DOCTYPE")
    return Problem(
        name,
        line,
        column,
        "doctype-forbidden",
        "the document's DOCTYPE declares entities; DTDs and entities are never loaded, so remove it "
        "(TEI P5 is validated against RELAX NG)",
    )


def _without_external_doctype(name: str, data: bytes) -> tuple[bytes, list[Problem]]:
    """The bytes with a DOCTYPE that only names an external DTD blanked out (same length, same
    lines, so every position stays true), and the warning that says so."""
    start = data.find(b"<!DOCTYPE")
    match = _EXTERNAL_DOCTYPE.match(data, start)
    if not match:
        return data, [_doctype_problem(name, data)]
    blank = bytes(b if b in b"\r\n" else 0x20 for b in match.group(0))
    line, column = _line_of(data, b"<!DOCTYPE")
    found = warning(
        name,
        line,
        column,
        "doctype-ignored",
        "the DOCTYPE names an external DTD, which is not loaded (no entity is expanded); "
        "TEI P5 is validated against RELAX NG",
    )
    return data[:start] + blank + data[match.end() :], [found]


def id_warnings(name: str, tree: etree._ElementTree) -> list[Problem]:
    """A warning for each ``xml:id`` used twice (naming both places) or not an NCName."""
    first: dict[str, Any] = {}
    problems = []
    for value in tree.xpath("/descendant-or-self::*/@xml:id"):
        text = str(value)
        named = _NCNAME.match(text) is not None
        if named and text not in first:
            # The line is looked up only for a warning: an element's proxy for each of a
            # register's thousands of ids was most of this check.
            first[text] = value
            continue
        line = value.getparent().sourceline or 0
        if not named:
            message = f'xml:id="{text}" is not an XML name (it must not start with a digit or contain spaces)'
            problems.append(warning(name, line, 0, "id-not-ncname", message))
        if text in first:
            earlier = first[text].getparent().sourceline or 0
            message = f'xml:id="{text}" is used again; it was first used on line {earlier}'
            problems.append(warning(name, line, 0, "id-duplicate", message))
        else:
            first[text] = value
    return problems


def _start_tag(element: etree._Element) -> bytes:
    prefix = f"{element.prefix}:" if element.prefix else ""
    return f"<{prefix}{etree.QName(element).localname}".encode()


class _TooLarge(Exception):
    def __init__(self, size: int, exactly: bool = True) -> None:
        self.size, self.exactly = size, exactly

    def problem(self, name: str) -> Problem:
        limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
        size = f"{self.size:,} bytes" if self.exactly else f"more than {self.size:,} bytes"
        return Problem(name, 0, 0, "too-large", f"{size} is more than the {limit} MiB a document may have")


class _NotAFile(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_document(path: Path) -> bytes:
    """The bytes of the file at ``path``, if it is a regular file (a link to one is followed) of at
    most ``MAX_DOCUMENT_BYTES``. The size is counted while reading, not taken from ``stat``: a
    device says 0 and gives bytes forever, a file may grow. Opened without blocking, so that a
    named pipe is refused rather than waited on."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise _NotAFile(_kind(mode))
        size = os.fstat(handle).st_size
        if size > MAX_DOCUMENT_BYTES:
            raise _TooLarge(size)
        data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _TooLarge(MAX_DOCUMENT_BYTES, exactly=False)
    return data


def parse(path: Path, source: bytes | None = None, *, in_folder: bool = False) -> Document | list[Problem]:
    """Parse one file into a ``Document``, or return the problems that stop it. A well-formed file
    that is not TEI is an error when it was named, a warning (it is skipped) when it was found
    ``in_folder``."""
    name = display_name(path)
    try:
        data = read_document(path) if source is None else source
    except _TooLarge as error:
        return [error.problem(name)]
    except _NotAFile as error:
        message = f"{error.kind}, not a file; only regular files are read"
        return [Problem(name, 0, 0, "not-a-file", message)]
    except OSError as error:
        return [Problem(name, 0, 0, "unreadable-file", error.strerror or str(error))]
    if len(data) > MAX_DOCUMENT_BYTES:
        return [_TooLarge(len(data)).problem(name)]
    parser = safe_parser()
    found: list[Problem] = []
    parsed = data
    if _PROLOG_DOCTYPE.match(data):
        parsed, found = _without_external_doctype(name, data)
        if not found or not found[0].is_warning:
            return found
    try:
        root = etree.fromstring(parsed, parser, base_url=str(path))
    except etree.XMLSyntaxError as error:
        if _PROLOG_DOCTYPE.match(parsed):
            return [_doctype_problem(name, data)]  # e.g. an entity bomb, which the parser stops
        # The parser's own log holds this parse only; the exception's copy can carry older entries.
        entries = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
        if not entries:
            line, column = error.position
            return [Problem(name, line, column, *_syntax_message(str(error.msg)))]
        return [Problem(name, e.line, e.column, *_syntax_message(e.message.strip())) for e in entries]
    tree = root.getroottree()
    if tree.docinfo.doctype:  # one the byte check could not see (another encoding)
        return [_doctype_problem(name, data)]
    if root.tag not in TEI_ROOTS:
        qname = etree.QName(root)
        where = f"in namespace {qname.namespace}" if qname.namespace else "in no namespace"
        return [
            Problem(
                name,
                root.sourceline or 1,
                _line_of(data, _start_tag(root))[1],
                "not-tei",
                f"root element is <{qname.localname}> {where}; expected <TEI> or <teiCorpus> in {TEI_NS}",
                "warning" if in_folder else "error",
            )
        ]
    return Document(
        path=path,
        name=name,
        source=data,
        tree=tree,
        sha256=hashlib.sha256(data).hexdigest(),
        metadata=read_metadata(tree),
        warnings=(*found, *id_warnings(name, tree)),
    )


def load(paths: Iterable[Path]) -> tuple[list[Document], list[Problem]]:
    """Load every document under ``paths``; return those that parsed and every problem met."""
    paths = list(paths)
    files, problems = discover(paths)
    named = named_files(paths)
    documents: list[Document] = []
    for file in files:
        result = parse(file, in_folder=file not in named)
        if isinstance(result, Document):
            documents.append(result)
        else:
            problems.extend(result)
    return documents, problems


def read_header(path: Path, data: bytes) -> Metadata | None:
    """What a collection needs to know of a document's header before any document is built
    (``header.collection_facts``), read without parsing its text (the parse stops at the end of
    the ``teiHeader``). None where the document cannot be read safely (it then fails with its
    problems when it is built)."""
    if _PROLOG_DOCTYPE.match(data):
        data, found = _without_external_doctype(display_name(path), data)
        if not found or not found[0].is_warning:
            return None
    header = f"{{{TEI_NS}}}teiHeader"
    try:
        for _, element in etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=header,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            collect_ids=False,
        ):
            parent = element.getparent()
            if parent is not None and parent.getparent() is None:  # the root's own header
                return collection_facts(element.getroottree())
    except etree.XMLSyntaxError:
        return None
    return None
