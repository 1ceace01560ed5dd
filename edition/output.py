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
    out_dir.parent.mkdir(parents=True, exist_ok=True)
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
    return out_dir
