"""Where a build's documents go, and the stages after them: site root, check, commit.

``SiteSink`` takes each document's build as it comes (its files into the staging folder, its
search records into the index, its summary kept); ``finish`` then makes the site root from the
summaries, runs every check that needs the whole collection (links that leave a document's
folder, pointers into other documents, ``--strict``), and commits. A build and ``assemble`` of
shards end with the same ``finish``.
"""

from __future__ import annotations

import itertools
import logging
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from edition.build.document import DocumentBuild, DocumentJob, build_document, cached_files, with_source
from edition.build.output import Staging
from edition.errors import (
    EditionError,
    Problem,
    counted,
    errors_of,
    in_order,
    raise_if_any,
    warning,
    warnings_of,
)
from edition.site.cmif import cmif_problems
from edition.site.collection import collection_parts
from edition.site.links import Link, page_links, unresolved
from edition.site.pages import SiteOptions
from edition.site.search import INDEX_END, INDEX_START
from edition.site.summary import DocumentSummary
from edition.tei.load import display_name
from edition.validate.core import unresolved_documents

log = logging.getLogger("edition")
SEARCH_INDEX = "search-index.js"


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
    errors: int = 0

    def summary(self) -> str:
        plural = "s" if self.documents != 1 else ""
        where = display_name(self.out)
        if self.unchanged:
            return (
                f"{self.documents} document{plural} unchanged ({counted(self.errors, self.warnings)}): "
                f"{where} is up to date ({self.seconds:.1f} s)"
            )
        return (
            f"built {self.documents} document{plural}: {self.pages} pages, {self.files} files, "
            f"{counted(self.errors, self.warnings)}, into {where} in {self.seconds:.1f} s"
        )


class SiteSink:
    """Where document builds go: their files into the staging folder, their search records into
    the index in order, their summaries kept for the site root, and the manifest of which
    document made what. A shard's sink hands each summary, search records and all, to
    ``shard_writer`` instead of writing the search index."""

    def __init__(self, staging: Staging, html: bool, shard_writer: Any = None, search: bool = True) -> None:
        self.staging = staging
        self.html = html and shard_writer is None
        # The search index is written a document at a time, unless the site has no search.
        self.search = self.html and search
        self.shard_writer = shard_writer
        self.summaries: list[DocumentSummary] = []
        self.taken = 0  # documents taken, the summaries let go of at the commit included
        self.documents: dict[str, str] = {}
        self.problems: list[Problem] = []
        self._indexed = False  # whether a record is in the index yet (the next needs a comma)
        # The links of the documents' pages that leave their folders wait for the site root in a
        # file rather than in memory (35,000 for 5,000 letters), each document's as one pickle.
        self._outbound: BinaryIO | None = None

    def add(self, summary: DocumentSummary, key: str) -> None:
        if self.shard_writer is not None:
            self.shard_writer(summary)
        elif self.search:
            if not self.taken:
                self.staging.append(SEARCH_INDEX, INDEX_START.encode())
            if summary.search:
                if self._indexed:
                    self.staging.append(SEARCH_INDEX, b",")
                self.staging.append(SEARCH_INDEX, summary.search)
                self._indexed = True
        if summary.outbound and self.shard_writer is None:
            if self._outbound is None:
                # Nameless from the start; closed where it is read, or by its finaliser when a
                # build stops before the check.
                self._outbound = tempfile.TemporaryFile()  # noqa: SIM115
            pickle.dump(summary.outbound, self._outbound, protocol=pickle.HIGHEST_PROTOCOL)
        # What remains is small: the site root needs no text, and finds files on disk.
        self.summaries.append(replace(summary, search=b"", files=(), outbound=()))
        self.documents[summary.name] = key
        self.taken += 1

    def take(self, job: DocumentJob, built: DocumentBuild) -> None:
        """One document's build: its files into place, its summary kept, or its problems noted."""
        if built.fatal:
            raise EditionError(built.problems, built.fatal)
        if errors_of(built.problems) or built.summary is None:
            self.problems.extend(built.problems)
            return
        summary = built.summary
        if built.written:
            self.staging.adopt(built.digests, built.sizes)
        elif built.origin is not None:
            if not self.reuse(job, built):
                # Damaged since it was rendered (a truncated or edited file, a half-deleted
                # cache folder): render it again, as a clean build would.
                log.info("%s: its kept files changed since they were rendered; rendering it again", job.path)
                self.take(job, build_document(with_source(job)))
                return
        else:
            self.staging.write_all(built.files)
        self.add(summary, job.key)

    def reuse(self, job: DocumentJob, built: DocumentBuild) -> bool:
        """Take a document's files from the previous build (left in place, or linked) or else
        the render cache (copied), each checked against what was recorded when it was rendered."""
        origins = [built.origin] if built.origin is not None else []
        if built.origin == self.staging.out and job.cache is not None:
            origins.append(cached_files(job.cache, job.key))
        # The previous build's files are in its tree; the render cache's side by side.
        return any(
            self.staging.keep_all(origin, built.digests, copy=cached, sizes=built.sizes, flat=cached)
            for origin, cached in ((origin, origin != self.staging.out) for origin in origins)
        )

    def finish_search(self) -> None:
        if self.search:
            self.staging.append(SEARCH_INDEX, ((INDEX_START if not self.taken else "") + INDEX_END).encode())

    def outbound(self) -> Iterator[Link]:
        """The links that leave the documents' folders, in the order the documents were taken;
        read once, at the check of the whole site."""
        spool, self._outbound = self._outbound, None
        if spool is None:
            return
        with spool:
            spool.seek(0)
            while True:
                try:
                    links: tuple[Link, ...] = pickle.load(spool)
                except EOFError:
                    return
                yield from links

    @property
    def warnings(self) -> list[Problem]:
        return [*warnings_of(self.problems), *(w for s in self.summaries for w in s.warnings)]


