"""The build, top to bottom: find the documents, build each in a worker, then the collection, swap.

Each document is parsed, validated, transformed and rendered by ``document.build_document`` (in
a pool of worker processes), its files are written into a staging folder as they arrive and its
small summary is kept; the collection stage then writes the site root from the summaries, every
link is checked, and the staging folder replaces the output in one move. A single problem
anywhere means no output at all (unless ``keep_going``), and the previous build stays as it was.

Incremental builds: a document's key hashes everything its files depend on. A document whose key
is in the render cache is not rendered again, and its files are linked from the previous build
when that build has them; when nothing at all changed and the previous build is intact, nothing
is written. Sharded builds (``shard=(K, N)``) build a slice of the documents and ``assemble``
merges the slices into the site a single build would make.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import logging
import pickle
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from .checks import page_links, unresolved
from .collection import collection_files
from .document import DocumentBuild, DocumentJob, DocumentSummary, build_document, cached_files, render_document
from .errors import EditionError, Problem, raise_if_any
from .load import Document, discover, display_name, load
from .output import Staging, intact, read_manifest
from .pages import Listing, SiteOptions, collection_links
from .render_cache import RenderCache, cache_key, safe_load
from .search import INDEX_END, INDEX_START, index_chunk, index_script
from .validate import ValidationCache, validate_all

log = logging.getLogger("edition")
T = TypeVar("T")
FORMATS = ("html", "pdf")
Progress = Callable[[str, Sequence[T]], Iterable[T]]
SEARCH_INDEX = "search-index.js"
SHARD_SUMMARIES = ".edition-shard"
# Folders of the site root that a document's folder must not take.
RESERVED_STEMS = {"static", "dts", "versions"}


def no_progress(label: str, items: Sequence[T]) -> Iterable[T]:
    return items


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the closing summary line."""

    documents: int
    files: int
    pages: int
    warnings: int
    out: Path
    seconds: float
    unchanged: bool = False

    def summary(self) -> str:
        plural = "s" if self.documents != 1 else ""
        where = display_name(self.out)
        if self.unchanged:
            return f"{self.documents} document{plural} unchanged: {where} is up to date ({self.seconds:.1f} s)"
        return (
            f"built {self.documents} document{plural}: {self.pages} pages, {self.files} files, "
            f"{self.warnings} warnings, into {where} in {self.seconds:.1f} s"
        )


def load_checked(
    sources: Sequence[Path], *, use_cache: bool = True, progress: Progress[Document] = no_progress
) -> tuple[list[Document], list[Problem]]:
    """Load and validate every document: those without a problem, and every problem of the run."""
    documents, problems = load(sources)
    cache = ValidationCache.default(use_cache)
    valid = []
    for doc in progress("validate", documents):
        found = validate_all([doc], cache)
        problems.extend(found)
        if not found:
            valid.append(doc)
    return valid, problems


def load_valid(
    sources: Sequence[Path], *, use_cache: bool = True, progress: Progress[Document] = no_progress
) -> list[Document]:
    """Load and validate every document; raise ``EditionError`` with all problems if any."""
    documents, problems = load_checked(sources, use_cache=use_cache, progress=progress)
    raise_if_any(problems)
    return documents


# A file name becomes a folder and part of every link: no hidden or parent folders, no
# characters that a URL or a path would read as syntax.
_SAFE_STEM = re.compile(r"[^./\\#?%\x00-\x1f\x7f][^/\\#?%\x00-\x1f\x7f]*")


def _name_problems(paths: Sequence[Path], collection: bool) -> list[Problem]:
    seen: dict[str, Path] = {}
    problems = []
    for path in paths:
        name = display_name(path)
        if not _SAFE_STEM.fullmatch(path.stem):
            message = f"the file name {path.name!r} cannot name output files; rename it (no leading '.', no / \\ # ? %)"
            problems.append(Problem(name, 0, 0, "unsafe-name", message))
        elif collection and path.stem in RESERVED_STEMS:
            message = f"the file name {path.name!r} would take the site's own {path.stem}/ folder; rename it"
            problems.append(Problem(name, 0, 0, "reserved-name", message))
        if path.stem in seen:
            message = f"has the same file name as {display_name(seen[path.stem])}; output would collide"
            problems.append(Problem(name, 0, 0, "duplicate-name", message))
        seen.setdefault(path.stem, path)
    return problems


