"""The plan reads each source once: a document's key comes from those bytes, and a document that
is built is read again only if they are still its bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import GENERAL, cached_corpus, snapshot, write

from edition.build import pipeline
from edition.build.document import with_source
from edition.build.pipeline import build
from edition.build.plan import BuildSettings, Plan, job_key, make_plan
from edition.errors import EditionError
from edition.tei.load import display_name


def corpus(folder: Path) -> Path:
    for name in ("verse", "drama", "nested"):
        write(folder, f"{name}.xml", (GENERAL / f"{name}.xml").read_text(encoding="utf-8"))
    return folder


def test_a_planned_job_has_the_key_of_its_bytes_and_no_bytes_until_asked(tmp_path: Path) -> None:
    plan = make_plan([corpus(tmp_path / "corpus")], BuildSettings())
    for position, path in enumerate(plan.paths):
        job = plan.job(position)
        data = path.read_bytes()
        assert job.source == b"" and job.digest == hashlib.sha256(data).digest()
        read = with_source(job)
        assert read.source == data
        # The key the plan made without the bytes is the key made from them.
        assert job.key == job_key(read)
        assert plan.job(position).key == job.key


def test_a_source_changed_after_it_was_planned_is_not_read_as_the_planned_one(tmp_path: Path) -> None:
    plan = make_plan([corpus(tmp_path / "corpus")], BuildSettings())
    job = plan.job(0)
    job.path.write_bytes(job.path.read_bytes().replace(b"</body>", b"<p>later</p></body>", 1))
    with pytest.raises(EditionError) as raised:
        with_source(job)
    assert [(p.file, p.rule) for p in raised.value.problems] == [(display_name(job.path), "source-changed")]
    job.path.unlink()
    with pytest.raises(EditionError) as raised:
        with_source(job)
    assert [p.rule for p in raised.value.problems] == ["unreadable-file"]


def test_a_build_whose_source_changes_while_it_runs_stops_and_leaves_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = cached_corpus(tmp_path, monkeypatch)
    out = tmp_path / "dist"
    build([source], out, formats=("html",))
    before = snapshot(out)
    edited = source / "verse.xml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</body>", "<p>planned</p></body>", 1))
    planned = pipeline.make_plan

    def plan_then_edit(sources: list[Path], settings: BuildSettings) -> Plan:
        plan = planned(sources, settings)
        edited.write_text(edited.read_text(encoding="utf-8").replace("planned", "edited later", 1))
        return plan

    monkeypatch.setattr(pipeline, "make_plan", plan_then_edit)
    with pytest.raises(EditionError) as raised:
        build([source], out, formats=("html",))
    assert [(p.file, p.rule) for p in raised.value.problems] == [(display_name(edited), "source-changed")]
    assert snapshot(out) == before
    # Planned again, it builds what the source now says.
    monkeypatch.setattr(pipeline, "make_plan", planned)
    build([source], out, formats=("html",))
    assert b"edited later" in (out / "verse" / "index.html").read_bytes()


def test_a_collection_reads_each_source_once_when_it_plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path / "corpus")
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counted(self: Path) -> bytes:
        if self.suffix == ".xml" and self.parent == folder:
            reads.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    plan = make_plan([folder], BuildSettings())
    assert plan.keys() and sorted(reads) == sorted(plan.paths)


_OPEN_SCHEMA = """<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="any"/></start>
<define name="any"><element><anyName/><zeroOrMore><choice><attribute><anyName/></attribute><text/><ref name="any"/>
</choice></zeroOrMore></element></define></grammar>"""
_CLOSED_SCHEMA = """<grammar xmlns="http://relaxng.org/ns/structure/1.0">
<start><element name="nothing"><empty/></element></start></grammar>"""


def test_an_edited_schema_validates_every_document_again_wherever_the_build_runs_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edition.validate import ValidationSettings

    source = cached_corpus(tmp_path, monkeypatch)
    schema = tmp_path / "project" / "my.rng"
    schema.parent.mkdir()
    schema.write_text(_OPEN_SCHEMA, encoding="utf-8")
    settings = ValidationSettings(schema="my.rng", project=schema.parent)
    out = tmp_path / "dist"
    assert build([source], out, formats=("html",), validation=settings).warnings == 0
    schema.write_text(_CLOSED_SCHEMA, encoding="utf-8")
    again = build([source], out, formats=("html",), validation=settings)
    assert not again.unchanged and again.warnings == 3, "the documents were not checked against the edited schema"
    # The same schema reached from another project folder (a build run from elsewhere, say) is
    # the same build: nothing to do.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = ValidationSettings(schema=str(schema), project=elsewhere)
    assert build([source], out, formats=("html",), validation=moved).unchanged is False  # another way to name it
    assert build([source], out, formats=("html",), validation=moved).unchanged
    tei_all = [ValidationSettings(project=folder) for folder in (schema.parent, elsewhere)]
    build([source], out, formats=("html",), validation=tei_all[0])
    assert build([source], out, formats=("html",), validation=tei_all[1]).unchanged


def test_an_edited_schema_that_the_documents_name_validates_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edition.build import sources
    from edition.validate import ValidationSettings

    monkeypatch.setattr(sources, "SETTLED_NS", 0)  # the sources' records trusted at once
    source = cached_corpus(tmp_path, monkeypatch)
    schema = source / "schema" / "own.rng"
    schema.parent.mkdir()
    schema.write_text(_OPEN_SCHEMA, encoding="utf-8")
    model = '<?xml-model href="schema/own.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    for document in source.glob("*.xml"):
        text = document.read_text(encoding="utf-8")
        document.write_text(text.replace("<TEI", model + "<TEI", 1), encoding="utf-8")
    settings = ValidationSettings(schema="xml-model")
    out = tmp_path / "dist"
    assert build([source], out, formats=("html",), validation=settings).warnings == 0
    assert build([source], out, formats=("html",), validation=settings).unchanged
    schema.write_text(_CLOSED_SCHEMA, encoding="utf-8")
    again = build([source], out, formats=("html",), validation=settings)
    assert not again.unchanged and again.warnings == 3, "the documents were not checked against their edited schema"
    assert build([source], out, formats=("html",), validation=settings).unchanged
