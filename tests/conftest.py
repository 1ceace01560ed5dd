"""Shared fixtures: paths of the project and its fixtures, and a private validation cache."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"
CHAPTER = PROJECT / "source" / "north-heritage-khrushchev.xml"
TRANSCRIPTION = FIXTURES / "transcription.txt"
MINIMAL = FIXTURES / "valid" / "minimal.xml"


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the tests' validation cache out of the project's .cache folder."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("EDITION_CACHE_DIR", str(folder))
    # Renders are not cached across tests: several tests break a part of the builder on purpose.
    patch.setenv("EDITION_RENDER_CACHE", "0")
    yield folder
    patch.undo()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GENERAL = FIXTURES / "general"
ARTIFACTS = PROJECT / "test-artifacts"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def dead_pid() -> int:
    """The id of a process that has ended (a build that died, as far as a staging folder knows)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def cached_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three general documents in ``tmp_path/corpus``, built with the render cache on (in
    ``tmp_path/cache``) and a fixed build date, as a rebuild over a previous build is."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("EDITION_RENDER_CACHE", "1")
    corpus = tmp_path / "corpus"
    for name in ("verse", "drama", "nested"):
        write(corpus, f"{name}.xml", (GENERAL / f"{name}.xml").read_text(encoding="utf-8"))
    return corpus


@pytest.fixture(scope="session")
def chapter_site(tmp_path_factory: pytest.TempPathFactory, private_cache: Path) -> Path:
    """The chapter's whole edition (HTML and PDF), built once (no SOURCE_DATE_EPOCH: dated by its revision)."""
    from edition.build.pipeline import build

    out = tmp_path_factory.mktemp("chapter") / "site"
    build([CHAPTER], out)
    return out


@pytest.fixture(scope="session")
def collection_site(tmp_path_factory: pytest.TempPathFactory, private_cache: Path) -> Path:
    """The chapter and every general fixture built as one collection (HTML only, for speed)."""
    from edition.build.pipeline import build

    out = tmp_path_factory.mktemp("collection") / "site"
    build([CHAPTER, GENERAL], out, formats=("html",))
    return out


@pytest.fixture(scope="session")
def site_dir(chapter_site: Path) -> Path:
    """The folder the browser tests serve."""
    return chapter_site


CORPORA = FIXTURES / "corpora"


@pytest.fixture(scope="session")
def corpora_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures modelled on real corpora (tests/fixtures/corpora) as one collection, rendered
    without validating (``site_files``: the rendering alone), written to a folder."""
    from edition.site.pages import SiteOptions
    from edition.tei.load import Document, parse
    from tests.helpers import site_files

    documents = [doc for path in sorted(CORPORA.glob("*.xml")) if isinstance(doc := parse(path), Document)]
    files, _, _ = site_files(documents, SiteOptions())
    out = tmp_path_factory.mktemp("corpora") / "site"
    for name, data in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Write the rendered fragments as the new golden files (tests/golden/); review them in the diff.",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
