"""Values that a build unpickles by the thousand (from its workers and its render cache): pickled
as their fields, in order, and made again by their constructor.

A frozen dataclass with slots is otherwise unpickled through ``dataclasses``' own
``__setstate__``, which asks ``fields()`` of every instance: 0.4 s of a one-changed rebuild of
5,000 letters, whose summaries hold 90,000 warnings, links and correspondents, against half of
that made by the constructor.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def by_fields(cls: type[T]) -> type[T]:
    """Give the dataclass ``cls`` a ``__reduce__`` that pickles its fields, in order, as the
    arguments of its constructor (every field must be an argument of it)."""
    names = tuple(field.name for field in dataclasses.fields(cls))  # type: ignore[arg-type]
    assert all(field.init for field in dataclasses.fields(cls)), f"{cls.__name__}: a field is not in __init__"  # type: ignore[arg-type]
    values = attrgetter(*names) if len(names) > 1 else (lambda value: (attrgetter(names[0])(value),))

    def __reduce__(self: Any) -> tuple[type[T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls
