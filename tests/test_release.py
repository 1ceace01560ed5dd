"""Releases: immutable snapshots, the promise of paragraph identifiers, versions side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, MINIMAL
from lxml import html

import build as cli_module
from edition.build.pipeline import build
from edition.errors import EditionError
from edition.release import record_release, release


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "source" / "minimal.xml"
    source.parent.mkdir()
    source.write_bytes(MINIMAL.read_bytes())
    return source, tmp_path / "releases"


def test_a_release_is_a_snapshot_and_is_recorded_in_the_tei(project: tuple[Path, Path]) -> None:
    source, releases = project
    target = release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
    assert target == releases / "0.2.0"
    assert (target / "index.html").is_file() and (target / "CITATION.cff").is_file()
    text = source.read_text(encoding="utf-8")
    assert (
        '<edition n="0.2.0">Version 0.2.0, released <date when="2026-11-25">25 November 2026</date></edition>' in text
    )
    assert '<change when="2026-11-25" n="0.2.0" status="published">Release 0.2.0.</change>' in text
    assert (target / "minimal.xml").read_bytes() == source.read_bytes()
    page = html.parse(str(target / "index.html")).getroot()
    assert "This is version 0.2.0" in page.xpath("string(//p[@class='version-note'])")
    assert page.xpath("//script[@src='../../versions.js']")


def test_recording_a_release_changes_nothing_else(project: tuple[Path, Path]) -> None:
    source, _ = project
    before = source.read_bytes()
    after = record_release(before, "0.2.0", "2026-11-25")
    removed = set(before.decode().splitlines()) - set(after.decode().splitlines())
    assert [line.strip() for line in removed] == [
        '<editionStmt><edition n="0.1.0">Test edition</edition></editionStmt>'
    ]
    assert record_release(after, "0.2.0", "2026-11-25") == after, "a version already recorded is left as it is"


def test_a_release_is_never_overwritten_and_versions_only_go_up(project: tuple[Path, Path]) -> None:
    source, releases = project
    release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
    with pytest.raises(EditionError) as raised:
        release(source, "0.2.0", releases, with_pdf=False)
    assert [p.rule for p in raised.value.problems] == ["release-exists"]
    with pytest.raises(EditionError) as raised:
        release(source, "0.1.9", releases, with_pdf=False)
    assert [p.rule for p in raised.value.problems] == ["release-version"]
    with pytest.raises(EditionError):
        release(source, "v1", releases, with_pdf=False)


def test_a_lost_paragraph_identifier_refuses_the_release_until_its_successor_is_recorded(
    project: tuple[Path, Path],
) -> None:
    source, releases = project
    release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
    text = source.read_text(encoding="utf-8")
    # The editor merges paragraph 3 into paragraph 1: p3 disappears.
    merged = text.replace('<p xml:id="p3" n="3">The end.</p>', "")
    source.write_text(merged, encoding="utf-8")
    before = source.read_bytes()
    with pytest.raises(EditionError) as raised:
        release(source, "0.3.0", releases, with_pdf=False)
    (problem,) = raised.value.problems
    assert problem.rule == "paragraph-id-lost" and '"p3" was published in 0.2.0' in problem.message
    assert source.read_bytes() == before and not (releases / "0.3.0").exists()
    # Recording the successor keeps the promise: p3 still resolves, to where its words went.
    source.write_text(
        merged.replace("about <placeName", '<anchor xml:id="p3" type="retired" corresp="#p1"/>about <placeName'),
        encoding="utf-8",
    )
    assert release(source, "0.3.0", releases, with_pdf=False).is_dir()


def test_the_cli_refuses_an_invalid_document(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes((FIXTURES / "invalid" / "para-id.xml").read_bytes())
    result = CliRunner().invoke(
        cli_module.cli, ["release", "1.0.0", "--source", str(broken), "--releases", str(tmp_path / "r")]
    )
    assert result.exit_code == 1 and "para-id" in result.output
    assert not (tmp_path / "r").exists()


def test_the_site_carries_every_release_beside_the_latest(project: tuple[Path, Path], tmp_path: Path) -> None:
    source, releases = project
    release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
    source.write_text(source.read_text(encoding="utf-8").replace("The end.", "The very end."), encoding="utf-8")
    release(source, "0.3.0", releases, date="2026-11-26", with_pdf=False)
    out = tmp_path / "dist"
    build([source], out, formats=("html",), releases=releases)
    assert "The end." in (out / "versions" / "0.2.0" / "index.html").read_text(encoding="utf-8")
    assert "The very end." in (out / "versions" / "0.3.0" / "index.html").read_text(encoding="utf-8")
    listing = html.parse(str(out / "versions.html")).getroot()
    assert listing.xpath("//ul[@class='versions']/li/a[1]/@href") == [
        "index.html",
        "versions/0.3.0/index.html",
        "versions/0.2.0/index.html",
    ]
    assert listing.xpath("//a[@href='versions/0.3.0/changes.html']")
    report = (out / "versions" / "0.3.0" / "changes.html").read_text(encoding="utf-8")
    assert "<del" in report and "<ins" in report and "very" in report
    assert "version 0.2.0" in report and str(tmp_path) not in report and "/tmp" not in report
    assert not (out / "versions" / "0.2.0" / "changes.html").exists(), "the first release has nothing to compare"
    script = (out / "versions.js").read_text(encoding="utf-8")
    assert '{"versions": ["0.2.0", "0.3.0"], "latest": "0.3.0"}' in script


def test_the_edition_keeps_the_promise_of_its_published_releases() -> None:
    """Every paragraph id any release of the chapter published still resolves in the source."""
    from conftest import CHAPTER, PROJECT

    from edition.release import broken_promises, published_ids
    from edition.site.versions import released_versions
    from edition.tei.load import Document, parse

    releases = PROJECT / "releases"
    assert "1.0.0" in released_versions(releases)
    doc = parse(CHAPTER)
    assert isinstance(doc, Document)
    published = published_ids(releases, doc.stem)
    assert len(published) == 62
    assert broken_promises(doc, published) == []
