"""Output: write a finished build in one move, so a failed build never touches the last good one.

Everything is written into a staging folder beside the target, which then replaces the target by
renames. A marker file identifies folders this builder made, and any other non-empty folder is
refused rather than deleted.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import EditionError, Problem

MARKER = ".edition-build"


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"output path {name!r} would leave the output folder")
    return path


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` as an int, if set: the time every reproducible output claims."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def publish(files: Mapping[str, bytes], out_dir: Path) -> Path:
    """Replace ``out_dir`` with exactly ``files`` (relative POSIX paths to bytes)."""
    out_dir = out_dir.resolve()
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).is_file())):
        raise EditionError(
            [
                Problem(
                    str(out_dir),
                    0,
                    0,
                    "output-refused",
                    f"not a folder made by this builder (no {MARKER}); choose another --out or empty it",
                )
            ],
            "nothing was written",
        )
    try:
        _write(files, out_dir)
    except OSError as error:
        where = error.filename or out_dir
        raise EditionError(
            [Problem(str(where), 0, 0, "unwritable-output", error.strerror or str(error))],
            "the output could not be written; the previous build is unchanged",
        ) from error
    return out_dir


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale(out_dir: Path) -> None:
    """Clear what builds that died (their process is gone) left beside ``out_dir``.

    A staging folder is half-written and removed. A retired folder is the previous build: if the
    build died between its two renames, ``out_dir`` is missing and the retired folder goes back.
    """
    for path in sorted(out_dir.parent.glob(f".{out_dir.name}.*-*")):
        kind, _, pid = path.name[len(out_dir.name) + 2 :].rpartition("-")
        if kind not in ("staging", "old") or not pid.isdigit() or _alive(int(pid)) or not path.is_dir():
            continue
        if kind == "old" and not out_dir.exists():
            path.rename(out_dir)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _write(files: Mapping[str, bytes], out_dir: Path) -> None:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out_dir)
    staging = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    retired = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    epoch = source_date_epoch()
    try:
        for name, data in {
            **files,
            MARKER: b"Made by the TEI edition builder; replaced whole on every build.\n",
        }.items():
            target = staging / _safe_relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if epoch is not None:
                os.utime(target, (epoch, epoch))
        if out_dir.exists():
            out_dir.rename(retired)
        try:
            staging.rename(out_dir)
        except OSError:
            if retired.exists():
                retired.rename(out_dir)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
