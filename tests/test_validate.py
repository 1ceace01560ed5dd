"""Validation: tei_all, each rule of the core and citable profiles with a document that breaks it, and the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHAPTER, FIXTURES, MINIMAL, write

import edition.validate as validation
from edition.tei.load import Document, load, parse
from edition.validate import CITABLE, ValidationCache, ValidationSettings, validate, validate_all
from edition.validate import cache as validation_cache
from edition.validate import rules as validation_rules


def document(path: Path) -> Document:
    doc = parse(path)
    assert isinstance(doc, Document), doc
    return doc


def test_chapter_is_valid() -> None:
    assert validate(document(CHAPTER), CITABLE) == []


def test_minimal_fixture_is_valid() -> None:
    assert validate(document(MINIMAL), CITABLE) == []


# Each fixture is the minimal document with one change; the rule, the line of the offending
# element and the severity (citable: error; core: warning) are what a reader of the diagnostic needs.
BROKEN = [
    ("para-id", [37], "error"),
    ("para-n", [37], "error"),
    ("para-n-unique", [33, 37], "error"),
    ("pointer-resolves", [32], "warning"),
    ("date-normalised", [29], "error"),
    ("quote-source", [32], "error"),
    ("note-bibl", [33], "error"),
    ("register-used", [43], "error"),
]
CORE_RULES = {"pointer-resolves"}


@pytest.mark.parametrize(("rule", "lines", "severity"), BROKEN, ids=[rule for rule, _, _ in BROKEN])
def test_each_rule_has_a_document_that_breaks_it(rule: str, lines: list[int], severity: str) -> None:
    problems = validate(document(FIXTURES / "invalid" / f"{rule}.xml"), CITABLE)
    assert [(p.rule, p.line, p.severity) for p in problems] == [(rule, line, severity) for line in lines]
    assert all(p.column > 0 for p in problems)


def test_every_rule_in_the_citable_profile_is_tested() -> None:
    rules = set(validation_rules.SCHEMATRON_PATH.read_text(encoding="utf-8").split('assert id="')[1:])
    names = {chunk.split('"', 1)[0] for chunk in rules}
    assert names | CORE_RULES == {rule for rule, _, _ in BROKEN}


def test_the_general_profile_builds_what_the_citable_profile_refuses() -> None:
    for rule, _, _ in BROKEN:
        problems = validate(document(FIXTURES / "invalid" / f"{rule}.xml"))
        assert all(p.is_warning for p in problems), (rule, problems)


def test_dangling_pointer_message_names_the_target() -> None:
    (problem,) = validate(document(FIXTURES / "invalid" / "pointer-resolves.xml"), CITABLE)
    assert str(problem).endswith('pointer-resolves: @source="#n2" points to nothing: no element has xml:id="n2".')
    assert problem.column == 11


def test_schema_error_is_reported_with_its_line(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace('<p xml:id="p3" n="3">The end.</p>', "<bogus>x</bogus>")
    problems = validate(document(write(tmp_path, "bogus.xml", text)), CITABLE)
    assert problems and {p.rule for p in problems} == {"tei-rng"}
    assert all(p.is_warning for p in problems), "schema findings are warnings"

    assert problems[0].line == 37
    assert "bogus" in " ".join(p.message for p in problems)


def test_all_problems_of_all_files_are_reported_at_once() -> None:
    documents, problems = load([FIXTURES / "invalid", FIXTURES / "valid"])
    problems += validate_all(documents, CITABLE)
    files = {Path(p.file).stem for p in problems}
    assert files == {rule for rule, _, _ in BROKEN}


def test_cache_skips_unchanged_documents_and_rechecks_changed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ValidationCache(tmp_path / "cache")
    good = document(MINIMAL)
    assert validate_all([good], CITABLE, cache) == []
    assert cache.passed(good, CITABLE)

    def must_not_run(doc: Document, settings: object = None) -> list[object]:
        raise AssertionError(f"{doc.name} was validated again")

    monkeypatch.setattr(validation, "validate", must_not_run)
    assert validate_all([good], CITABLE, cache) == []
    monkeypatch.undo()

    changed_path = write(tmp_path, "changed.xml", MINIMAL.read_text(encoding="utf-8").replace('n="3"', 'n="2"'))
    changed = document(changed_path)
    assert not cache.passed(changed, CITABLE)
    assert [p.rule for p in validate_all([changed], CITABLE, cache)] == ["para-n-unique", "para-n-unique"]
    assert not cache.passed(changed, CITABLE), "failures are never cached"


def test_cache_key_includes_the_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ValidationCache(tmp_path / "cache")
    good = document(MINIMAL)
    cache.remember(good, CITABLE, [])
    assert cache.passed(good, CITABLE)
    monkeypatch.setattr(validation_cache, "schema_fingerprint", lambda doc, settings: "another schema")
    assert not cache.passed(good, CITABLE)
    monkeypatch.undo()
    assert not cache.passed(good, ValidationSettings()), "other rules, another verdict"


def test_cache_key_includes_the_builder_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A builder with another rule (its code changed, its version number not) validates again.
    cache = ValidationCache(tmp_path / "cache")
    good = document(MINIMAL)
    cache.remember(good, CITABLE, [])
    assert cache.passed(good, CITABLE)
    monkeypatch.setattr(validation_cache, "builder_fingerprint", lambda: "a builder with one more rule")
    assert not cache.passed(good, CITABLE)
