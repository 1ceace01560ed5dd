"""edition.build.sink: where documents' builds go, the search index written a document at a time,
the warnings kept in the manifest, and --strict."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from edition.build.sink import SEARCH_INDEX, BuildResult, SiteSink, refuse_if_strict, warnings_from
from edition.errors import EditionError, Problem, warning
from edition.site.links import Link
from edition.site.search import Record, index_piece, index_script
from edition.site.summary import DocumentSummary
from edition.tei.header import Metadata


class Appended:
    """As much of a staging folder as ``SiteSink.add`` uses: files appended to, in memory."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def append(self, name: str, data: bytes) -> None:
        self.files[name] = self.files.get(name, b"") + data


def summary(name: str, *records: Record, warnings: tuple[Problem, ...] = ()) -> DocumentSummary:
    stem = name.removesuffix(".xml")
    files = (f"{stem}/index.html",)
    return DocumentSummary(
        name, stem, f"{stem}/", Metadata(title=stem), files, 1, warnings, index_piece(records).encode()
    )


def test_the_search_index_written_a_document_at_a_time_is_the_whole_index() -> None:
    staging = Appended()
    sink = SiteSink(staging, html=True)  # type: ignore[arg-type]
    a = [Record("a/index.html#p1", "a", "¶ 1", "one"), Record("a/index.html#p2", "a", "¶ 2", "two")]
    b = [Record("b/index.html#p1", "b", "¶ 1", "three")]
    sink.add(summary("a.xml", *a), "key-a")
    sink.add(summary("b.xml", *b, warnings=(warning("b.xml", 3, 1, "r", "careful"),)), "key-b")
    sink.finish_search()
    assert staging.files[SEARCH_INDEX].decode() == index_script([*a, *b])
    # What is kept of each document is small: no search records, no file list.
    assert [(s.name, s.search, s.files) for s in sink.summaries] == [("a.xml", b"", ()), ("b.xml", b"", ())]
    assert sink.documents == {"a.xml": "key-a", "b.xml": "key-b"}
    assert [p.message for p in sink.warnings] == ["careful"]


def test_a_document_without_records_before_one_with_them_leaves_no_hole_in_the_index() -> None:
    staging = Appended()
    sink = SiteSink(staging, html=True)  # type: ignore[arg-type]
    b = [Record("b/index.html#p1", "b", "¶ 1", "three")]
    c = [Record("c/index.html#p1", "c", "¶ 1", "four")]
    for name, found in (("a.xml", []), ("b.xml", b), ("empty.xml", []), ("c.xml", c)):
        sink.add(summary(name, *found), f"key-{name}")
    sink.finish_search()
    assert staging.files[SEARCH_INDEX].decode() == index_script([*b, *c])
    assert "[," not in staging.files[SEARCH_INDEX].decode() and ",," not in staging.files[SEARCH_INDEX].decode()


def test_a_shard_hands_summaries_on_and_writes_no_index() -> None:
    staging, handed = Appended(), []
    sink = SiteSink(staging, html=True, shard_writer=handed.append)  # type: ignore[arg-type]
    first = summary("a.xml", Record("a/index.html#p1", "a", "¶ 1", "one"))
    sink.add(first, "k")
    sink.finish_search()
    assert handed == [first] and staging.files == {} and sink.html is False


def test_warnings_come_back_from_the_manifest() -> None:
    manifest = json.loads('{"warnings": [["a.xml", 3, 7, "pointer-resolves", "points to nothing"]]}')
    (found,) = warnings_from(manifest)
    assert (found.file, found.line, found.column, found.rule, found.message) == (
        "a.xml", 3, 7, "pointer-resolves", "points to nothing"
    )  # fmt: skip
    assert found.is_warning
    assert warnings_from({}) == [] and warnings_from({"warnings": "broken"}) == []


def test_strict_turns_warnings_into_errors_and_stops() -> None:
    problems = [warning("a.xml", 1, 1, "r", "one"), warning("a.xml", 2, 1, "r", "two")]
    refuse_if_strict(problems, strict=False)  # no exception
    refuse_if_strict([], strict=True)
    with pytest.raises(EditionError) as error:
        refuse_if_strict(problems, strict=True)
    assert [p.is_warning for p in error.value.problems] == [False, False]
    assert error.value.summary == "2 warnings with --strict: nothing was written"


def test_the_closing_summary_line() -> None:
    built = BuildResult(documents=2, files=30, pages=12, warnings=1, out=Path("site"), seconds=1.25)
    assert built.summary() == "built 2 documents: 12 pages, 30 files, 1 warning, into site in 1.2 s"
    same = BuildResult(1, 30, 12, 0, Path("site"), 0.04, unchanged=True, errors=0)
    assert same.summary() == "1 document unchanged (0 warnings): site is up to date (0.0 s)"


def test_the_links_leaving_each_document_wait_on_disk_and_come_back_once_in_order() -> None:
    sink = SiteSink(Appended(), html=True)  # type: ignore[arg-type]
    sent = {}
    for name in ("a", "b", "c"):
        links = tuple(
            Link(f"{name}/index.html", line, "../static/edition.css", "static/edition.css", "", "link")
            for line in range(1, 4 if name != "b" else 1)
        )
        sent[name] = links
        sink.add(replace(summary(f"{name}.xml"), outbound=links), f"key-{name}")
    # The summaries kept for the site root no longer hold them.
    assert all(s.outbound == () for s in sink.summaries)
    assert list(sink.outbound()) == [*sent["a"], *sent["c"]]
    assert list(sink.outbound()) == []  # read once: the file is closed and gone
