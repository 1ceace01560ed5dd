"""Output: write a finished build in one move, so a failed build never touches the last good one.

Files are written into a staging folder beside the target as they are made (so a build holds no
more than one document's files in memory), and the staging folder replaces the target by renames
once everything is there. Files a document made in the previous build and would make again the
same are hard-linked from it rather than written. A marker file identifies folders this builder
made (any other non-empty folder is refused rather than deleted); it holds the build's manifest:
which document made which files, under which key, so the next build knows what it can keep.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from edition.dates import source_date_epoch
from edition.errors import EditionError, Problem

MARKER = ".edition-build"
MANIFEST_FORMAT = "edition-build-manifest/2"
SIZES = ".edition-sizes"


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"output path {name!r} would leave the output folder")
    return path


def write_file(folder: Path, name: str, data: bytes) -> None:
    """Write one file of a build under ``folder``, stamped with ``SOURCE_DATE_EPOCH`` if set.

    An existing file is replaced, never written through: it may be a link into the previous build.
    """
    target = folder / _safe_relative(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(data)
    _stamp(target)


def _stamp(path: Path) -> None:
    """Give ``path`` the build's time, if ``SOURCE_DATE_EPOCH`` sets one (reproducible trees)."""
    epoch = source_date_epoch()
    if epoch is not None:
        os.utime(path, (epoch, epoch))


def _refuse_foreign(out_dir: Path) -> None:
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


def _unwritable(error: OSError, where: Path) -> EditionError:
    return EditionError(
        [Problem(str(error.filename or where), 0, 0, "unwritable-output", error.strerror or str(error))],
        "the output could not be written; the previous build is unchanged",
    )


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of the build in ``out_dir`` (its first line); empty if there is none or it
    cannot be read."""
    try:
        with (out_dir / MARKER).open("rb") as marker:
            data = json.loads(marker.readline())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else {}


def intact(out_dir: Path) -> bool:
    """Whether every file the manifest lists (one ``size<TAB>name`` line each, after the first
    line) is in ``out_dir`` with its recorded size."""
    try:
        with (out_dir / MARKER).open(encoding="utf-8") as marker:
            marker.readline()
            for line in marker:
                size, _, name = line.rstrip("\n").partition("\t")
                if (out_dir / _safe_relative(name)).stat().st_size != int(size):
                    return False
    except (OSError, ValueError):
        return False
    return True


class Staging:
    """A build being written beside ``out_dir``; ``commit`` swaps it in, leaving without does not.

    Used as a context manager: an exception (or leaving without ``commit``) removes the staging
    folder and the previous build stays exactly as it was.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir.resolve()
        _refuse_foreign(self.out)
        self.folder = self.out.parent / f".{self.out.name}.staging-{os.getpid()}"
        # The size of every file, a line each, kept on disk rather than in memory: a corpus of
        # thousands of documents writes hundreds of thousands of files.
        self._recorded = 0
        self._growing: dict[str, int] = {}
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(self.out)
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir()
            self._sizes = (self.folder / SIZES).open("w", encoding="utf-8")
        except OSError as error:
            raise _unwritable(error, self.out) from error

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._sizes.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _record(self, name: str, size: int) -> None:
        self._sizes.write(f"{size}\t{name}\n")
        self._recorded += 1

    @property
    def files(self) -> int:
        """How many files the build has so far."""
        return self._recorded + len(self._growing)

    def write(self, name: str, data: bytes) -> None:
        """Write one file of the build."""
        try:
            write_file(self.folder, name, data)
        except OSError as error:
            raise _unwritable(error, self.folder / name) from error
        self._record(name, len(data))

    def adopt(self, names: Iterable[str]) -> None:
        """Count files that a worker wrote into the staging folder itself."""
        for name in names:
            self._record(name, (self.folder / _safe_relative(name)).stat().st_size)

    def append(self, name: str, data: bytes) -> None:
        """Add ``data`` at the end of a file of the build (one written a piece at a time)."""
        target = self.folder / _safe_relative(name)
        try:
            with target.open("ab") as stream:
                stream.write(data)
            _stamp(target)
        except OSError as error:
            raise _unwritable(error, target) from error
        self._growing[name] = self._growing.get(name, 0) + len(data)

    def write_all(self, files: Mapping[str, bytes]) -> None:
        for name, data in files.items():
            self.write(name, data)

    def keep(self, previous: Path, name: str, *, copy: bool = False) -> bool:
        """Take ``name`` unchanged from the build in ``previous``: a hard link, or a copy where
        links are not possible or not wanted. False if the previous build does not have it."""
        source = previous / _safe_relative(name)
        target = self.folder / _safe_relative(name)
        try:
            size = source.stat().st_size
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                if copy:
                    raise OSError("a copy is wanted")
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        except OSError:
            return False
        self._record(name, size)
        return True

    def commit(self, manifest: Mapping[str, Any] | None = None) -> Path:
        """Write the marker with the manifest, then replace ``out_dir`` with the staging folder."""
        record = {"format": MANIFEST_FORMAT, **(manifest or {}), "files": self.files}
        for name, size in sorted(self._growing.items()):
            self._record(name, size)
        self._growing.clear()
        retired = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        try:
            self._sizes.close()
            marker = self.folder / MARKER
            with marker.open("wb") as stream, (self.folder / SIZES).open("rb") as sizes:
                stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True).encode() + b"\n")
                shutil.copyfileobj(sizes, stream)
            (self.folder / SIZES).unlink()
            _stamp(marker)
            if self.out.exists():
                self.out.rename(retired)
            try:
                self.folder.rename(self.out)
            except OSError:
                if retired.exists():
                    retired.rename(self.out)
                raise
        except OSError as error:
            raise _unwritable(error, self.out) from error
        finally:
            shutil.rmtree(retired, ignore_errors=True)
        return self.out


def publish(files: Mapping[str, bytes], out_dir: Path, manifest: Mapping[str, Any] | None = None) -> Path:
    """Replace ``out_dir`` with exactly ``files`` (relative POSIX paths to bytes)."""
    with Staging(out_dir) as staging:
        staging.write_all(files)
        return staging.commit(manifest)


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
