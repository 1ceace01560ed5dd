"""The build, top to bottom: plan, unchanged?, every document, the site root, check, commit.

``build()`` reads like the pipeline it runs:

1. **plan** (``plan``): find the documents and decide where each goes and what its key is;
2. **unchanged?**: if the previous build was made from exactly these inputs and is intact,
   nothing is done at all;
3. **every document** (``document.build_document``, in a pool of workers): load, validate,
   transform, pages and print, extras; its files go straight into the staging folder, and only
   a small summary comes back (``SiteSink``);
4. **site root** (``site.collection``): collection index, merged registers, search, DTS root,
   versions, made from the summaries;
5. **check**: every link that leaves a document's folder, and every pointer into another
   document; warnings shown and counted (``--strict``: they are errors);
6. **commit** (``output.Staging``): the staging folder replaces the output in one move; over a
   previous build, only the files that changed are moved in, past a point of no return from
   which a build that dies is finished by the next one.

Any error means no output at all (unless ``keep_going``), and the previous build stays as it
was. So does a stop: SIGINT (Ctrl-C) or SIGTERM ends the build at once, workers and all, removes
the staging folder and exits with 130 or 143 (``BuildInterrupted``). A sharded build
(``shard=(K, N)``) stops after step 3; ``shards.assemble`` then runs steps 4 to 6 over the
summaries of every shard, with the same functions.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import click

from edition.build.cache import RenderCache
from edition.build.document import (
    DocumentBuild,
    DocumentJob,
    build_document,
    cached_build,
    cached_files,
    with_source,
)
from edition.build.neighbours import install_folders
from edition.build.output import Staging, Survey, read_manifest, remove_stale
from edition.build.plan import FORMATS, BuildSettings, Plan, Progress, build_key, make_plan, no_progress, parse_shard
from edition.build.shards import shard_writer
from edition.build.sink import BuildResult, SiteSink, finish, refuse_if_strict, warnings_from
from edition.build.survey import BackgroundSurvey
from edition.errors import Problem, counted, errors_of, in_order, raise_if_any, show_warnings
from edition.site.pages import SiteOptions
from edition.validate import ValidationSettings

__all__ = [
    "FORMATS",
    "BuildInterrupted",
    "BuildResult",
    "BuildSettings",
    "SiteSink",
    "build",
    "finish",
    "parse_shard",
    "run_jobs",
    "stopped_by_signals",
]

log = logging.getLogger("edition")


class BuildInterrupted(click.ClickException):
    """The build was stopped by a signal: nothing was written. Not an ``EditionError`` (whose
    exit status 1 means invalid input, and which a preview's rebuild shows and carries on
    after): the exit status is the shell's for a process ended by that signal, 128 + its number
    (130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        # click reads the status from the instance; the class's own is click's 1.
        setattr(self, "exit_code", 128 + signum)  # noqa: B010
        name = signal.Signals(signum).name
        super().__init__(f"stopped by {name}: nothing was written; the previous build is unchanged")

    def show(self, file: object = None) -> None:
        click.echo(self.format_message(), err=True)


_STOPPING = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM raise ``BuildInterrupted`` in the main thread, so that
    every ``finally`` runs: the workers are ended, the staging folder removed. Further signals
    are ignored while that happens (a second Ctrl-C must not leave a half-removed folder). Off
    the main thread (where Python runs no signal handler) it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        for number in _STOPPING:
            signal.signal(number, signal.SIG_IGN)
        raise BuildInterrupted(signum)

    previous = {number: signal.signal(number, stop) for number in _STOPPING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# While the documents are taken in, the young objects are collected every so many documents.
_COLLECT_EVERY = 256
_HELD_BUILDS = 2048
_HELD_BYTES = 32 * 1024 * 1024


@contextlib.contextmanager
def collected_by_hand() -> Iterator[None]:
    """While inside, the cyclic garbage collector runs only when asked: by ``_release_memory``
    after each document built in this process, and by the build for the young objects every
    ``_COLLECT_EVERY`` documents taken in (what was made since the last time, so the cost stays
    linear). What the main process makes while it takes documents in is mostly what it keeps,
    a summary and a file list for each of thousands of documents. Left on, the collector went
    over all of it again and again as it grew (0.4 of 4.3 s of a one-changed rebuild of 5,000
    letters, most of it while the render cache's entries were unpickled). Only that loop: the
    plan before it parses headers, whose trees are cycles (off there too, a cold build of 5,000
    letters grew to 2.5 GiB).

    On the way out, what the loop kept is frozen (``gc.freeze``) before the collector is on
    again, and stays so until the build ends (``kept_frozen``): the site root's work would
    otherwise set off walks over all of it (4, 0.26 s, in that rebuild)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if _keeping_frozen:
            gc.freeze()
        gc.enable()


# Whether ``collected_by_hand`` freezes what it leaves alive: inside ``kept_frozen`` only.
_keeping_frozen = False


@contextlib.contextmanager
def kept_frozen() -> Iterator[None]:
    """What ``collected_by_hand`` freezes on its way out while inside is given back to the
    collector on leaving. A caller's own freeze is left as it is (nothing is frozen)."""
    global _keeping_frozen
    if gc.get_freeze_count() or _keeping_frozen:
        yield
        return
    _keeping_frozen = True
    try:
        yield
    finally:
        _keeping_frozen = False
        gc.unfreeze()


# Set in a worker: after its first document, what is alive then (the modules, the compiled
# stylesheets, templates and citation styles: what every document uses) is moved out of the
# collector's sight (``gc.freeze``), so that the full collection after each document looks only
# at what the documents make. That collection cost 25-30 ms a letter (most of a letter's stage)
# and costs under 1 ms after; the documents' cycles are still collected, and a worker lives
# for one build.
_freeze_after_document = False


def _start_worker(folders: Mapping[str, str]) -> None:
    """A worker leaves signals to the build: Ctrl-C reaches the whole process group, and the
    build then ends its workers itself; SIGTERM (from the build) ends a worker at once. It
    learns once where the collection's documents are (``neighbours``), and collects its garbage
    as usual (``collected_by_hand`` is the build's own)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    install_folders(folders)
    gc.enable()
    global _freeze_after_document
    _freeze_after_document = True


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool now, not after its documents in flight: terminate every worker (waiting for
    them would take as long as their documents, and one blocked on its queue would wait forever)
    and reap them, so that none outlives the build."""
    workers = list(pool._processes.values())  # the pool has no public way to stop its workers
    for worker in workers:
        with contextlib.suppress(OSError):
            worker.terminate()
    for worker in workers:
        worker.join(timeout=2)
        if worker.is_alive():
            worker.kill()
            worker.join()
    pool.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def reaped() -> Iterator[list[ProcessPoolExecutor]]:
    """A list for ``run_jobs`` to leave exiting pools in, whose workers are waited for on the
    way out, so that none outlives the build."""
    pools: list[ProcessPoolExecutor] = []
    try:
        yield pools
    finally:
        while pools:
            pools.pop().shutdown(wait=True)


def _release_memory(job: DocumentJob) -> DocumentBuild:
    """``build_document``, then a full garbage collection: a parsed document and its transforms
    sit in reference cycles whose C memory (lxml trees) the collector's counts do not see, so
    without it a worker's memory grows with every document (measured: 84 -> 118 MiB over 250
    documents, flat at 58 MiB with it). In a worker, what every document uses is frozen after
    the first (``_freeze_after_document``), which makes that collection cheap."""
    built = build_document(job)
    gc.collect()
    global _freeze_after_document
    if _freeze_after_document:
        gc.freeze()
        _freeze_after_document = False
    return built


@contextlib.contextmanager
def frozen_as_built() -> Iterator[Callable[[DocumentJob], DocumentBuild]]:
    """A build of documents in this process (one core, or one document): each built, its garbage
    collected, and then what is alive frozen (``gc.freeze``), so that the collection after the
    next looks only at what that one makes. Without it, each collection walked everything the
    process holds, the builder's stylesheets and templates and every summary kept so far: 25 ms
    a letter, most of the cost of a letter built on one core. What was frozen is given back to
    the collector when the build ends; a caller's own freeze is left alone (nothing is frozen)."""
    if gc.get_freeze_count():
        yield _release_memory  # (in this process it freezes nothing: that is a worker's)
        return

    def frozen(job: DocumentJob) -> DocumentBuild:
        built = build_document(job)
        gc.collect()
        gc.freeze()
        return built

    try:
        yield frozen
    finally:
        gc.unfreeze()


def run_jobs(
    tasks: Iterable[tuple[DocumentJob, DocumentBuild | None]],
    jobs: int,
    folders: Mapping[str, str] | None = None,
    exiting: list[ProcessPoolExecutor] | None = None,
) -> Generator[tuple[DocumentJob, DocumentBuild], None, None]:
    """Each task's job with its build, in order: the build given, or a fresh one, made in this
    process or in ``jobs`` workers. At most a few documents are in flight at once, so memory
    stays flat however many there are; the pool starts only if something must be built. Left
    early (an error, a signal, the caller closing it), it ends its workers at once. Given
    ``exiting``, a pool whose work is done is told to stop and put there instead of waited for
    (its workers take a tenth of a second to exit, which the site root need not wait for): the
    caller then waits for it (``reaped``)."""
    install_folders(folders or {})
    if jobs <= 1:
        with frozen_as_built() as built_here:
            for job, ready in tasks:
                yield job, ready if ready is not None else built_here(job)
        return
    pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[DocumentJob, DocumentBuild | Future[DocumentBuild]]] = deque()
    window = 4 * jobs
    # Builds given (from the render cache) wait behind one being made, up to a bound, rather
    # than the loop waiting for it: in a rebuild with one letter changed, the worker's first
    # document (its stylesheets and templates loaded) takes as long as taking a thousand kept
    # ones. Bounded by the bytes of their search records, most of what they hold.
    held = [0, 0]  # builds given waiting behind one being made, and their search records' bytes

    def holds_too_much() -> bool:
        return held[0] > _HELD_BUILDS or held[1] > _HELD_BYTES

    def result(item: tuple[DocumentJob, DocumentBuild | Future[DocumentBuild]]) -> tuple[DocumentJob, DocumentBuild]:
        job, built = item
        if isinstance(built, Future):
            return job, built.result()
        if held[0]:
            held[0] -= 1
            held[1] -= _held_bytes(built)
        return job, built

    finished = frozen = False
    making = 0  # builds being made in the workers, in ``pending``
    try:
        for job, ready in tasks:
            if ready is None:
                if pool is None and not gc.get_freeze_count():
                    # The workers are forked from this process and share its memory until they
                    # write to a page; their first full collection would write to every object
                    # this process holds (the plan of the whole collection), copying each page.
                    # Frozen, those objects are out of the collector's sight in the workers too
                    # (2,000 letters cold: 152 -> 141 MiB of proportional memory at the peak). A
                    # caller's own freeze is left as it is.
                    gc.freeze()
                    frozen = True
                pool = pool or ProcessPoolExecutor(
                    max_workers=jobs, initializer=_start_worker, initargs=(dict(folders or {}),)
                )
                pending.append((job, pool.submit(_release_memory, job)))
                making += 1
            else:
                if making:
                    held[0] += 1
                    held[1] += _held_bytes(ready)
                pending.append((job, ready))
            while pending and (making > window or not isinstance(pending[0][1], Future) or holds_too_much()):
                if isinstance(pending[0][1], Future):
                    making -= 1
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())
        finished = True
    finally:
        if pool is not None and finished and exiting is not None:
            pool.shutdown(wait=False)
            exiting.append(pool)
        elif pool is not None and finished:
            pool.shutdown()
        elif pool is not None:
            _end_workers(pool)
        if frozen:
            gc.unfreeze()


def _held_bytes(built: DocumentBuild) -> int:
    return len(built.summary.search) if built.summary is not None else 0


def document_tasks(
    plan: Plan, cache: RenderCache, staging: Staging, manifest: dict[str, Any], *, beside: bool = False
) -> Iterator[tuple[DocumentJob, DocumentBuild | None]]:
    """Each document's job, with a build already made if there is one: a document in the render
    cache comes back with its summary, where its files are (the previous build, if it made them
    under the same key, else the cache) and the digest and size each file must have. Whether
    the files are still there is for the sink to find out (``SiteSink.reuse``), which tries
    the cache next. With ``beside``, a document built makes its PDF beside its HTML."""
    kept = manifest.get("documents", {}) if isinstance(manifest.get("documents"), dict) else {}
    for position in range(len(plan.paths)):
        job = plan.job(position, staging.folder, cache.folder)
        found = cached_build(cache, job.key) if cache.folder is not None else None
        if found is None or cache.folder is None or found.summary is None:
            yield replace(with_source(job), beside=beside), None
            continue
        origin = staging.out if kept.get(found.summary.name) == job.key else cached_files(cache.folder, job.key)
        yield job, replace(found, origin=origin)


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
    strict: bool = False,
    jobs: int = 1,
    shard: tuple[int, int] | None = None,
    validation: ValidationSettings | None = None,
) -> BuildResult:
    """Build the edition of ``sources`` into ``out``: every document, then the site root, then swap.

    ``formats`` chooses the HTML site, the PDF edition, or both (the default); ``jobs`` worker
    processes render the documents (1: all in this process). With ``keep_going``, documents with
    errors are left out and the others are built and written; the errors are then raised all the
    same (``EditionError``), so the run still fails. With ``strict``, a warning is an error. With
    ``shard=(K, N)`` only every N-th document from the K-th is built, into a folder that
    ``shards.assemble`` merges with the others. SIGINT or SIGTERM stops it (``BuildInterrupted``).
    """
    with stopped_by_signals():
        return _build(
            sources, out, use_cache, options, progress, formats, releases, keep_going, strict, jobs, shard, validation
        )


