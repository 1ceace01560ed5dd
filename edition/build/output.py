"""Output: write a finished build in one move, so a failed build never touches the last good one.

Files are written into a staging folder beside the target as they are made (so a build holds no
more than one document's files in memory). A marker file identifies folders this builder made
(any other non-empty folder is refused rather than deleted); it holds the build's manifest: which
document made which files, under which key, and the size and SHA-256 of every file, so the next
build knows what it can keep and whether the output is still what was written. Then one of two
commits:

- **A new folder** (no previous build, or a shard): the staging folder replaces the target by
  two renames. Files kept from a render cache are copied in, checked against the SHA-256 the
  render recorded.
- **In place** (over a previous build of this builder): the files of documents that did not
  change stay where they are, each checked by its size and by a time no later than the previous
  marker's (an edit since, of the same size too, makes a file newer: it is rendered again, never
  kept); only new and changed files are moved in, and the files the build no longer makes are
  removed. A collection of thousands of documents with one changed moves a few dozen files
  instead of relinking and re-reading hundreds of thousands. The point of no return is a journal
  (``UPDATE``) renamed into the staging folder once everything is there: a build that dies
  before it leaves the output as it was; one that dies after it is finished by the next build
  (``remove_stale``), so the output is never left half old and half new.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from array import array
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from types import TracebackType
from typing import Any, BinaryIO

from edition.dates import source_date_epoch
from edition.errors import EditionError, Problem

MARKER = ".edition-build"
# 3: each file's line is ``size<TAB>sha256<TAB>name`` (2 had no digest; such a build is not reused).
MANIFEST_FORMAT = "edition-build-manifest/3"
SIZES = ".edition-sizes"
# In a staging folder: the names the build removes from the output, one a line; its presence
# means the staging folder is whole and is to be moved in (``roll_forward``).
UPDATE = ".edition-update"
# In place, each file moved in is a rename over the old one (0.5-1 ms on the project's ext4, which
# frees the old file's blocks at once); a new folder costs a hard link for each file kept (about
# 0.05 ms) and the removal of the old one. With fewer than this many files kept per file moved
# in, a new folder is cheaper, unless few move in anyway.
_KEPT_PER_MOVED = 15
_FEW_MOVED = 500
# In place, the staged files' sizes and digests are kept in memory up to this many; beyond, the
# commit reads them back from the sizes file.
_STAGED_KNOWN = 20_000
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


def _safe_name(name: str) -> str:
    """``name`` if it stays inside the output folder (as ``_safe_relative``, without a path
    object: kept files are checked by the hundred thousand)."""
    if not name or name[0] == "/" or (".." in name and ".." in name.split("/")):
        raise ValueError(f"output path {name!r} would leave the output folder")
    return name


def _all_safe(names: Collection[str]) -> bool:
    """Whether every one of ``names`` passes ``_safe_name``, looked at in one string: no name
    empty or absolute, and none with a ``..`` part (then each is asked)."""
    joined = "\n" + "\n".join(names) + "\n"
    if "\n/" in joined or "\n\n" in joined:
        return False
    return ".." not in joined or all(".." not in name.split("/") for name in names)


def write_file(folder: Path, name: str, data: bytes) -> None:
    """Write one file of a build under ``folder``, stamped with ``SOURCE_DATE_EPOCH`` if set.

    An existing file is replaced, never written through: it may be a link into the previous build.
    """
    target = folder / _safe_relative(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(data)
    _stamp(target)


# The longest flat name written as such: a file name may have 255 bytes, and a path of parts each
# under that may be longer once joined.
FLAT_LIMIT = 200


def flat_name(name: str) -> str:
    """A build's file name as one name with no folder, two names never the same: the render
    cache keeps a document's files side by side in one folder, since making a folder costs as
    much as making a file (0.4 ms here) and a letter's files fill nine. ``/`` is written ``%2F``
    and ``%`` ``%25``; a name too long for one file name is its SHA-256 after ``%%``, which no
    escaped name holds."""
    flat = name.replace("%", "%25").replace("/", "%2F")
    if len(flat.encode("utf-8", "surrogateescape")) <= FLAT_LIMIT:
        return flat
    return "%%" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write files of a build under ``folder``, each as ``write_file`` writes one, but with each
    folder made once and nothing looked for beforehand: a file is created new, and only where
    one is there already (a link into the previous build, say) is that unlinked first. A letter
    writes some 25 files, a collection hundreds of thousands: four calls to the system a file
    instead of seven. Two names given the very same bytes object (the source beside the pages
    and as the DTS document) are one file, the second a hard link: a link costs a tenth of a
    file's creation."""
    epoch = source_date_epoch()
    times = (epoch, epoch) if epoch is not None else None
    root, made = f"{folder}/", set[str]()
    written: dict[int, tuple[bytes, str]] = {}  # id of the data -> the data (kept alive) and its path
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for name, data in files.items():
        path = root + _safe_name(name)
        make_folder(path.rpartition("/")[0], made)
        first = written.get(id(data)) if data else None
        if first is not None and first[0] is data and link_file(first[1], path):
            continue
        written[id(data)] = (data, path)
        try:
            handle = os.open(path, flags, 0o666)
        except FileExistsError:
            os.unlink(path)
            handle = os.open(path, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            if times is not None:
                os.utime(handle if os.utime in os.supports_fd else path, times)
        finally:
            os.close(handle)


def link_file(source: str, target: str) -> bool:
    """Whether ``target`` is now a hard link to ``source``, replacing any file there (False where
    links are not possible: another file system, say)."""
    try:
        try:
            os.link(source, target)
        except FileExistsError:
            os.unlink(target)
            os.link(source, target)
    except OSError:
        return False
    return True


def make_folder(folder: str, made: set[str]) -> None:
    """Make ``folder`` and any folder above it that is missing, unless ``made`` (the folders
    already there, which this adds to) has it: about one call to the system for each new folder
    (a letter's files fill nine folders of the render cache, for which ``mkdir(parents=True)``,
    trying again from each parent for each folder, made 21 calls, 0.2 ms each on this machine)."""
    if folder in made:
        return
    try:
        try:
            os.mkdir(folder)
        except FileNotFoundError:
            make_folder(folder.rpartition("/")[0], made)
            os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
    made.add(folder)


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


@dataclass(frozen=True)
class Survey:
    """The previous build's files as its marker lists them, each checked by its size and time:
    ``committed`` is the marker's time, ``changed`` the names that are not as that build left
    them (gone, of another size, not a regular file, or modified after the marker was written)."""

    committed: int
    changed: frozenset[str]


def survey(out_dir: Path) -> Survey | None:
    """Every file the manifest of ``out_dir`` lists (one ``size<TAB>sha256<TAB>name`` line each,
    after the first line), checked without reading it: any write to a file after the marker was
    written (last, when the build was committed), a same-size edit too, makes it newer. None if
    there is no readable marker."""
    changed = []
    try:
        with (out_dir / MARKER).open(encoding="utf-8") as marker:
            committed = os.fstat(marker.fileno()).st_mtime_ns
            marker.readline()
            # One loop with nothing looked up twice: a collection's files are checked by the
            # hundred thousand.
            root, stat = f"{out_dir}/", os.stat
            for line in marker:
                size, _, name = line.rstrip("\n").split("\t", 2)
                try:
                    found = stat(root + _safe_name(name))
                except (OSError, ValueError):
                    changed.append(name)
                    continue
                if found.st_size != int(size) or found.st_mtime_ns > committed or not S_ISREG(found.st_mode):
                    changed.append(name)
    except (OSError, ValueError):
        return None
    return Survey(committed, frozenset(changed))


def intact(out_dir: Path, *, content: bool = False) -> bool:
    """Whether every file the manifest lists is in ``out_dir`` as the build left it (``survey``)
    and, with ``content``, has its recorded SHA-256 (every file read: 0.8 s more for 1,000
    documents, more than the rest of the check, which does without)."""
    found = survey(out_dir)
    if found is None or found.changed:
        return False
    if not content:
        return True
    try:
        with (out_dir / MARKER).open(encoding="utf-8") as marker:
            marker.readline()
            for line in marker:
                size, digest, name = line.rstrip("\n").split("\t", 2)
                if file_digest(out_dir / _safe_relative(name)) != (int(size), digest):
                    return False
    except (OSError, ValueError):
        return False
    return True


class KeptNames:
    """The names of the files a build leaves where the previous build put them, held as their
    hashes: while the build keeps files, 8 bytes a name in an array, where a set of the names took
    230 (a collection of 5,000 letters with one changed keeps 238,000 files: 54 MiB, the largest
    thing the build held). Asked for the first time, at the check of the whole site and at the
    commit, once the build has let go of what it held for the site root, they become a set of
    the hashes for quick lookups (15 MiB for 238,000), and no more names are kept.

    A hash can stand for two names. Every use guards against that with what else it knows (the
    file is in the staging folder, or was staged), except the choice of which old files to remove
    at the commit, where a collision, about one in 10⁹ for such a build, would leave one stale file
    that no manifest lists.
    """

    def __init__(self) -> None:
        self._hashes = array("q")
        self._set: set[int] | None = None
        self._count = 0

    def add(self, name: str) -> None:
        assert self._set is None, "no name is kept once the kept names are asked after"
        self._hashes.append(hash(name))

    def update(self, names: Iterable[str]) -> None:
        assert self._set is None, "no name is kept once the kept names are asked after"
        self._hashes.extend(map(hash, names))

    def __len__(self) -> int:
        return self._count if self._set is not None else len(self._hashes)

    def hashes(self) -> set[int]:
        """The set of the kept names' hashes (``hash(name) in hashes``), for a loop over many names."""
        if self._set is None:
            self._count = len(self._hashes)
            self._set = set(self._hashes)
            self._hashes = array("q")
        return self._set

    def none_of(self, names: Iterable[str]) -> bool:
        """Whether none of ``names`` is kept (by its hash), asked without making the set."""
        return {hash(name) for name in names}.isdisjoint(self._set if self._set is not None else self._hashes)

    def __contains__(self, name: object) -> bool:
        return hash(name) in self.hashes()

    def clear(self) -> None:
        self._hashes = array("q")
        self._set = None
        self._count = 0


class Staging:
    """A build being written beside ``out_dir``; ``commit`` swaps it in, leaving without does not.

    Used as a context manager: an exception (or leaving without ``commit``) removes the staging
    folder and the previous build stays exactly as it was. With ``in_place``, and a previous
    build of this builder in ``out_dir``, the files ``keep_all`` keeps from it stay there and
    ``commit`` moves in only the rest. ``previous`` is that build's manifest, if the caller
    has read it already. With ``surveying``, a survey of that build is under way: its files are
    kept on trust, and ``confirm_kept`` must be given the survey before the commit.
    """

    def __init__(
        self,
        out_dir: Path,
        *,
        in_place: bool = False,
        survey: Survey | None = None,
        previous: Mapping[str, Any] | None = None,
        surveying: bool = False,
    ) -> None:
        self.out = out_dir.resolve()
        _refuse_foreign(self.out)
        self.folder = self.out.parent / f".{self.out.name}.staging-{os.getpid()}"
        # The size and digest of every file, a line each, kept on disk rather than in memory: a
        # corpus of thousands of documents writes hundreds of thousands of files.
        self._recorded = 0
        self._growing: dict[str, tuple[int, Any]] = {}
        self._appending: dict[str, BinaryIO] = {}
        # In place: the names of the files left where the previous build put them, and the time
        # of its marker, which none of them may be newer than.
        self._kept = KeptNames()
        self._staged: dict[str, tuple[int, str]] = {}
        self._committed: int | None = None
        # What a survey of the previous build found changed, if it surveyed this very build.
        self._changed: frozenset[str] | None = None
        # Whether files are kept on trust, while that survey is still under way.
        self._on_trust = False
        self._made: set[str] = set()  # folders of the staging folder known to be there
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(self.out)
            if (self.folder / UPDATE).is_file():  # this process's last commit, not finished
                roll_forward(self.folder, self.out)
                previous = None
            # The manifest the caller read (``previous``) is not parsed again: a collection's
            # lists thousands of documents and their warnings.
            if in_place and (read_manifest(self.out) if previous is None else previous):
                self._committed = (self.out / MARKER).stat().st_mtime_ns
                if survey is not None and survey.committed == self._committed:
                    self._changed = survey.changed
                elif surveying:
                    self._changed, self._on_trust = frozenset(), True
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
        for stream in self._appending.values():
            stream.close()
        if not (self.folder / UPDATE).is_file():
            shutil.rmtree(self.folder, ignore_errors=True)
        # else past the point of no return and not all moved in: the next build finishes it

    def _record(self, name: str, size: int, digest: str, *, kept: bool = False) -> None:
        self._sizes.write(f"{size}\t{digest}\t{name}\n")
        self._recorded += 1
        # In place, what is not kept is staged: the commit compares it with the previous build's.
        if self._committed is not None and not kept and len(self._staged) <= _STAGED_KNOWN:
            self._staged[name] = (size, digest)

    @property
    def files(self) -> int:
        """How many files the build has so far."""
        return self._recorded + len(self._growing)

    def write(self, name: str, data: bytes) -> None:
        """Write one file of the build; in place, a file the output already holds with these
        very bytes is left there (the collection's pages about each document come out the same
        whenever another document changes: thousands of files, written for nothing)."""
        if self._committed is not None and self._holds(name, data):
            self._kept.add(name)
            self._record(name, len(data), digest_of(data), kept=True)
            return
        try:
            write_file(self.folder, name, data)
        except OSError as error:
            raise _unwritable(error, self.folder / name) from error
        self._record(name, len(data), digest_of(data))

    def adopt(self, digests: Mapping[str, str], sizes: Mapping[str, int] | None = None) -> None:
        """Count files that a worker wrote into the staging folder itself, with the digests (and
        sizes, else read from the folder) of the bytes it wrote."""
        for name, digest in digests.items():
            size = sizes[name] if sizes is not None and name in sizes else None
            if size is None:
                size = (self.folder / _safe_relative(name)).stat().st_size
            self._record(name, size, digest)

    def has(self, name: str) -> bool:
        """Whether the build, as it stands, has the file ``name`` (written or kept)."""
        if name in self._kept and os.path.isfile(f"{self.out}/{name}"):
            return True
        return os.path.isfile(f"{self.folder}/{name}")

    def append(self, name: str, data: bytes) -> None:
        """Add ``data`` at the end of a file of the build (one written a piece at a time, kept
        open until the commit: opening it for each of thousands of documents cost more than
        the writing)."""
        target = self.folder / _safe_relative(name)
        try:
            stream = self._appending.get(name)
            if stream is None:
                stream = self._appending[name] = target.open("ab")
            stream.write(data)
        except OSError as error:
            raise _unwritable(error, target) from error
        size, hasher = self._growing.get(name, (0, hashlib.sha256()))
        hasher.update(data)
        self._growing[name] = (size + len(data), hasher)

    def _close_appended(self) -> None:
        for name, stream in self._appending.items():
            stream.close()
            _stamp(self.folder / _safe_relative(name))
        self._appending.clear()

    def write_all(self, files: Mapping[str, bytes]) -> None:
        for name, data in files.items():
            self.write(name, data)

    def _place(self, previous: Path, name: str, copy: bool, flat: bool = False) -> tuple[int, str]:
        """Link (or copy) ``name`` from ``previous`` (where it is named ``flat_name(name)`` if
        ``flat``) into the staging folder; its size and digest as placed (read after linking, so
        what is checked is what will be shipped)."""
        source = previous / (flat_name(name) if flat else _safe_relative(name))
        target = self.folder / _safe_relative(name)
        make_folder(str(target.parent), self._made)
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

    def keep_all(
        self,
        previous: Path,
        digests: Mapping[str, str],
        *,
        copy: bool = False,
        sizes: Mapping[str, int] | None = None,
        flat: bool = False,
    ) -> bool:
        """Take every file of one document from ``previous``, each checked against its digest; if
        one is missing or differs, none is taken (the document must be rendered again). ``flat``:
        ``previous`` holds them side by side, each as ``flat_name`` spells it (the render cache). In place,
        from the previous build, with the ``sizes`` rendered, the files are left where they are,
        each checked by its size and time instead."""
        if self._committed is not None and previous == self.out and not copy and sizes is not None:
            return self._keep_in_place(digests, sizes, self._committed)
        placed: list[tuple[str, int, str]] = []
        try:
            for name, digest in digests.items():
                size, found = self._place(previous, name, copy, flat)
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

    def _keep_in_place(self, digests: Mapping[str, str], sizes: Mapping[str, int], committed: int) -> bool:
        """Leave a document's files where the previous build put them, if every one is there as
        a regular file of the size rendered, not modified after that build's marker was written
        (so neither edited nor replaced since); else keep none."""
        if self._changed is not None:
            # Surveyed already, against the sizes the previous build recorded: it made these
            # files under this document's key, so they are the sizes rendered.
            if not self._changed.isdisjoint(digests) or not _all_safe(digests):
                return False
        else:
            # One loop with nothing looked up twice: a collection's kept files are checked by
            # the hundred thousand.
            root, stat = f"{self.out}/", os.stat
            try:
                for name in digests:
                    found = stat(root + _safe_name(name))
                    if found.st_size != sizes[name] or found.st_mtime_ns > committed or not S_ISREG(found.st_mode):
                        return False
            except (OSError, ValueError, KeyError):
                return False
        self._kept.update(digests)
        self._sizes.write("".join(f"{sizes[name]}\t{digest}\t{name}\n" for name, digest in digests.items()))
        self._recorded += len(digests)
        return True

    def confirm_kept(self, found: Survey | None) -> bool:
        """Whether the survey of the previous build bears out the files kept on trust: it
        surveyed that very build, and found none of them changed. False: the staging folder
        is to be given up (a commit is refused), and the build made again knowing the survey."""
        if not self._on_trust:
            return True
        if found is None or found.committed != self._committed:
            return False
        if found.changed and not self._kept.none_of(found.changed):
            return False
        self._on_trust = False
        return True

    def _holds(self, name: str, data: bytes) -> bool:
        """Whether the output has the file ``name`` with exactly ``data`` in it."""
        path = f"{self.out}/{_safe_name(name)}"
        try:
            found = os.stat(path)
            if not S_ISREG(found.st_mode) or found.st_size != len(data):
                return False
            with open(path, "rb") as stream:
                if stream.read() != data:
                    return False
            if self._committed is not None and found.st_mtime_ns > self._committed:
                _stamp(Path(path))  # touched since: given the build's time again, if it sets one
        except OSError:
            return False
        return True

    def _there_unchanged(self, name: str, size: int, committed: int) -> bool:
        """Whether the output has ``name`` as the previous build wrote it (by size and time)."""
        try:
            found = os.stat(f"{self.out}/{_safe_name(name)}")
        except (OSError, ValueError):
            return False
        return S_ISREG(found.st_mode) and found.st_size == size and found.st_mtime_ns <= committed

    def _settle(self, committed: int) -> list[str]:
        """Before an in-place commit: drop from the staging folder the files the output already
        holds as they are (the collection's pages that list every document come out the same
        whenever one document changes), and return the files of the previous build (by its
        manifest) that this one neither keeps nor writes again."""
        staged = self._staged
        if len(staged) > _STAGED_KNOWN:
            staged = {}
            with (self.folder / SIZES).open(encoding="utf-8") as sizes:
                for line in sizes:
                    size, digest, name = line.rstrip("\n").split("\t", 2)
                    if name not in self._kept:
                        staged[name] = (int(size), digest)
        removed = []
        kept = self._kept.hashes()
        with (self.out / MARKER).open(encoding="utf-8") as marker:
            marker.readline()
            for line in marker:
                size, digest, name = line.rstrip("\n").split("\t", 2)
                mine = staged.get(name)
                if mine is None:
                    # Neither staged nor kept: gone from this build.
                    if hash(name) not in kept:
                        removed.append(name)
                elif mine == (int(size), digest) and self._there_unchanged(name, int(size), committed):
                    (self.folder / _safe_relative(name)).unlink()
        return removed

    def _link_kept(self) -> None:
        """Give up the in-place commit: link the kept files into the staging folder, which then
        replaces the output whole."""
        with (self.folder / SIZES).open(encoding="utf-8") as sizes:
            for line in sizes:
                name = line.rstrip("\n").split("\t", 2)[2]
                target = self.folder / _safe_relative(name)
                # What the staging folder holds was written by this build, never kept.
                if name not in self._kept or target.is_file():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(self.out / name, target)
                except OSError:
                    shutil.copy2(self.out / name, target)
        self._kept.clear()
        self._committed = None

    def commit(self, manifest: Mapping[str, Any] | None = None) -> Path:
        """Write the marker with the manifest, then replace ``out_dir`` with the staging folder
        (or, in place, move the staging folder's files into it)."""
        if self._on_trust:
            raise RuntimeError("files kept on trust are committed before a survey bore them out")
        record = {"format": MANIFEST_FORMAT, **(manifest or {}), "files": self.files}
        try:
            self._close_appended()
        except OSError as error:
            raise _unwritable(error, self.folder) from error
        for name, (size, hasher) in sorted(self._growing.items()):
            self._record(name, size, hasher.hexdigest())
        self._growing.clear()
        retired = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        try:
            self._sizes.close()
            removed: list[str] = []
            moved, kept = self._recorded - len(self._kept), len(self._kept)
            if self._committed is not None and moved > _FEW_MOVED and moved * _KEPT_PER_MOVED > kept:
                self._link_kept()
            if self._committed is not None:
                removed = self._settle(self._committed)
            marker = self.folder / MARKER
            with marker.open("wb") as stream, (self.folder / SIZES).open("rb") as sizes:
                stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True).encode() + b"\n")
                shutil.copyfileobj(sizes, stream)
            (self.folder / SIZES).unlink()
            _stamp(marker)
            if self._committed is not None:
                journal = self.folder / f"{UPDATE}.part"
                journal.write_text("".join(f"{name}\n" for name in removed), encoding="utf-8")
                journal.rename(self.folder / UPDATE)  # the point of no return
        except OSError as error:
            raise _unwritable(error, self.out) from error
        if self._committed is not None:
            try:
                roll_forward(self.folder, self.out)
            except OSError as error:
                summary = "the output was only partly updated; the next build finishes the update"
                raise EditionError(_unwritable(error, self.out).problems, summary) from error
            return self.out
        try:
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


