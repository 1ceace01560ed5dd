"""Where the builder's own files are: its stylesheets, templates and rules, and its caches.

In a checkout the stylesheets, templates and shipped themes sit beside the package (``xslt/``,
``templates/``, ``themes/``, as the design card lays them out); in an installed wheel the build
backend has put them inside it (``edition/xslt/``, ``edition/templates/``, ``edition/themes/``:
``[tool.setuptools.package-dir]`` in ``pyproject.toml``). Every stage asks here, so neither layout is
spelled anywhere else and an installed tool never reads from the folder it was built in.
"""

from __future__ import annotations

import os
from pathlib import Path

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