def _build(
    sources: Sequence[Path],
    out: Path,
    use_cache: bool,
    options: SiteOptions | None,
    progress: Progress[Any],
    formats: Sequence[str],
    releases: Path | None,
    keep_going: bool,
    strict: bool,
    jobs: int,
    shard: tuple[int, int] | None,
    validation: ValidationSettings | None,
) -> BuildResult:
    started = time.perf_counter()
    settings = BuildSettings(
        options or SiteOptions(),
        tuple(formats),
        use_cache,
        keep_going,
        strict,
        jobs,
        shard,
        releases,
        validation or ValidationSettings(),
    )
    cache = RenderCache.default(use_cache)
    out = out.resolve()
    # A build that died while it moved its files in is finished first: what it left is the
    # previous build (``output.remove_stale``), whose files are then surveyed while this one plans.
    remove_stale(out)
    with BackgroundSurvey(out) if cache.folder is not None else contextlib.nullcontext() as surveying:
        return _planned_build(settings, sources, out, cache, surveying, progress, started)


def _planned_build(
    settings: BuildSettings,
    sources: Sequence[Path],
    out: Path,
    cache: RenderCache,
    surveying: BackgroundSurvey | None,
    progress: Progress[Any],
    started: float,
) -> BuildResult:
    keep_going = settings.keep_going
    # 1. plan
    plan = make_plan(sources, settings)
    if not keep_going or not plan.paths:
        raise_if_any(errors_of(plan.problems))
    # 2. unchanged? (the previous build is reused only where the render cache is on)
    manifest = read_manifest(out) if surveying is not None else {}
    unchanged = not plan.problems and bool(manifest.get("build")) and _unchanged(plan, manifest)
    # The survey of the previous build's files is waited for only to call it up to date; else
    # the documents are taken while it runs, their files kept on trust until it answers.
    found = surveying.result() if surveying is not None and manifest and unchanged else None
    if unchanged and _whole(found):
        return _up_to_date(plan, manifest, out, started)
    # Only which document made which files is wanted from here on: the previous warnings, a
    # list for each of thousands of documents, are not held through the build.
    manifest.pop("warnings", None)
    try:
        pending = surveying if manifest and found is None else None
        sink, files, pages, shown, failed = _staged(settings, plan, out, cache, manifest, found, pending, progress)
    except _KeptOnTrust as contradicted:
        # Files kept on trust were edited or removed since the previous build (its survey says
        # so): the build starts again, knowing which (what it rendered is in the render cache).
        log.info("%s: files of the previous build changed since it was made; building again", out)
        sink, files, pages, shown, failed = _staged(
            settings, plan, out, cache, manifest, contradicted.survey, None, progress
        )
    show_warnings(shown)
    result = BuildResult(sink.taken, files, pages, len(shown), out, time.perf_counter() - started, errors=len(failed))
    if failed:
        raise_if_any(
            failed,
            f"{counted(len(set(failed)), 0)} found; left out the documents that have them "
            f"and wrote the rest ({result.summary()})",
        )
    return result