def parse_shard(value: str) -> tuple[int, int]:
    """``K/N`` as (K, N), 1 <= K <= N; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"{value!r} is not a shard K/N with 1 <= K <= N")
    return int(match[1]), int(match[2])


@dataclass(frozen=True)
class _Plan:
    """The documents of a build and what their files depend on, decided before any rendering."""

    paths: list[Path]
    indexes: list[int]
    collection: bool
    options: SiteOptions
    formats: tuple[str, ...]
    use_cache: bool

    def job(self, position: int, staging: Path | None = None, cache: Path | None = None) -> DocumentJob:
        path = self.paths[position]
        folder = f"{path.stem}/" if self.collection else ""
        job = DocumentJob(path, path.read_bytes(), folder, self.options, self.formats, self.use_cache, staging)
        return replace(job, key=_job_key(job), cache=cache)


def _job_key(job: DocumentJob) -> str:
    return cache_key("document", display_name(job.path), job.folder, job.options, job.formats, job.source)


def _releases_fingerprint(releases: Path | None) -> str:
    digest = hashlib.sha256()
    if releases is not None and releases.is_dir():
        for path in sorted(p for p in releases.rglob("*") if p.is_file()):
            digest.update(path.relative_to(releases).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _build_and_release(job: DocumentJob) -> DocumentBuild:
    """``build_document``, then a full garbage collection: a parsed document and its transforms
    sit in reference cycles whose C memory (lxml trees) the collector's counts do not see, so
    without it a worker's memory grows with every document (measured: 84 -> 118 MiB over 250
    documents, flat at 58 MiB with it, for about 10 ms a document)."""
    built = build_document(job)
    gc.collect()
    return built


def run_jobs(
    tasks: Iterable[tuple[DocumentJob, DocumentBuild | None]], jobs: int
) -> Iterator[tuple[DocumentJob, DocumentBuild]]:
    """Each task's job with its build, in order: the build given, or a fresh one, made in this
    process or in ``jobs`` workers. At most a few documents are in flight at once, so memory
    stays flat however many there are; the pool starts only if something must be built."""
    if jobs <= 1:
        for job, ready in tasks:
            yield job, ready if ready is not None else _build_and_release(job)
        return
    pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[DocumentJob, DocumentBuild | Future[DocumentBuild]]] = deque()
    window = 4 * jobs

    def result(item: tuple[DocumentJob, DocumentBuild | Future[DocumentBuild]]) -> tuple[DocumentJob, DocumentBuild]:
        job, built = item
        return job, built.result() if isinstance(built, Future) else built

    try:
        for job, ready in tasks:
            if ready is None:
                pool = pool or ProcessPoolExecutor(max_workers=jobs)
                pending.append((job, pool.submit(_build_and_release, job)))
            else:
                pending.append((job, ready))
            while len(pending) > window or (pending and not isinstance(pending[0][1], Future)):
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


class _Sink:
    """Where document builds go: the staging folder for their files, the search index in order,
    the summaries for the collection stage, and the manifest of which document made what. A
    shard's sink writes each summary, search records and all, for ``assemble`` instead."""

    def __init__(self, staging: Staging, html: bool, shard_indexes: dict[str, int] | None = None) -> None:
        self.staging = staging
        self.html = html and shard_indexes is None
        self.shard_indexes = shard_indexes
        self.summaries: list[DocumentSummary] = []
        self.documents: dict[str, str] = {}

    def add(self, summary: DocumentSummary, key: str) -> None:
        if self.shard_indexes is not None:
            record = (self.shard_indexes[summary.name], summary)
            self.staging.append(SHARD_SUMMARIES, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        elif self.html:
            first = not self.summaries
            self.staging.append(SEARCH_INDEX, (INDEX_START if first else "").encode())
            self.staging.append(SEARCH_INDEX, index_chunk(summary.search, first).encode())
        # What remains is small: the collection stage needs no text, and finds files on disk.
        self.summaries.append(replace(summary, search=(), files=()))
        self.documents[summary.name] = key

    def finish_search(self) -> None:
        if self.html:
            self.staging.append(SEARCH_INDEX, ((INDEX_START if not self.summaries else "") + INDEX_END).encode())


def _tasks(
    plan: _Plan, cache: RenderCache, staging: Staging, manifest: dict[str, Any]
) -> Iterator[tuple[DocumentJob, DocumentBuild | None]]:
    """Each document's job, with a build already made if there is one: a document in the render
    cache comes back with its summary and where its files are (the previous build, if it holds
    them under the same key, else the cache)."""
    kept = manifest.get("documents", {}) if isinstance(manifest.get("documents"), dict) else {}
    for position in range(len(plan.paths)):
        job = plan.job(position, staging.folder, cache.folder)
        summary = cache.get(f"{job.key}.summary") if cache.folder is not None else None
        if not isinstance(summary, DocumentSummary) or cache.folder is None:
            yield job, None
        elif kept.get(summary.name) == job.key and all((staging.out / name).is_file() for name in summary.files):
            yield job, DocumentBuild(summary=summary, origin=staging.out)
        else:
            yield job, DocumentBuild(summary=summary, origin=cached_files(cache.folder, job.key))


def _consume(
    plan: _Plan, builds: Iterable[tuple[DocumentJob, DocumentBuild]], sink: _Sink, progress: Progress[Path]
) -> list[Problem]:
    problems: list[Problem] = []
    for _, (job, built) in zip(progress("build", plan.paths), builds, strict=True):
        if built.fatal:
            raise EditionError(built.problems, built.fatal)
        if built.problems or built.summary is None:
            problems.extend(built.problems)
            continue
        summary = built.summary
        if built.written:
            sink.staging.adopt(summary.files)
        elif built.origin is not None:
            linked = built.origin == sink.staging.out
            missing = [n for n in summary.files if not sink.staging.keep(built.origin, n, copy=not linked)]
            if missing:
                raise EditionError(
                    [Problem(str(built.origin / missing[0]), 0, 0, "output-changed", "vanished during the build")]
                )
        else:
            sink.staging.write_all(built.files)
        sink.add(summary, job.key)
    return problems


def _site_problems(summaries: Sequence[DocumentSummary], root: dict[str, bytes], staging: Staging) -> list[Problem]:
    """The links of the root pages, and those of the documents' pages that leave their folders:
    a file must exist in the staging folder, and a fragment must name an element of a root page
    (a document's pages were checked for their own anchors when the document was built)."""
    ids, links = page_links(root)
    leaving = [*links, *(link for summary in summaries for link in summary.outbound)]
    found: dict[str, bool] = {}

    def exists(name: str) -> bool:
        if name not in found:
            found[name] = (staging.folder / name).is_file()
        return found[name]

    return unresolved(leaving, exists, ids.get)


def site_files(
    documents: Sequence[Document], options: SiteOptions, formats: Sequence[str] = ("html",)
) -> tuple[dict[str, bytes], int, int]:
    """The whole site of ``documents`` in memory, unvalidated and unchecked (for tests and
    benchmarks of the rendering alone): files, pages, warnings."""
    collection = len(documents) > 1
    files: dict[str, bytes] = {}
    summaries = []
    folders = {doc.name: f"{doc.stem}/" if collection else "" for doc in documents}
    links = collection_links([Listing(doc.metadata, doc.stem, folders[doc.name]) for doc in documents])
    for doc in documents:
        made, summary = render_document(doc, folders[doc.name], options, formats, links)
        files.update(made)
        summaries.append(summary)
    files[SEARCH_INDEX] = index_script(r for s in summaries for r in s.search).encode()
    files.update(collection_files(summaries, options, collection=collection))
    pages = sum(1 for name in files if name.endswith(".html"))
    return files, pages, sum(s.warnings for s in summaries)


def _build_key(
    keys: Sequence[tuple[str, str]], collection: bool, releases: Path | None, shard: tuple[int, int] | None = None
) -> str:
    """The key of a whole build: its documents' keys in order, and what the site root reads."""
    return cache_key("build", tuple(keys), collection, _releases_fingerprint(releases), shard)


def _finish(
    staging: Staging,
    sink: _Sink,
    options: SiteOptions,
    collection: bool,
    releases: Path | None,
    build_key: str,
) -> tuple[int, int]:
    """Write the site root from the summaries, check every link, and commit; (files, pages)."""
    summaries = sink.summaries
    root: dict[str, bytes] = {}
    if sink.html:
        sink.finish_search()
        root = collection_files(summaries, options, collection=collection, releases=releases)
        staging.write_all(root)
        raise_if_any(_site_problems(summaries, root, staging), "the built site has broken links; nothing was written")
    pages = sum(s.pages for s in summaries) + sum(1 for name in root if name.endswith(".html"))
    warnings = sum(s.warnings for s in summaries)
    counts = {"documents": len(summaries), "pages": pages, "warnings": warnings, "files": staging.files}
    staging.commit({"build": build_key, "documents": sink.documents, "counts": counts})
    return counts["files"], pages


def _unchanged(plan: _Plan, manifest: dict[str, Any], releases: Path | None, shard: tuple[int, int] | None) -> bool:
    """Whether the previous build, by its manifest, is of exactly these documents and inputs."""
    expected = [(display_name(path), plan.job(i).key) for i, path in enumerate(plan.paths)]
    return bool(manifest.get("build") == _build_key(expected, plan.collection, releases, shard))


def build(
    sources: Sequence[Path],
    out: Path,
    *,
    use_cache: bool = True,
    options: SiteOptions | None = None,
    progress: Progress[Any] = no_progress,
    formats: Sequence[str] = FORMATS,
    releases: Path | None = None,
    keep_going: bool = False,
    jobs: int = 1,
    shard: tuple[int, int] | None = None,
) -> BuildResult:
    """Build the edition of ``sources`` into ``out``: every document, then the site root, then swap.

    ``formats`` chooses the HTML site, the PDF edition, or both (the default); ``jobs`` worker
    processes render the documents (1: all in this process). With ``keep_going``, documents with
    problems are left out and the others are built and written; the problems are then raised all
    the same (``EditionError``), so the run still fails. With ``shard=(K, N)`` only every N-th
    document from the K-th is built, into a folder that ``assemble`` merges with the others.
    """
    started = time.perf_counter()
    options = options or SiteOptions()
    chosen = tuple(f for f in FORMATS if f in formats)
    paths, skipped = discover(sources)
    if not keep_going or not paths:
        raise_if_any(skipped)
    collection = len(paths) > 1
    raise_if_any(_name_problems(paths, collection))
    indexes = [i for i in range(len(paths)) if shard is None or i % shard[1] == shard[0] - 1]
    plan = _Plan([paths[i] for i in indexes], indexes, collection, options, chosen, use_cache)
    cache = RenderCache.default(use_cache)
    out = out.resolve()
    # The previous build is reused only where the render cache is on: both are "no need to render".
    manifest = read_manifest(out) if cache.folder is not None else {}
    releases = releases if "html" in chosen else None
    if not skipped and manifest.get("build") and _unchanged(plan, manifest, releases, shard) and intact(out):
        counts = manifest.get("counts", {})
        seconds = time.perf_counter() - started
        return BuildResult(
            len(plan.paths),
            int(manifest.get("files", 0)),
            counts.get("pages", 0),
            counts.get("warnings", 0),
            out,
            seconds,
            True,
        )
    with Staging(out) as staging:
        shard_indexes = None
        if shard is not None:
            header = {"shard": shard, "count": len(paths), "collection": collection, "options": options}
            header.update({"formats": chosen, "releases": releases is not None})
            staging.append(SHARD_SUMMARIES, pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL))
            shard_indexes = dict(zip((display_name(p) for p in plan.paths), plan.indexes, strict=True))
        sink = _Sink(staging, "html" in chosen, shard_indexes)
        builds = run_jobs(_tasks(plan, cache, staging, manifest), jobs)
        skipped.extend(_consume(plan, builds, sink, progress))
        if skipped and (not keep_going or not sink.summaries):
            raise_if_any(skipped)
        # A build that left documents out has no key: the next one must meet their problems again.
        build_key = "" if skipped else _build_key(list(sink.documents.items()), collection, releases, shard)
        if shard is None:
            files, pages = _finish(staging, sink, options, collection, releases, build_key)
        else:
            counts = {"documents": len(sink.summaries), "pages": sum(s.pages for s in sink.summaries)}
            staging.commit({"build": build_key, "documents": sink.documents, "counts": counts})
            files, pages = staging.files, counts["pages"]
    warnings = sum(s.warnings for s in sink.summaries)
    result = BuildResult(len(sink.summaries), files, pages, warnings, out, time.perf_counter() - started)
    if skipped:
        count = len(set(skipped))
        raise_if_any(
            skipped,
            f"{count} problem{'s' if count != 1 else ''} found; left out the documents that have them "
            f"and wrote the rest ({result.summary()})",
        )
    return result


