"""The build, top to bottom: load, validate, transform, assemble pages, extras, one atomic write.

Nothing is written until every document has loaded, validated and rendered; a single problem
anywhere means no output at all, and the previous build stays as it was.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .checks import broken_links
from .citations import citation_files
from .cite import build_date
from .dts import dts_files
from .errors import EditionError, Problem, raise_if_any
from .load import Document, display_name, load, parse
from .output import publish
from .pages import (
    DocumentSite,
    SiteOptions,
    collection_page,
    document_site,
    search_page,
    static_files,
    versions_page,
)
from .pdf import render_pdf
from .release import released_versions, versions_files
from .render_cache import RenderCache
from .search import index_script, records
from .text import render_text
from .transform import transform
from .validate import ValidationCache, validate_all

log = logging.getLogger("edition")
T = TypeVar("T")
FORMATS = ("html", "pdf")
Progress = Callable[[str, Sequence[T]], Iterable[T]]


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

    def summary(self) -> str:
        plural = "s" if self.documents != 1 else ""
        where = display_name(self.out)
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


def _duplicate_names(documents: Sequence[Document]) -> list[Problem]:
    seen: dict[str, Document] = {}
    problems = []
    for doc in documents:
        if not _SAFE_STEM.fullmatch(doc.stem):
            message = (
                f"the file name {doc.path.name!r} cannot name output files; rename it (no leading '.', no / \\ # ? %)"
            )
            problems.append(Problem(doc.name, 0, 0, "unsafe-name", message))
        if doc.stem in seen:
            message = f"has the same file name as {seen[doc.stem].name}; output would collide"
            problems.append(Problem(doc.name, 0, 0, "duplicate-name", message))
        seen.setdefault(doc.stem, doc)
    return problems


def failed_stems(documents: Sequence[Document], failed: set[str]) -> set[str]:
    """The folders (file stems) of the documents named in ``failed``."""
    return {doc.stem for doc in documents if doc.name in failed}


def collection_title(documents: Sequence[Document]) -> str:
    return f"A collection of {len(documents)} TEI documents"


J = TypeVar("J")
R = TypeVar("R")


def run_jobs(job: Callable[[J], R], items: Sequence[J], jobs: int) -> Iterator[R]:
    """``job`` over ``items``, results in order as they come: in this process, or in ``jobs``
    worker processes. Jobs take and return plain values: a worker parses its document itself."""
    if jobs <= 1 or len(items) <= 1:
        yield from (job(item) for item in items)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
        yield from pool.map(job, items)


def cached_jobs(
    job: Callable[[_Job], _Outcome], items: Sequence[_Job], jobs: int, cache: RenderCache, kind: str
) -> Iterator[_Outcome]:
    """``run_jobs`` that takes results from the render cache where it can and keeps new good ones."""
    keys = [cache.key(kind, item.source, item.path.name, item.folder, item.options, item.with_pdf) for item in items]
    found = [cache.get(key) for key in keys]
    missing = [item for item, hit in zip(items, found, strict=True) if not isinstance(hit, _Outcome)]
    fresh = run_jobs(job, missing, jobs)
    for key, hit in zip(keys, found, strict=True):
        if isinstance(hit, _Outcome):
            yield hit
            continue
        outcome = next(fresh)
        if not outcome.problems:
            cache.put(key, outcome)
        yield outcome


def _worker_document(job: _Job) -> Document:
    # The bytes that were validated, not the file as it may be now.
    doc = parse(job.path, job.source)
    if not isinstance(doc, Document):  # it parsed in the main process a moment ago
        raise EditionError(doc)
    return doc


@dataclass(frozen=True)
class _Outcome:
    """What a worker sends back: files, search fragments and warnings, or the problems that stopped
    it (exceptions do not always survive the trip between processes)."""

    files: dict[str, bytes] = field(default_factory=dict)
    searchable: tuple[tuple[str, str], ...] = ()
    warnings: int = 0
    problems: tuple[Problem, ...] = ()
    summary: str | None = None
    fatal: bool = False


@dataclass(frozen=True)
class _Job:
    path: Path
    source: bytes
    folder: str
    options: SiteOptions = field(default_factory=SiteOptions)
    with_pdf: bool = False


def _pdf_job(job: _Job) -> _Outcome:
    try:
        doc = _worker_document(job)
        result = render_pdf(doc)
    except EditionError as error:  # the builder's own parts are broken (a template, a stylesheet)
        return _Outcome(problems=tuple(error.problems), summary=error.summary, fatal=True)
    except Exception as error:  # the renderer's failures are many and untyped; name the document
        problem = Problem(display_name(job.path), 0, 0, "pdf-render", f"could not be rendered: {error}")
        return _Outcome(problems=(problem,))
    return _Outcome(files={f"{job.folder}{doc.stem}.pdf": result.pdf}, warnings=len(result.refused))


def pdf_files(
    documents: Sequence[Document],
    progress: Progress[Document] = no_progress,
    jobs: int = 1,
    cache: RenderCache | None = None,
) -> tuple[dict[str, bytes], list[Problem], int]:
    """The PDF edition of each document, by its path in the site; problems for any that fail."""
    collection = len(documents) > 1
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    warnings = 0
    work = [_Job(doc.path, doc.source, f"{doc.stem}/" if collection else "") for doc in documents]
    outcomes = cached_jobs(_pdf_job, work, jobs, cache or RenderCache(None), "pdf")
    for _doc, outcome in zip(progress("pdf", documents), outcomes, strict=True):
        if outcome.fatal:
            raise EditionError(outcome.problems, outcome.summary)
        problems.extend(outcome.problems)
        files.update(outcome.files)
        warnings += outcome.warnings
    return files, problems, warnings


def _html_job(job: _Job) -> _Outcome:
    """One document's pages, downloads and search fragments, as plain values."""
    try:
        doc = _worker_document(job)
        fragments = transform(doc)
        site = document_site(doc, fragments, job.folder, job.options, with_pdf=job.with_pdf)
    except EditionError as error:
        return _Outcome(problems=tuple(error.problems), summary=error.summary, fatal=True)
    files = {page.path: page.html.encode("utf-8") for page in site.pages}
    files[f"{job.folder}{doc.stem}.xml"] = doc.source
    files[f"{job.folder}{doc.stem}.txt"] = render_text(doc).encode("utf-8")
    base = job.options.base_url
    text_url = f"{base.rstrip('/')}/{job.folder}index.html" if base else ""
    exports = citation_files(doc.metadata, build_date(doc.metadata), text_url)
    files.update({f"{job.folder}{name}": data for name, data in exports.items()})
    return _Outcome(files=files, searchable=tuple(site.searchable), warnings=len(fragments.unhandled))


