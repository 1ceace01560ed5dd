"""Sharded builds: a huge corpus built in N slices (a CI matrix, a Slurm array), then joined.

``build(..., shard=(K, N))`` builds every N-th document from the K-th and, instead of the site
root, writes the documents' summaries into the shard's folder (``.edition-shard``: a header, then
one pickle per document, read back by an unpickler that admits only the builder's own classes and
plain values). ``assemble`` links every document's files from the shards into one staging folder
and runs the same last stages as a build (``pipeline.finish``): the result is, byte for byte, the
site one build of the whole corpus makes.
"""

from __future__ import annotations

import heapq
import pickle
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from edition.build.cache import safe_load
from edition.build.output import Staging, read_manifest
from edition.build.plan import Plan, build_key, no_progress
from edition.build.sink import BuildResult, SiteSink, finish
from edition.errors import EditionError, Problem, raise_if_any, show_warnings
from edition.site.summary import DocumentSummary
from edition.tei.load import display_name

SHARD_SUMMARIES = ".edition-shard"
_AGREED = ("count", "collection", "options", "formats", "releases")


def shard_writer(staging: Staging, plan: Plan) -> Callable[[DocumentSummary], None]:
    """What a shard's build does with each summary: append it, with the document's place in the
    whole corpus, after a header saying which shard of which build this is."""
    settings = plan.settings
    header = {
        "shard": settings.shard,
        "count": plan.count,
        "collection": plan.collection,
        "options": settings.options,
        "formats": settings.formats,
        "releases": plan.releases is not None,
        "sources": [str(path) for path in plan.paths],
    }
    staging.append(SHARD_SUMMARIES, pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL))
    indexes = dict(zip((display_name(p) for p in plan.paths), plan.indexes, strict=True))

    def write(summary: DocumentSummary) -> None:
        record = (indexes[summary.name], summary)
        staging.append(SHARD_SUMMARIES, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))

    return write


def _shard_records(folder: Path) -> tuple[dict[str, Any], Iterator[tuple[int, DocumentSummary]]]:
    """A shard's header and its documents' summaries, read one at a time."""
    try:
        stream = (folder / SHARD_SUMMARIES).open("rb")
    except OSError as error:
        message = "holds no shard summaries: build it with --shard K/N"
        raise EditionError([Problem(str(folder), 0, 0, "not-a-shard", message)]) from error
    header = safe_load(stream)
    if not isinstance(header, dict):
        raise EditionError([Problem(str(folder), 0, 0, "not-a-shard", "holds no shard summaries")])

    def records() -> Iterator[tuple[int, DocumentSummary]]:
        with stream:
            while True:
                try:
                    record = safe_load(stream)
                except EOFError:
                    return
                if not (isinstance(record, tuple) and isinstance(record[1], DocumentSummary)):
                    raise EditionError([Problem(str(folder), 0, 0, "not-a-shard", "holds a damaged summary")])
                yield record

    return header, records()


def _tagged(
    folder: Path, records: Iterator[tuple[int, DocumentSummary]]
) -> Iterator[tuple[int, Path, DocumentSummary]]:
    for index, summary in records:
        yield index, folder, summary


def _mismatches(opened: Sequence[tuple[Path, dict[str, Any], object]], shards: Sequence[Path]) -> list[Problem]:
    headers = [header for _, header, _ in opened]
    first = headers[0]
    problems = [
        Problem(str(folder), 0, 0, "shard-mismatch", "was built from other sources or options")
        for folder, header, _ in opened[1:]
        if any(header.get(name) != first.get(name) for name in _AGREED)
    ]
    total = first["shard"][1]
    numbers = sorted(header["shard"][0] for header in headers)
    if numbers != list(range(1, total + 1)) or any(header["shard"][1] != total for header in headers):
        listed = ", ".join(f"{k}/{n}" for k, n in sorted(header["shard"] for header in headers))
        problems.append(
            Problem(str(shards[0]), 0, 0, "shard-missing", f"need shards 1/{total} to {total}/{total}; have {listed}")
        )
    return problems


def assemble(
    shards: Sequence[Path], out: Path, *, releases: Path | None = None, progress: object = no_progress
) -> BuildResult:
    """Merge the folders of a sharded build (``build(..., shard=(K, N))`` for K = 1..N) into the
    site one build of the whole corpus makes: the documents' files are linked from the shards,
    the site root is made from their summaries. ``releases`` is used if the shards were built
    with releases."""
    started = time.perf_counter()
    opened = [(folder.resolve(), *_shard_records(folder)) for folder in shards]
    raise_if_any(_mismatches(opened, shards), "the shards do not make one build; nothing was written")
    first = opened[0][1]
    keys: dict[str, str] = {}
    sources: list[str] = []
    for folder, header, _ in opened:
        keys.update(read_manifest(folder).get("documents", {}))
        sources.extend(header.get("sources", []))
    chosen = tuple(first["formats"])
    used_releases = releases if first["releases"] and "html" in chosen else None
    problems: list[Problem] = []
    with Staging(out) as staging:
        sink = SiteSink(staging, "html" in chosen, search=first["options"].search)
        merged = heapq.merge(*(_tagged(folder, records) for folder, _, records in opened), key=lambda r: r[0])
        for _, folder, summary in merged:
            missing = [name for name in summary.files if not staging.keep(folder, name)]
            if missing:
                problems.append(
                    Problem(str(folder / missing[0]), 0, 0, "shard-incomplete", "the shard lacks this file")
                )
            sink.add(summary, keys.get(summary.name, ""))
        if sink.taken != first["count"]:
            message = f"the shards hold {sink.taken} of the {first['count']} documents; build the others first"
            problems.append(Problem(str(shards[0]), 0, 0, "shard-incomplete", message))
        raise_if_any(problems, "the shards do not make one build; nothing was written")
        key = build_key(list(sink.documents.items()), first["collection"], used_releases)
        files, pages, shown = finish(
            staging, sink, first["options"], first["collection"], used_releases, key, sources=sources
        )
    show_warnings(shown)
    seconds = time.perf_counter() - started
    return BuildResult(sink.taken, files, pages, len(shown), out.resolve(), seconds)
