"""One shape for every diagnostic: a ``Problem`` at ``file:line:col`` under a named rule.

Every stage reports problems as values; the CLI turns a non-empty list into an
``EditionError``, which prints all of them at once and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Problem:
    """A diagnostic tied to a place in a file. ``line``/``column`` are 1-based, 0 if unknown."""

    file: str
    line: int
    column: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.rule}: {self.message}"


class EditionError(click.ClickException):
    """An expected failure: bad input, not a crash. Prints one line per problem, no traceback."""

    exit_code = 1

    def __init__(self, problems: Sequence[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        self.summary = summary or f"{count} problem{'s' if count != 1 else ''} found; nothing was written"
        super().__init__(self.summary)

    def format_message(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), self.summary])

    def show(self, file: object = None) -> None:
        # ClickException.show prefixes "Error: "; each problem line must stay grep-able as file:line:col.
        click.echo(self.format_message(), err=True)


def raise_if_any(problems: Iterable[Problem], summary: str | None = None) -> None:
    """Raise ``EditionError`` listing every problem, if there are any."""
    found = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.rule, p.message))
    if found:
        raise EditionError(found, summary)
