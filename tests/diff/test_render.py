"""The four outputs: terminal text, HTML (valid, escaped), JSON for tools, TEI fit for revisionDesc."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import click
from conftest import CHAPTER, PROJECT
from lxml import etree, html

from edition.diff import DiffResult, diff_trees
from edition.diff.render import list_change, place_in_revision_desc, render
from edition.tei.load import Document, parse
from edition.validate.rules import check_schematron
from edition.validate.schema import compiled_tei_all

from .tei import by_id, diff, edited

VNU = PROJECT / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OLD = '<p xml:id="p1">The political crisis deepened.</p><p xml:id="p2">In <date when="1956">1956</date>.</p>'
NEW = '<p xml:id="p1">The political emergency deepened.</p><p xml:id="p2">In <date when="1957">1956</date>.</p>'


def sample() -> DiffResult:
    return diff(OLD, NEW)


def test_text_marks_words_with_brackets_when_not_coloured() -> None:
    out = render(sample(), "text")
    assert "2 changes: 1 text, 1 encoding" in out
    assert "p1  text-replaced      …The political [-crisis-]{+emergency+} deepened.…" in out
    assert "p2  attribute-changed  <date @when> [-'1956'-] → {+'1957'+} around “1956”" in out
    assert "\x1b[" not in out


def test_text_colours_with_click_styles_on_a_terminal() -> None:
    out = render(sample(), "text", color=True)
    assert click.style("crisis", fg="red", strikethrough=True) in out
    assert click.style("emergency", fg="green", underline=True) in out
    assert "[-" not in out and click.unstyle(out).count("crisis") == 1


def test_a_changed_no_break_space_is_visible() -> None:
    out = render(diff('<p xml:id="a">pp.\u00a017</p>', '<p xml:id="a">pp. 17</p>'), "text")
    assert "[-⍽-]{+␣+}" in out


def test_json_lists_every_change_with_kind_location_and_values() -> None:
    data = json.loads(render(sample(), "json"))
    assert data["same"] is False and data["counts"]["text"] == 1 and data["counts"]["encoding"] == 1
    first, second = data["changes"]
    assert first["kind"] == "text-replaced" and first["new_id"] == "p1" and first["old"] == "crisis"
    assert first["new_xpath"] == "/tei:TEI/tei:text[1]/tei:body[1]/tei:div[1]/tei:p[1]"
    assert (second["attribute"], second["old"], second["new"]) == ("when", "1956", "1957")
    assert second["new_xpath"].endswith("/tei:p[2]/tei:date[1]")
    assert set(data["kinds"]) >= {first["kind"], second["kind"]}


def test_json_xpaths_select_the_elements_they_name() -> None:
    tree = etree.parse(str(CHAPTER))
    new = edited(tree, lambda root: by_id(root, "p19").find("{http://www.tei-c.org/ns/1.0}date").set("when", "1956"))
    [change] = diff_trees(tree, new).changes
    found = new.xpath(change.new_xpath, namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    assert isinstance(found, list) and found[0].get("when") == "1956" and found[0].text == "March 9, 1956"


def test_html_has_inline_ins_and_del_and_a_side_by_side_view() -> None:
    page = html.fromstring(render(sample(), "html"))
    assert page.xpath("string(//title)") == "Diff: old → new"
    assert page.xpath("//section[@id='text']//del/text()") == ["crisis"]
    assert page.xpath("//section[@id='text']//ins/text()") == ["emergency"]
    side = page.xpath("//table[@class='side']//tbody/tr/td")
    assert [td.text_content() for td in side] == ["The political crisis deepened.", "The political emergency deepened."]
    assert side[0].xpath("del/text()") == ["crisis"] and side[1].xpath("ins/text()") == ["emergency"]


def test_html_escapes_the_documents_text() -> None:
    hostile = diff('<p xml:id="a">safe</p>', '<p xml:id="a">&lt;script&gt;alert(1)&lt;/script&gt; safe</p>')
    out = render(hostile, "html")
    assert "<script>" not in out and "&lt;script&gt;alert(1)" in out


def test_html_report_passes_the_nu_html_checker(tmp_path: Path) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file(), "run ./install.sh --test (Java and vnu-jar)"
    tree = etree.parse(str(CHAPTER))

    def edit(root: etree._Element) -> None:
        by_id(root, "p1").text = "A new opening. " + (by_id(root, "p1").text or "")
        by_id(root, "p3").getparent().remove(by_id(root, "p3"))

    page = tmp_path / "diff.html"
    page.write_text(render(diff_trees(tree, edited(tree, edit)), "html"), encoding="utf-8")
    same = tmp_path / "same.html"
    same.write_text(render(diff_trees(tree, tree), "html"), encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--stdout", "--format", "gnu", "--errors-only", str(page), str(same)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_tei_record_is_valid_tei_p5_in_the_new_revisions_revision_desc() -> None:
    document = parse(CHAPTER)
    assert isinstance(document, Document)

    def edit(root: etree._Element) -> None:
        by_id(root, "p1").text = (by_id(root, "p1").text or "").replace("crisis", "emergency")
        by_id(root, "p2").find("{http://www.tei-c.org/ns/1.0}date").set("when", "1956-03")
        by_id(root, "p5").getparent().remove(by_id(root, "p5"))
        by_id(root, "pers.stalin").find("{http://www.tei-c.org/ns/1.0}note").text = "Ruler."

    new = edited(document.tree, edit)
    result = diff_trees(document.tree, new, "v1.0", "v1.1")
    record = list_change(result, when="2026-12-01", who="#resp.encoding")
    assert [c.get("type") for c in record.iterchildren("{*}change")] == [
        "structure.removed", "text.text-replaced", "encoding.attribute-changed", "register.text-deleted",
    ]  # fmt: skip
    # The removed paragraph is named, not pointed to: its id no longer resolves.
    assert [c.get("target") for c in record.iterchildren("{*}change")] == [None, "#p1", "#p2", "#pers.stalin"]
    placed = place_in_revision_desc(new, record)
    schema = compiled_tei_all()
    assert schema.validate(placed), schema.error_log
    source = etree.tostring(placed, encoding="utf-8")
    placed_document = parse(CHAPTER, source)
    assert isinstance(placed_document, Document)
    assert check_schematron(placed_document) == []


def test_tei_output_is_a_list_change_in_the_tei_namespace() -> None:
    out = render(sample(), "tei", when="2026-12-01")
    root = etree.fromstring(out.encode())
    assert root.tag == "{http://www.tei-c.org/ns/1.0}listChange"
    assert [c.get("when") for c in root.iterchildren("{*}change")] == ["2026-12-01", "2026-12-01"]
    assert "Differences from old to new: 2 changes" in root.findtext("{*}desc", "")
