"""Plain text: the chapter reproduces its transcription exactly; markers and notes are placed."""

from __future__ import annotations

from pathlib import Path

from conftest import CHAPTER, MINIMAL, TRANSCRIPTION, write

from edition.tei.load import Document, parse
from edition.tei.text import render_text


def text_of(path: Path) -> str:
    doc = parse(path)
    assert isinstance(doc, Document), doc
    return render_text(doc)


def test_chapter_text_is_the_transcription_character_for_character() -> None:
    expected = TRANSCRIPTION.read_text(encoding="utf-8")
    actual = text_of(CHAPTER)
    if actual != expected:
        for number, (want, got) in enumerate(zip(expected.split("\n"), actual.split("\n"), strict=False), 1):
            assert got == want, f"first difference on line {number}"
    assert actual == expected


def test_no_break_spaces_and_typography_survive() -> None:
    text = text_of(CHAPTER)
    assert "pp.\u00a017–18." in text
    assert "\u00a0…" in text
    assert "“secret speech”" in text


def test_minimal_text_places_markers_and_notes() -> None:
    assert text_of(MINIMAL) == (
        "Ada Author\nA Minimal Book\n\nA Minimal Chapter\n\nAda wrote in 1999 about Paris:\n\n"
        "A quoted paragraph.[1]\n\nThe end.\n\n\nA Book, pp. 3–4."
    )


def test_choice_gives_the_reading_as_printed(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "The end.", "The <choice><corr>end</corr><sic>ned</sic></choice>."
    )
    assert "\n\nThe ned.\n\n\n" in text_of(write(tmp_path, "choice.xml", text))
