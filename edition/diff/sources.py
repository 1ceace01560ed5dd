"""The two sides of a diff: TEI files, or a file as it stood at a git revision (``git show REV:path``).

Reading a revision needs no checkout: ``git show`` prints the blob, which is parsed with the same
safe parser as any file. Every way this can fail (a missing or malformed file, a root that is not
TEI, git missing, an unknown revision, a path the revision lacks) is a ``Problem`` raised as a
``DiffError``, which exits with status 2 as diff(1) does for trouble.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from edition.errors import EditionError, Problem
from edition.tei.load import Document, display_name, parse


class DiffError(EditionError):
    """Trouble reading a side of a diff: diff(1)'s exit status 2, one line per problem."""

    exit_code = 2

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        count = len(problems)
        super().__init__(problems, summary or f"cannot diff: {count} problem{'s' if count != 1 else ''}")


def read_file(path: Path) -> Document:
    """One side from a file."""
    result = parse(path)
    if isinstance(result, Document):
        return result
    raise DiffError(result)


def split_revisions(spec: str) -> tuple[str, str | None]:
    """``A..B`` -> (A, B); ``A..`` -> (A, HEAD) as git reads it; ``A`` -> (A, None): the working file."""
    if "..." in spec:
        raise DiffError([Problem("--rev", 0, 0, "bad-revision", f"{spec!r}: use A..B (two dots), not A...B")])
    if ".." in spec:
        old, new = spec.split("..", 1)
        return old or "HEAD", new or "HEAD"
    return spec, None


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise DiffError([Problem("git", 0, 0, "git-missing", "git is not installed; install it or diff two files")])
    return subprocess.run([git, "-C", str(folder), *args], capture_output=True, check=False)


def read_revision(path: Path, revision: str) -> Document:
    """One side from git: ``path`` as committed in ``revision``."""
    name = f"{revision}:{display_name(path)}"
    if not revision or revision.startswith("-") or any(c.isspace() for c in revision):
        # A revision is passed to git as an argument: never let it be read as an option.
        raise DiffError([Problem(name, 0, 0, "unknown-revision", f"{revision!r} is not a revision name")])
    folder = path.resolve().parent
    if not folder.is_dir():
        raise DiffError([Problem(display_name(path), 0, 0, "missing-file", "no such folder")])
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise DiffError(
            [Problem(display_name(path), 0, 0, "not-a-repository", f"{folder} is not inside a git repository")]
        )
    commit = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit.returncode != 0:
        raise DiffError(
            [Problem(name, 0, 0, "unknown-revision", f"git knows no revision {revision!r} (see: git log --oneline)")]
        )
    shown = _git(folder, "show", f"{commit.stdout.decode().strip()}:./{path.name}")
    if shown.returncode != 0:
        raise DiffError(
            [Problem(name, 0, 0, "missing-in-revision", f"{path.name} does not exist in revision {revision!r}")]
        )
    result = parse(Path(name), shown.stdout)
    if isinstance(result, Document):
        return result
    raise DiffError(result)


def read_sides(paths: list[Path], revisions: str | None) -> tuple[Document, Document]:
    """The old and the new document, from two files, or from one file and ``--rev A..B`` (or ``--rev A``)."""
    if revisions is None:
        if len(paths) != 2:
            raise DiffError([Problem("diff", 0, 0, "usage", "give two files, OLD and NEW, or one file and --rev")])
        problems: list[Problem] = []
        documents: list[Document] = []
        for path in paths:
            try:
                documents.append(read_file(path))
            except DiffError as error:
                problems.extend(error.problems)
        if problems:
            raise DiffError(problems)
        return documents[0], documents[1]
    if len(paths) != 1:
        raise DiffError(
            [Problem("diff", 0, 0, "usage", "with --rev give one file (the source as it is tracked in git)")]
        )
    old_revision, new_revision = split_revisions(revisions)
    old = read_revision(paths[0], old_revision)
    new = read_revision(paths[0], new_revision) if new_revision else read_file(paths[0])
    return old, new