def _clear_way(out_dir: Path, name: str) -> Path:
    """The place of ``name`` in ``out_dir``, made free for a file: a file of the previous build
    where the new one has a folder, or a folder where it has a file, is removed (the new build
    has no file there: its manifest cannot hold both ``a`` and ``a/b``)."""
    target = out_dir / _safe_relative(name)
    parent = out_dir
    for part in _safe_relative(name).parts[:-1]:
        parent = parent / part
        if parent.is_symlink() or (parent.exists() and not parent.is_dir()):
            parent.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    return target


def _prune(out_dir: Path, names: list[str]) -> None:
    """Remove the folders that removing ``names`` left empty."""
    folders = {parent for name in names for parent in _safe_relative(name).parents if parent.parts}
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty, or already gone
            (out_dir / folder).rmdir()


def roll_forward(staging: Path, out_dir: Path) -> None:
    """Move a whole staging folder (one with its ``UPDATE`` journal) into ``out_dir``: remove the
    files the journal names, move every file in, the marker last, and drop the staging folder.
    Each step can be done again: a build that dies here is finished by the next one."""
    removed = (staging / UPDATE).read_text(encoding="utf-8").splitlines()
    for name in removed:
        (out_dir / _safe_relative(name)).unlink(missing_ok=True)
    _prune(out_dir, removed)
    root = str(staging)
    for folder, _, files in os.walk(root):
        for file in files:
            name = os.path.relpath(os.path.join(folder, file), root).replace(os.sep, "/")
            if name in (MARKER, UPDATE, f"{UPDATE}.part", SIZES):
                continue
            os.replace(os.path.join(folder, file), _clear_way(out_dir, name))
    if (staging / MARKER).exists():
        os.replace(staging / MARKER, out_dir / MARKER)
    shutil.rmtree(staging, ignore_errors=True)


def remove_stale(out_dir: Path) -> None:
    """Clear what builds that died (their process is gone) left beside ``out_dir``.

    A staging folder is half-written and removed, unless it has its journal: then it is whole,
    and is moved in (``roll_forward``). A retired folder is the previous build: if the build
    died between its two renames, ``out_dir`` is missing and the retired folder goes back.
    """
    for path in sorted(out_dir.parent.glob(f".{out_dir.name}.*-*")):
        kind, _, pid = path.name[len(out_dir.name) + 2 :].rpartition("-")
        if kind not in ("staging", "old") or not pid.isdigit() or _alive(int(pid)) or not path.is_dir():
            continue
        if kind == "old" and not out_dir.exists():
            path.rename(out_dir)
        elif kind == "staging" and (path / UPDATE).is_file() and out_dir.is_dir():
            roll_forward(path, out_dir)
        else:
            shutil.rmtree(path, ignore_errors=True)
