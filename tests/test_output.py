"""Output: a build replaces the output folder whole, and a failed build leaves it as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES, MINIMAL, snapshot

from edition.build.output import MARKER, make_folder, publish, write_file, write_files
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


def test_files_written_together_are_those_written_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    files = {
        "a/index.html": b"<p>one</p>",
        "a/b/c/deep.json": b"{}",
        "top.txt": b"",
        "a/big.bin": bytes(range(256)) * 4096,
    }
    write_files(tmp_path / "together", files)
    for name, data in files.items():
        write_file(tmp_path / "alone", name, data)
    assert snapshot(tmp_path / "together") == snapshot(tmp_path / "alone") == files
    times = {p.stat().st_mtime for p in (tmp_path / "together").rglob("*") if p.is_file()}
    assert times == {1700000000}


def test_one_bytes_object_under_two_names_is_one_file_linked(tmp_path: Path) -> None:
    source = b"<TEI>the source</TEI>" * 100
    equal_copy = bytes(bytearray(source))  # equal bytes, another object: a file of its own
    files = {"doc/doc.xml": source, "dts/document/doc.xml": source, "copy.xml": equal_copy, "a": b"", "b": b""}
    (tmp_path / "out" / "dts").mkdir(parents=True)
    (tmp_path / "out" / "dts" / "document").mkdir()
    (tmp_path / "out" / "dts" / "document" / "doc.xml").write_bytes(b"an older file in the way")
    write_files(tmp_path / "out", files)
    assert snapshot(tmp_path / "out") == files
    first, second, third = (tmp_path / "out" / name for name in ("doc/doc.xml", "dts/document/doc.xml", "copy.xml"))
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2
    assert third.stat().st_ino != first.stat().st_ino
    assert (tmp_path / "out" / "a").stat().st_ino != (tmp_path / "out" / "b").stat().st_ino  # empty: no link


def test_a_file_there_already_is_replaced_and_not_written_through(tmp_path: Path) -> None:
    previous = tmp_path / "previous.html"
    previous.write_bytes(b"the previous build's page")
    (tmp_path / "staging").mkdir()
    os.link(previous, tmp_path / "staging" / "page.html")
    write_files(tmp_path / "staging", {"page.html": b"the new page"})
    assert (tmp_path / "staging" / "page.html").read_bytes() == b"the new page"
    assert previous.read_bytes() == b"the previous build's page"


def test_files_written_together_stay_inside_their_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="leave the output folder"):
        write_files(tmp_path / "dist", {"ok.txt": b"x", "../escape.txt": b"x"})
    assert not (tmp_path / "escape.txt").exists()


def test_each_folder_is_made_once_with_one_call_and_a_file_in_the_way_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "there").mkdir()
    calls: list[str] = []
    real = os.mkdir

    def counted(path: str, *args: object) -> None:
        calls.append(path)
        real(path)

    monkeypatch.setattr(os, "mkdir", counted)
    root, made = str(tmp_path / "cache"), set[str]()
    for name in ("a/index.html", "dts/collection/a.json", "dts/navigation/a/p1.json", "dts/navigation/a/p2.json"):
        make_folder(f"{root}/{name}".rpartition("/")[0], made)
    wanted = ["cache", "cache/a", "cache/dts", "cache/dts/collection", "cache/dts/navigation", "cache/dts/navigation/a"]
    # Each made once, after one failed try where its parent was not yet made.
    tried_first = ["cache/a", "cache/dts/collection", "cache/dts/navigation/a"]
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in calls) == sorted([*wanted, *tried_first])
    assert all((tmp_path / folder).is_dir() for folder in wanted)
    make_folder(str(tmp_path / "there"), set())  # already there: no error
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileExistsError):
        make_folder(str(tmp_path / "file"), set())
    with pytest.raises(NotADirectoryError):
        make_folder(str(tmp_path / "file" / "below"), set())


def test_flat_names_are_one_file_name_each_and_never_the_same() -> None:
    from edition.build.output import FLAT_LIMIT, flat_name

    stem = "Письмо_" * 20  # 140 characters, 260 bytes: each part of the path a file name, not both joined
    names = [f"{stem}/{stem}.xml", "a/b.html", "a%2Fb.html", "a%b.html", "dts/navigation/x;down=-1/p1.json"]
    flats = [flat_name(name) for name in names]
    assert len(set(flats)) == len(flats) and not any("/" in flat for flat in flats)
    assert all(len(flat.encode()) <= max(FLAT_LIMIT, 66) for flat in flats)
    assert flats[1:4] == ["a%2Fb.html", "a%252Fb.html", "a%25b.html"]
    assert flats[0].startswith("%%") and flat_name(f"{stem}/{stem}.html") != flats[0]
