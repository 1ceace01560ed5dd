"""Validation: TEI P5 ``tei_all`` (RELAX NG) and the edition's own Schematron rules.

Both schemas are compiled once per process (``tei_all`` takes seconds). A document whose bytes
and schemas are unchanged since it last passed is not validated again (``cache``).
"""

from __future__ import annotations

from collections.abc import Iterable

from edition.errors import Problem
from edition.tei.load import Document
from edition.validate.cache import ValidationCache
from edition.validate.rules import check_schematron, compiled_schematron
from edition.validate.schema import check_tei_all, compiled_tei_all

__all__ = ["ValidationCache", "prepare_validation", "validate", "validate_all"]


def prepare_validation() -> None:
    """Compile both schemas ahead of need (a long-running process does this before it serves)."""
    compiled_tei_all()
    compiled_schematron()


def validate(doc: Document) -> list[Problem]:
    """All problems of one document: schema errors first, then the edition's rules."""
    return check_tei_all(doc) + check_schematron(doc)


def validate_all(docs: Iterable[Document], cache: ValidationCache | None = None) -> list[Problem]:
    """Validate every document (skipping cached passes) and return every problem found."""
    cache = cache or ValidationCache(None)
    problems: list[Problem] = []
    for doc in docs:
        if cache.passed(doc):
            continue
        found = validate(doc)
        if found:
            problems.extend(found)
        else:
            cache.remember(doc)
    return problems
