"""Themes: a project overrides a template, a static file and one TEI element's rendering, each in
one file, without touching the builder; a broken theme gets the builder's clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL, write
from lxml import etree

from edition.build.pipeline import build
from edition.cli import cli
from edition.errors import EditionError
from edition.resources import STATIC_DIR, THEMES_DIR
from edition.site.pages import SiteOptions
from edition.theme import resolve_theme

BANNER = """{% extends "builtin/base.html" %}
{% block header_tools %}<p class="theme-banner">A themed edition</p>{{ super() }}{% endblock %}
"""
CSS = "/* the theme's own stylesheet */\nbody { background: #222; color: #eee; }\n"
CUSTOM_XSL = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="tei">
  <!-- Names of people in small capitals, around the built-in rendering (a link to the register). -->
  <xsl:template match="tei:persName">
    <span class="theme-person"><xsl:apply-imports/></span>
  </xsl:template>
</xsl:stylesheet>
"""


def make_theme(folder: Path) -> Path:
    write(folder, "templates/base.html", BANNER)
    write(folder, "static/edition.css", CSS)
    write(folder, "custom.xsl", CUSTOM_XSL)
    return folder


def html(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.HTMLParser())


def test_a_theme_overrides_a_template_a_static_file_and_an_element(tmp_path: Path) -> None:
    theme = make_theme(tmp_path / "theme")
    out = tmp_path / "dist"
    build([MINIMAL], out, options=SiteOptions(theme=str(theme)))
    text = html(out / "index.html")
    # The template: on every page, since the built-in pages extend "base.html", the theme's.
    for page in ("index.html", "people.html", "versions.html"):
        assert html(out / page).xpath("string(//header//p[@class='theme-banner'])") == "A themed edition", page
    assert text.xpath("//header//form[@role='search']"), "super() keeps the built-in block"
    # The static file replaces the built-in one; the others stay.
    assert (out / "static" / "edition.css").read_text(encoding="utf-8") == CSS
    assert (out / "static" / "edition.js").read_bytes() == (STATIC_DIR / "edition.js").read_bytes()
    # The element: the theme's template wraps the built-in rendering of persName.
    people = text.xpath("//p[@id='p1']/span[@class='theme-person']")
    assert len(people) == 1
    assert people[0].xpath("string(.)").strip() == "Ada"
    assert people[0].xpath("./*[contains(@class, 'tei-persName')]")
    # The PDF goes through the same stylesheet and templates.
    assert (out / "minimal.pdf").read_bytes().startswith(b"%PDF-")


def test_without_a_theme_nothing_of_it_shows(tmp_path: Path) -> None:
    build([MINIMAL], tmp_path / "dist", formats=("html",))
    text = html(tmp_path / "dist" / "index.html")
    assert not text.xpath("//*[@class='theme-banner' or @class='theme-person']")
    assert (tmp_path / "dist" / "static" / "edition.css").read_bytes() == (STATIC_DIR / "edition.css").read_bytes()


def test_a_change_to_the_theme_rebuilds_what_it_affects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITION_RENDER_CACHE", "1")
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "cache"))
    theme = make_theme(tmp_path / "theme")
    out = tmp_path / "dist"
    options = SiteOptions(theme=str(theme))
    build([MINIMAL], out, options=options, formats=("html",))
    assert build([MINIMAL], out, options=options, formats=("html",)).unchanged
    custom = theme / "custom.xsl"
    custom.write_text(CUSTOM_XSL.replace("theme-person", "theme-someone"), encoding="utf-8")
    result = build([MINIMAL], out, options=options, formats=("html",))
    assert not result.unchanged
    assert html(out / "index.html").xpath("//span[@class='theme-someone']")
    (theme / "static" / "edition.css").write_text("/* changed */\n", encoding="utf-8")
    assert not build([MINIMAL], out, options=options, formats=("html",)).unchanged
    assert (out / "static" / "edition.css").read_text(encoding="utf-8") == "/* changed */\n"


