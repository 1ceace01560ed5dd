"""Golden files: every fragment the stylesheets make of each fixture, as it was last reviewed.

``tests/golden/<folder>/<fixture>/<fragment>.html`` holds each non-empty fragment, normalised (parsed and
indented, so a change reads as a few lines in a diff). On a mismatch the actual output is written
beside the expected one (``.actual.html``, ignored by git) and the test fails. After an intended
change, ``python -m pytest tests/test_golden.py --update-golden`` writes them anew, to be reviewed
in the diff like code; CI never does.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from conftest import CHAPTER, FIXTURES, PROJECT
from lxml import etree, html

from edition.tei.load import Document, parse
from edition.tei.transform import transform

GOLDEN = PROJECT / "tests" / "golden"
SOURCES = sorted(
    [
        CHAPTER,
        *(FIXTURES / "valid").glob("*.xml"),
        *(FIXTURES / "general").glob("*.xml"),
        *(FIXTURES / "corpora").glob("*.xml"),
    ]
)


def normalised(fragment: str) -> str:
    """A fragment as reviewable text: its elements one to a line, indented, text kept exactly."""
    root = html.fragment_fromstring(fragment, create_parent="fragment")
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode", method="xml") + "\n"


def rendered(path: Path) -> dict[str, str]:
    doc = parse(path)
    assert isinstance(doc, Document), doc
    fragments = transform(doc)
    return {name: normalised(value) for name, value in sorted(fragments.parts.items()) if value.strip()}


def golden_folder(path: Path) -> Path:
    """``golden/<folder>/<fixture>``: fixtures of different folders may share a name."""
    return GOLDEN / path.parent.name / path.stem


def compare(path: Path, folder: Path, update: bool) -> list[str]:
    """The differences between the fragments of ``path`` and its golden files in ``folder``
    (each actual fragment written beside its golden file), or, with ``update``, write them."""
    actual = rendered(path)
    if update:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.html"):
            old.unlink()
        for name, text in actual.items():
            (folder / f"{name}.html").write_text(text, encoding="utf-8")
        return []
    expected = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.html") if ".actual" not in p.name}
    differences = []
    for name in sorted(set(actual) | set(expected)):
        mine, golden = actual.get(name, ""), expected.get(name, "")
        beside = folder / f"{name}.actual.html"
        if mine == golden:
            beside.unlink(missing_ok=True)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        beside.write_text(mine, encoding="utf-8")
        diff = difflib.unified_diff(golden.splitlines(), mine.splitlines(), f"{name}.html", f"{name}.actual.html", n=1)
        differences.append("\n".join(list(diff)[:40]))
    return differences


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_fragments_equal_their_golden_files(path: Path, update_golden: bool) -> None:
    differences = compare(path, golden_folder(path), update_golden)
    assert not differences, "\n\n".join(differences) + "\n(run with --update-golden after an intended change)"


def test_a_changed_fragment_fails_and_is_written_beside_its_golden_file(tmp_path: Path) -> None:
    shutil.copytree(golden_folder(CHAPTER), tmp_path / "golden")
    golden = tmp_path / "golden" / "text.html"
    golden.write_text(golden.read_text(encoding="utf-8").replace("Khrushchev", "Chruschtschow", 1), encoding="utf-8")
    differences = compare(CHAPTER, tmp_path / "golden", update=False)
    assert len(differences) == 1 and "text.html" in differences[0]
    assert (tmp_path / "golden" / "text.actual.html").read_text(encoding="utf-8") == rendered(CHAPTER)["text"]
