"""The plan of a build: which documents, where each goes, and the key of everything its files depend on.

Everything here is decided before anything is rendered or written: the documents found under the
sources (a folder is searched recursively), the problems with their names, the folder of each in a
collection, and the key of each document's build (its bytes, name, folder, the options and
formats, the builder itself and the build date), from which the render cache and the "nothing
changed" check decide what need not be done again.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from edition.build.cache import cache_key
from edition.build.document import DocumentJob
from edition.build.neighbours import HeaderCache, folders_fingerprint, neighbours_of
from edition.build.sources import SourceRecords
from edition.epub.package import font_fingerprint
from edition.errors import Problem
from edition.resources import cache_root
from edition.site.facsimile import NO_IMAGES, may_name_images
from edition.site.facsimile import fingerprint as facsimile_fingerprint
from edition.site.pages import CollectionLinks, Listing, SiteOptions, collection_links
from edition.tei.load import discover, display_name, named_files
from edition.theme import theme_fingerprint
from edition.validate import ValidationSettings
from edition.validate.cache import settings_fingerprint
from edition.validate.schema import local_schema_href, named_schema_version, schema_version

T = TypeVar("T")
# What a build makes unless asked otherwise, and every format it can make, in the order it makes
# them (the e-book is made only when asked for, so a default build is what it was without it).
FORMATS = ("html", "pdf")
KNOWN_FORMATS = ("html", "pdf", "epub")
Progress = Callable[[str, Sequence[T]], Iterable[T]]
# Folders of the site root that a document's folder must not take.
RESERVED_STEMS = {"static", "dts", "versions"}


def no_progress(label: str, items: Sequence[T]) -> Iterable[T]:
    return items


@dataclass(frozen=True)
class BuildSettings:
    """What a build is asked to do, whatever asked for it (the command line, ``edition.toml``, a test)."""

    options: SiteOptions = field(default_factory=SiteOptions)
    formats: tuple[str, ...] = FORMATS
    use_cache: bool = True
    keep_going: bool = False
    strict: bool = False
    jobs: int = 1
    shard: tuple[int, int] | None = None
    releases: Path | None = None
    validation: ValidationSettings = field(default_factory=ValidationSettings)


# A file name becomes a folder and part of every link: no hidden or parent folders, no
# characters that a URL or a path would read as syntax.
_SAFE_STEM = re.compile(r"[^./\\#?%\x00-\x1f\x7f][^/\\#?%\x00-\x1f\x7f]*")


def output_stem(path: Path) -> str:
    """The name a document's files and folder take: its file name without the suffix, in NFC, so
    that names typed on different systems (NFC, or NFD as some file systems store them) agree."""
    return unicodedata.normalize("NFC", path.stem)


def name_problems(paths: Sequence[Path], collection: bool) -> list[Problem]:
    """Names that cannot name output files, that take a folder of the site root, or that collide.
    (A document's display name is worked out only for a problem: 5,000 letters have none.)"""
    seen: dict[str, Path] = {}
    problems = []
    for path in paths:
        stem = output_stem(path)
        if not _SAFE_STEM.fullmatch(stem):
            message = f"the file name {path.name!r} cannot name output files; rename it (no leading '.', no / \\ # ? %)"
            problems.append(Problem(display_name(path), 0, 0, "unsafe-name", message))
        elif collection and stem in RESERVED_STEMS:
            message = f"the file name {path.name!r} would take the site's own {stem}/ folder; rename it"
            problems.append(Problem(display_name(path), 0, 0, "reserved-name", message))
        if stem in seen and seen[stem].stem != path.stem:
            # Two names a reader cannot tell apart: say how they differ, or the message is a riddle.
            message = (
                f"has the same file name as {display_name(seen[stem])} but for its Unicode normalisation"
                f" ({path.name!a} and {seen[stem].name!a}); output would collide: rename one"
            )
            problems.append(Problem(display_name(path), 0, 0, "duplicate-name", message))
        elif stem in seen:
            message = f"has the same file name as {display_name(seen[stem])}; output would collide"
            problems.append(Problem(display_name(path), 0, 0, "duplicate-name", message))
        seen.setdefault(stem, path)
    return problems


def parse_shard(value: str) -> tuple[int, int]:
    """``K/N`` as (K, N), 1 <= K <= N; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"{value!r} is not a shard K/N with 1 <= K <= N")
    return int(match[1]), int(match[2])


@dataclass(frozen=True)
class Plan:
    """The documents of a build (of this shard, if sharded) and what their files depend on."""

    paths: list[Path]
    indexes: list[int]
    count: int
    collection: bool
    settings: BuildSettings
    # Problems found while planning (a missing source, a folder without documents): with
    # keep_going they leave those sources out; without, they stop the build.
    problems: list[Problem]
    # The files named as they are: a file found in a folder that is not TEI is skipped.
    named: frozenset[Path] = frozenset()
    # How the documents of a collection link to each other (None for a single document).
    links: CollectionLinks | None = None
    # The folders named as sources (resolved): a document found in one may show page images
    # from anywhere inside it, a document named as a file only from its own folder.
    folders: tuple[Path, ...] = ()
    # What every document's key shares, worked out once per build rather than once per document
    # (the collection's folders, hashed, and the theme's files, read).
    collection_key: str = ""
    theme_key: str = ""
    validation_key: str = ""
    # What the plan read of each document (its bytes are read once a build, when planned).
    reads: tuple[SourceRead, ...] = ()
    # Each document's key, by position, worked out when first asked for: the check for an
    # unchanged build and the build itself both ask.
    known_keys: dict[int, str] = field(default_factory=dict, compare=False, repr=False)

    def source_root(self, path: Path) -> Path:
        return source_root(path, self.folders, self.named)

    @property
    def html(self) -> bool:
        return "html" in self.settings.formats

    @property
    def releases(self) -> Path | None:
        return self.settings.releases if self.html else None

    def job(self, position: int, staging: Path | None = None, cache: Path | None = None) -> DocumentJob:
        """A document's job, keyed by the bytes the plan read, without them: ``with_source``
        reads them again for a document that is built (most of a rebuild's are not)."""
        path = self.paths[position]
        folder = f"{output_stem(path)}/" if self.collection else ""
        settings = self.settings
        read = self.reads[position]
        job = DocumentJob(
            path,
            b"",
            folder,
            settings.options,
            settings.formats,
            settings.use_cache,
            staging,
            key=self.known_keys.get(position, ""),
            cache=cache,
            validation=settings.validation,
            in_folder=path not in self.named,
            collection=self.collection_key if self.links is not None else "",
            neighbours=neighbours_of(self.links, folder) if self.links is not None else (None, None),
            source_root=self.source_root(path),
            digest=read.digest,
        )
        if job.key:
            return job
        key = self.known_keys[position] = job_key(
            job, self.theme_key, read.digest, read.images, self.validation_key, read.schema
        )
        return replace(job, key=key)

    def keys(self) -> list[tuple[str, str]]:
        """Each document's display name and key, in order."""
        return [(display_name(path), self.job(i).key) for i, path in enumerate(self.paths)]


@dataclass(frozen=True)
class SourceRead:
    """What a document's key needs of its bytes: their SHA-256, the fingerprint of the page
    images they name (``site.facsimile.fingerprint``), and, where each document is validated
    against the schema its ``<?xml-model?>`` names, that schema's file and version."""

    digest: bytes
    images: str
    schema: str = ""


def source_root(path: Path, folders: Sequence[Path], named: frozenset[Path]) -> Path:
    """The folder a document's page images must lie in: the innermost source folder that holds
    it, else its own folder."""
    if path in named:
        return path.parent
    return _innermost_holding(str(path.parent), tuple(str(folder) for folder in folders)) or path.parent


# Asked for every document, three times a build: the documents of a collection share a few
# folders. (Keyed by strings: paths compare by their parts, 85,000 times for 5,000 letters.)
@functools.lru_cache(maxsize=1024)
def _innermost_holding(folder: str, folders: tuple[str, ...]) -> Path | None:
    holding = [Path(f) for f in folders if Path(folder).is_relative_to(f)]
    return max(holding, key=lambda f: len(f.parts)) if holding else None


def make_plan(sources: Sequence[Path], settings: BuildSettings) -> Plan:
    """Find the documents of ``sources`` and decide where each goes, reading each once; raises
    nothing."""
    paths, problems = discover(sources)
    collection = len(paths) > 1
    problems.extend(name_problems(paths, collection))
    shard = settings.shard
    indexes = [i for i in range(len(paths)) if shard is None or i % shard[1] == shard[0] - 1]
    wanted = set(indexes)
    chosen = tuple(f for f in KNOWN_FORMATS if f in settings.formats)
    named = named_files(sources)
    folders = tuple(source.resolve() for source in sources if source.is_dir())
    # Every document of the collection is read, even in a shard: a letter's neighbours may be in
    # another. Its bytes are not kept: a collection's would fill the memory.
    headers = HeaderCache(cache_root() if settings.use_cache else None) if collection else None
    # A source as it was at the last build is not read again (``sources``).
    records = SourceRecords(cache_root() if settings.use_cache else None)
    own_schemas = settings.validation.schema == "xml-model"
    listed = []
    reads = []
    for position, path in enumerate(paths):
        recalled = records.recall(path)
        data = b""
        # Read unless recalled; and where it names images or a local schema (their files are in
        # its key) or its header's facts are not known.
        if (
            recalled is None
            or recalled[1]
            or (own_schemas and recalled[2])
            or (headers is not None and not headers.has(recalled[0].hex()))
        ):
            data = path.read_bytes()
            digest = hashlib.sha256(data).digest()
            href = local_schema_href(data)
            records.remember(path, digest, may_name_images(data), href is not None)
        else:
            digest, href = recalled[0], None  # recalled: it names no local schema, or none is used
        if position in wanted:
            images = facsimile_fingerprint(path, data, source_root(path, folders, named)) if data else NO_IMAGES
            schema = schema_version(path, href) if own_schemas else ""
            reads.append(SourceRead(digest, images, schema))
        if headers is not None:
            stem = output_stem(path)
            listed.append(Listing(headers.metadata(path, data, digest.hex()), stem, f"{stem}/"))
    records.save()
    links = None
    if headers is not None:
        headers.save()
        links = collection_links(listed)
    return Plan(
        [paths[i] for i in indexes],
        indexes,
        len(paths),
        collection,
        replace(settings, formats=chosen),
        problems,
        named,
        links,
        folders,
        folders_fingerprint(links.folders) if links is not None else "",
        theme_fingerprint(settings.options.theme),
        settings_fingerprint(settings.validation),
        tuple(reads),
    )


def job_key(
    job: DocumentJob,
    theme: str | None = None,
    read: bytes | None = None,
    images: str | None = None,
    validation: str | None = None,
    schema: str | None = None,
) -> str:
    """Everything a document's files depend on; the options name the theme's folder, and the
    theme's content is in the key too (``theme``: its fingerprint, if already known), so that
    editing a theme renders again what it styles; so are the schema and rule files it is
    validated against (``validation``), and the schema its ``<?xml-model?>`` names where that is
    the one it is validated against (``schema``), so that editing them validates it again. The
    source is in it by its SHA-256 (``read``) and the page images it names by their fingerprint
    (``images``), each worked out from the job's bytes unless given."""
    if theme is None:
        theme = theme_fingerprint(job.options.theme)
    if validation is None:
        validation = settings_fingerprint(job.validation)
    if read is None:
        read = hashlib.sha256(job.source).digest()
    if images is None:
        images = facsimile_fingerprint(job.path, job.source, job.source_root)
    if schema is None:
        schema = named_schema_version(job.path, job.source) if job.validation.schema == "xml-model" else ""
    parts: tuple[object, ...] = (
        job.options,
        theme,
        job.formats,
        validation,
        job.collection,
        job.neighbours,
        read,
        images,
        schema,
    )
    if "epub" in job.formats:
        # The e-book embeds the installed typeface: another version of it is another book.
        parts += (font_fingerprint(),)
    return cache_key("document", display_name(job.path), job.folder, *parts)


def releases_fingerprint(releases: Path | None) -> str:
    digest = hashlib.sha256()
    if releases is not None and releases.is_dir():
        for path in sorted(p for p in releases.rglob("*") if p.is_file()):
            digest.update(path.relative_to(releases).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_key(
    keys: Sequence[tuple[str, str]], collection: bool, releases: Path | None, shard: tuple[int, int] | None = None
) -> str:
    """The key of a whole build: its documents' keys in order, and what the site root reads."""
    return cache_key("build", tuple(keys), collection, releases_fingerprint(releases), shard)