def test_a_broken_theme_template_names_its_file_and_line(tmp_path: Path) -> None:
    theme = make_theme(tmp_path / "theme")
    page = write(theme, "templates/page.html", '{% extends "builtin/page.html" %}\n{% block main %}{% if %}\n')
    with pytest.raises(EditionError) as raised:
        build([MINIMAL], tmp_path / "dist", options=SiteOptions(theme=str(theme)), formats=("html",))
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.rule) == (str(page), 2, "template-broken")
    assert raised.value.summary == "the theme's templates are broken; nothing was written"
    assert not (tmp_path / "dist").exists()


def test_an_unknown_variable_in_a_theme_template_names_its_line(tmp_path: Path) -> None:
    theme = make_theme(tmp_path / "theme")
    base = write(theme, "templates/base.html", BANNER.replace("{{ super() }}", "\n{{ page.colour }}"))
    with pytest.raises(EditionError) as raised:
        build([MINIMAL], tmp_path / "dist", options=SiteOptions(theme=str(theme)), formats=("html",))
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.rule) == (str(base), 3, "template-broken")
    assert "colour" in problem.message


@pytest.mark.parametrize(
    ("broken", "line", "says"),
    [
        ("<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>\n<xsl:template>", 2, ""),
        (CUSTOM_XSL.replace("<xsl:apply-imports/>", "<xsl:apply-imprts/>"), 5, "apply-imprts"),
    ],
    ids=["not-well-formed", "not-xslt"],
)
def test_a_broken_custom_xsl_names_its_file(tmp_path: Path, broken: str, line: int, says: str) -> None:
    theme = make_theme(tmp_path / "theme")
    custom = write(theme, "custom.xsl", broken)
    with pytest.raises(EditionError) as raised:
        build([MINIMAL], tmp_path / "dist", options=SiteOptions(theme=str(theme)), formats=("html",))
    [problem] = raised.value.problems
    assert (problem.file, problem.rule) == (str(custom), "stylesheet-broken")
    assert problem.line == line
    assert says in problem.message
    assert raised.value.summary == "the theme's stylesheets are broken; nothing was written"
    result = CliRunner().invoke(cli, ["html", "--source", str(MINIMAL), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, "the built-in theme is not affected"


def test_the_project_file_names_a_theme_folder_or_a_shipped_theme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_theme(tmp_path / "my-theme")
    write(tmp_path, "source/minimal.xml", MINIMAL.read_text(encoding="utf-8"))
    write(tmp_path, "edition.toml", 'theme = "my-theme"\nformats = ["html"]\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert html(tmp_path / "dist" / "index.html").xpath("//p[@class='theme-banner']")

    assert resolve_theme("reading", tmp_path) == str((THEMES_DIR / "reading").resolve())
    write(tmp_path, "edition.toml", 'theme = "nowhere"\n')
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "edition.toml:1:1: theme-missing: theme 'nowhere' is neither a folder" in result.output
    assert "reading" in result.output


def test_the_shipped_themes_build(tmp_path: Path) -> None:
    for name in sorted(p.name for p in THEMES_DIR.iterdir() if p.is_dir()):
        out = tmp_path / name
        build([MINIMAL], out, options=SiteOptions(theme=resolve_theme(name, tmp_path)))
        assert (out / "index.html").is_file() and (out / "minimal.pdf").is_file()
        assert os.listdir(out / "static")


def test_the_site_ships_eb_garamond_with_its_licence_or_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edition.theme import FONT_FILES, font_files, static_files

    files = static_files()
    for name in FONT_FILES:
        assert files[f"static/{name}"][:4] == b"OTTO", "an OpenType font, copied from the system"
    assert b"SIL OPEN FONT LICENSE Version 1.1" in files["static/EBGaramond-OFL.txt"]
    css = files["static/edition.css"].decode()
    assert all(f'url("{name}")' in css for name in FONT_FILES) and "//" not in css.split("@font-face")[1].split("}")[0]
    monkeypatch.setenv("EDITION_FONT_DIR", str(tmp_path))
    with pytest.raises(EditionError) as raised:
        font_files()
    (problem,) = raised.value.problems
    assert problem.rule == "font-missing" and "apt-get install fonts-ebgaramond" in problem.message
