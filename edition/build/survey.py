"""The survey of the previous build's files, made in a child process while this build plans.

A rebuild of a large collection checks every file the previous build left (233,000 for 5,000
letters) before it keeps any: a ``stat`` each, a second or more of a one-changed rebuild and
half of a rebuild with nothing to do. The check reads nothing the plan needs, and the plan reads
nothing the check needs, so the check runs beside it, on another core. The child is forked from
the build when it starts: it has everything already, sends back only the names it found changed
(none, as a rule), and is ended with the build whatever happens to it. Where processes cannot be
forked, or the child dies, the survey is made in the build's own process when it is wanted.
"""

from __future__ import annotations

import multiprocessing
import signal
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType

from edition.build.output import MARKER, Survey, survey


def _survey_and_send(out_dir: Path, sending: Connection) -> None:
    # The build's own handlers would turn a Ctrl-C into its own way of stopping: a child just ends.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        sending.send(survey(out_dir))
    finally:
        sending.close()


class BackgroundSurvey:
    """``survey(out_dir)``, begun at once in a forked child if ``out_dir`` holds a build;
    ``result`` waits for it. Used as a context manager, which ends the child if still running."""

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir
        self._found: Survey | None = None
        self._done = False
        self._child: multiprocessing.process.BaseProcess | None = None
        self._receiving: Connection | None = None
        if not (out_dir / MARKER).is_file() or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        try:
            child = context.Process(target=_survey_and_send, args=(out_dir, sending), daemon=True)
            child.start()
        except OSError:
            receiving.close()
            return
        finally:
            sending.close()
        self._child, self._receiving = child, receiving

    def result(self) -> Survey | None:
        """The survey: the child's, else one made here (no child, or it died before it answered)."""
        if not self._done:
            answered = False
            if self._receiving is not None:
                try:
                    found = self._receiving.recv()
                    answered = found is None or isinstance(found, Survey)
                    self._found = found if answered else None
                except (EOFError, OSError):
                    pass
                self.close()
            if not answered:
                self._found = survey(self.out)
            self._done = True
        return self._found

    def close(self) -> None:
        if self._receiving is not None:
            self._receiving.close()
            self._receiving = None
        if self._child is not None:
            if self._child.is_alive():
                self._child.kill()
            self._child.join()
            self._child = None

    def __enter__(self) -> BackgroundSurvey:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