def _link_problems(outbound: Iterable[Link], root: dict[str, bytes], staging: Staging) -> list[Problem]:
    """The links of the root pages, and those of the documents' pages that leave their folders
    (``outbound``): a file must be one of the build's, and a fragment must name an element of a
    root page (a document's pages were checked for their own anchors when the document was built)."""
    ids, links = page_links(root)
    leaving = itertools.chain(links, outbound)
    found: dict[str, bool] = {}

    def exists(name: str) -> bool:
        if name not in found:
            found[name] = staging.has(name)
        return found[name]

    return unresolved(leaving, exists, ids.get)


def _pointer_problems(summaries: Sequence[DocumentSummary], sources: Sequence[str]) -> list[Problem]:
    """Pointers of each document into other documents that name no document of the collection."""
    known = set(sources)
    return [p for s in summaries for p in unresolved_documents(s.name, s.pointers, known)]


def _manifest_warnings(problems: Sequence[Problem]) -> list[list[object]]:
    return [[p.file, p.line, p.column, p.rule, p.message] for p in problems]


def warnings_from(manifest: dict[str, Any]) -> list[Problem]:
    rows = manifest.get("warnings", [])
    if not isinstance(rows, list):
        return []
    return [warning(str(f), int(line), int(col), str(rule), str(text)) for f, line, col, rule, text in rows]


def refuse_if_strict(problems: Sequence[Problem], strict: bool) -> None:
    """With ``strict``, every warning is an error: the build stops and writes nothing."""
    if not strict:
        return
    found = in_order(warnings_of(problems))
    if found:
        summary = f"{counted(0, len(found))} with --strict: nothing was written"
        raise EditionError([p.as_error() for p in found], summary)


def finish(
    staging: Staging,
    sink: SiteSink,
    options: SiteOptions,
    collection: bool,
    releases: Path | None,
    key: str,
    *,
    strict: bool = False,
    sources: Sequence[str] = (),
) -> tuple[int, int, list[Problem]]:
    """Steps 4 to 6: the site root from the summaries, every check, the commit; (files, pages,
    warnings). Raises ``EditionError`` for a broken link, or for warnings when ``strict``."""
    summaries = sink.summaries
    root: dict[str, bytes] = {}
    warnings = [*sink.warnings, *_pointer_problems(summaries, sources)]
    if sink.html:
        warnings += cmif_problems(summaries, options.base_url, options.licence)
    refuse_if_strict(warnings, strict)
    if sink.html:
        sink.finish_search()
        # Written as they are made: only the pages are kept, for the check of their links.
        for name, data in collection_parts(summaries, options, collection=collection, releases=releases):
            staging.write(name, data)
            if name.endswith(".html"):
                root[name] = data
    pages = sum(s.pages for s in summaries) + sum(1 for name in root if name.endswith(".html"))
    documents = len(summaries)
    # The check of the links and the commit ask after every file kept; what the site root needed
    # of each document is let go of first, so that the two are never held at once.
    del summaries
    sink.summaries.clear()
    if sink.html:
        checked = _link_problems(sink.outbound(), root, staging)
        raise_if_any(errors_of(checked), "the built site has broken links; nothing was written")
        warnings.extend(checked)
        refuse_if_strict(checked, strict)
    shown = in_order(warnings)
    counts = {"documents": documents, "pages": pages, "warnings": len(shown), "files": staging.files}
    manifest = {"build": key, "documents": sink.documents, "counts": counts, "warnings": _manifest_warnings(shown)}
    del root
    staging.commit(manifest)
    return counts["files"], pages, shown
