"""Real TEI from public projects builds: every well-formed document of ``../shared/corpora/``
(plays, novels, letters and their registers, critical editions, manuscripts), with no option,
findings listed as warnings, every document's text on its page character for character; with
``--strict`` nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROJECT

from build import cli
from edition.build.pipeline import build
from edition.errors import EditionError
from edition.tei.load import Document, discover, parse
from tests.lossless import html_words, tei_words


def _corpora() -> Path:
    """``$EDITION_CORPORA``, else ``shared/corpora`` beside the checkout or beside any folder
    above it (a worktree kept in a folder of worktrees finds the same corpora)."""
    if os.environ.get("EDITION_CORPORA"):
        return Path(os.environ["EDITION_CORPORA"])
    found = (folder / "shared" / "corpora" for folder in PROJECT.parents)
    return next((path for path in found if path.is_dir()), PROJECT.parent / "shared" / "corpora")


CORPORA = _corpora()
pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason=f"the shared corpora are not at {CORPORA}")


@pytest.fixture(scope="module")
def corpora_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """``python build.py html --source CORPORA`` with no other option, once for the module."""
    out = tmp_path_factory.mktemp("corpora") / "dist"
    result = CliRunner().invoke(cli, ["html", "--source", str(CORPORA), "--out", str(out)])
    assert result.exit_code == 0, result.output[-2000:]
    count = len(tei_documents())
    assert result.output.splitlines()[-1].startswith(f"built {count} documents")
    return out, sum(1 for line in result.output.splitlines() if line.startswith("warning: "))


def documents() -> list[Path]:
    found, _ = discover([CORPORA]) if CORPORA.is_dir() else ([], [])
    return found


def tei_documents() -> list[Path]:
    return [path for path in documents() if isinstance(parse(path, in_folder=True), Document)]


def test_every_well_formed_document_builds_with_warnings(corpora_build: tuple[Path, int]) -> None:
    out, warnings = corpora_build
    assert warnings > 0, "the corpora's own schemas and conventions are findings, not failures"
    built = {path.parent.name for path in out.glob("*/index.html")}
    for path in documents():
        doc = parse(path, in_folder=True)
        if isinstance(doc, Document):
            assert path.stem in built, path
        else:
            # The one well-formed file that is no TEI document (an XInclude fragment) is skipped.
            assert all(problem.is_warning and problem.rule == "not-tei" for problem in doc), doc


@pytest.mark.parametrize("path", tei_documents(), ids=lambda path: path.stem[:60])
def test_every_document_keeps_its_text(corpora_build: tuple[Path, int], path: Path) -> None:
    doc = parse(path, in_folder=True)
    assert isinstance(doc, Document)
    out, _ = corpora_build
    page = (out / path.stem / "index.html").read_text(encoding="utf-8")
    assert html_words(page) == tei_words(doc.tree.getroot())


def test_strict_makes_their_warnings_errors_and_writes_nothing(tmp_path: Path) -> None:
    # One folder of the corpora is enough to show it (and costs a fraction of the whole).
    misc = CORPORA / "misc"
    strict = CliRunner().invoke(cli, ["html", "--strict", "--source", str(misc), "--out", str(tmp_path / "strict")])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1].endswith("with --strict: nothing was written")
    assert not (tmp_path / "strict").exists()
    with pytest.raises(EditionError):
        build([misc], tmp_path / "strict", formats=("html",), strict=True)
    assert not (tmp_path / "strict").exists()


def test_a_letter_whose_notes_break_their_lines_prints(tmp_path: Path) -> None:
    # An Escher letter's note runs " – ⏎⇥ Nachträgliche Inhaltsangabe…": WeasyPrint failed on
    # such a run at the end of a printed line, and the letter had no PDF at all.
    letter = next(CORPORA.glob("letters/*K_4620_AE_an_DirektionCentralbahn*.xml"))
    source = tmp_path / "source"
    source.mkdir()
    (source / letter.name).write_bytes(letter.read_bytes())
    result = CliRunner().invoke(cli, ["pdf", "--source", str(source), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output[-2000:]
    [pdf] = (tmp_path / "dist").rglob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
