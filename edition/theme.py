"""Themes: how a project changes the look of its edition without touching the builder's files.

A theme is a folder (``theme = "DIR"`` in ``edition.toml``, or the name of a theme shipped in
``themes/``) with any of:

- ``templates/``: a template here replaces the built-in one of the same name; it may extend the
  built-in one as ``builtin/NAME`` (``{% extends "builtin/page.html" %}``), and the built-in
  templates that extend or include a name get the theme's, so overriding ``base.html`` changes
  every page. ``templates/print/print.css`` replaces the PDF's stylesheet (which may
  ``@import "builtin/print.css"``).
- ``static/``: files added to the site's ``static/`` folder, or replacing the built-in ones.
- ``custom.xsl``: imported after the built-in stylesheets, so that one template of its own
  changes how one TEI element is rendered (the hooks it may use: ``xslt/params.xsl``).

Everything a theme holds is part of the key of every rendering (``theme_fingerprint``): a change
rebuilds what it affects. The theme travels in ``SiteOptions.theme`` as the absolute path of its
folder ("" for the built-in theme), which every worker process can read.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from edition.errors import EditionError, Problem
from edition.resources import STATIC_DIR, TEMPLATES_DIR, THEMES_DIR

CUSTOM_XSL = "custom.xsl"
BUILTIN_PREFIX = "builtin"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def shipped_themes() -> list[str]:
    """The names of the themes that come with the builder."""
    return sorted(p.name for p in THEMES_DIR.iterdir() if p.is_dir()) if THEMES_DIR.is_dir() else []


def resolve_theme(value: str, folder: Path, project_file: str = "edition.toml", line: int = 0) -> str:
    """The theme ``value`` of a project in ``folder``: a folder (relative to the project), else a
    shipped theme of that name; "" for the built-in theme. ``EditionError`` (theme-missing) if
    neither exists."""
    if not value:
        return ""
    path = Path(value).expanduser()
    path = path if path.is_absolute() else folder / path
    if path.is_dir():
        return str(path.resolve())
    if _NAME.fullmatch(value) and (THEMES_DIR / value).is_dir():
        return str((THEMES_DIR / value).resolve())
    shipped = ", ".join(shipped_themes()) or "none"
    message = f"theme {value!r} is neither a folder ({path}) nor a theme of the builder (shipped: {shipped})"
    problem = Problem(project_file, line, 1 if line else 0, "theme-missing", message)
    raise EditionError([problem], "nothing was written")


def theme_files(theme: str) -> list[Path]:
    """Every file of a theme, in a stable order."""
    if not theme:
        return []
    root = Path(theme)
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def theme_fingerprint(theme: str) -> str:
    """The hash of everything a theme holds ('' for the built-in theme); read at each build, so
    that a preview sees an edited theme."""
    if not theme:
        return ""
    digest = hashlib.sha256()
    for path in theme_files(theme):
        digest.update(path.relative_to(theme).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def templates_folder(theme: str) -> Path | None:
    folder = Path(theme) / "templates" if theme else None
    return folder if folder is not None and folder.is_dir() else None


def custom_stylesheet(theme: str) -> Path | None:
    path = Path(theme) / CUSTOM_XSL if theme else None
    return path if path is not None and path.is_file() else None


# The site's typeface, the PDF's: EB Garamond, from Debian's fonts-ebgaramond (install.sh installs
# it), copied into the site's static/ at each build so that no page loads a font from elsewhere.
# Its licence (SIL Open Font License 1.1) asks for its text beside every copy: it is
# templates/static/EBGaramond-OFL.txt. EDITION_FONT_DIR names another folder holding the files.
FONT_DIR = Path("/usr/share/fonts/opentype/ebgaramond")
# (Not its bold: Debian's has the Latin-1 characters only; browsers embolden the regular.)
FONT_FILES = ("EBGaramond12-Regular.otf", "EBGaramond12-Italic.otf")
FONT_PACKAGE = "fonts-ebgaramond"


def font_files() -> dict[str, bytes]:
    """The web font files of the site, by path in the site; ``EditionError`` (font-missing) with
    the command that installs them when one is absent."""
    folder = Path(os.environ.get("EDITION_FONT_DIR") or FONT_DIR)
    missing = [name for name in FONT_FILES if not (folder / name).is_file()]
    if missing:
        message = (
            f"the site's typeface, EB Garamond, is not installed ({', '.join(missing)} not in {folder}): "
            f"apt-get install {FONT_PACKAGE}, or set EDITION_FONT_DIR to a folder that holds {', '.join(FONT_FILES)}"
        )
        raise EditionError([Problem(str(folder), 0, 0, "font-missing", message)], "nothing was written")
    return {f"static/{name}": (folder / name).read_bytes() for name in FONT_FILES}


def static_files(theme: str = "") -> dict[str, bytes]:
    """The stylesheets, scripts, web fonts and other assets every page of the site uses, by path
    in the site: the built-in ones, then the theme's (which replace those of the same name)."""
    files = {f"static/{p.name}": p.read_bytes() for p in sorted(STATIC_DIR.iterdir()) if p.is_file()}
    files.update(font_files())
    static = Path(theme) / "static" if theme else None
    if static is not None and static.is_dir():
        for path in sorted(p for p in static.rglob("*") if p.is_file()):
            files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
    return files


def print_stylesheets(theme: str = "") -> dict[str, bytes]:
    """The PDF's stylesheet (``print.css``: the theme's if it has one) and the built-in one under
    ``builtin/print.css``, which a theme's may import."""
    builtin = (TEMPLATES_DIR / "print" / "print.css").read_bytes()
    folder = templates_folder(theme)
    own = folder / "print" / "print.css" if folder is not None else None
    return {
        "print.css": own.read_bytes() if own is not None and own.is_file() else builtin,
        "builtin/print.css": builtin,
    }
