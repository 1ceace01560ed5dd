"""The reader's language: complete catalogues, a German site and PDF, and the text's own language."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from catalogues import DOMAIN, LOCALE, TRANSLATED, compiled, messages
from click.testing import CliRunner
from conftest import CHAPTER, MINIMAL, write
from lxml import etree

from edition.build.pipeline import build
from edition.cli import cli
from edition.i18n import LANGUAGES, format_date, interface, translations
from edition.site.pages import SiteOptions


def catalogue(language: str) -> dict[object, object]:
    with (LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as file:
        return {m.id: m.string for m in read_po(file, locale=language) if m.id}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_of_the_code_is_translated(language: str) -> None:
    wanted = {m.id for m in messages() if m.id}
    found = catalogue(language)
    assert len(wanted) > 100
    missing = sorted(str(m) for m in wanted if not found.get(m) or (isinstance(found[m], tuple) and not all(found[m])))
    assert missing == [], f"untranslated in {language}: run tests/catalogues.py and translate"
    assert sorted(map(str, set(found) - wanted)) == [], "messages no code uses any more"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_po_file(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    assert po.with_suffix(".mo").read_bytes() == compiled(po), "run tests/catalogues.py"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_survive_translation(language: str) -> None:
    for msgid, text in catalogue(language).items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        texts = text if isinstance(text, tuple) else (text,)
        names = {part for m in ids for part in _placeholders(str(m))}
        for translated in texts:
            found = _placeholders(str(translated))
            # Every placeholder is the message's; a plural form may leave out the number.
            assert found <= names and (names - {"num"}) <= found, (msgid, translated)


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"%\((\w+)\)", text))


def test_dates_are_written_for_the_language() -> None:
    assert format_date("1956-02-14", "en") == "14 February 1956"
    assert format_date("1956-02-14", "de") == "14. Februar 1956"
    assert format_date("1956-02-14", "fr") == "14 février 1956"
    assert format_date("1956-03", "de") == "März 1956"
    assert format_date("1956", "fr") == "1956"
    assert format_date("spring 1956", "de") == "spring 1956"
    assert format_date("1956-02-30", "de") == "1956-02-30"
    with interface("de"):
        assert translations("de").gettext("People") == "Personen"


def html(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.HTMLParser())


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("de") / "site"
    build([CHAPTER], out, options=SiteOptions(language="de"))
    return out


def test_a_german_site_has_a_german_interface(german_site: Path) -> None:
    text = html(german_site / "index.html")
    assert text.xpath("string(/html/@lang)") == "de"
    # The text is English, and says so: the interface's language and the text's stay apart.
    assert text.xpath("string(//article[@class='edition-text']/@lang)") == "en"
    nav = [a.strip() for a in text.xpath("//nav[@class='site-nav']//a/text()")]
    assert nav == ["Text", "Personen", "Organisationen", "Orte", "Ereignisse", "Zeitleiste", "Werke", "Über"]
    assert text.xpath("string(//h2[@id='cite-heading'])") == "Diese Edition zitieren"
    assert text.xpath("string(//h2[@id='notes-heading'])") == "Anmerkungen"
    assert text.xpath("string(//form[@role='search']/button)") == "Suche"
    assert text.xpath("string((//button[@class='cite-button'])[1])").startswith("Zitieren")
    assert text.xpath("string(//a[@class='noteref'][1]/@aria-label)").startswith("Anmerkung ")
    # Dates: the build date in the footer, as German writes it (and the ISO value for machines).
    footer = text.xpath("string(//footer)")
    assert "Dies ist Version 1.0.0 der Edition von " in " ".join(footer.split())
    assert ", erstellt am 25. November 2026 (Kennung " in " ".join(footer.split())
    assert text.xpath("string(//footer//time/@datetime)") == "2026-11-25"
    assert text.xpath("string(//footer//time)") == "25. November 2026"
    assert "Kopieren" in text.xpath("string(//script[@id='edition-strings'])")

    people = html(german_site / "people.html")
    assert people.xpath("string(//h1)") == "Personen"
    assert people.xpath("string(//p[@class='intro'])").startswith("Alle Personen, die der Text nennt")
    assert people.xpath("string((//p[@class='occurrences'])[1])").startswith("Im Text: ")
    about = html(german_site / "about.html")
    assert about.xpath("string(//h1)") == "Über diese Edition"
    assert about.xpath("//section[@id='revisions']/h2/text()") == ["Versionsgeschichte"]
    assert about.xpath("//table[@class='revisions']//th/text()") == ["Datum", "Version", "Änderung"]
    events = html(german_site / "events.html")
    assert "14. Februar 1956" in events.xpath("string(//section[@id='ev.20th-congress'])")
    assert html(german_site / "search.html").xpath("string(//h1)") == "Suche"
    assert '"neueste"' in (german_site / "versions.js").read_text(encoding="utf-8")


def test_the_german_pdf_speaks_german(german_site: Path) -> None:
    (pdf,) = german_site.glob("*.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("Inhalt", "Zitiervorschlag", "Zitierte und erwähnte Werke", "Register"):
        assert words in text
    assert "How to cite" not in text and "Works cited and mentioned" not in text


def test_the_project_file_chooses_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "source/minimal.xml", MINIMAL.read_text(encoding="utf-8"))
    write(tmp_path, "edition.toml", 'languages = ["fr"]\nformats = ["html"]\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "-j", "1"])
    assert result.exit_code == 0, result.output
    page = html(tmp_path / "dist" / "index.html")
    assert page.xpath("string(/html/@lang)") == "fr"
    assert page.xpath("string(//h2[@id='cite-heading'])") == "Citer cette édition"

    write(tmp_path, "edition.toml", 'languages = ["tlh"]\n')
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "languages: 'tlh' is not one of " + ", ".join(LANGUAGES) in result.output


def test_an_english_site_is_unchanged_by_the_catalogues(tmp_path: Path) -> None:
    build([MINIMAL], tmp_path / "en", formats=("html",))
    page = html(tmp_path / "en" / "index.html")
    assert page.xpath("string(/html/@lang)") == "en"
    assert not page.xpath("//article/@lang"), "the text's language is the page's"
    assert not page.xpath("//script[@id='edition-strings']")
    assert page.xpath("string(//h2[@id='cite-heading'])") == "Cite this edition"
