"""Releases under faults: a full disk, two releases at once, a version given twice or with a
newline. A release happens whole (the snapshot in ``releases/`` and the source recording it) or
not at all, and every refusal is one clear line."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL, PROJECT

import build as cli_module
from edition.build import pipeline
from edition.errors import EditionError
from edition.release import release

PAGE = 4096


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "source" / "minimal.xml"
    source.parent.mkdir()
    source.write_bytes(MINIMAL.read_bytes())
    return source, tmp_path / "releases"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs of its own, to be filled up (mounting needs root, which the project's
    machines and CI have)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("filling a disk needs a tmpfs of its own, and mounting one needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill (mount said: {mounted.stderr.strip() or mounted.returncode})")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def free(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def fill(disk: Path, leave: int) -> Path:
    """Take all of the disk's free space but ``leave`` bytes."""
    filler = disk / "filler"
    with filler.open("wb") as stream:
        os.posix_fallocate(stream.fileno(), 0, free(disk) - leave)
    assert free(disk) == leave
    return filler


def padded_source(disk: Path) -> tuple[Path, bytes]:
    """The minimal document padded to just under two pages, so that recording a release (about
    150 bytes more) makes it need a third: rewriting it in place on a full disk truncates it."""
    text = MINIMAL.read_bytes()
    start = text.index(b"<TEI")
    padding = 2 * PAGE - 40 - len(text) - len(b"<!--  -->\n")
    data = text[:start] + b"<!-- " + b"x" * padding + b" -->\n" + text[start:]
    source = disk / "source" / "minimal.xml"
    source.parent.mkdir()
    source.write_bytes(data)
    return source, data


