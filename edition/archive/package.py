"""Archiving: the edition as a BagIt bag (RFC 8493) and one deterministic zip of it, and their verification.

``package()`` is a function of the sources: it runs the whole edition build (``pipeline.build``)
into a temporary folder, so the package holds whatever a finished build holds (HTML, plain text,
TEI, and any PDF or citation files the build learns to make) and never a stale ``dist/``. Then:

- the payload (``data/``): ``tei/`` the TEI source as given, ``edition/`` the built edition,
  ``metadata/datacite.xml`` and ``metadata/.zenodo.json`` derived from the ``teiHeader``;
- the bag is made by the ``bagit`` library with SHA-256 and SHA-512 manifests and tag manifests,
  a ``bag-info.txt`` (organisation, identifier, version, bagging date, Payload-Oxum) and a
  ``README.txt`` tag file that describes the package;
- the same files go into ``<name>.zip`` with fixed order, timestamps and permissions;
- bag and zip replace ``out`` in one move (``output.publish``), so a failure leaves the last good
  package as it was.

Reproducible: the bagging date and every timestamp are ``SOURCE_DATE_EPOCH`` or, without it, the
header's last revision (as for the build), never the clock.

``verify()`` checks a bag folder or its zip: every manifest line, every file against every manifest
(missing, extra, altered), the tag manifests and the Payload-Oxum, naming each faulty file; then
``bagit``'s own validation must agree. It reads regular files only, in chunks (a link to
``/dev/zero`` or a named pipe in a bag is a problem, never opened), and unpacks a zip member by
member in chunks, within a limit on the total and on each member's compression ratio (a zip bomb
is refused before it is unpacked); an archive it cannot unpack is a named problem, never a
traceback.
"""

from __future__ import annotations

import dataclasses
import datetime
import errno
import hashlib
import io
import logging
import os
import posixpath
import re
import stat
import tempfile
import textwrap
import time
import zipfile
import zlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import bagit

from edition import __version__
from edition.build.output import MARKER, publish
from edition.build.pipeline import build
from edition.build.plan import Progress, no_progress
from edition.cite.datacite import DATACITE_VERSION, datacite_xml, full_title, missing_required, zenodo_json
from edition.dates import build_date, iso_parts, moment, source_date_epoch
from edition.errors import EditionError, Problem, raise_if_any
from edition.site.pages import SiteOptions
from edition.tei.header import NS, Metadata
from edition.tei.load import Document, display_name
from edition.validate import ValidationSettings, load_valid

CHECKSUMS = ("sha256", "sha512")
# bagit writes "BagIt-Version: 0.97"; what it writes also meets RFC 8493 (file names are checked
# below for the one difference, percent-encoding), so the bag declares the RFC's version.
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
README = "README.txt"
DATACITE_FILE = "metadata/datacite.xml"
ZENODO_FILE = "metadata/.zenodo.json"
# Zip stores DOS times, which start in 1980 and end in 2107.
ZIP_FIRST = int(datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC).timestamp())
ZIP_LAST = int(datetime.datetime(2107, 12, 31, 23, 59, 58, tzinfo=datetime.UTC).timestamp())
# A zip that unpacks to more than this is refused rather than filling the disk.
MAX_UNPACKED = 4 * 1024**3
# A member that expands more than this many times is a zip bomb (text and HTML deflate 3 to 20
# times; a gigabyte of zeros, 1,000): refused, unless it is small anyway.
MAX_RATIO = 200
RATIO_FLOOR = 1 << 20
# Manifests and bag-info.txt are read whole: text, a line a file; this is far beyond any bag's.
MAX_TAG_FILE = 256 * 1024**2
_CHUNK = 1 << 20