class _KeptOnTrust(Exception):
    """The survey of the previous build found changed some of the files a build kept on trust."""

    def __init__(self, survey: Survey | None) -> None:
        super().__init__("files kept on trust changed")
        self.survey = survey


def _staged(
    settings: BuildSettings,
    plan: Plan,
    out: Path,
    cache: RenderCache,
    manifest: dict[str, Any],
    found: Survey | None,
    pending: BackgroundSurvey | None,
    progress: Progress[Any],
) -> tuple[SiteSink, int, int, list[Problem], list[Problem]]:
    """Steps 3 to 6 into a staging folder: every document, then the site root, check and commit.
    With the survey of the previous build still ``pending``, the files of documents kept in
    place are kept on trust; before anything is committed, the survey must bear them out, or
    ``_KeptOnTrust`` is raised (and the staging folder removed)."""
    keep_going, strict, shard = settings.keep_going, settings.strict, settings.shard
    # Over a build of its own, one that keeps documents leaves their files where they are and
    # moves in only what changed (``Staging(in_place=True)``); a shard's folder is always new.
    in_place = bool(manifest) and shard is None
    with (
        Staging(out, in_place=in_place, survey=found, previous=manifest, surveying=pending is not None) as staging,
        reaped() as exiting,
        kept_frozen(),
    ):
        writer = shard_writer(staging, plan) if shard is not None else None
        sink = SiteSink(staging, plan.html, writer, search=settings.options.search)
        sink.problems.extend(plan.problems)
        # 3. every document
        # Closed here, whatever happens: the pool must end in this thread, not when the
        # garbage collector finds the generator (in the pool's own thread, which cannot join itself).
        folders = plan.links.folders if plan.links is not None else {}
        # No more workers than documents: one document (the chapter) is built in this process,
        # which spares starting a worker and sending its build back (0.2 of 2.9 s).
        workers = min(settings.jobs, len(plan.paths))
        # Its PDF, the longest part of it, is then made beside its HTML, on a core the build
        # would leave idle (``build.beside``).
        tasks = document_tasks(plan, cache, staging, manifest, beside=settings.jobs > workers)
        with contextlib.closing(run_jobs(tasks, workers, folders, exiting)) as builds, collected_by_hand():
            for taken, (_, (job, built)) in enumerate(zip(progress("build", plan.paths), builds, strict=True), 1):
                sink.take(job, built)
                if taken % _COLLECT_EVERY == 0:
                    gc.collect(1)
        if pending is not None and not staging.confirm_kept(pending.result()):
            raise _KeptOnTrust(pending.result())
        failed = errors_of(sink.problems)
        if failed and (not keep_going or not sink.taken):
            raise_if_any(sink.problems)
        # A build that left documents out has no key: the next one must meet their errors again.
        key = "" if failed else build_key(list(sink.documents.items()), plan.collection, plan.releases, shard)
        if shard is None:
            # 4-6. site root, check, commit
            sources_seen = [str(path) for path in plan.paths]
            files, pages, shown = finish(
                staging,
                sink,
                settings.options,
                plan.collection,
                plan.releases,
                key,
                strict=strict,
                sources=sources_seen,
            )
        else:
            refuse_if_strict(sink.warnings, strict)
            shown = in_order(sink.warnings)
            counts = {"documents": sink.taken, "pages": sum(s.pages for s in sink.summaries)}
            staging.commit({"build": key, "documents": sink.documents, "counts": counts})
            files, pages = staging.files, counts["pages"]
    return sink, files, pages, shown, failed


def _whole(found: Survey | None) -> bool:
    """Whether the survey found every file of the previous build as it was left."""
    return found is not None and not found.changed


def _unchanged(plan: Plan, manifest: dict[str, Any]) -> bool:
    """Whether the previous build, by its manifest, is of exactly these documents and inputs."""
    return bool(manifest.get("build") == build_key(plan.keys(), plan.collection, plan.releases, plan.settings.shard))


def _up_to_date(plan: Plan, manifest: dict[str, Any], out: Path, started: float) -> BuildResult:
    """The result of a build with nothing to do: the previous build's warnings shown again."""
    warnings = warnings_from(manifest)
    refuse_if_strict(warnings, plan.settings.strict)
    show_warnings(warnings)
    counts = manifest.get("counts", {})
    seconds = time.perf_counter() - started
    files = int(manifest.get("files", 0))
    return BuildResult(len(plan.paths), files, counts.get("pages", 0), len(warnings), out, seconds, True)
