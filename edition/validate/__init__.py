"""Validation in layers, every finding a ``Problem`` with a severity.

1. Safety and well-formedness (``edition.tei.load``): always errors, before anything here runs.
2. The schema (``schema``): the edition's RELAX NG; findings are warnings.
3. The core rules (``core``), always on: pointers go somewhere; warnings.
4. Rule profiles (``rules``): ``citable`` (errors) and a project's own Schematron files.

``ValidationSettings`` is what ``edition.toml`` chose. A document whose bytes, settings and
schemas are unchanged since it was last validated without errors is not validated again; its
warnings are remembered with it and reported again (``cache``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from edition.errors import Problem, counted, errors_of, in_order, raise_if_any, show_warnings
from edition.tei.load import Document, load
from edition.validate.cache import ValidationCache
from edition.validate.core import pointer_findings, xinclude_findings
from edition.validate.rules import check_rules, compiled_rules, rules_path
from edition.validate.schema import check_schema, schema_for, tei_all_path

__all__ = [
    "CITABLE",
    "ValidationCache",
    "ValidationSettings",
    "load_checked",
    "load_valid",
    "prepare_validation",
    "validate",
    "validate_all",
]


@dataclass(frozen=True)
class ValidationSettings:
    """Which schema and which rule profiles a document is checked against (``edition.toml``:
    ``schema``, ``rules``), and the folder relative paths in them start from."""

    schema: str = "tei_all"
    rules: tuple[str, ...] = ()
    project: Path | None = None

    def rule_files(self) -> list[tuple[Path, bool]]:
        """Each rule profile's Schematron file, and whether it is one of the builder's own."""
        return [(rules_path(rule, self.project), rule == "citable") for rule in self.rules]

    def fixed_schema(self) -> Path | None:
        """The schema every document uses, when it does not depend on the document."""
        if self.schema in ("none", "xml-model"):
            return None
        if self.schema == "tei_all":
            return tei_all_path()
        path = Path(self.schema)
        return path if path.is_absolute() or self.project is None else self.project / path


# The chapter's profile: the rules that make it citable, on top of the defaults.
CITABLE = ValidationSettings(rules=("citable",))


def prepare_validation(settings: ValidationSettings | None = None) -> None:
    """Compile the rules ahead of need (a long-running process does this before it serves); a
    schema is pruned and compiled per set of elements, in a fraction of a second, when needed."""
    settings = settings or ValidationSettings()
    for path, _ in settings.rule_files():
        compiled_rules(path)


def validate(doc: Document, settings: ValidationSettings | None = None) -> list[Problem]:
    """Every finding on one document, layer by layer: schema, core rules, profiles."""
    settings = settings or ValidationSettings()
    schema, problems = schema_for(doc, settings.schema, settings.project)
    if schema is not None:
        problems += check_schema(doc, schema)
    problems += pointer_findings(doc)
    problems += xinclude_findings(doc)
    for path, builtin in settings.rule_files():
        problems += check_rules(doc, path, builtin)
    return problems


def validate_all(
    docs: Iterable[Document], settings: ValidationSettings | None = None, cache: ValidationCache | None = None
) -> list[Problem]:
    """Validate every document (a cached one gives its remembered warnings) and return every finding."""
    cache = cache or ValidationCache(None)
    settings = settings or ValidationSettings()
    problems: list[Problem] = []
    for doc in docs:
        remembered = cache.findings(doc, settings)
        if remembered is not None:
            problems.extend(remembered)
            continue
        found = validate(doc, settings)
        problems.extend(found)
        cache.remember(doc, settings, found)
    return problems


def load_checked(
    sources: Sequence[Path],
    settings: ValidationSettings | None = None,
    *,
    use_cache: bool = True,
    progress: Callable[[str, Sequence[Document]], Iterable[Document]] | None = None,
) -> tuple[list[Document], list[Problem]]:
    """Load and validate every document: those without errors, and every finding of the run."""
    documents, problems = load(sources)
    cache = ValidationCache.default(use_cache)
    valid = []
    for doc in progress("validate", documents) if progress else documents:
        found = [*doc.warnings, *validate_all([doc], settings, cache)]
        problems.extend(found)
        if not errors_of(found):
            valid.append(doc)
    return valid, problems


def load_valid(
    sources: Sequence[Path],
    settings: ValidationSettings | None = None,
    *,
    use_cache: bool = True,
    strict: bool = False,
    progress: Callable[[str, Sequence[Document]], Iterable[Document]] | None = None,
) -> list[Document]:
    """Load and validate every document; raise ``EditionError`` with every error (and, when
    ``strict``, every warning as an error) if there is any; show the warnings otherwise."""
    documents, problems = load_checked(sources, settings, use_cache=use_cache, progress=progress)
    if strict:
        problems = [p.as_error() for p in problems]
    if errors_of(problems):
        found = in_order(problems)
        errors = len(errors_of(found))
        raise_if_any(found, f"{counted(errors, len(found) - errors)} found; nothing was written")
    show_warnings(problems)
    return documents
