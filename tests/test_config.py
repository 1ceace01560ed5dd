"""The project file: every key reaches the build, a wrong key or value is named with its line,
and the command line overrides the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, MINIMAL, PROJECT
from lxml import html

from build import cli
from edition.config import EditionConfig, find_config, read_config
from edition.errors import EditionError


def project(tmp_path: Path, toml: str, documents: tuple[Path, ...] = (MINIMAL,)) -> Path:
    source = tmp_path / "source"
    source.mkdir(parents=True)
    for document in documents:
        shutil.copy(document, source / document.name)
    (tmp_path / "edition.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def run(folder: Path, *arguments: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("text", "line", "rule", "words"),
    [
        ('title = "A"\nsorces = ["x"]\n', 2, "config-key", "unknown key 'sorces'"),
        ('strict = "yes"\n', 1, "config-type", "strict must be true or false"),
        ("[site]\ntimeline = 1\n", 2, "config-type", "site.timeline must be true or false"),
        ('[site]\nregisters = ["people", "saints"]\n', 2, "config-value", "'saints' is not one of"),
        ('base_url = "ftp://x"\n', 1, "config-value", "must start with http:// or https://"),
        ('title = "unclosed\n', 1, "config-syntax", ""),
    ],
)
def test_a_wrong_key_or_value_is_named_with_its_line(
    tmp_path: Path, text: str, line: int, rule: str, words: str
) -> None:
    path = tmp_path / "edition.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as raised:
        read_config(path)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line, problem.rule) == (str(path), line, rule)
    assert words in problem.message


def test_without_a_project_file_the_defaults_apply(tmp_path: Path) -> None:
    config = find_config(folder=tmp_path)
    assert config == EditionConfig()
    assert (config.sources, config.out, config.schema, config.rules, config.strict) == (
        ("source",),
        "dist",
        "tei_all",
        (),
        False,
    )


def test_the_repository_describes_the_chapter_with_its_strict_profile() -> None:
    config = read_config(PROJECT / "edition.toml")
    assert config.rules == ("citable",) and config.strict
    assert [p.name for p in config.source_paths()] == ["source"]


def test_title_site_and_licence_reach_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = (
        'title = "Letters to and from Marie Lenz"\nlicence = "CC-BY-4.0"\n'
        '[site]\nregisters = ["people"]\ntimeline = false\nsearch = false\n'
    )
    letters = (FIXTURES / "corpora" / "letter-1.xml", FIXTURES / "corpora" / "letter-2.xml")
    folder = project(tmp_path, toml, letters)
    run(folder, "html", monkeypatch=monkeypatch)
    out = folder / "dist"
    index = html.fromstring((out / "index.html").read_bytes())
    assert index.xpath("string(//title)").startswith("Letters to and from Marie Lenz")
    assert not (out / "search.html").exists() and not (out / "search-index.js").exists()
    assert not index.xpath("//form[@role='search']"), "no search box without search"
    letter = html.fromstring((out / "letter-1" / "index.html").read_bytes())
    assert not letter.xpath("//form[@role='search']")
    nav = letter.xpath("//nav[contains(@class, 'site-nav')]//a/@href")
    assert "people.html" in nav and "places.html" not in nav and "timeline.html" not in nav
    assert not (out / "letter-1" / "places.html").exists() and not (out / "letter-1" / "timeline.html").exists()


def test_the_command_line_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = project(tmp_path, 'out = "site"\nformats = ["html"]\nstrict = true\n')
    run(folder, "build", "--out", "elsewhere", "--no-strict", monkeypatch=monkeypatch)
    assert (folder / "elsewhere" / "index.html").is_file() and not (folder / "site").exists()
    run(folder, "build", monkeypatch=monkeypatch)
    assert (folder / "site" / "index.html").is_file() and not (folder / "site" / "minimal.pdf").exists()