def site_files(
    documents: Sequence[Document],
    options: SiteOptions,
    progress: Progress[Document] = no_progress,
    with_pdf: bool = False,
    releases: Path | None = None,
    jobs: int = 1,
    cache: RenderCache | None = None,
) -> tuple[dict[str, bytes], int, int]:
    """Every file of the HTML edition, in memory: pages, downloads, search index, static assets.

    One document is built at the site root; several get a folder each and a collection index.
    Returns the files, the number of pages and the number of warnings.
    """
    collection = len(documents) > 1
    files: dict[str, bytes] = {}
    sites = []
    warnings = 0
    folders = [f"{doc.stem}/" if collection else "" for doc in documents]
    work = [
        _Job(doc.path, doc.source, folder, options, with_pdf) for doc, folder in zip(documents, folders, strict=True)
    ]
    outcomes = cached_jobs(_html_job, work, jobs, cache or RenderCache(None), "html")
    for doc, folder, outcome in zip(progress("html", documents), folders, outcomes, strict=True):
        if outcome.problems:
            raise EditionError(outcome.problems, outcome.summary)
        files.update(outcome.files)
        warnings += outcome.warnings
        sites.append(DocumentSite(doc, folder, searchable=list(outcome.searchable)))
    title = collection_title(documents) if collection else None
    extra = [search_page(sites, options, title)]
    if collection:
        extra.append(collection_page(sites, options, collection_title(documents)))
    files.update({page.path: page.html.encode("utf-8") for page in extra})
    found = [
        record
        for site in sites
        for page, fragment in site.searchable
        for record in records(page, site.document.metadata.title or site.document.stem, fragment)
    ]
    files["search-index.js"] = index_script(found).encode("utf-8")
    # The text API for machines: a static DTS 1.0 endpoint set under dts/.
    files.update(dts_files(documents, options.base_url))
    # Released versions beside the latest, and the script every page uses to link between them.
    files.update(versions_files(releases, documents[0].metadata.version))
    versions = released_versions(releases) if releases else []
    changes = [v for v in versions if f"versions/{v}/changes.html" in files]
    files["versions.html"] = versions_page(versions, changes, documents[0], options).html.encode("utf-8")
    files.update(static_files())
    pages = sum(1 for name in files if name.endswith(".html"))
    return files, pages, warnings


def build(
    sources: Sequence[Path],
    out: Path,
    *,
    use_cache: bool = True,
    options: SiteOptions | None = None,
    progress: Progress[Document] = no_progress,
    formats: Sequence[str] = FORMATS,
    releases: Path | None = None,
    keep_going: bool = False,
    jobs: int = 1,
) -> BuildResult:
    """Build the edition of ``sources`` into ``out``: validate, render everything, then swap it in.

    ``formats`` chooses the HTML site, the PDF edition, or both (the default); ``jobs`` worker
    processes render the documents (1: all in this process). With
    ``keep_going``, documents with problems are left out and the others are built and written;
    the problems are then raised all the same (``EditionError``), so the run still fails.
    """
    started = time.perf_counter()
    documents, skipped = load_checked(sources, use_cache=use_cache, progress=progress)
    if not keep_going or not documents:
        raise_if_any(skipped)
    raise_if_any(_duplicate_names(documents))
    files: dict[str, bytes] = {}
    pages = warnings = 0
    # With the cache on, a document whose bytes, builder and options are unchanged is not rendered again.
    renders = RenderCache.default(use_cache)
    if "pdf" in formats:
        pdfs, problems, warnings = pdf_files(documents, progress, jobs, renders)
        failed = {p.file for p in problems}
        if keep_going and problems and len(failed) < len(documents):
            skipped.extend(problems)
            kept = [doc for doc in documents if doc.name not in failed]
            if len(kept) == 1 < len(documents):  # no longer a collection: the PDF moves to the root
                pdfs, problems, warnings = pdf_files(kept, progress, jobs, renders)
            else:
                pdfs = {
                    name: data
                    for name, data in pdfs.items()
                    if name.split("/")[0] not in failed_stems(documents, failed)
                }
                problems = []
            documents = kept
        raise_if_any(problems)
        files.update(pdfs)
    if "html" in formats:
        site, pages, html_warnings = site_files(
            documents, options or SiteOptions(), progress, "pdf" in formats, releases, jobs, renders
        )
        files.update(site)
        warnings += html_warnings
        raise_if_any(broken_links(files), "the built site has broken links; nothing was written")
    written = publish(files, out)
    result = BuildResult(len(documents), len(files), pages, warnings, written, time.perf_counter() - started)
    if skipped:
        count = len(set(skipped))
        raise_if_any(
            skipped,
            f"{count} problem{'s' if count != 1 else ''} found; left out the documents that have them "
            f"and wrote the rest ({result.summary()})",
        )
    return result
