"""The survey of the previous build's files, made beside the build while it plans.

A rebuild of a large collection checks every file the previous build left (233,000 for 5,000
letters) before it keeps any: a ``stat`` each, a second or more of a one-changed rebuild and
half of a rebuild with nothing to do. The check reads nothing the plan needs, and the plan reads
nothing the check needs, so the check runs beside it, on another core (``beside``), and sends
back only the names it found changed (none, as a rule).
"""

from __future__ import annotations

from pathlib import Path

from edition.build.beside import Beside
from edition.build.output import MARKER, Survey, survey


class BackgroundSurvey(Beside[Survey | None]):
    """``survey(out_dir)``, begun at once beside the build if ``out_dir`` holds a build;
    ``result`` waits for it."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(survey, out_dir, answers=(Survey, type(None)), start=(out_dir / MARKER).is_file())
