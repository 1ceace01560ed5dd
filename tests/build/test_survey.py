"""The survey of the previous build's files: what it finds changed, and that the child that makes
it beside the plan finds the same, dies with the build, or is done without."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
from conftest import cached_corpus

from edition.build import beside
from edition.build import survey as surveying
from edition.build.output import MARKER, Survey, intact, survey
from edition.build.pipeline import build
from edition.build.survey import BackgroundSurvey
from edition.errors import EditionError


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "dist"
    build([cached_corpus(tmp_path, monkeypatch)], out, formats=("html",))
    return out


def test_a_build_as_it_was_left_has_nothing_changed(built: Path) -> None:
    found = survey(built)
    assert found is not None
    assert found.changed == frozenset()
    assert found.committed == (built / MARKER).stat().st_mtime_ns
    assert intact(built) and intact(built, content=True)


def test_every_file_not_as_the_build_left_it_is_named(built: Path) -> None:
    edited, gone, grown, replaced = "drama/index.html", "verse/index.html", "nested/index.html", "index.html"
    data = (built / edited).read_bytes()
    (built / edited).write_bytes(data.replace(b"<main", b"<mian", 1))  # same size, written later
    (built / gone).unlink()
    (built / grown).write_bytes((built / grown).read_bytes() + b"\n")
    (built / replaced).unlink()
    (built / replaced).mkdir()
    untouched = built / "drama" / "drama.xml"
    assert untouched.is_file()
    found = survey(built)
    assert found is not None
    assert found.changed == {edited, gone, grown, replaced}
    assert not intact(built)


def test_a_folder_without_a_build_has_no_survey(tmp_path: Path) -> None:
    assert survey(tmp_path) is None
    with BackgroundSurvey(tmp_path) as background:
        assert background.result() is None
    assert multiprocessing.active_children() == []


def test_the_survey_in_the_background_is_the_one_made_here_and_leaves_no_child(built: Path) -> None:
    (built / "drama" / "index.html").unlink()
    with BackgroundSurvey(built) as background:
        found = background.result()
        assert found == survey(built)
        assert found is not None and found.changed == {"drama/index.html"}
    assert multiprocessing.active_children() == []


def test_the_survey_is_made_in_another_process(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def by_whom(out_dir: Path) -> Survey:
        return Survey(os.getpid(), frozenset())

    monkeypatch.setattr(surveying, "survey", by_whom)
    with BackgroundSurvey(built) as background:
        found = background.result()
    assert found is not None and found.committed != os.getpid()


def test_a_child_that_died_before_it_answered_is_made_good_here(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def die(*args: object) -> None:
        os._exit(1)

    monkeypatch.setattr(beside, "_call_and_send", die)
    with BackgroundSurvey(built) as background:
        assert background.result() == survey(built)


def test_where_nothing_can_be_forked_the_survey_is_made_here(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with BackgroundSurvey(built) as background:
        assert multiprocessing.active_children() == []
        assert background.result() == survey(built)


def test_a_build_that_fails_while_it_plans_leaves_no_child(built: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(EditionError):
        build([missing], built, formats=("html",))
    assert multiprocessing.active_children() == []
    assert intact(built)


def test_a_deleted_output_file_is_written_again_by_a_build_with_nothing_else_changed(
    built: Path, tmp_path: Path
) -> None:
    page = built / "verse" / "index.html"
    data = page.read_bytes()
    page.unlink()
    result = build([tmp_path / "corpus"], built, formats=("html",))
    assert not result.unchanged
    assert page.read_bytes() == data
    shutil.rmtree(built / "verse")
    build([tmp_path / "corpus"], built, formats=("html",))
    assert page.read_bytes() == data and intact(built, content=True)