_MANIFEST = re.compile(r"^(tag)?manifest-([a-z0-9]+)\.txt$")
_ENTRY = re.compile(r"^([0-9A-Fa-f]+)[ \t]+\*?(\S.*)$")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_KINDS = {
    ".html": "HTML page",
    ".xml": "TEI P5 XML",
    ".txt": "plain text",
    ".pdf": "PDF",
    ".css": "stylesheet",
    ".js": "script",
    ".otf": "OpenType font",
    ".json": "JSON",
    ".bib": "BibTeX",
    ".ris": "RIS",
    ".cff": "Citation File Format",
}


@dataclasses.dataclass(frozen=True)
class PackageResult:
    """What ``package`` wrote, for the closing summary line."""

    bag: Path
    archive: Path
    files: int
    payload_bytes: int
    archive_bytes: int
    seconds: float

    def summary(self) -> str:
        return (
            f"packaged {self.files} payload files ({self.payload_bytes} bytes) into {display_name(self.bag)}/ "
            f"and {display_name(self.archive)} ({self.archive_bytes} bytes) in {self.seconds:.1f} s"
        )


@dataclasses.dataclass(frozen=True)
class VerifyResult:
    """A bag that passed: what was checked."""

    shown: str
    files: int
    payload_bytes: int
    algorithms: tuple[str, ...]

    def summary(self) -> str:
        return (
            f"{self.shown}: valid BagIt bag, {self.files} payload files, {self.payload_bytes} bytes, "
            f"checked with {' and '.join(self.algorithms)}"
        )


@contextmanager
def _quiet_bagit() -> Iterator[None]:
    """Silence bagit's logger: it logs every file it hashes and every fault it finds, and our
    Problems already say each fault once, in the project's one shape."""
    logger = logging.getLogger("bagit")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


# --- package ------------------------------------------------------------------------------------


def package_time(metadata: Metadata) -> int:
    """The moment the package claims (seconds since 1970, UTC): ``SOURCE_DATE_EPOCH``, else the
    build date (the header's last revision or publication date) at midnight UTC."""
    if source_date_epoch() is None and not iso_parts(build_date(metadata)):
        return ZIP_FIRST
    return moment(metadata)


def bag_name(metadata: Metadata) -> str:
    """``<idno>-<version>``, in characters safe on every file system."""
    name = "-".join(part for part in (metadata.identifier, metadata.version) if part)
    return _SAFE_NAME.sub("-", name).strip("-.") or "edition"


def bag_info(metadata: Metadata, when: int) -> dict[str, str]:
    """The ``bag-info.txt`` fields; bagit adds Payload-Oxum. Fields the header lacks are left out."""
    fields = {
        "Source-Organization": metadata.publisher,
        "External-Identifier": metadata.identifier,
        "External-Description": full_title(metadata),
        "Version": metadata.version,
        # Given, so that bagit writes neither today's date nor its own version string.
        "Bagging-Date": time.strftime("%Y-%m-%d", time.gmtime(when)),
        "Bag-Software-Agent": f"TEI edition builder {__version__}",
    }
    return {label: value for label, value in fields.items() if value}


def _position(document: Document, path: str) -> tuple[int, int]:
    """Line and column of the deepest element of ``path`` (teiHeader-relative) that exists."""
    steps = path.split("/")
    for depth in range(len(steps), -1, -1):
        xpath = "/".join(["/tei:TEI/tei:teiHeader", *(f"tei:{step}" for step in steps[:depth])])
        found = document.tree.xpath(xpath, namespaces=NS)
        if found:
            element = found[0]
            line = element.sourceline or 0
            lines = document.source.splitlines()
            text = lines[line - 1] if 0 < line <= len(lines) else b""
            local = str(element.tag).rsplit("}", 1)[-1]
            return line, text.find(b"<" + local.encode()) + 1
    return 0, 0


def metadata_problems(document: Document) -> list[Problem]:
    """A problem for each header field a DataCite record requires and this header lacks."""
    problems = []
    for where, prop in missing_required(document.metadata):
        parent = where.rsplit("/", 1)[0]
        line, column = _position(document, parent)
        hint = " with an ISO 8601 @when" if prop == "publicationYear" else ""
        message = f"the teiHeader has no {where}{hint}, from which DataCite's required {prop} is made; add it"
        problems.append(Problem(document.name, line, column, "package-metadata", message))
    return problems


