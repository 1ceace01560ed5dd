"""A call made beside the build: its answer comes from another process, is the one the build's own
process would make, and is made there after all when no child can answer; and a build of one
document makes its PDF beside its HTML, to the same bytes."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from edition.build import beside
from edition.build.beside import Beside
from edition.build.pipeline import build
from edition.errors import EditionError
from edition.pdf.render import PrintResult

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GENERAL = FIXTURES / "general"


def whose(label: str) -> tuple[str, int]:
    return label, os.getpid()


def failing(message: str) -> int:
    raise ValueError(message)


def test_the_answer_comes_from_another_process() -> None:
    with Beside(whose, "asked", answers=tuple) as call:
        assert call.forked
        label, pid = call.result()
        assert call.result() == (label, pid)  # asked again: the same answer, no second call
    assert label == "asked" and pid != os.getpid()
    assert multiprocessing.active_children() == []


def test_not_started_the_call_is_made_here() -> None:
    with Beside(whose, "here", answers=tuple, start=False) as call:
        assert not call.forked
        assert call.result() == ("here", os.getpid())


def test_a_call_that_fails_in_the_child_fails_here_with_its_own_error() -> None:
    with Beside(failing, "no layout", answers=int) as call, pytest.raises(ValueError, match="no layout"):
        call.result()
    assert multiprocessing.active_children() == []


def test_a_child_that_died_is_made_good_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def die(*args: object) -> None:
        os._exit(1)

    monkeypatch.setattr(beside, "_call_and_send", die)
    with Beside(whose, "again", answers=tuple) as call:
        assert call.result() == ("again", os.getpid())


def test_an_answer_of_another_kind_is_not_taken() -> None:
    with Beside(whose, "typed", answers=int) as call:
        assert call.result() == ("typed", os.getpid())


def test_where_nothing_can_be_forked_the_call_is_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with Beside(whose, "spawned", answers=tuple) as call:
        assert not call.forked and multiprocessing.active_children() == []
        assert call.result() == ("spawned", os.getpid())


def test_a_child_still_working_is_ended_with_the_build() -> None:
    import time

    with Beside(time.sleep, 60, answers=type(None)) as call:
        assert call.forked
    assert multiprocessing.active_children() == []


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_one_document_on_two_cores_has_its_pdf_made_beside_and_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    source = GENERAL / "verse.xml"
    build([source], tmp_path / "one", jobs=1, use_cache=False)
    build([source], tmp_path / "two", jobs=2, use_cache=False)
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert one.keys() == two.keys() and "verse.pdf" in one and "index.html" in one
    assert [name for name in one if one[name] != two[name]] == []

    from edition.build import document
    from edition.pdf.render import render_pdf as real

    def where(*args: object, **kwargs: object) -> PrintResult:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        return PrintResult(f"made by {os.getpid()}".encode(), result.pages, result.refused, result.warnings)

    monkeypatch.setattr(document, "render_pdf", where)
    build([source], tmp_path / "beside", jobs=2, use_cache=False)
    build([source], tmp_path / "alone", jobs=1, use_cache=False)
    assert (tmp_path / "beside" / "verse.pdf").read_bytes() != f"made by {os.getpid()}".encode()
    assert (tmp_path / "alone" / "verse.pdf").read_bytes() == f"made by {os.getpid()}".encode()
    assert multiprocessing.active_children() == []


def test_a_pdf_that_fails_beside_is_reported_as_the_document_s(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("edition.build.document.render_pdf", broken)
    with pytest.raises(EditionError) as raised:
        build([GENERAL / "verse.xml"], tmp_path / "out", jobs=2, use_cache=False)
    (problem,) = raised.value.problems
    assert problem.rule == "pdf-render" and "layout exploded" in problem.message
    assert not (tmp_path / "out").exists()
    assert multiprocessing.active_children() == []
