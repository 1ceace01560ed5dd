"""The in-place commit: over a previous build, only what changed is moved in, and the result is
always the clean build's, whatever happened to the output or to the build in between."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL, cached_corpus, dead_pid, snapshot, write

from edition.build import output, pipeline
from edition.build.output import MARKER, UPDATE, Staging, read_manifest, remove_stale
from edition.build.pipeline import build
from edition.errors import EditionError


def folders(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir())


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return cached_corpus(tmp_path, monkeypatch)


def clean(source: Path, where: Path) -> dict[str, bytes]:
    shutil.rmtree(where, ignore_errors=True)
    build([source], where, formats=("html",), use_cache=False)
    return snapshot(where)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_document_is_moved_in_and_the_others_stay_where_they_are(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    kept_page, changed_page = out / "drama" / "index.html", out / "verse" / "index.html"
    kept_inode, changed_inode = kept_page.stat().st_ino, changed_page.stat().st_ino
    folder_inode = out.stat().st_ino
    before = {name: ((out / name).stat().st_ino, data) for name, data in snapshot(out).items()}

    edit(corpus / "verse.xml", "summer", "winter")
    build([corpus], out, formats=("html",))
    after = {name: ((out / name).stat().st_ino, data) for name, data in snapshot(out).items()}
    same = [name for name in after if name in before and before[name][1] == after[name][1]]
    assert len(same) > len(after) // 2, "most files are the same"
    moved = [name for name in same if before[name][0] != after[name][0]]
    assert moved == [], "a file whose bytes did not change, the collection's as well, is never moved in"

    assert out.stat().st_ino == folder_inode, "the output folder was updated, not replaced"
    assert kept_page.stat().st_ino == kept_inode, "an unchanged document's page was left where it was"
    assert changed_page.stat().st_ino != changed_inode, "the changed document's page was moved in"
    assert b"winter" in changed_page.read_bytes()
    assert snapshot(out) == clean(corpus, tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "clean", "corpus", "dist"], "no staging left"


def test_documents_added_and_removed_in_place_give_the_clean_build(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    (corpus / "nested.xml").unlink()
    write(corpus, "minimal.xml", MINIMAL.read_text(encoding="utf-8"))
    build([corpus], out, formats=("html",))
    assert not (out / "nested").exists(), "a removed document's folder goes, not only its files"
    expected = clean(corpus, tmp_path / "clean")
    assert snapshot(out) == expected
    assert folders(out) == folders(tmp_path / "clean"), "no folder is left empty"

    # From a collection to one document: every file moves, and the site's shape changes.
    for name in ("verse", "drama"):
        (corpus / f"{name}.xml").unlink()
    build([corpus], out, formats=("html",))
    assert snapshot(out) == clean(corpus, tmp_path / "clean")
    assert folders(out) == folders(tmp_path / "clean")


def test_a_build_where_everything_changed_replaces_the_folder_whole(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    folder_inode = out.stat().st_ino
    monkeypatch.setattr(output, "_FEW_MOVED", 0)  # as many files as a collection of thousands
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")  # another build date: every page changes
    build([corpus], out, formats=("html",))
    assert out.stat().st_ino != folder_inode, "moving every file in one by one costs more than a new folder"
    assert snapshot(out) == clean(corpus, tmp_path / "clean")


def test_a_page_edited_in_the_output_is_not_kept(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    page = out / "drama" / "index.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<main", b"<mian", 1))  # the same size, written after the marker
    edit(corpus / "verse.xml", "summer", "winter")
    build([corpus], out, formats=("html",))
    assert page.read_bytes() == data
    assert snapshot(out) == clean(corpus, tmp_path / "clean")


def test_a_failure_before_the_point_of_no_return_leaves_the_output_as_it_was(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    before = snapshot(out)
    edit(corpus / "verse.xml", "summer", "winter")

    def no_journal(self: Staging, committed: int) -> list[str]:
        raise OSError(28, "No space left on device", str(self.folder / UPDATE))

    monkeypatch.setattr(Staging, "_settle", no_journal)
    with pytest.raises(EditionError) as raised:
        build([corpus], out, formats=("html",))
    assert raised.value.summary == "the output could not be written; the previous build is unchanged"
    assert snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_a_build_that_fails_while_moving_in_is_finished_by_the_next(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    edit(corpus / "verse.xml", "summer", "winter")
    moved: list[str] = []
    clear_way = output._clear_way

    def fails_after_one(out_dir: Path, name: str) -> Path:
        if moved:
            raise OSError(5, "Input/output error", str(out_dir / name))
        moved.append(name)
        return clear_way(out_dir, name)

    monkeypatch.setattr(output, "_clear_way", fails_after_one)
    with pytest.raises(EditionError) as raised:
        build([corpus], out, formats=("html",))
    assert raised.value.summary == "the output was only partly updated; the next build finishes the update"
    [staging] = [p for p in tmp_path.iterdir() if ".staging-" in p.name]
    assert (staging / UPDATE).is_file(), "the whole staging folder is kept for the next build"
    assert len(moved) == 1, "one file was moved in before the failure"
    monkeypatch.setattr(output, "_clear_way", clear_way)

    # The next build in the same process (serve's case) finishes it before anything else.
    with Staging(out):
        assert snapshot(out) == clean(corpus, tmp_path / "clean")
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]
    assert build([corpus], out, formats=("html",)).unchanged


def test_a_dead_builds_whole_staging_folder_is_moved_in(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    write(out, MARKER, "old marker")
    write(out, "kept.html", "kept")
    write(out, "changed.html", "old")
    write(out, "gone/old.html", "removed by the build")
    staging = tmp_path / f".dist.staging-{dead_pid()}"
    write(staging, "changed.html", "new")
    write(staging, "added/new.html", "added")
    write(staging, MARKER, "new marker")
    write(staging, UPDATE, "gone/old.html\n")
    remove_stale(out)
    assert snapshot(out) == {
        MARKER: b"new marker",
        "added/new.html": b"added",
        "changed.html": b"new",
        "kept.html": b"kept",
    }
    assert not (out / "gone").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_a_dead_builds_staging_folder_without_its_journal_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    write(out, MARKER, "old marker")
    write(out, "page.html", "old")
    staging = tmp_path / f".dist.staging-{dead_pid()}"
    write(staging, "page.html", "half written")
    write(staging, f"{UPDATE}.part", "")
    remove_stale(out)
    assert snapshot(out) == {MARKER: b"old marker", "page.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_the_manifest_of_an_in_place_build_lists_exactly_its_files(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    edit(corpus / "drama.xml", "</body>", "<p>One more line.</p></body>")
    build([corpus], out, formats=("html",))
    lines = (out / MARKER).read_text(encoding="utf-8").splitlines()[1:]
    listed = {line.split("\t", 2)[2]: int(line.split("\t", 2)[0]) for line in lines}
    on_disk = {name: len(data) for name, data in snapshot(out).items() if name != MARKER}
    assert listed == on_disk
    assert read_manifest(out)["counts"]["files"] == len(on_disk)
    assert output.intact(out, content=True)


def test_kept_files_go_into_a_new_folder_when_that_is_cheaper(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    kept_inode, folder_inode = (out / "drama" / "index.html").stat().st_ino, out.stat().st_ino
    monkeypatch.setattr(output, "_FEW_MOVED", 0)
    monkeypatch.setattr(output, "_KEPT_PER_MOVED", 10_000)  # as if moving in cost more than linking all
    edit(corpus / "verse.xml", "summer", "winter")
    build([corpus], out, formats=("html",))
    assert out.stat().st_ino != folder_inode, "a new folder"
    assert (out / "drama" / "index.html").stat().st_ino == kept_inode, "with the kept files linked, not copied"
    assert snapshot(out) == clean(corpus, tmp_path / "clean")


def test_many_staged_files_are_read_back_from_the_sizes_file(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "_STAGED_KNOWN", 0)  # as if more were staged than memory keeps
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    kept_inode = (out / "drama" / "index.html").stat().st_ino
    (corpus / "nested.xml").unlink()
    edit(corpus / "verse.xml", "summer", "winter")
    build([corpus], out, formats=("html",))
    assert (out / "drama" / "index.html").stat().st_ino == kept_inode
    assert snapshot(out) == clean(corpus, tmp_path / "clean")
    assert folders(out) == folders(tmp_path / "clean")


def test_kept_names_answer_as_a_set_of_the_names_would() -> None:
    kept = output.KeptNames()
    names = [f"letter-{n:04}/dts/navigation/p{n % 7}.json" for n in range(3_000)]
    kept.update(names[:1_500])
    kept.add("index.html")
    assert len(kept) == 1_501
    others = [*names[1_500:], "index.htm", "", "letter-0001/"]
    assert all(name in kept for name in [*names[:1_500], "index.html"])
    assert not any(name in kept for name in others)
    assert hash("index.html") in kept.hashes() and len(kept) == 1_501
    with pytest.raises(AssertionError):
        kept.add("late.html")  # asked after, the names are settled
    kept.clear()
    assert "index.html" not in kept and len(kept) == 0


def test_in_place_the_build_has_what_it_kept_or_wrote_and_not_what_it_leaves_behind(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    first = {"a/index.html": b"<p>a</p>", "b/index.html": b"<p>b</p>", "index.html": b"<p>root</p>"}
    output.publish(first, out, {"build": "one"})
    with Staging(out, in_place=True) as staging:
        # a's file left where it is; b gone from this build; the root written again as it was;
        # c new.
        kept = {"a/index.html": output.digest_of(first["a/index.html"])}
        assert staging.keep_all(out, kept, sizes={"a/index.html": len(first["a/index.html"])})
        staging.write("index.html", first["index.html"])
        staging.write("c/index.html", b"<p>c</p>")
        assert [staging.has(name) for name in ("a/index.html", "index.html", "c/index.html")] == [True] * 3
        assert not staging.has("b/index.html"), "a file of the previous build that this one leaves"
        assert not staging.has("d/index.html")
        staging.commit({"build": "two"})
    assert {name: data for name, data in snapshot(out).items() if name != MARKER} == {
        "a/index.html": b"<p>a</p>",
        "index.html": b"<p>root</p>",
        "c/index.html": b"<p>c</p>",
    }


def test_kept_files_are_trusted_while_the_survey_runs_and_the_build_made_again_if_it_finds_one_changed(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    surveys: list[object] = []
    staged = pipeline._staged

    def recorded(*args: Any) -> Any:
        surveys.append(args[5])  # the survey it was given: None while it runs
        return staged(*args)

    monkeypatch.setattr(pipeline, "_staged", recorded)
    edit(corpus / "verse.xml", "summer", "winter")
    build([corpus], out, formats=("html",))
    assert surveys == [None]
    page = out / "drama" / "index.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<main", b"<mian", 1))
    edit(corpus / "verse.xml", "winter", "autumn")
    surveys.clear()
    build([corpus], out, formats=("html",))
    assert len(surveys) == 2 and surveys[0] is None
    second = surveys[1]
    assert isinstance(second, output.Survey) and second.changed == {"drama/index.html"}
    assert page.read_bytes() == data
    assert snapshot(out) == clean(corpus, tmp_path / "clean")


def test_files_kept_on_trust_are_not_committed_before_a_survey_bears_them_out(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build([corpus], out, formats=("html",))
    before = snapshot(out)
    with Staging(out, in_place=True, surveying=True) as staging:
        with pytest.raises(RuntimeError, match="on trust"):
            staging.commit({})
        assert not staging.confirm_kept(None)
        assert staging.confirm_kept(output.survey(out))
    assert snapshot(out) == before
