"""``verify`` on odd bags and archives: a link to ``/dev/zero``, a named pipe, a zip bomb, a zip
whose names clash. Each is a named problem, found at once, in flat memory; never a hang or a
traceback. Every run is a real ``build.py verify`` process with a timeout, so that a hang fails
the test instead of stopping the suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import bagit
import pytest
from conftest import PROJECT

from edition.archive.package import verify


def run_verify(target: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(PROJECT / "build.py"), "verify", str(target)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, cwd=target.parent)


# Runs build.py's command line in this process and, however it ends, writes the process's VmHWM
# (its peak resident size in KiB) to the file named by the first argument.
_MEASURED = """
import runpy, sys
report, script = sys.argv[1], sys.argv[2]
sys.argv = sys.argv[2:]
try:
    runpy.run_path(script, run_name="__main__")
finally:
    status = open("/proc/self/status").read()
    peak = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    open(report, "w").write(peak)
"""


def run_verify_measured(target: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run verify and return its own peak resident size in KiB.

    Neither RUSAGE_CHILDREN nor wait4's rusage will do: Linux counts into a child's ru_maxrss the
    resident size of the process it was forked from (here pytest, some 450 MiB late in a run)
    until it executes Python. VmHWM belongs to the memory of the program that runs, so the child
    reads its own at exit.
    """
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "peak"
        command = [sys.executable, "-c", _MEASURED, str(report), str(PROJECT / "build.py"), "verify", str(target)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, cwd=target.parent)
        return result, int(report.read_text())


@pytest.fixture
def bag(tmp_path: Path) -> Path:
    """A small valid bag (SHA-256 and SHA-512), made by bagit itself."""
    folder = tmp_path / "edition-1.0.0"
    (folder / "tei").mkdir(parents=True)
    (folder / "tei" / "doc.xml").write_text("<TEI/>\n", encoding="utf-8")
    (folder / "index.html").write_text("<p>edition</p>\n", encoding="utf-8")
    bagit.make_bag(str(folder), checksums=["sha256", "sha512"])
    verify(folder)  # valid as made
    return folder


@pytest.mark.parametrize("special", ["link to /dev/zero", "named pipe", "link to a named pipe"])
def test_a_bag_holding_something_not_a_regular_file_is_named_and_never_read(bag: Path, special: str) -> None:
    odd = bag / "data" / "odd.html"
    if special == "link to /dev/zero":
        odd.symlink_to("/dev/zero")
        kind = "a symbolic link"
    elif special == "named pipe":
        os.mkfifo(odd)
        kind = "a named pipe (FIFO)"
    else:
        os.mkfifo(bag / "pipe")
        odd.symlink_to(bag / "pipe")
        kind = "a symbolic link"
    result = run_verify(bag)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert f"{bag.name}/data/odd.html:0:0: bag-not-regular: {kind}; only regular files are read" in lines
    if special == "link to a named pipe":
        assert f"{bag.name}/pipe:0:0: bag-not-regular: a named pipe (FIFO); only regular files are read" in lines


def test_a_manifest_that_is_a_link_to_dev_zero_is_not_read(bag: Path) -> None:
    (bag / "manifest-sha256.txt").unlink()
    (bag / "manifest-sha256.txt").symlink_to("/dev/zero")
    result = run_verify(bag)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{bag.name}/manifest-sha256.txt:0:0: bag-not-regular: a symbolic link; not read" in result.stderr


def zip_of(bag: Path, archive: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as opened:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                opened.write(path, f"{bag.name}/{path.relative_to(bag).as_posix()}")
        for name, data in (extra or {}).items():
            opened.writestr(name, data)
    return archive


def test_a_zip_bomb_is_refused_before_it_is_unpacked_in_flat_memory(bag: Path, tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as opened,
        opened.open(f"{bag.name}/data/zeros.html", "w", force_zip64=True) as member,
    ):
        for _ in range(512):  # 512 MiB of zeros, about 0.5 MB packed
            member.write(bytes(1 << 20))
    assert archive.stat().st_size < 1_000_000
    result, peak = run_verify_measured(archive)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [line, summary] = result.stderr.splitlines()
    assert line.startswith(f"bomb.zip/{bag.name}/data/zeros.html:0:0: package-archive: 536870912 bytes packed into ")
    assert line.endswith("expands more than 200 times, a zip bomb; nothing was unpacked"), line
    assert summary == "1 problem found; bomb.zip is not valid"
    # Read whole, the member alone would take 512 MiB (and twice that while it was joined).
    assert peak < 400 * 1024, f"verify took {peak // 1024} MiB"


def test_a_zip_whose_names_clash_is_a_named_problem(bag: Path, tmp_path: Path) -> None:
    archive = zip_of(
        bag, tmp_path / "clash.zip", {f"{bag.name}/data/x": b"a file", f"{bag.name}/data/x/y": b"a file in it"}
    )
    result = run_verify(archive)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert (
        f"clash.zip/{bag.name}/data/x/y:0:0: package-archive: cannot be unpacked: a file and a folder of the zip"
        " have this name"
    ) in result.stderr.splitlines()


def test_a_zip_naming_a_member_twice_is_a_named_problem(bag: Path, tmp_path: Path) -> None:
    archive = tmp_path / "twice.zip"
    zip_of(bag, archive)
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(archive, "a") as opened:
        opened.writestr(f"{bag.name}/data/index.html", b"<p>another edition</p>\n")
    result = run_verify(archive)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"twice.zip/{bag.name}/data/index.html:0:0: package-archive: is in the zip twice; unpacked once" in (
        result.stderr.splitlines()
    )


def test_a_valid_zip_still_verifies(bag: Path, tmp_path: Path) -> None:
    archive = zip_of(bag, tmp_path / "good.zip")
    assert verify(archive).files == 2
    shutil.rmtree(bag)
