"""The values a build unpickles by the thousand come back equal, by their constructor, through the
render cache's own unpickler; a class that could not be made again that way is refused."""

from __future__ import annotations

import pickle
import pickletools
from dataclasses import dataclass, field

import pytest

from edition.build.cache import safe_loads
from edition.errors import Problem, warning
from edition.pickled import by_fields
from edition.site.cmif import Action, Correspondence, Letter, Party, Place
from edition.site.links import Link

VALUES = [
    warning("letters/a.xml", 3, 7, "pointer-resolves", "no element has xml:id=“B3255”"),
    Problem("a.xml", 0, 0, "not-well-formed", "ends early"),
    Link("a/index.html", 12, "../b/index.html#p3", "b/index.html", "p3"),
    Link("a/index.html", 1, "/\\host", "", "", "unsafe"),
    Correspondence(
        (
            Letter(
                (
                    Action(
                        "sent",
                        (Party("persName", "Alfred Escher", "https://d-nb.info/gnd/118530879"),),
                        (Place("Zürich"),),
                        ((("when", "1864-10-02"),),),
                    ),
                ),
                conflict="",
            ),
        ),
        ("An editor",),
    ),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_a_value_comes_back_equal_made_by_its_constructor(value: object) -> None:
    reduced = value.__reduce__()
    assert isinstance(reduced, tuple)
    made, arguments = reduced
    assert made is type(value)
    assert made(*arguments) == value
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps(value, protocol=protocol)
        assert pickle.loads(data) == value
        assert safe_loads(data) == value
        # No state set after the object is made (``BUILD``: ``__setstate__``, the slow way).
        assert "BUILD" not in {op.name for op, _, _ in pickletools.genops(data)}


def test_a_single_field_comes_back_as_itself() -> None:
    @by_fields
    @dataclass(frozen=True, slots=True)
    class One:
        name: str

    assert One("x").__reduce__() == (One, ("x",))


def test_a_field_outside_the_constructor_is_refused() -> None:
    with pytest.raises(AssertionError, match="not in __init__"):

        @by_fields
        @dataclass(frozen=True)
        class Counted:
            name: str
            count: int = field(default=0, init=False)
