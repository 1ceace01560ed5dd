"""One shape for every diagnostic: a ``Problem`` at ``file:line:col`` under a named rule, with a severity.

Every stage reports problems as values, errors and warnings alike. An error stops the build (the
CLI turns a non-empty list into an ``EditionError``, which prints all of them at once and exits
non-zero); a warning is shown and counted, and ``--strict`` makes it an error.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import click

from edition.pickled import by_fields

log = logging.getLogger("edition")

Severity = Literal["error", "warning"]


# Slots: a build keeps every warning of every document until it reports them.
@by_fields
@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """A diagnostic tied to a place in a file. ``line``/``column`` are 1-based, 0 if unknown."""

    file: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.rule}: {self.message}"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def as_warning(self) -> Problem:
        return replace(self, severity="warning")

    def as_error(self) -> Problem:
        return replace(self, severity="error")

    def shown(self) -> str:
        """The line a reader sees: warnings say so, errors are the bare ``file:line:col: rule: message``."""
        return f"warning: {self}" if self.is_warning else str(self)


def warning(file: str, line: int, column: int, rule: str, message: str) -> Problem:
    """A finding that does not stop the build unless it is strict."""
    return Problem(file, line, column, rule, message, "warning")


def errors_of(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_warning]


def warnings_of(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_warning]


# The fields in order, got in C: a collection's report sorts tens of thousands of warnings.
_PLACE_ORDER = operator.attrgetter("file", "line", "column", "rule", "message", "severity")


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, by file, place, rule and message (a run's report reads top to bottom)."""
    return sorted(set(problems), key=_PLACE_ORDER)


def counted(errors: int, warnings: int) -> str:
    """'2 errors and 1 warning', '3 warnings', '0 warnings': as the summary lines say it."""
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    if warnings or not errors:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return " and ".join(parts)


def show_warnings(problems: Iterable[Problem]) -> int:
    """Log every warning in the one shape, in order; return how many there were."""
    found = in_order(warnings_of(problems))
    for problem in found:
        log.warning("%s", problem)
    return len(found)


class EditionError(click.ClickException):
    """An expected failure: bad input, not a crash. Prints one line per problem, no traceback."""

    exit_code = 1

    def __init__(self, problems: Sequence[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        self.summary = summary or f"{count} problem{'s' if count != 1 else ''} found; nothing was written"
        super().__init__(self.summary)

    def format_message(self) -> str:
        return "\n".join([*(p.shown() for p in self.problems), self.summary])

    def show(self, file: object = None) -> None:
        # ClickException.show prefixes "Error: "; each problem line must stay grep-able as file:line:col.
        click.echo(self.format_message(), err=True)


def raise_if_any(problems: Iterable[Problem], summary: str | None = None) -> None:
    """Raise ``EditionError`` listing every problem, if there are any."""
    found = in_order(problems)
    if found:
        raise EditionError(found, summary)
