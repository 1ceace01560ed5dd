"""edition.tei.entries: register entries read from the data-* attributes of a result tree."""

from __future__ import annotations

from lxml import etree

from edition.tei.entries import Mention, RegisterEntry, entries_of

FRAGMENT = """<div>
  <section id="pers.ada" data-label="Ada  Author" data-dates="1815–1852">
    <h3>Anything a theme likes</h3>
    <p><a href="index.html#p1" data-mention="text" data-count="2">¶ 1</a>
       <a href="index.html#n3" data-mention="note">note
         3</a>
       <a href="https://example.org/x" data-mention="text">elsewhere</a>
       <a href="index.html#p9">not a mention</a></p>
    <a data-authority="gnd" data-authority-id="118530941" href="#">GND</a>
    <a data-authority="gnd" data-authority-id="118530941" href="#">GND again</a>
    <a data-authority="viaf" data-authority-id="" href="#">empty</a>
    <section id="pers.ada.child" data-label="Nested">
      <a data-authority="wikidata" data-authority-id="Q7259" href="#">Wikidata</a>
    </section>
  </section>
  <section data-label="No identifier"/>
  <section id="place.x" data-label="X">
    <a data-lat="91" data-lon="0" href="#">off the globe</a>
    <a data-lat="north" data-lon="0" href="#">not a number</a>
    <a data-lat="48.85" data-lon="2.35" href="#">Paris</a>
  </section>
</div>"""


def test_entries_read_their_data_not_their_words() -> None:
    people = entries_of("people", etree.fromstring(FRAGMENT))
    assert [e.key for e in people] == ["pers.ada", "pers.ada.child", "place.x"]
    ada = people[0]
    assert ada == RegisterEntry(
        kind="people",
        key="pers.ada",
        label="Ada  Author",
        dates="1815–1852",
        mentions=(Mention("index.html#p1", "¶ 1", False, 2), Mention("index.html#n3", "note 3", True, 1)),
        authorities=(("gnd", "118530941"),),
        geo=None,
    )


def test_a_nested_entry_keeps_its_own_authorities_and_a_place_its_first_valid_coordinates() -> None:
    found = {e.key: e for e in entries_of("places", etree.fromstring(FRAGMENT))}
    assert found["pers.ada.child"].authorities == (("wikidata", "Q7259"),)
    assert found["pers.ada.child"].label == "Nested" and found["pers.ada.child"].mentions == ()
    assert found["place.x"].geo == (48.85, 2.35)


def test_a_label_defaults_to_the_key_and_bad_counts_to_one() -> None:
    fragment = etree.fromstring(
        '<div><section id="k" data-label=""><p><a href="a.html#" data-mention="text" data-count="-3">x</a>'
        '<a href="/abs" data-mention="text">y</a></p></section></div>'
    )
    (entry,) = entries_of("works", fragment)
    assert entry.label == "k" and entry.dates == ""
    assert entry.mentions == (Mention("a.html", "x", False, 1),)


def test_the_words_of_an_element_leave_out_every_addition_and_what_it_holds() -> None:
    from edition.tei.transform import words

    paragraph = etree.fromstring('<p>Word<a data-added=""><sup>1</sup></a> more <b>bold</b></p>')
    assert words(paragraph) == "Word more bold"
    assert words(paragraph[0]) == ""


def test_a_zone_s_words_leave_out_the_note_markers_in_it() -> None:
    from lxml import html

    from edition.site.facsimile import _zone_words

    chunk = html.fromstring('<div><span data-zone="z1">Word<a data-added=""><sup>1</sup></a> more</span></div>')
    assert _zone_words(chunk) == {"z1": "Word more"}
