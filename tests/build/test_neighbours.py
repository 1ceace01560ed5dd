"""A collection's documents know each other in a real build: links between documents resolve,
letters link the letters before and after them, and editing one letter renders only it and its
neighbours again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT
from lxml import html

from edition.build import document as document_stage
from edition.build.neighbours import HeaderCache
from edition.build.pipeline import build

LETTERS = ("letter-1.xml", "letter-2.xml")


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    source = tmp_path / "letters"
    source.mkdir()
    for name in LETTERS:
        shutil.copy(FIXTURES / "corpora" / name, source / name)
    shutil.copy(FIXTURES / "valid" / "minimal.xml", source / "minimal.xml")
    return source


def page(out: Path, name: str) -> html.HtmlElement:
    return html.fromstring((out / name / "index.html").read_bytes())


def test_letters_link_each_other_and_references_resolve(letters: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build([letters], out, formats=("html",), jobs=2)
    first, second = page(out, "letter-1"), page(out, "letter-2")
    assert first.xpath("//a[@rel='next']/@href") == ["../letter-2/index.html"]
    assert not first.xpath("//a[@rel='prev']")
    assert second.xpath("//a[@rel='prev']/@href") == ["../letter-1/index.html"]
    # "Ihr Brief aus dem Winter" points at letter-1.xml: a link to that letter's page.
    assert second.xpath("//a[normalize-space()='aus dem Winter']/@href") == ["../letter-1/index.html"]
    # An image beside the file is no document of the collection: left unlinked, never broken.
    assert second.xpath("//a[normalize-space()='Abbildung'][not(@href)]")
    assert not page(out, "minimal").xpath("//a[@rel='prev' or @rel='next']"), "not a letter"


def test_editing_one_letter_renders_it_and_its_neighbours_only(
    letters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITION_RENDER_CACHE", "1")
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "dist"
    build([letters], out, formats=("html",), jobs=1)
    rendered: list[str] = []
    real = document_stage.render_document

    def counting(doc: object, *args: object, **kwargs: object) -> object:
        rendered.append(getattr(doc, "stem", ""))
        return real(doc, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document_stage, "render_document", counting)
    minimal = letters / "minimal.xml"
    minimal.write_text(minimal.read_text(encoding="utf-8").replace("The end.", "The very end."), encoding="utf-8")
    build([letters], out, formats=("html",), jobs=1)
    assert rendered == ["minimal"], "a document that is no letter changes nobody's neighbours"
    rendered.clear()
    second = letters / "letter-2.xml"
    text = second.read_text(encoding="utf-8")
    second.write_text(
        text.replace("Paul Adler an Marie Lenz", "Paul Adler an Marie Lenz (Entwurf)", 1), encoding="utf-8"
    )
    build([letters], out, formats=("html",), jobs=1)
    assert sorted(rendered) == ["letter-1", "letter-2"], "its title is the next-letter link of letter 1"


def test_headers_are_read_once_per_content(tmp_path: Path) -> None:
    cache = HeaderCache(tmp_path)
    path = FIXTURES / "corpora" / "letter-1.xml"
    first = cache.metadata(path, path.read_bytes())
    cache.save()
    again = HeaderCache(tmp_path)
    assert again.metadata(path, path.read_bytes()) == first and not again.changed
    assert first.letter_date and first.next_letter == "letter-2"


# The real corpora beside the checkout, where they are (as test_corpora finds them).
_SHARED = [folder / "shared" / "corpora" for folder in PROJECT.parents if (folder / "shared" / "corpora").is_dir()]
_HEADED = sorted(FIXTURES.rglob("*.xml")) + [path for found in _SHARED[:1] for path in sorted(found.glob("*/*.xml"))]


def test_the_facts_read_before_a_build_are_the_headers_own() -> None:
    """A collection's links are made from a header read only in part (``collection_facts``):
    each of its facts must be what the whole reading (``read_metadata``) gives, for every
    fixture and every real document at hand."""
    from edition.tei.load import Document, parse, read_header

    compared, dated, linked = 0, 0, 0
    for path in _HEADED:
        doc = parse(path)
        if not isinstance(doc, Document):
            continue
        facts = read_header(path, path.read_bytes())
        assert facts is not None, path
        whole = doc.metadata
        read = (facts.title, facts.document_id, facts.letter_date, facts.previous_letter, facts.next_letter)
        assert read == (whole.title, whole.document_id, whole.letter_date, whole.previous_letter, whole.next_letter)
        compared += 1
        dated += bool(facts.letter_date)
        linked += bool(facts.previous_letter or facts.next_letter)
    assert compared >= 30 and dated >= 2 and linked >= 2, (compared, dated, linked)
