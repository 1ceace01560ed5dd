"""Parallel builds: documents rendered in worker processes give exactly the files of one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GENERAL

from edition.errors import EditionError
from edition.pipeline import build


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_and_sequential_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sources = [GENERAL / "verse.xml", GENERAL / "drama.xml", GENERAL / "nested.xml"]
    one = build(sources, tmp_path / "one", jobs=1)
    two = build(sources, tmp_path / "two", jobs=2)
    assert (one.documents, one.pages) == (two.documents, two.pages) == (3, 10)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert (tmp_path / "two" / "drama" / "drama.pdf").stat().st_size > 10_000


def test_a_worker_that_fails_reports_the_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc: object) -> object:
        raise RuntimeError("layout exploded")

    # Worker processes are forked from this one, so they inherit the patch.
    monkeypatch.setattr("edition.pipeline.render_pdf", broken)
    with pytest.raises(EditionError) as raised:
        build([GENERAL / "verse.xml", GENERAL / "drama.xml"], tmp_path / "out", formats=("pdf",), jobs=2)
    assert sorted((p.rule, Path(p.file).name) for p in raised.value.problems) == [
        ("pdf-render", "drama.xml"),
        ("pdf-render", "verse.xml"),
    ]
    assert not (tmp_path / "out").exists()
