"""A call made beside the build: begun in a forked child, on the other core, while the build goes
on; its answer is waited for only where it is needed.

Two parts of a build read nothing of what the build does meanwhile: the survey of the previous
build's files (``survey``) while the documents are planned, and the print edition of a build of
one document while its HTML is made (``document``). A forked child has everything the build has
already (its modules, its compiled stylesheets and fonts, the document parsed), so nothing is
sent to it, and only its answer comes back. The child is ended with the build whatever happens
to it. Where processes cannot be forked, or the child dies or fails before it answers, the call
is made in the build's own process when its answer is wanted: a failure of the call is then met
where it would have been met without the child.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, cast

T = TypeVar("T")


def _call_and_send(
    call: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], sending: Connection
) -> None:
    # The build's own handlers would turn a Ctrl-C into its own way of stopping: a child just ends.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A call that fails, or whose answer cannot be sent, says nothing: the build's own process
    # then makes it again, and meets the failure itself.
    with contextlib.suppress(BaseException), sending:
        sending.send(call(*args, **kwargs))


class Beside(Generic[T]):
    """``call(*args, **kwargs)``, begun at once in a forked child if ``start``; ``result`` waits
    for the child's answer, which must be an instance of ``answers``. Used as a context manager,
    which ends the child if it is still running."""

    def __init__(
        self,
        call: Callable[..., T],
        *args: Any,
        answers: type | tuple[type, ...],
        start: bool = True,
        **kwargs: Any,
    ) -> None:
        self._call, self._args, self._kwargs, self._answers = call, args, kwargs, answers
        self._answer: tuple[T] | None = None
        self._child: multiprocessing.process.BaseProcess | None = None
        self._receiving: Connection | None = None
        # (A daemonic process, such as a pool's worker may be, is not let have children.)
        forkable = "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon
        if not start or not forkable:
            return
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        try:
            child = context.Process(target=_call_and_send, args=(call, args, kwargs, sending), daemon=True)
            child.start()
        except OSError:
            receiving.close()
            return
        finally:
            sending.close()
        self._child, self._receiving = child, receiving

    @property
    def forked(self) -> bool:
        """Whether a child is making the call (and has not answered yet)."""
        return self._receiving is not None

    def result(self) -> T:
        """The call's answer: the child's, else the call made here (no child, or it died or
        failed before it answered)."""
        if self._answer is None:
            if self._receiving is not None:
                try:
                    found = self._receiving.recv()
                    if isinstance(found, self._answers):
                        self._answer = (cast(T, found),)
                except (EOFError, OSError, pickle.UnpicklingError):
                    pass
                self.close()
            if self._answer is None:
                self._answer = (self._call(*self._args, **self._kwargs),)
        return self._answer[0]

    def close(self) -> None:
        if self._receiving is not None:
            self._receiving.close()
            self._receiving = None
        if self._child is not None:
            if self._child.is_alive():
                self._child.kill()
            self._child.join()
            self._child = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
