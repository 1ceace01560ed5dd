"""``edition new DIR``: a new edition project that builds at once.

It writes ``edition.toml`` with every key set to its default and explained (from ``config``, so the
file and the reader of it cannot drift apart), one small valid TEI document in ``source/`` that
shows what the builder uses (header, numbered paragraphs, a quotation with its source, a note,
names with their registers), a README saying how to build, preview, cite, release and package
it, and a ``.gitignore`` for what the builder makes. The files come from ``edition/skeleton/``,
which is package data, so an installed builder has them.
"""

from __future__ import annotations

import re
from pathlib import Path

from edition.config import CONFIG_NAME, EditionConfig, project_file
from edition.errors import EditionError, Problem

SKELETON = Path(__file__).resolve().parent / "skeleton"
FIRST_DOCUMENT = "first-document.xml"
HEADING = """The project file of this edition, read by `edition` in this folder. Every key is shown with
its default; paths are relative to this file. Options of the command line override it."""


def _title(folder: Path) -> str:
    words = re.split(r"[-_\s]+", folder.name.strip())
    return " ".join(word[:1].upper() + word[1:] for word in words if word) or "A new edition"


def new_project(folder: Path) -> list[Path]:
    """Write a new edition project into ``folder`` (created if need be); the files written.

    Refuses a folder that holds anything: nothing an editor has is ever overwritten.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "is a file" if not folder.is_dir() else "is not empty"
        message = f"{what}; `edition new` writes a new project into an empty or new folder only"
        raise EditionError([Problem(str(folder), 0, 0, "project-exists", message)], "nothing was written")
    title = _title(folder.resolve())
    files = {
        CONFIG_NAME: project_file(EditionConfig(title=title), HEADING),
        f"source/{FIRST_DOCUMENT}": (SKELETON / FIRST_DOCUMENT).read_text(encoding="utf-8"),
        "README.md": (SKELETON / "README.md").read_text(encoding="utf-8").replace("__TITLE__", title),
        ".gitignore": (SKELETON / "gitignore").read_text(encoding="utf-8"),
    }
    written = []
    try:
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as error:
        problem = Problem(str(error.filename or folder), 0, 0, "unwritable-output", error.strerror or str(error))
        raise EditionError([problem]) from error
    return written
