"""The file system's floor under a cold build: writing the very tree the build wrote, and nothing else.

A cold build of a collection writes tens of files a document (pages, citation files, DTS passages,
the source), and on some machines creating a file costs far more than rendering it: on this
project's machine a new inode costs 0.4-0.7 ms of system CPU, a hard link or a rewrite of an
existing file a tenth of that. This benchmark puts a cold build beside that floor, measured in the
same run, as ``bench_pdf.py`` puts the PDF beside one WeasyPrint layout:

1. ``N`` letters (``generated.letters``), built cold by the CLI (``build.py html``, ``-j`` jobs,
   no render cache, the validation cache warm from a first build): wall, user and system seconds;
2. the output tree it left read into memory, then written again into a fresh folder beside it by
   as many processes as the build had jobs, each writing a share of the folders and files (hard
   links where the build's files share an inode), with nothing else done: wall, user and system
   seconds, and the cost of one file;
3. the ratio of the build to the floor, and what is left of the build when the floor is taken off.

Run: ``.venv/bin/python bench/bench_files.py [--letters 200,1000] [-j 2] [--rounds 3]``; medians of
the rounds. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))

from generated import letters  # noqa: E402


def _children_cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def build_cold(source: Path, out: Path, cache: Path, jobs: int) -> tuple[float, float, float]:
    """Wall, user and system seconds of one cold ``build.py html`` (render cache and output gone)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache / "render", ignore_errors=True)
    command = [sys.executable, str(PROJECT / "build.py"), "-q", "html", "--source", str(source), "--out", str(out)]
    env = {**os.environ, "EDITION_CACHE_DIR": str(cache)}
    user, system = _children_cpu()
    started = time.perf_counter()
    subprocess.run([*command, "-j", str(jobs)], check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    user_after, system_after = _children_cpu()
    return wall, user_after - user, system_after - system


def read_tree(root: Path) -> tuple[list[str], list[tuple[str, bytes | str]]]:
    """The folders (parents first) and the files of a tree: each file's bytes, or, for a further
    name of an inode already listed, the name it is a hard link to."""
    folders: list[str] = []
    files: list[tuple[str, bytes | str]] = []
    seen: dict[tuple[int, int], str] = {}
    for folder, names, file_names in os.walk(root):
        relative = os.path.relpath(folder, root)
        if relative != ".":
            folders.append(relative)
        names.sort()
        for name in sorted(file_names):
            path = os.path.join(folder, name)
            status = os.stat(path)
            key = (status.st_dev, status.st_ino)
            name_in_tree = os.path.normpath(os.path.join(relative, name))
            if key in seen:
                files.append((name_in_tree, seen[key]))
            else:
                seen[key] = name_in_tree
                with open(path, "rb") as stream:
                    files.append((name_in_tree, stream.read()))
    return folders, files


def _write_share(target: Path, folders: list[str], files: list[tuple[str, bytes | str]], share: int, of: int) -> None:
    for index, folder in enumerate(folders):
        if index % of == share:
            os.makedirs(target / folder, exist_ok=True)
    for index, (name, data) in enumerate(files):
        if index % of != share:
            continue
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)  # a folder another process has not made yet
        if isinstance(data, str):
            continue  # links are made after every file exists
        with open(path, "xb") as stream:
            stream.write(data)


def write_floor(
    target: Path, folders: list[str], files: list[tuple[str, bytes | str]], jobs: int
) -> tuple[float, float, float]:
    """Wall, user and system seconds of writing the tree again into ``target`` with ``jobs`` processes."""
    user, system = _children_cpu()
    started = time.perf_counter()
    children = []
    for share in range(jobs):
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                _write_share(target, folders, files, share, jobs)
                status = 0
            except BaseException as error:  # said, and the parent fails the run
                print(f"floor process {share}: {error!r}", file=sys.stderr)
            finally:
                os._exit(status)
        children.append(pid)
    for pid in children:
        if os.waitpid(pid, 0)[1] != 0:
            raise SystemExit("a process writing the floor failed")
    written = sum(len(names) for _, _, names in os.walk(target))
    if written != len(files) - sum(1 for _, data in files if isinstance(data, str)):
        raise SystemExit(f"the floor wrote {written} files of {len(files)}")
    for name, data in files:
        if isinstance(data, str):
            os.link(target / data, target / name)
    wall = time.perf_counter() - started
    user_after, system_after = _children_cpu()
    return wall, user_after - user, system_after - system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--letters", default="200,1000", help="collection sizes")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores; {args.jobs} jobs; medians of {args.rounds} rounds, build and floor in turn"
    )
    print()
    print(
        "| letters | files (links) | folders | MB | build: wall / user / sys | floor: wall / user / sys"
        " | floor per file | build / floor (wall) | build less floor (CPU) |"
    )
    print("|---:|---:|---:|---:|---|---|---:|---:|---:|")
    for count in [int(n) for n in args.letters.split(",") if n]:
        with tempfile.TemporaryDirectory() as work:
            source, out, cache = Path(work, "letters"), Path(work, "dist"), Path(work, "cache")
            source.mkdir()
            for name, text in letters(count):
                (source / name).write_text(text, encoding="utf-8")
            build_cold(source, out, cache, args.jobs)  # the validation cache filled, the schemas compiled
            builds, floors = [], []
            for round_number in range(args.rounds):
                builds.append(build_cold(source, out, cache, args.jobs))
                folders, files = read_tree(out)
                again = Path(work, f"floor-{round_number}")
                floors.append(write_floor(again, folders, files, args.jobs))
                shutil.rmtree(again)
            build = [statistics.median(b[i] for b in builds) for i in range(3)]
            floor = [statistics.median(f[i] for f in floors) for i in range(3)]
            links = sum(1 for _, data in files if isinstance(data, str))
            megabytes = sum(len(data) for _, data in files if isinstance(data, bytes)) / 1e6
            per_file = (floor[1] + floor[2]) / max(len(files) - links + len(folders), 1) * 1000
            timed = " | ".join(" / ".join(f"{value:.2f}" for value in figures) + " s" for figures in (build, floor))
            left = build[1] + build[2] - floor[1] - floor[2]
            print(
                f"| {count:,} | {len(files):,} ({links:,}) | {len(folders):,} | {megabytes:.1f} | {timed}"
                f" | {per_file:.2f} ms CPU | {build[0] / floor[0]:.1f} | {left:.2f} s |",
                flush=True,
            )


if __name__ == "__main__":
    main()