def test_a_release_on_a_full_disk_changes_nothing_and_a_retry_works(small_disk: Path) -> None:
    source, original = padded_source(small_disk)
    releases = small_disk / "releases"
    # How much a release takes on this disk: the snapshot, and the page more the source needs.
    before = free(small_disk)
    release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
    need = before - free(small_disk)
    shutil.rmtree(releases)
    source.write_bytes(original)
    assert free(small_disk) == before and need > 2 * PAGE

    # Short of one page the snapshot fits and the recorded source does not (the case that
    # truncated the source); short of more, the snapshot itself does not fit.
    for short in (PAGE, 2 * PAGE, 3 * PAGE, need // 2 // PAGE * PAGE):
        filler = fill(small_disk, need - short)
        with pytest.raises(EditionError) as raised:
            release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
        assert [p.rule for p in raised.value.problems] == ["release-unwritable"], short
        assert raised.value.problems[0].message == "No space left on device"
        assert raised.value.summary == (
            "the release could not be written; the source and the releases folder are unchanged"
        )
        assert source.read_bytes() == original, f"the source was changed, {short} bytes short"
        assert not releases.exists(), f"{sorted(p.name for p in releases.iterdir())} left, {short} bytes short"
        assert sorted(p.name for p in source.parent.iterdir()) == ["minimal.xml"], "a temporary file was left"
        filler.unlink()

    fill(small_disk, PAGE)
    result = CliRunner().invoke(
        cli_module.cli, ["release", "0.2.0", "--source", str(source), "--releases", str(releases)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ": release-unwritable: No space left on device" in result.output
    assert source.read_bytes() == original
    (small_disk / "filler").unlink()

    target = release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
    assert (target / "index.html").is_file()
    assert b'<change when="2026-11-25" n="0.2.0" status="published">' in source.read_bytes()
    assert (target / "minimal.xml").read_bytes() == source.read_bytes()


def test_a_second_release_while_one_runs_is_refused(project: tuple[Path, Path]) -> None:
    source, releases = project
    before = source.read_bytes()
    seen: list[subprocess.CompletedProcess[str]] = []
    build = pipeline.build

    def build_and_release_again(*args: object, **kwargs: object) -> object:
        # While this release builds, another process releases 4.1.0 from the same source.
        command = [sys.executable, str(PROJECT / "build.py"), "release", "4.1.0"]
        command += ["--source", str(source), "--releases", str(releases)]
        seen.append(subprocess.run(command, capture_output=True, text=True, check=False, cwd=source.parent))
        return build(*args, **kwargs)  # type: ignore[arg-type]

    pipeline.build = build_and_release_again  # type: ignore[assignment]
    try:
        release(source, "4.0.0", releases, date="2026-11-25", with_pdf=False)
    finally:
        pipeline.build = build
    [other] = seen
    assert other.returncode == 1, other.stderr
    assert "Traceback" not in other.stderr
    lines = other.stderr.splitlines()
    assert lines[0].endswith(": release-busy: another release is being made into this folder; wait for it to finish"), (
        other.stderr
    )
    assert sorted(p.name for p in releases.iterdir()) == ["4.0.0"]
    recorded = source.read_bytes()
    assert recorded != before and b'n="4.0.0"' in recorded and b'n="4.1.0"' not in recorded
    # Once the first is done, the second goes through, with its changes page.
    release(source, "4.1.0", releases, date="2026-11-26", with_pdf=False)
    assert (releases / "4.1.0" / "changes.html").is_file()
    assert b'n="4.1.0"' in source.read_bytes()


def test_a_held_lock_refuses_the_release_and_leaves_nothing(project: tuple[Path, Path]) -> None:
    source, releases = project
    releases.mkdir()
    before = source.read_bytes()
    holder = os.open(releases, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(EditionError) as raised:
            release(source, "4.1.0", releases, with_pdf=False)
    finally:
        os.close(holder)
    assert [p.rule for p in raised.value.problems] == ["release-busy"]
    assert source.read_bytes() == before and list(releases.iterdir()) == []


def test_the_same_version_twice_is_one_clear_refusal_and_leaves_nothing(project: tuple[Path, Path]) -> None:
    source, releases = project
    release(source, "3.0.0", releases, date="2026-11-25", with_pdf=False)
    after_first = source.read_bytes()
    result = CliRunner().invoke(
        cli_module.cli, ["release", "3.0.0", "--source", str(source), "--releases", str(releases)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "release-exists: this version was released; releases are never overwritten" in result.output
    assert sorted(p.name for p in releases.iterdir()) == ["3.0.0"]
    assert source.read_bytes() == after_first


def test_a_version_made_meanwhile_without_the_lock_is_refused_cleanly(project: tuple[Path, Path]) -> None:
    source, releases = project
    before = source.read_bytes()
    build = pipeline.build

    def build_while_another_writes(*args: object, **kwargs: object) -> object:
        made = build(*args, **kwargs)  # type: ignore[arg-type]
        (releases / "3.0.0").mkdir()
        (releases / "3.0.0" / "index.html").write_text("another release's page")
        return made

    pipeline.build = build_while_another_writes  # type: ignore[assignment]
    try:
        with pytest.raises(EditionError) as raised:
            release(source, "3.0.0", releases, with_pdf=False)
    finally:
        pipeline.build = build
    assert [p.rule for p in raised.value.problems] == ["release-exists"]
    assert sorted(p.name for p in releases.iterdir()) == ["3.0.0"], "no .3.0.0.staging is left"
    assert (releases / "3.0.0" / "index.html").read_text() == "another release's page"
    assert source.read_bytes() == before


@pytest.mark.parametrize("version", ["2.0.0\n", "2.0.0\r\n", " 2.0.0", "2.0.0 ", "02.0.0", "2.0", "2.0.0-rc1"])
def test_a_version_that_is_not_exactly_major_minor_patch_is_refused(project: tuple[Path, Path], version: str) -> None:
    source, releases = project
    before = source.read_bytes()
    with pytest.raises(EditionError) as raised:
        release(source, version, releases, with_pdf=False)
    [problem] = raised.value.problems
    assert problem.rule == "release-version"
    assert problem.message == f"{version!r} is not a version (MAJOR.MINOR.PATCH)"
    assert source.read_bytes() == before and not releases.exists()
