"""Parallel builds: documents rendered in worker processes give exactly the files of one process."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GENERAL, PROJECT

from edition.build import pipeline
from edition.build.document import DocumentBuild, DocumentJob
from edition.build.pipeline import build
from edition.errors import EditionError


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_and_sequential_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sources = [GENERAL / "verse.xml", GENERAL / "drama.xml", GENERAL / "nested.xml"]
    one = build(sources, tmp_path / "one", jobs=1)
    two = build(sources, tmp_path / "two", jobs=2)
    assert (one.documents, one.pages) == (two.documents, two.pages) == (3, 11)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert (tmp_path / "two" / "drama" / "drama.pdf").stat().st_size > 10_000


def test_a_worker_that_fails_reports_the_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc: object, **options: object) -> object:
        raise RuntimeError("layout exploded")

    # Worker processes are forked from this one, so they inherit the patch.
    monkeypatch.setattr("edition.build.document.render_pdf", broken)
    with pytest.raises(EditionError) as raised:
        build([GENERAL / "verse.xml", GENERAL / "drama.xml"], tmp_path / "out", formats=("pdf",), jobs=2)
    assert sorted((p.rule, Path(p.file).name) for p in raised.value.problems) == [
        ("pdf-render", "drama.xml"),
        ("pdf-render", "verse.xml"),
    ]
    assert not (tmp_path / "out").exists()


def test_an_incremental_build_renders_only_what_changed_and_equals_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("EDITION_RENDER_CACHE", "1")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("verse", "drama", "nested"):
        (corpus / f"{name}.xml").write_bytes((GENERAL / f"{name}.xml").read_bytes())
    build([corpus], tmp_path / "dist", jobs=1)

    import edition.build.pipeline as pipeline

    rendered: list[str] = []
    real = pipeline.build_document

    def counting(job: DocumentJob) -> DocumentBuild:
        rendered.append(job.path.name)
        return real(job)

    monkeypatch.setattr(pipeline, "build_document", counting)
    unchanged = build([corpus], tmp_path / "dist", jobs=1)
    assert rendered == [] and unchanged.unchanged, "nothing changed: nothing is rendered or written"

    (tmp_path / "dist" / "drama" / "index.html").unlink()
    repaired = build([corpus], tmp_path / "dist", jobs=1)
    assert rendered == [] and not repaired.unchanged, "a damaged output is made whole from the cache"

    verse = corpus / "verse.xml"
    verse.write_text(verse.read_text(encoding="utf-8").replace("summer", "winter", 1), encoding="utf-8")
    build([corpus], tmp_path / "dist", jobs=1)
    assert rendered == ["verse.xml"]

    build([corpus], tmp_path / "clean", jobs=1, use_cache=False)
    assert tree(tmp_path / "dist") == tree(tmp_path / "clean")
    assert b"winter" in (tmp_path / "dist" / "verse" / "index.html").read_bytes()


def in_fresh_interpreter(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (a freeze or a collector setting would
    outlive the test in pytest's own process); it must exit 0."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


# A worker freezes what is alive after its first document (the stylesheets, templates and
# citation styles every document uses) so that the collection after each document is cheap; the
# cycles a later document makes must still be collected. In a fresh interpreter: a freeze would
# outlive this test in pytest's own process.
_WORKER_COLLECTS = """
import gc, weakref
from edition.build import pipeline

class Node:
    pass

made = []

def fake_build(job):
    node = Node()
    node.itself = node  # a cycle, as a parsed document and its transforms make
    made.append(weakref.ref(node))
    return job

pipeline.build_document = fake_build
pipeline._start_worker({})
assert gc.get_freeze_count() == 0
assert pipeline._release_memory("first") == "first"
frozen = gc.get_freeze_count()
assert frozen > 0, "nothing was frozen after the first document"
assert made[0]() is None, "the first document's cycle was frozen, not collected"
assert pipeline._release_memory("second") == "second"
assert made[1]() is None, "a later document's cycle outlived its collection"
assert gc.get_freeze_count() == frozen, "frozen again after a later document"
print("collected")
"""


def test_a_worker_still_collects_each_documents_cycles_after_freezing_what_all_use() -> None:
    assert in_fresh_interpreter(_WORKER_COLLECTS) == "collected"


# Built in this process (one core), each document's garbage is collected and what is left alive
# frozen, so that the next collection looks only at what the next document makes; the freeze is
# given back when the build ends, and a caller's own freeze is left as it is.
_IN_PROCESS_COLLECTS = """
import gc, weakref
from edition.build import pipeline

