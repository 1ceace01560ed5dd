"""A source as the last build found it is not read again; any write to it, one that keeps its size
and sets its time back too, a file put in its place, or a record not yet old enough to trust,
and it is read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import cached_corpus

from edition.build import sources
from edition.build.pipeline import build
from edition.build.plan import BuildSettings, make_plan
from edition.build.sources import SOURCES, SourceRecords


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the sources the plan reads (``Path.read_bytes`` of an ``.xml`` file)."""
    found: list[str] = []
    real = Path.read_bytes

    def counted(self: Path) -> bytes:
        if self.suffix == ".xml":
            found.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    return found


def plan_reads(corpus: Path, reads: list[str]) -> list[str]:
    reads.clear()
    make_plan([corpus], BuildSettings())
    return sorted(reads)


def test_sources_as_they_were_are_not_read_and_every_change_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    corpus = cached_corpus(tmp_path, monkeypatch)
    monkeypatch.setattr(sources, "SETTLED_NS", 0)  # times a test has just written are trusted
    everything = ["drama.xml", "nested.xml", "verse.xml"]
    assert plan_reads(corpus, reads) == everything
    assert plan_reads(corpus, reads) == []

    # The same size, and its modification time set back as it was: its change time moved.
    verse = corpus / "verse.xml"
    before = verse.stat()
    time.sleep(0.05)  # past a tick of the file system's clock
    verse.write_bytes(verse.read_bytes().replace(b"winter", b"wintry", 1))
    os.utime(verse, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert verse.stat().st_size == before.st_size and verse.stat().st_mtime_ns == before.st_mtime_ns
    assert plan_reads(corpus, reads) == ["verse.xml"]
    assert plan_reads(corpus, reads) == []

    # Another file put in its place, of the same size and time.
    drama = corpus / "drama.xml"
    stat = drama.stat()
    other = tmp_path / "other.xml"
    other.write_bytes(drama.read_bytes())
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    other.replace(drama)
    assert plan_reads(corpus, reads) == ["drama.xml"]


def test_a_build_sees_an_edit_that_keeps_the_size_and_the_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = cached_corpus(tmp_path, monkeypatch)
    monkeypatch.setattr(sources, "SETTLED_NS", 0)
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    assert build([corpus], out, formats=("html",)).unchanged
    verse = corpus / "verse.xml"
    before = verse.stat()
    time.sleep(0.05)
    verse.write_bytes(verse.read_bytes().replace(b"winter", b"wintry", 1))
    os.utime(verse, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not build([corpus], out, formats=("html",)).unchanged
    assert b"wintry" in (out / "verse" / "index.html").read_bytes()


def test_a_file_written_just_now_is_not_trusted_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    corpus = cached_corpus(tmp_path, monkeypatch)
    everything = ["drama.xml", "nested.xml", "verse.xml"]
    assert plan_reads(corpus, reads) == everything
    assert plan_reads(corpus, reads) == everything, "times seconds old were trusted"
    monkeypatch.setattr(sources, "SETTLED_NS", 0)
    assert plan_reads(corpus, reads) == everything
    assert plan_reads(corpus, reads) == []


def test_damaged_or_absent_records_mean_every_source_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    corpus = cached_corpus(tmp_path, monkeypatch)
    monkeypatch.setattr(sources, "SETTLED_NS", 0)
    everything = ["drama.xml", "nested.xml", "verse.xml"]
    plan_reads(corpus, reads)
    records = tmp_path / "cache" / SOURCES
    assert records.is_file()
    records.write_text("{not json", encoding="utf-8")
    assert plan_reads(corpus, reads) == everything
    records.write_text('{"%s": [1, 2, 3, 4, "not hex", false]}' % (corpus / "verse.xml"), encoding="utf-8")
    assert plan_reads(corpus, reads) == everything
    reads.clear()
    make_plan([corpus], BuildSettings(use_cache=False))
    assert sorted(reads) == everything
    assert SourceRecords(None).recall(corpus / "verse.xml") is None


def test_a_source_naming_its_own_schema_is_read_each_build_only_where_that_schema_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    import json

    from edition.validate import ValidationSettings

    corpus = cached_corpus(tmp_path, monkeypatch)
    monkeypatch.setattr(sources, "SETTLED_NS", 0)
    verse = corpus / "verse.xml"
    model = '<?xml-model href="own.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    verse.write_text(verse.read_text(encoding="utf-8").replace("<TEI", model + "<TEI", 1), encoding="utf-8")
    everything = ["drama.xml", "nested.xml", "verse.xml"]
    own = BuildSettings(validation=ValidationSettings(schema="xml-model"))
    assert plan_reads(corpus, reads) == everything
    assert plan_reads(corpus, reads) == []  # validated against tei_all: the named schema is nothing to it
    reads.clear()
    make_plan([corpus], own)
    assert sorted(reads) == ["verse.xml"]
    # A record written before the schema's flag existed (six fields) is not trusted.
    records = tmp_path / "cache" / SOURCES
    old = {name: entry[:6] for name, entry in json.loads(records.read_text(encoding="utf-8")).items()}
    records.write_text(json.dumps(old), encoding="utf-8")
    reads.clear()
    make_plan([corpus], own)
    assert sorted(reads) == everything
