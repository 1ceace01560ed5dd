"""Output: write a finished build in one move, so a failed build never touches the last good one.

Files are written into a staging folder beside the target as they are made (so a build holds no
more than one document's files in memory), and the staging folder replaces the target by renames
once everything is there. Files a document made in the previous build and would make again the
same are hard-linked from it rather than written, once their content is checked against the
SHA-256 the render recorded: a file damaged since (truncated, edited, half deleted) is never
linked back in. A marker file identifies folders this builder made (any other non-empty folder
is refused rather than deleted); it holds the build's manifest: which document made which files,
under which key, and the size and SHA-256 of every file, so the next build knows what it can keep
and whether the output is still what was written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from edition.dates import source_date_epoch
from edition.errors import EditionError, Problem

MARKER = ".edition-build"
# 3: each file's line is ``size<TAB>sha256<TAB>name`` (2 had no digest; such a build is not reused).
MANIFEST_FORMAT = "edition-build-manifest/3"
SIZES = ".edition-sizes"
_CHUNK = 1 << 20


def digest_of(data: bytes) -> str:
    """The SHA-256 of a file's content, as the manifest and the render cache record it."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    """The size and SHA-256 of the file at ``path``, read in chunks."""
    hasher = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while block := stream.read(_CHUNK):
            hasher.update(block)
            size += len(block)
    return size, hasher.hexdigest()


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


def intact(out_dir: Path, *, content: bool = False) -> bool:
    """Whether every file the manifest lists (one ``size<TAB>sha256<TAB>name`` line each, after
    the first line) is in ``out_dir`` with its recorded size, modified no later than the marker
    (written last, when the build was committed: any write to a file since, a same-size edit
    too, makes it newer), and, with ``content``, its recorded SHA-256 (every file read: 0.8 s
    more for 1,000 documents, more than the rest of the check, which does without)."""
    try:
        with (out_dir / MARKER).open(encoding="utf-8") as marker:
            committed = os.fstat(marker.fileno()).st_mtime_ns
            marker.readline()
            for line in marker:
                size, digest, name = line.rstrip("\n").split("\t", 2)
                path = out_dir / _safe_relative(name)
                found = path.stat()
                if found.st_size != int(size) or found.st_mtime_ns > committed:
                    return False
                if content and file_digest(path) != (int(size), digest):
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
        # The size and digest of every file, a line each, kept on disk rather than in memory: a
        # corpus of thousands of documents writes hundreds of thousands of files.
        self._recorded = 0
        self._growing: dict[str, tuple[int, Any]] = {}
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

    def _record(self, name: str, size: int, digest: str) -> None:
        self._sizes.write(f"{size}\t{digest}\t{name}\n")
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
        self._record(name, len(data), digest_of(data))

    def adopt(self, digests: Mapping[str, str]) -> None:
        """Count files that a worker wrote into the staging folder itself, with the digests of the
        bytes it wrote."""
        for name, digest in digests.items():
            self._record(name, (self.folder / _safe_relative(name)).stat().st_size, digest)

    def append(self, name: str, data: bytes) -> None:
        """Add ``data`` at the end of a file of the build (one written a piece at a time)."""
        target = self.folder / _safe_relative(name)
        try:
            with target.open("ab") as stream:
                stream.write(data)
            _stamp(target)
        except OSError as error:
            raise _unwritable(error, target) from error
        size, hasher = self._growing.get(name, (0, hashlib.sha256()))
        hasher.update(data)
        self._growing[name] = (size + len(data), hasher)

    def write_all(self, files: Mapping[str, bytes]) -> None:
        for name, data in files.items():
            self.write(name, data)

    def _place(self, previous: Path, name: str, copy: bool) -> tuple[int, str]:
        """Link (or copy) ``name`` from ``previous`` into the staging folder; its size and digest
        as placed (read after linking, so what is checked is what will be shipped)."""
        source = previous / _safe_relative(name)
        target = self.folder / _safe_relative(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            if copy:
                raise OSError("a copy is wanted")
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        return file_digest(target)

    def keep(self, previous: Path, name: str, *, copy: bool = False, digest: str | None = None) -> bool:
        """Take ``name`` unchanged from the build in ``previous``: a hard link, or a copy where
        links are not possible or not wanted. False if the previous build does not have it, or
        (given ``digest``) its content is not that digest's."""
        try:
            size, found = self._place(previous, name, copy)
        except OSError:
            return False
        if digest is not None and found != digest:
            (self.folder / _safe_relative(name)).unlink(missing_ok=True)
            return False
        self._record(name, size, found)
        return True

    def keep_all(self, previous: Path, digests: Mapping[str, str], *, copy: bool = False) -> bool:
        """Take every file of one document from ``previous``, each checked against its digest; if
        one is missing or differs, none is taken (the document must be rendered again)."""
        placed: list[tuple[str, int, str]] = []
        try:
            for name, digest in digests.items():
                size, found = self._place(previous, name, copy)
                placed.append((name, size, found))
                if found != digest:
                    raise OSError(f"{name} is not what was rendered")
        except OSError:
            for name, _, _ in placed:
                (self.folder / _safe_relative(name)).unlink(missing_ok=True)
            return False
        for name, size, found in placed:
            self._record(name, size, found)
        return True

    def commit(self, manifest: Mapping[str, Any] | None = None) -> Path:
        """Write the marker with the manifest, then replace ``out_dir`` with the staging folder."""
        record = {"format": MANIFEST_FORMAT, **(manifest or {}), "files": self.files}
        for name, (size, hasher) in sorted(self._growing.items()):
            self._record(name, size, hasher.hexdigest())
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
