"""Validation: tei_all, each Schematron rule with a document that breaks it, and the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHAPTER, FIXTURES, MINIMAL, write

import edition.validate as validation
from edition.tei.load import Document, load, parse
from edition.validate import ValidationCache, validate, validate_all
from edition.validate import cache as validation_cache
from edition.validate import rules as validation_rules


def document(path: Path) -> Document:
    doc = parse(path)
    assert isinstance(doc, Document), doc
    return doc


def test_chapter_is_valid() -> None:
    assert validate(document(CHAPTER)) == []


def test_minimal_fixture_is_valid() -> None:
    assert validate(document(MINIMAL)) == []


# Each fixture is the minimal document with one change; the rule and the line of the offending
# element are what a reader of the diagnostic needs.
BROKEN = [
    ("para-id", [37]),
    ("para-n", [37]),
    ("para-n-unique", [33, 37]),
    ("pointer-resolves", [32]),
    ("date-normalised", [29]),
    ("quote-source", [32]),
    ("note-bibl", [33]),
    ("register-used", [43]),
]


@pytest.mark.parametrize(("rule", "lines"), BROKEN, ids=[rule for rule, _ in BROKEN])
def test_each_rule_has_a_document_that_breaks_it(rule: str, lines: list[int]) -> None:
    problems = validate(document(FIXTURES / "invalid" / f"{rule}.xml"))
    assert [(p.rule, p.line) for p in problems] == [(rule, line) for line in lines]
    assert all(p.column > 0 for p in problems)


def test_every_rule_in_the_schematron_is_tested() -> None:
    rules = set(validation_rules.SCHEMATRON_PATH.read_text(encoding="utf-8").split('assert id="')[1:])
    names = {chunk.split('"', 1)[0] for chunk in rules}
    assert names == {rule for rule, _ in BROKEN}


def test_dangling_pointer_message_names_the_target() -> None:
    (problem,) = validate(document(FIXTURES / "invalid" / "pointer-resolves.xml"))
    assert str(problem).endswith('pointer-resolves: @source="#n2" points to nothing: no element has xml:id="n2".')
    assert problem.column == 11


def test_schema_error_is_reported_with_its_line(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace('<p xml:id="p3" n="3">The end.</p>', "<bogus>x</bogus>")
    problems = validate(document(write(tmp_path, "bogus.xml", text)))
    assert problems and {p.rule for p in problems} == {"tei-rng"}
    assert problems[0].line == 37
    assert "bogus" in " ".join(p.message for p in problems)


def test_all_problems_of_all_files_are_reported_at_once() -> None:
    documents, problems = load([FIXTURES / "invalid", FIXTURES / "valid"])
    problems += validate_all(documents)
    files = {Path(p.file).stem for p in problems}
    assert files == {rule for rule, _ in BROKEN}


def test_cache_skips_unchanged_documents_and_rechecks_changed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ValidationCache(tmp_path / "cache")
    good = document(MINIMAL)
    assert validate_all([good], cache) == []
    assert cache.passed(good)

    def must_not_run(doc: Document) -> list[object]:
        raise AssertionError(f"{doc.name} was validated again")

    monkeypatch.setattr(validation, "validate", must_not_run)
    assert validate_all([good], cache) == []
    monkeypatch.undo()

    changed_path = write(tmp_path, "changed.xml", MINIMAL.read_text(encoding="utf-8").replace('n="3"', 'n="2"'))
    changed = document(changed_path)
    assert not cache.passed(changed)
    assert [p.rule for p in validate_all([changed], cache)] == ["para-n-unique", "para-n-unique"]
    assert not cache.passed(changed), "failures are never cached"


def test_cache_key_includes_the_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ValidationCache(tmp_path / "cache")
    good = document(MINIMAL)
    cache.remember(good)
    monkeypatch.setattr(validation_cache, "schema_fingerprint", lambda: "another schema")
    assert not cache.passed(good)
