"""Where the builder's own files are: its stylesheets, templates and rules, and its caches.

In a checkout the stylesheets, templates and shipped themes sit beside the package (``xslt/``,
``templates/``, ``themes/``, as the design card lays them out); in an installed wheel the build
backend has put them inside it (``edition/xslt/``, ``edition/templates/``, ``edition/themes/``:
``[tool.setuptools.package-dir]`` in ``pyproject.toml``). Every stage asks here, so neither layout is
spelled anywhere else and an installed tool never reads from the folder it was built in.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from edition import __version__

PACKAGE = Path(__file__).resolve().parent


def _data_folder(name: str) -> Path:
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


XSLT_DIR = _data_folder("xslt")
TEMPLATES_DIR = _data_folder("templates")
STATIC_DIR = TEMPLATES_DIR / "static"
THEMES_DIR = _data_folder("themes")
LOCALE_DIR = PACKAGE / "locale"
RULES_DIR = PACKAGE / "validate" / "rules"
# Everything the rendering reads or runs, for the key of the render cache.
BUILDER_PARTS = (XSLT_DIR, TEMPLATES_DIR, PACKAGE)


def cache_root() -> Path:
    """Where the builder's caches live: ``$EDITION_CACHE_DIR``, or ``.cache/edition`` here."""
    return Path(os.environ.get("EDITION_CACHE_DIR") or Path.cwd() / ".cache" / "edition")


@functools.cache
def builder_fingerprint() -> str:
    """Hash of every file the rendering and the validation read or run: stylesheets, templates, the
    package (its rules included), and the renderer's version: a part of every cache key, since the
    package's version alone does not change with its code."""
    digest = hashlib.sha256(__version__.encode())
    try:
        from importlib.metadata import version

        digest.update(version("weasyprint").encode())
    except Exception:  # the renderer's version is part of the key only where it is installed
        pass
    for part in BUILDER_PARTS:
        for path in sorted(p for p in part.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{part.name}/{path.relative_to(part).as_posix()}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
