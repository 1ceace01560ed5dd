"""``edition new DIR``: a project that builds at once, with a project file that explains every key."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import cli
from edition.config import DESCRIPTIONS, EditionConfig, SiteConfig, read_config
from edition.project import new_project


def test_the_project_file_sets_and_explains_every_key(tmp_path: Path) -> None:
    new_project(tmp_path / "letters-of-1813")
    path = tmp_path / "letters-of-1813" / "edition.toml"
    config = read_config(path)
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    keys = {f.name for f in fields(EditionConfig)} - {"path"}
    assert set(data) == keys
    assert set(data["site"]) == {f.name for f in fields(SiteConfig)}
    assert set(DESCRIPTIONS) == keys | {f"site.{f.name}" for f in fields(SiteConfig)}
    lines = text.splitlines()
    for key in data:
        line = next(i for i, line in enumerate(lines) if line.startswith((f"{key} =", f"[{key}]")))
        assert lines[line - 1].startswith("# "), f"{key} is not explained"
    # Every value is the default but the title, which comes from the folder's name.
    assert config.title == "Letters Of 1813"
    assert config == EditionConfig(title=config.title, path=path.resolve())


def test_a_new_project_builds_at_once_without_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new", "my-edition"])
    assert result.exit_code == 0, result.output
    project = tmp_path / "my-edition"
    assert {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()} == {
        "edition.toml",
        "README.md",
        ".gitignore",
        "source/first-document.xml",
    }
    readme = (project / "README.md").read_text(encoding="utf-8")
    for command in ("edition build", "edition serve", "edition cite", "edition release", "edition package"):
        assert command in readme
    assert "/dist/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()

    monkeypatch.chdir(project)
    # The strictest profile passes: the document shows what a citable edition needs.
    strictest = tmp_path / "strictest.toml"
    strictest.write_text(f'sources = ["{project / "source"}"]\nrules = ["citable"]\nstrict = true\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(strictest), "validate"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["build", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output
    site = project / "dist"
    page = etree.parse(str(site / "index.html"), etree.HTMLParser())
    assert page.xpath("string(//h1)") == "A novel arrives at Chawton"
    assert page.xpath("count(//*[@data-n][starts-with(@id, 'p')])") == 3
    assert page.xpath("//blockquote") and page.xpath("//*[@role='doc-endnotes']//li")
    people = etree.parse(str(site / "people.html"), etree.HTMLParser())
    assert people.xpath("//section[@id='pers.austen']//a[@href='index.html#p1']")
    assert (site / "first-document.pdf").read_bytes().startswith(b"%PDF-")


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path}:0:0: project-exists: is not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