class Node:
    pass

made, kept = [], []

def fake_build(job):
    node = Node()
    node.itself = node  # a cycle, as a parsed document and its transforms make
    made.append(weakref.ref(node))
    kept.append([job])  # what a build keeps, a summary
    return job

pipeline.build_document = fake_build
assert gc.get_freeze_count() == 0
with pipeline.frozen_as_built() as built_here:
    assert built_here("first") == "first"
    assert made[0]() is None, "the first document's cycle was frozen, not collected"
    frozen = gc.get_freeze_count()
    assert frozen > 0, "nothing was frozen after the first document"
    assert built_here("second") == "second"
    assert made[1]() is None, "a later document's cycle outlived its collection"
    assert 0 < gc.get_freeze_count() - frozen < 100, "more frozen than the second document made"
assert gc.get_freeze_count() == 0, "the build left objects frozen"
gc.freeze()
theirs = gc.get_freeze_count()
with pipeline.frozen_as_built() as built_here:
    built_here("third")
    assert made[2]() is None
    # (Frozen objects that lose their last reference are freed all the same: the count may fall.)
    assert gc.get_freeze_count() <= theirs, "froze over a caller's own freeze"
assert 0 < gc.get_freeze_count() <= theirs, "gave back a caller's own freeze"
print("collected")
"""


def test_a_build_in_this_process_collects_each_document_and_freezes_only_for_its_own_time() -> None:
    assert in_fresh_interpreter(_IN_PROCESS_COLLECTS) == "collected"


# Before its workers are forked, the build freezes what it holds, so that their collections do
# not write to (and so copy) every page of it; the freeze is given back when the workers end, and
# a caller's own freeze is left as it is. In a fresh interpreter, as above.
_FROZEN_FOR_WORKERS = """
import gc
from edition.build import pipeline

pipeline.build_document = lambda job: job.upper()  # the workers are forked: they have it too
seen = [(job, built, gc.get_freeze_count() > 0) for job, built in pipeline.run_jobs([(j, None) for j in "abcd"], 2)]
assert [(job, built) for job, built, _ in seen] == [(j, j.upper()) for j in "abcd"], seen
assert all(frozen for _, _, frozen in seen), "not frozen while the workers ran"
assert gc.get_freeze_count() == 0, "the build left objects frozen"
gc.freeze()
theirs = gc.get_freeze_count()
assert list(pipeline.run_jobs([("e", None)], 2)) == [("e", "E")]
assert 0 < gc.get_freeze_count() <= theirs, "gave back a caller's own freeze"
print("given back")
"""


def test_the_build_is_frozen_while_its_forked_workers_run_and_given_back_after() -> None:
    assert in_fresh_interpreter(_FROZEN_FOR_WORKERS) == "given back"


_COLLECTOR_STATES = """
import gc
from edition.build import pipeline
with pipeline.collected_by_hand():
    assert not gc.isenabled(), "the build's own objects are still walked by the collector"
    pipeline._start_worker({})
    assert gc.isenabled(), "a worker forked from the build does not collect its garbage"
    gc.disable()
assert gc.isenabled(), "the build left the collector off"
gc.disable()
with pipeline.collected_by_hand():
    pass
assert not gc.isenabled(), "the build turned on a collector its caller had turned off"
print("as before")
"""


def test_a_build_collects_by_hand_and_leaves_the_collector_as_it_found_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert in_fresh_interpreter(_COLLECTOR_STATES) == "as before"
    build([GENERAL / "verse.xml", GENERAL / "drama.xml"], tmp_path / "out", jobs=2, formats=("html",))
    assert gc.isenabled()


def test_one_document_is_built_without_a_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker was started for one document")

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", no_pool)
    done = build([GENERAL / "verse.xml"], tmp_path / "one", jobs=2, formats=("html",))
    assert done.documents == 1 and (tmp_path / "one" / "index.html").is_file()
    with pytest.raises(AssertionError, match="a worker was started"):
        build([GENERAL / "verse.xml", GENERAL / "drama.xml"], tmp_path / "two", jobs=2, formats=("html",))
