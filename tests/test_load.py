"""Loading: safe parsing and a clear, located problem for each kind of bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CHAPTER, MINIMAL, write

from edition.tei.load import Document, discover, load, parse


def test_chapter_loads_with_its_header_metadata() -> None:
    doc = parse(CHAPTER)
    assert isinstance(doc, Document)
    assert doc.metadata.title == "Khrushchev’s Secret Speech to the Twentieth Congress"
    assert doc.metadata.authors == ("David North",)
    assert doc.metadata.version == "1.0.0"
    assert doc.metadata.identifier == "north-hwd-khrushchev-secret-speech"
    assert doc.metadata.languages == ("en", "fr")
    assert len(doc.sha256) == 64


def test_malformed_xml_reports_line_and_column(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <text>\n    <p>open\n</TEI>\n')
    problems = parse(bad)
    assert isinstance(problems, list) and problems
    first = problems[0]
    assert (first.rule, first.line) == ("xml-syntax", 4)
    assert first.column > 0
    assert "mismatch" in first.message.lower()


def test_non_tei_root_is_named(tmp_path: Path) -> None:
    other = write(tmp_path, "other.xml", '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>\n')
    problems = parse(other)
    assert isinstance(problems, list)
    assert [p.rule for p in problems] == ["not-tei"]
    assert problems[0].line == 2
    assert "<html>" in problems[0].message and "http://www.w3.org/1999/xhtml" in problems[0].message


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    documents, problems = load([tmp_path / "nowhere.xml", empty])
    assert documents == []
    assert sorted(p.rule for p in problems) == ["missing-file", "no-documents"]
    assert any(p.file.endswith("nowhere.xml") and "no such file" in p.message for p in problems)


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP-SECRET-CONTENT")
    hostile = write(
        tmp_path,
        "hostile.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&leak;</p></body></text></TEI>\n',
    )
    problems = parse(hostile)
    assert isinstance(problems, list)
    assert [(p.rule, p.line) for p in problems] == [("doctype-forbidden", 2)]
    assert "TOP-SECRET" not in str(problems[0])


def test_folder_is_expanded_in_sorted_order(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    write(tmp_path, "b.xml", text)
    write(tmp_path, "sub/a.xml", text)
    write(tmp_path, "notes.txt", "not a document")
    documents, problems = load([tmp_path])
    assert problems == []
    assert [d.path.name for d in documents] == ["b.xml", "a.xml"]


def test_ids_used_twice_or_not_names_are_warned_with_their_lines(tmp_path: Path) -> None:
    source = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
        "<text><body>\n"
        '<p xml:id="a">one</p>\n'
        '<p xml:id="b">two</p>\n'
        '<p xml:id="a">three</p>\n'
        '<p xml:id="1st">four</p>\n'
        '<p xml:id="1st">five</p>\n'
        "</body></text></TEI>\n"
    )
    doc = parse(write(tmp_path, "ids.xml", source))
    assert isinstance(doc, Document)
    found = [(w.rule, w.line, w.message) for w in doc.warnings]
    assert found == [
        ("id-duplicate", 5, 'xml:id="a" is used again; it was first used on line 3'),
        ("id-not-ncname", 6, 'xml:id="1st" is not an XML name (it must not start with a digit or contain spaces)'),
        ("id-not-ncname", 7, 'xml:id="1st" is not an XML name (it must not start with a digit or contain spaces)'),
        ("id-duplicate", 7, 'xml:id="1st" is used again; it was first used on line 6'),
    ]


@pytest.mark.parametrize(
    "written",
    [
        "{here}/source/chapter.xml",
        "{here}",
        "{here}x/a.xml",
        "{here}/./a.xml",
        "{here}/.git/a.xml",
        "{here}/a/../b.xml",
        "{here}//a.xml",
        "/elsewhere/a.xml",
        "relative/a.xml",
        "{here}/../beside/a.xml",
        "{here}/sub/..",
        "/{here}",
        "../{name}/a.xml",
    ],
)
def test_a_display_name_is_the_path_relative_to_the_working_folder(
    written: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edition.tei.load import display_name

    monkeypatch.chdir(tmp_path)
    path = written.format(here=tmp_path, name=tmp_path.name)
    relative = os.path.relpath(path)
    assert display_name(Path(path)) == (path if relative.startswith("..") else relative)
    # Remembered for the working folder it was asked in: elsewhere, the answer is another.
    monkeypatch.chdir(tmp_path.parent)
    relative = os.path.relpath(path)
    assert display_name(Path(path)) == (path if relative.startswith("..") else relative)


def _found_by_a_glob(folder: Path) -> list[Path]:
    """What ``discover`` gave for a folder when it globbed it (and what it must still give)."""

    def hidden(path: Path) -> bool:
        return any(part.startswith(".") for part in path.relative_to(folder).parts[:-1])

    files = sorted(p for p in folder.rglob("*.xml") if p.is_file() and not hidden(p))
    return list(dict.fromkeys(p.resolve() for p in files))


def test_a_folder_gives_what_a_glob_of_it_gave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, elsewhere = tmp_path / "source", tmp_path / "elsewhere"
    text = MINIMAL.read_text(encoding="utf-8")
    for name in ("b.xml", "a.xml", "B.xml", "sub/c.xml", "sub/deeper/d.xml", ".hidden/e.xml", "sub/.git/f.xml",
                 ".top.xml", "sub/notes.txt", "sub/x.XML", "z/.xml"):  # fmt: skip
        write(source, name, text)
    write(elsewhere, "g.xml", text)
    write(elsewhere, "inner/h.xml", text)
    (source / "sub" / "linked.xml").symlink_to(elsewhere / "g.xml")
    (source / "0-linked.xml").symlink_to(source / "sub" / "c.xml")
    (source / "folder-link").symlink_to(elsewhere / "inner")
    (source / "broken.xml").symlink_to(tmp_path / "nowhere.xml")
    (source / "dir.xml").mkdir()
    monkeypatch.chdir(tmp_path)
    for given in (source, Path("source"), tmp_path / "via" / ".." / "source"):
        if "via" in given.parts:
            (tmp_path / "via").mkdir(exist_ok=True)
        found, problems = discover([given])
        assert found == _found_by_a_glob(given) and problems == []
    assert (elsewhere / "g.xml").resolve() in found
    assert not any("e.xml" in str(p) or "f.xml" in str(p) or "h.xml" in str(p) for p in found)