def _shard_records(folder: Path) -> tuple[dict[str, Any], Iterator[tuple[int, DocumentSummary]]]:
    """A shard's header and its documents' summaries, read one at a time."""
    try:
        stream = (folder / SHARD_SUMMARIES).open("rb")
    except OSError as error:
        message = "holds no shard summaries: build it with --shard K/N"
        raise EditionError([Problem(str(folder), 0, 0, "not-a-shard", message)]) from error

    def load_one() -> object:
        return safe_load(stream)

    header = load_one()
    if not isinstance(header, dict):
        raise EditionError([Problem(str(folder), 0, 0, "not-a-shard", "holds no shard summaries")])

    def records() -> Iterator[tuple[int, DocumentSummary]]:
        with stream:
            while True:
                try:
                    record = load_one()
                except EOFError:
                    return
                if not (isinstance(record, tuple) and isinstance(record[1], DocumentSummary)):
                    raise EditionError([Problem(str(folder), 0, 0, "not-a-shard", "holds a damaged summary")])
                yield record

    return header, records()


def _from_folder(
    folder: Path, records: Iterator[tuple[int, DocumentSummary]]
) -> Iterator[tuple[int, Path, DocumentSummary]]:
    for index, summary in records:
        yield index, folder, summary


def assemble(
    shards: Sequence[Path], out: Path, *, releases: Path | None = None, progress: Progress[Path] = no_progress
) -> BuildResult:
    """Merge the folders of a sharded build (``build(..., shard=(K, N))`` for K = 1..N) into the
    site one build of the whole corpus makes: the documents' files are linked from the shards,
    the site root is made from their summaries. ``releases`` is used if the shards were built
    with releases."""
    started = time.perf_counter()
    problems: list[Problem] = []
    opened = [(folder.resolve(), *_shard_records(folder)) for folder in shards]
    headers = [header for _, header, _ in opened]
    first = headers[0]
    agreed = ("count", "collection", "options", "formats", "releases")
    for folder, header, _ in opened[1:]:
        if any(header.get(name) != first.get(name) for name in agreed):
            problems.append(Problem(str(folder), 0, 0, "shard-mismatch", "was built from other sources or options"))
    total = first["shard"][1]
    numbers = sorted(header["shard"][0] for header in headers)
    if numbers != list(range(1, total + 1)) or any(header["shard"][1] != total for header in headers):
        listed = ", ".join(f"{k}/{n}" for k, n in sorted(header["shard"] for header in headers))
        problems.append(
            Problem(str(shards[0]), 0, 0, "shard-missing", f"need shards 1/{total} to {total}/{total}; have {listed}")
        )
    raise_if_any(problems, "the shards do not make one build; nothing was written")
    keys: dict[str, str] = {}
    for folder, _, _ in opened:
        keys.update(read_manifest(folder).get("documents", {}))
    tagged = [_from_folder(folder, records) for folder, _, records in opened]
    chosen = tuple(first["formats"])
    used_releases = releases if first["releases"] and "html" in chosen else None
    with Staging(out) as staging:
        sink = _Sink(staging, "html" in chosen)
        for _, folder, summary in heapq.merge(*tagged, key=lambda record: record[0]):
            missing = [name for name in summary.files if not staging.keep(folder, name)]
            if missing:
                problems.append(
                    Problem(str(folder / missing[0]), 0, 0, "shard-incomplete", "the shard lacks this file")
                )
            sink.add(summary, keys.get(summary.name, ""))
        if len(sink.summaries) != first["count"]:
            message = f"the shards hold {len(sink.summaries)} of the {first['count']} documents; build the others first"
            problems.append(Problem(str(shards[0]), 0, 0, "shard-incomplete", message))
        raise_if_any(problems, "the shards do not make one build; nothing was written")
        build_key = _build_key(list(sink.documents.items()), first["collection"], used_releases)
        files, pages = _finish(staging, sink, first["options"], first["collection"], used_releases, build_key)
    warnings = sum(s.warnings for s in sink.summaries)
    return BuildResult(len(sink.summaries), files, pages, warnings, out.resolve(), time.perf_counter() - started)
