"""The rules layer: Schematron profiles (XPath 1.0, as lxml runs them).

A profile is what one kind of edition demands beyond the schema. The builder ships ``citable``
(``rules/citable.sch``: what makes the chapter citable — numbered paragraphs, sourced quotations,
notes that are references, registers that are used); its findings are errors. A project adds its
own ``.sch`` files; their findings take the severity of each assert's ``@role`` (``warning`` or
``info``: a warning; anything else an error, since the project wrote the rule to hold).
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree, isoschematron

from edition.errors import EditionError, Problem, Severity
from edition.resources import RULES_DIR
from edition.tei.load import Document, safe_parser
from edition.validate.locations import Locator

PROFILES = {"citable": RULES_DIR / "citable.sch"}
# The chapter's profile, under the name it had before profiles existed.
SCHEMATRON_PATH = PROFILES["citable"]
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
_WARNING_ROLES = {"warning", "warn", "info", "information"}


def rules_path(rule: str, project: Path | None = None) -> Path:
    """The Schematron file of a profile name or a project's ``.sch`` path."""
    if rule in PROFILES:
        return PROFILES[rule]
    path = Path(rule)
    return path if path.is_absolute() or project is None else project / path


def file_version(path: Path) -> tuple[int, int]:
    """A schema or rule file's size and modification time (ns): what says it was edited, for the
    validation cache and for the compiled schemas and rules a process keeps."""
    found = path.stat()
    return found.st_size, found.st_mtime_ns


@functools.lru_cache(maxsize=8)
def _compiled(path: str, version: tuple[int, int]) -> isoschematron.Schematron:
    try:
        return isoschematron.Schematron(etree.parse(path, safe_parser()), store_report=True)
    except (OSError, etree.XMLSyntaxError, etree.XSLTParseError, etree.SchematronParseError) as error:
        problem = Problem(path, 0, 0, "rules-broken", f"the Schematron rules cannot be compiled: {error}")
        raise EditionError([problem], "the edition's rules are broken; nothing was written") from error


def compiled_rules(path: Path) -> isoschematron.Schematron:
    return _compiled(str(path), file_version(path))


def compiled_schematron() -> isoschematron.Schematron:
    return compiled_rules(SCHEMATRON_PATH)


def check_rules(doc: Document, path: Path, builtin: bool = False) -> list[Problem]:
    """The findings of one Schematron file on one document. A built-in profile's findings are
    errors; a project's take their assert's ``@role``."""
    schematron = compiled_rules(path)
    if schematron.validate(doc.tree):
        return []
    report = schematron.validation_report
    locator = Locator(doc)
    problems = []
    for failure in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=SVRL):
        found = doc.tree.xpath(failure.get("location", "/*"))
        line, column = locator.locate(found[0] if isinstance(found, list) and found else None)
        message = " ".join(failure.xpath("string(svrl:text)", namespaces=SVRL).split())
        role = (failure.get("role") or "").lower()
        severity: Severity = "warning" if not builtin and role in _WARNING_ROLES else "error"
        problems.append(Problem(doc.name, line, column, failure.get("id") or "schematron", message, severity))
    return problems


def check_schematron(doc: Document) -> list[Problem]:
    """The findings of the ``citable`` profile."""
    return check_rules(doc, SCHEMATRON_PATH, builtin=True)