def _one_document(documents: Sequence[Document]) -> Document:
    if len(documents) != 1:
        message = (
            f"one of {len(documents)} documents given; a package is one edition, described by one "
            "teiHeader: package each document on its own"
        )
        raise EditionError([Problem(doc.name, 0, 0, "package-one-document", message) for doc in documents])
    return documents[0]


def read_tree(folder: Path, skip: Collection[str] = ()) -> dict[str, bytes]:
    """Every file under ``folder`` as relative POSIX path -> bytes, in sorted order."""
    files = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in skip:
            files[name] = path.read_bytes()
    return files


def payload_files(document: Document, edition: Mapping[str, bytes]) -> dict[str, bytes]:
    """The payload (paths under ``data/``): the TEI as given, the built edition, repository metadata."""
    # Named as the build names it (NFC): a name typed as NFD on one system reads the same on all.
    files = {f"tei/{document.stem}{document.path.suffix}": document.source}
    files.update({f"edition/{name}": data for name, data in edition.items()})
    files[DATACITE_FILE] = datacite_xml(document.metadata)
    files[ZENODO_FILE] = zenodo_json(document.metadata)
    return files


def _kind(name: str) -> str:
    if name == ZENODO_FILE:
        return "Zenodo deposit metadata"
    if name == DATACITE_FILE:
        return f"DataCite {DATACITE_VERSION} XML"
    return _KINDS.get(PurePosixPath(name).suffix, "")


_PARTS = (
    ("bagit.txt", "declares a BagIt 1.0 bag"),
    ("bag-info.txt", "organisation, identifier, version, bagging date, Payload-Oxum"),
    ("manifest-sha256.txt", "checksums of every payload file; manifest-sha512.txt the same in SHA-512"),
    ("tagmanifest-sha256.txt", "checksums of the files outside data/; tagmanifest-sha512.txt in SHA-512"),
    (README, "this description"),
    ("data/tei/", "the TEI P5 source, exactly as edited: the primary record"),
    ("data/edition/", "the edition as published, built from that source (it offers the TEI for"),
    ("", "download too, so the two copies are the same bytes)"),
    (f"data/{DATACITE_FILE}", f"DataCite Metadata Schema {DATACITE_VERSION} record, from the teiHeader"),
    (f"data/{ZENODO_FILE}", "metadata for a Zenodo deposit, from the teiHeader"),
)


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, width=96, initial_indent="  ", subsequent_indent="  ")


def readme(metadata: Metadata, payload: Mapping[str, bytes], info: Mapping[str, str]) -> str:
    """The bag's README.txt: what the package is, what every part of it holds, and how to check it."""
    source = metadata.source_title + (f", in {metadata.container_title}" if metadata.container_title else "")
    facts = [
        ("Identifier", metadata.identifier),
        ("Version", metadata.version),
        ("Authors", "; ".join(metadata.authors)),
        ("Publisher", metadata.publisher),
        ("Published", metadata.date),
        ("Last revised", metadata.last_revision),
        ("Bagged", info.get("Bagging-Date", "")),
        ("Edition of", source),
    ]
    lines = [metadata.title, *([metadata.subtitle] if metadata.subtitle else []), ""]
    lines += ["An archival package of this TEI P5 edition: a BagIt bag (RFC 8493, BagIt 1.0).", ""]
    lines += [f"{label + ':':<14}{value}" for label, value in facts if value]
    if metadata.licence or metadata.rights or metadata.licence_url:
        lines += ["", "Rights"]
        for text in (metadata.rights, metadata.licence, metadata.licence_url):
            lines += _wrapped(text) if text else []
    width = max(len(name) for name, _ in _PARTS) + 2
    lines += ["", "What the bag holds", *(f"  {name:<{width}}{text}" for name, text in _PARTS)]
    total = sum(len(data) for data in payload.values())
    width = max(len(f"data/{name}") for name in payload) + 2
    lines += ["", f"Payload: {len(payload)} files, {total} bytes"]
    lines += [f"  {'data/' + name:<{width}}{len(payload[name]):>9}  {_kind(name)}".rstrip() for name in sorted(payload)]
    lines += [
        "",
        "How to check it",
        "  python build.py verify BAG-OR-ZIP   (the TEI edition builder: names every faulty file)",
        "  bagit.py --validate BAG             (the Library of Congress bagit tool)",
        "",
    ]
    return "\n".join(lines)


