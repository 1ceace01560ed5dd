"""The rules layer: the edition's Schematron rules (XPath 1.0, as lxml runs them)."""

from __future__ import annotations

import functools

from lxml import etree, isoschematron

from edition.errors import Problem
from edition.resources import RULES_DIR
from edition.tei.load import Document, safe_parser
from edition.validate.locations import locate

SCHEMATRON_PATH = RULES_DIR / "edition.sch"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


@functools.cache
def compiled_schematron() -> isoschematron.Schematron:
    return isoschematron.Schematron(etree.parse(str(SCHEMATRON_PATH), safe_parser()), store_report=True)


def check_schematron(doc: Document) -> list[Problem]:
    schematron = compiled_schematron()
    if schematron.validate(doc.tree):
        return []
    report = schematron.validation_report
    problems = []
    for failure in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=SVRL):
        found = doc.tree.xpath(failure.get("location", "/*"))
        line, column = locate(doc, found[0] if isinstance(found, list) and found else None)
        message = " ".join(failure.xpath("string(svrl:text)", namespaces=SVRL).split())
        problems.append(Problem(doc.name, line, column, failure.get("id") or "schematron", message))
    return problems
