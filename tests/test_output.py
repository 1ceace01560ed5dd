"""Output: a build replaces the output folder whole, and a failed build leaves it as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, MINIMAL, snapshot

from edition.build.output import MARKER, publish
from edition.build.pipeline import build
from edition.errors import EditionError
from edition.validate import CITABLE


def test_publish_replaces_the_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish({"a.txt": b"one", "sub/b.txt": b"two"}, out)
    publish({"c.txt": b"three"}, out)
    assert snapshot(out) == {"c.txt": b"three", MARKER: (out / MARKER).read_bytes()}
    assert [p.name for p in tmp_path.iterdir()] == ["dist"], "no staging or retired folders are left"


def test_publish_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    with pytest.raises(EditionError, match="nothing was written"):
        publish({"a.txt": b"x"}, precious)
    assert (precious / "thesis.tex").read_text() == "years of work"


def test_publish_refuses_paths_outside_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="leave the output folder"):
        publish({"../escape.txt": b"x"}, tmp_path / "dist")
    assert not (tmp_path / "escape.txt").exists()


def test_failed_build_leaves_the_previous_build_intact(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = build([MINIMAL], out)
    assert (result.documents, result.pages) == (1, 7)
    before = snapshot(out)
    assert before["minimal.txt"].startswith(b"Ada Author\nA Minimal Book")
    with pytest.raises(EditionError) as raised:
        build([MINIMAL, FIXTURES / "invalid" / "para-id.xml"], out, validation=CITABLE)
    assert [p.rule for p in raised.value.problems] == ["para-id"]
    assert snapshot(out) == before


def test_documents_with_the_same_name_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "other" / "minimal.xml"
    copy.parent.mkdir()
    copy.write_bytes(MINIMAL.read_bytes())
    with pytest.raises(EditionError) as raised:
        build([MINIMAL, copy], tmp_path / "dist")
    assert [p.rule for p in raised.value.problems] == ["duplicate-name"]
    assert not (tmp_path / "dist").exists()