def _check_names(payload: Mapping[str, bytes]) -> None:
    # RFC 8493 wants %, CR and LF in file names percent-encoded in manifests; bagit encodes only CR
    # and LF, so such names are refused rather than written into a manifest wrongly.
    bad = [name for name in payload if re.search(r"[%\r\n]", name)]
    raise_if_any(
        Problem(name, 0, 0, "package-file-name", "a file name holds %, CR or LF; rename the source") for name in bad
    )


def make_bag_files(bag_dir: Path, payload: Mapping[str, bytes], info: Mapping[str, str], text: str) -> dict[str, bytes]:
    """Make the bag with ``bagit`` in ``bag_dir`` (new) and return all its files, bag-relative."""
    bag_dir.mkdir(parents=True)
    for name, data in payload.items():
        target = bag_dir / PurePosixPath(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    with _quiet_bagit():
        # make_bag moves everything in bag_dir into data/ and writes manifests and bag-info.
        bagit.make_bag(str(bag_dir), bag_info=dict(info), checksums=list(CHECKSUMS))
        (bag_dir / "bagit.txt").write_bytes(BAGIT_TXT)
        (bag_dir / README).write_bytes(text.encode("utf-8"))
        # Tag manifests again, now over the 1.0 bagit.txt and the README.
        bagit.Bag(str(bag_dir)).save()
    for algorithm in CHECKSUMS:
        # bagit lists tag files in directory order, which differs between file systems: sort them.
        tagmanifest = bag_dir / f"tagmanifest-{algorithm}.txt"
        entries = tagmanifest.read_text(encoding="utf-8").splitlines()
        entries.sort(key=lambda line: line.split(" ", 1)[-1])
        tagmanifest.write_text("".join(f"{line}\n" for line in entries), encoding="utf-8")
    return read_tree(bag_dir)


def zip_archive(files: Mapping[str, bytes], when: int) -> bytes:
    """One zip of ``files``: the same files give the same bytes.

    ``bagit.txt`` first (so a reader can tell a bag from its first entry), then sorted names; every
    entry dated ``when`` (clamped to what zip can store), mode 0644, made on "Unix" so the mode is read.
    """
    moment = time.gmtime(min(max(when, ZIP_FIRST), ZIP_LAST))[:6]
    order = sorted(files, key=lambda name: (PurePosixPath(name).name != "bagit.txt" or name.count("/") != 1, name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=moment)
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def package(
    sources: Sequence[Path],
    out: Path,
    *,
    use_cache: bool = True,
    options: SiteOptions | None = None,
    progress: Progress[Document] = no_progress,
    validation: ValidationSettings | None = None,
    strict: bool = False,
) -> PackageResult:
    """Build the edition of ``sources`` and write it into ``out`` as ``<name>/`` (a bag) and ``<name>.zip``.

    ``out`` is replaced whole, in one move, and only if it is a folder this builder made.
    """
    started = time.perf_counter()
    document = _one_document(load_valid(sources, validation, use_cache=use_cache, strict=strict, progress=progress))
    # Before the build: a header that cannot make a DataCite record fails at once.
    raise_if_any(metadata_problems(document))
    metadata = document.metadata
    when = package_time(metadata)
    name = bag_name(metadata)
    with tempfile.TemporaryDirectory(prefix="edition-package-") as work:
        built = build(
            sources,
            Path(work) / "edition",
            use_cache=use_cache,
            options=options,
            progress=progress,
            validation=validation,
            strict=strict,
        )
        payload = payload_files(document, read_tree(built.out, skip={MARKER}))
        _check_names(payload)
        info = bag_info(metadata, when)
        bag = make_bag_files(Path(work) / "bag" / name, payload, info, readme(metadata, payload, info))
    files = {f"{name}/{path}": data for path, data in bag.items()}
    archive = zip_archive(files, when)
    written = publish({**files, f"{name}.zip": archive}, out)
    return PackageResult(
        written / name,
        written / f"{name}.zip",
        len(payload),
        sum(len(data) for data in payload.values()),
        len(archive),
        time.perf_counter() - started,
    )


# --- verify -------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Manifest:
    name: str
    algorithm: str
    entries: dict[str, tuple[str, int]] = dataclasses.field(default_factory=dict)  # path -> (digest, line)


class NotRegular(OSError):
    """A path in a bag that is not a regular file: never opened, never read."""


def _kind_of(mode: int) -> str:
    """What a file that is not a regular file is, for a message; '' for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(path: Path) -> str:
    """'' if ``path`` is a regular file (a link to one is not: it may point anywhere); else what it is."""
    try:
        return _kind_of(path.lstat().st_mode)
    except OSError as error:
        return f"unreadable ({error.strerror})"


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file, without following a link and without
    blocking on a pipe (the check is made on what was opened, so nothing can be swapped in)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:  # what O_NOFOLLOW says of a link
            raise NotRegular(0, "a symbolic link", str(path)) from error
        raise
    kind = _kind_of(os.fstat(handle).st_mode)
    if kind:
        os.close(handle)
        raise NotRegular(0, kind, str(path))
    return os.fdopen(handle, "rb")


def _read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes, counted as they are read: more than ``limit`` raises ``NotRegular``."""
    with _open_regular(path) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise NotRegular(0, f"larger than {limit} bytes, which no bag's tag file is", str(path))
    return data


def _decode_path(text: str) -> str:
    return re.sub("%(0[AaDd]|25)", lambda m: chr(int(m.group(1), 16)), text)


def _read_manifest(path: Path, algorithm: str, payload: bool, shown: str) -> tuple[_Manifest, list[Problem]]:
    manifest = _Manifest(path.name, algorithm)
    where = f"{shown}/{path.name}"
    problems = []
    try:
        raw = _read_regular(path, MAX_TAG_FILE)
    except OSError as error:
        return manifest, [Problem(where, 0, 0, "bag-not-regular", f"{error.strerror}; not read")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(where, 0, 0, "bag-manifest", f"not UTF-8 ({error.reason} at byte {error.start})"))
        text = raw.decode("utf-8", errors="replace")
    size = hashlib.new(algorithm).digest_size * 2
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        found = _ENTRY.match(line)
        if not found or len(found.group(1)) != size:
            shape = f"{size} hex digits, spaces, a path"
            problems.append(Problem(where, number, 1, "bag-manifest", f"not a {algorithm} entry ({shape}): {line!r}"))
            continue
        name = posixpath.normpath(_decode_path(found.group(2)))
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts[0] == "data") != payload:
            inside = "inside data/" if payload else "outside data/"
            message = f"{name!r} is not a path {inside} of the bag"
            problems.append(Problem(where, number, 1, "bag-manifest", message))
        elif name in manifest.entries:
            message = f"{name} is listed again (first on line {manifest.entries[name][1]})"
            problems.append(Problem(where, number, 1, "bag-manifest", message))
        else:
            manifest.entries[name] = (found.group(1).lower(), number)
    return manifest, problems


def _digests(path: Path, algorithms: Collection[str]) -> dict[str, str]:
    hashers = {algorithm: hashlib.new(algorithm) for algorithm in algorithms}
    with _open_regular(path) as stream:
        while block := stream.read(_CHUNK):
            for hasher in hashers.values():
                hasher.update(block)
    return {algorithm: hasher.hexdigest() for algorithm, hasher in hashers.items()}


def _names(items: Sequence[str]) -> str:
    return " and ".join(items)


def _check_files(bag_dir: Path, shown: str, present: set[str], manifests: Sequence[_Manifest]) -> list[Problem]:
    """One problem per file that is missing, extra (in the bag, not in a manifest) or altered."""
    problems = []
    listed = {name for manifest in manifests for name in manifest.entries}
    for name in sorted(listed | present):
        where = f"{shown}/{name}"
        holding = [m for m in manifests if name in m.entries]
        if name not in present:
            message = f"listed in {_names([m.name for m in holding])} but not in the bag"
            problems.append(Problem(where, 0, 0, "bag-missing", message))
            continue
        reasons = []
        rule = ""
        kind = _not_regular(bag_dir / name)
        if kind:
            problems.append(Problem(where, 0, 0, "bag-not-regular", f"{kind}; only regular files are read"))
            continue
        try:
            digests = _digests(bag_dir / name, {m.algorithm for m in holding})
        except OSError as error:
            problems.append(Problem(where, 0, 0, "bag-not-regular", f"{error.strerror}; not read"))
            continue
        altered = [m for m in holding if m.entries[name][0] != digests[m.algorithm]]
        if altered:
            rule = "bag-altered"
            lines = ", ".join(f"{m.name} line {m.entries[name][1]}" for m in altered)
            reasons.append(f"content differs from its {_names([m.algorithm for m in altered])} checksum ({lines})")
        unlisted = [m.name for m in manifests if name not in m.entries]
        if unlisted:
            rule = rule or "bag-extra"
            reasons.append(
                "in the bag but listed in no manifest" if not holding else f"not listed in {_names(unlisted)}"
            )
        if reasons:
            problems.append(Problem(where, 0, 0, rule, "; ".join(reasons)))
    return problems


def _check_oxum(bag_dir: Path, shown: str, payload: Collection[str]) -> list[Problem]:
    info = bag_dir / "bag-info.txt"
    try:
        text = _read_regular(info, MAX_TAG_FILE).decode("utf-8", errors="replace")
    except OSError:
        return []  # absent (bagit says so), or not a regular file (named with the other files)
    for number, line in enumerate(text.splitlines(), start=1):
        label, colon, value = line.partition(":")
        if not colon or label.strip() != "Payload-Oxum":
            continue
        where = f"{shown}/bag-info.txt"
        found = re.fullmatch(r"(\d+)\.(\d+)", value.strip())
        if not found:
            return [Problem(where, number, 1, "bag-oxum", f"Payload-Oxum {value.strip()!r} is not OCTETS.FILES")]
        octets = sum((bag_dir / name).lstat().st_size for name in payload)
        if (int(found.group(1)), int(found.group(2))) != (octets, len(payload)):
            message = (
                f"Payload-Oxum says {found.group(1)} bytes in {found.group(2)} files; "
                f"the payload holds {octets} bytes in {len(payload)} files"
            )
            return [Problem(where, number, 1, "bag-oxum", message)]
        return []
    return []


def _files_under(bag_dir: Path) -> tuple[set[str], set[str]]:
    """Payload files (``data/...``) and tag files (all others but the tag manifests), bag-relative."""
    payload, tags = set(), set()
    for path in bag_dir.rglob("*"):
        # Everything but folders: links, pipes and devices are files of the bag too, named as
        # such and never read.
        if not stat.S_ISDIR(path.lstat().st_mode):
            name = path.relative_to(bag_dir).as_posix()
            if name.startswith("data/"):
                payload.add(name)
            elif not re.match(r"^tagmanifest-[a-z0-9]+\.txt$", name):
                tags.add(name)
    return payload, tags


def check_bag(bag_dir: Path, shown: str) -> tuple[list[Problem], VerifyResult]:
    """Every problem of the bag in ``bag_dir`` (``shown`` names it in messages), and what was checked."""
    if not (bag_dir / "bagit.txt").is_file():
        inside = sorted(display_name(p.parent) for p in bag_dir.glob("*/bagit.txt")) if bag_dir.is_dir() else []
        hint = f"; the bag may be {_names(inside)}" if inside else "; give a bag's folder or its .zip"
        return [Problem(shown, 0, 0, "bag-structure", f"no bagit.txt: not a BagIt bag{hint}")], VerifyResult(
            shown, 0, 0, ()
        )
    problems: list[Problem] = []
    manifests: list[_Manifest] = []
    tagmanifests: list[_Manifest] = []
    for path in sorted(bag_dir.iterdir()):
        found = _MANIFEST.match(path.name)
        if not found or path.is_dir():
            continue
        tag, algorithm = bool(found.group(1)), found.group(2)
        if algorithm not in hashlib.algorithms_guaranteed:
            problems.append(Problem(f"{shown}/{path.name}", 0, 0, "bag-manifest", f"unknown algorithm {algorithm}"))
            continue
        manifest, found_problems = _read_manifest(path, algorithm, not tag, shown)
        problems.extend(found_problems)
        (tagmanifests if tag else manifests).append(manifest)
    if not (bag_dir / "data").is_dir():
        problems.append(Problem(shown, 0, 0, "bag-structure", "no data/ folder: a bag keeps its payload there"))
    if not manifests:
        problems.append(Problem(shown, 0, 0, "bag-structure", "no payload manifest (manifest-sha512.txt)"))
    payload, tags = _files_under(bag_dir)
    # The files checks below name those that are not regular files; name the others here.
    checked = (payload if manifests else set()) | (tags if tagmanifests else set())
    for name in sorted((payload | tags) - checked):
        kind = _not_regular(bag_dir / name)
        if kind:
            message = f"{kind}; only regular files are read"
            problems.append(Problem(f"{shown}/{name}", 0, 0, "bag-not-regular", message))
    if manifests:
        problems.extend(_check_files(bag_dir, shown, payload, manifests))
    if tagmanifests:
        problems.extend(_check_files(bag_dir, shown, tags, tagmanifests))
    problems.extend(_check_oxum(bag_dir, shown, payload))
    if not problems:
        # A second opinion: whatever bagit itself finds wrong (it stops at its first kind of fault).
        try:
            with _quiet_bagit():
                bagit.Bag(str(bag_dir)).validate(processes=1)
        except (bagit.BagError, OSError, UnicodeError, ValueError) as error:
            problems.append(Problem(shown, 0, 0, "bag-invalid", f"bagit rejects the bag: {error}"))
    octets = sum((bag_dir / name).lstat().st_size for name in payload if not _not_regular(bag_dir / name))
    algorithms = tuple(m.algorithm for m in manifests)
    return problems, VerifyResult(shown, len(payload), octets, algorithms)


class _Refused(Exception):
    """A member that would unpack to too much: the whole archive is refused."""


def _unpack_member(opened: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Unpack one member into ``target`` in chunks, counting what it really expands to (not what
    its header says); raise ``_Refused`` past ``budget`` bytes or the compression ratio."""
    ratio_limit = max(member.compress_size * MAX_RATIO, RATIO_FLOOR)
    written = 0
    with opened.open(member) as source, target.open("xb") as sink:  # "x": never over another member
        while block := source.read(_CHUNK):
            written += len(block)
            if written > budget:
                raise _Refused(f"unpacks to more than {MAX_UNPACKED} bytes")
            if written > ratio_limit:
                raise _Refused(f"expands more than {MAX_RATIO} times ({member.compress_size} bytes packed): a zip bomb")
            sink.write(block)
    return written


def _unpack(archive: Path, into: Path, shown: str) -> tuple[Path | None, list[Problem]]:
    """Unpack a zipped bag safely into ``into``; its one top folder, and problems naming bad members.

    Member by member in chunks (memory stays flat however large a member is), within a limit on
    the total and on each member's compression ratio, each checked on the member's header before
    anything is unpacked and again on what it really expands to.
    """
    try:
        opened = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        return None, [Problem(shown, 0, 0, "package-archive", f"not a readable zip: {error}")]
    problems = []
    tops = set()
    seen: set[str] = set()
    total = 0
    with opened:
        members = opened.infolist()
        if sum(member.file_size for member in members) > MAX_UNPACKED:
            return None, [Problem(shown, 0, 0, "package-archive", f"unpacks to more than {MAX_UNPACKED} bytes")]
        for member in members:
            if member.file_size > max(member.compress_size * MAX_RATIO, RATIO_FLOOR):
                message = (
                    f"{member.file_size} bytes packed into {member.compress_size}: expands more than"
                    f" {MAX_RATIO} times, a zip bomb; nothing was unpacked"
                )
                return None, [Problem(f"{shown}/{member.filename}", 0, 0, "package-archive", message)]
        for member in members:
            name = member.filename
            parts = PurePosixPath(name).parts
            where = f"{shown}/{name}"
            if name.startswith("/") or "\\" in name or ".." in parts or not parts:
                problems.append(Problem(where, 0, 0, "package-archive", "a path that leaves the bag; not unpacked"))
                continue
            if stat.S_ISLNK(member.external_attr >> 16):
                problems.append(Problem(where, 0, 0, "package-archive", "a symbolic link; not unpacked"))
                continue
            normal = PurePosixPath(name).as_posix()
            if normal in seen:
                problems.append(Problem(where, 0, 0, "package-archive", "is in the zip twice; unpacked once"))
                continue
            seen.add(normal)
            tops.add(parts[0])
            target = into / PurePosixPath(name)
            try:
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                total += _unpack_member(opened, member, target, MAX_UNPACKED - total)
            except _Refused as refused:
                return None, [*problems, Problem(where, 0, 0, "package-archive", f"{refused}; not unpacked")]
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError) as error:
                # RuntimeError: an encrypted member; NotImplementedError: a compression zipfile lacks
                problems.append(Problem(where, 0, 0, "package-archive", f"damaged in the zip: {error}"))
            except OSError as error:
                # A name that is a file and a folder at once ("x" and "x/y"), say.
                clash = error.errno in (errno.EEXIST, errno.ENOTDIR, errno.EISDIR)
                reason = "a file and a folder of the zip have this name" if clash else error.strerror or str(error)
                problems.append(Problem(where, 0, 0, "package-archive", f"cannot be unpacked: {reason}"))
    if len(tops) != 1:
        found = ", ".join(sorted(tops)) or "nothing"
        problems.append(Problem(shown, 0, 0, "package-archive", f"a zipped bag holds one folder; this holds {found}"))
        return None, problems
    return into / tops.pop(), problems


def verify(package_path: Path) -> VerifyResult:
    """Check a bag folder or a zipped bag; raise ``EditionError`` naming every faulty file."""
    shown = display_name(package_path)
    if package_path.is_file():
        with tempfile.TemporaryDirectory(prefix="edition-verify-") as work:
            root, problems = _unpack(package_path, Path(work), shown)
            result = VerifyResult(shown, 0, 0, ())
            if root is not None:
                inner = f"{shown}/{root.name}"
                damaged = {p.file for p in problems}
                found, result = check_bag(root, inner)
                # A member that could not be unpacked is reported once, as damaged: not again as
                # missing, nor as the Payload-Oxum its absence upsets.
                problems += [p for p in found if p.file not in damaged and not (damaged and p.rule == "bag-oxum")]
                result = dataclasses.replace(result, shown=shown)
    elif package_path.is_dir():
        problems, result = check_bag(package_path, shown)
    else:
        problems = [Problem(shown, 0, 0, "missing-file", "no such bag folder or zip file")]
        result = VerifyResult(shown, 0, 0, ())
    if problems:
        count = len(problems)
        raise EditionError(sorted(problems), f"{count} problem{'s' if count != 1 else ''} found; {shown} is not valid")
    return result
