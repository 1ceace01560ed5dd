"""The diff on small documents and on the chapter: text apart from encoding, structure, registers, header."""

from __future__ import annotations

import copy

from conftest import CHAPTER
from lxml import etree

from edition.diff import diff_trees
from edition.diff.render import render
from edition.tei.load import safe_parser
from tests.diff.generate import Expected

from .tei import by_id, diff, document, edited, signatures

P3 = '<p xml:id="p1" n="1">One.</p><p xml:id="p2" n="2">Two words.</p><p xml:id="p3" n="3">Three.</p>'


def chapter() -> etree._ElementTree:
    return etree.parse(str(CHAPTER), safe_parser())


def test_a_document_against_itself_or_reindented_has_no_changes() -> None:
    tree = chapter()
    assert diff_trees(tree, copy.deepcopy(tree)).same
    spread = copy.deepcopy(tree)
    for element in spread.iter():
        # More XML whitespace wherever there is some: the same text once whitespace is collapsed.
        element.text = element.text and element.text.replace(" ", " \n\t ")
        element.tail = element.tail and element.tail.replace("\n", "\r\n  ")
    assert etree.tostring(spread) != etree.tostring(tree)
    assert diff_trees(tree, spread).changes == ()
    assert diff('<p xml:id="a">Some  words\n   here.</p>', '<p xml:id="a">\n  Some words here.\n</p>').same


def test_a_replaced_word_is_a_text_change_with_context_and_location() -> None:
    result = diff(P3, P3.replace("Two words.", "Two phrases."))
    [change] = result.changes
    assert (change.category, change.kind, change.old, change.new) == ("text", "text-replaced", "words", "phrases")
    assert (change.old_id, change.new_id) == ("p2", "p2")
    assert change.new_xpath == "/tei:TEI/tei:text[1]/tei:body[1]/tei:div[1]/tei:p[2]"
    assert (change.before, change.after) == ("Two ", ".")


def test_quotation_marks_dashes_and_no_break_spaces_count_as_text() -> None:
    old = '<p xml:id="a">He said “no”—twice, pp.\u00a017.</p>'
    new = '<p xml:id="a">He said "no"–twice, pp. 17.</p>'
    assert [(c.kind, c.old, c.new) for c in diff(old, new).changes] == [
        ("punctuation", "“", '"'),
        ("punctuation", "”—", '"–'),
        ("punctuation", "\u00a0", " "),
    ]


def test_markup_changes_around_unchanged_text_are_encoding_only() -> None:
    old = (
        '<p xml:id="a">In <date when="1956">1956</date> <persName ref="#x">Stalin</persName> was '
        '<q who="#a">named</q>.</p>'
    )
    new = '<p xml:id="a">In <date when="1957">1956</date> <name ref="#x">Stalin</name> was named.</p>'
    result = diff(old, new)
    assert signatures(result) == [
        Expected("encoding", "attribute-changed", "a", "date@when=1956>1957"),
        Expected("encoding", "element-removed", "a", "q"),
        Expected("encoding", "element-renamed", "a", "persName>name"),
    ]
    added = diff(old, old.replace("was ", "was <term>", 1).replace("</q>", "</q></term>"))
    assert signatures(added) == [Expected("encoding", "element-added", "a", "term")]
    assert added.changes[0].content == "named"


def test_attribute_changes_of_ref_and_who_name_attribute_and_values() -> None:
    old = '<p xml:id="a"><persName ref="#x">A</persName> said <q who="#x">yes</q>.</p>'
    new = '<p xml:id="a"><persName ref="#y">A</persName> said <q who="#y" type="direct">yes</q>.</p>'
    assert [(c.kind, c.element, c.attribute, c.old, c.new) for c in diff(old, new).changes] == [
        ("attribute-changed", "persName", "ref", "#x", "#y"),
        ("attribute-added", "q", "type", None, "direct"),
        ("attribute-changed", "q", "who", "#x", "#y"),
    ]


def test_words_typed_at_the_edge_of_an_element_change_the_text_not_the_markup() -> None:
    old = '<p xml:id="a">By <persName ref="#k">Nikita Khrushchev</persName> in 1956.</p>'
    inside = '<p xml:id="a">By <persName ref="#k">Comrade Nikita Khrushchev</persName> in 1956.</p>'
    outside = '<p xml:id="a">By Comrade <persName ref="#k">Nikita Khrushchev</persName> in 1956.</p>'
    for new in (inside, outside):
        assert signatures(diff(old, new)) == [Expected("text", "text-inserted", "a", "|Comrade")]


def test_text_deleted_with_its_element_is_one_text_change() -> None:
    old = '<p xml:id="a">It was <date when="1956">in 1956</date> that he spoke.</p>'
    new = '<p xml:id="a">It was that he spoke.</p>'
    assert signatures(diff(old, new)) == [Expected("text", "text-deleted", "a", "in 1956|")]


def test_paragraphs_added_removed_and_renamed_are_reported_as_such() -> None:
    result = diff(P3, P3.replace('<p xml:id="p2" n="2">Two words.</p>', "") + '<p xml:id="p4" n="4">Four.</p>')
    assert [(c.category, c.kind, c.where, c.old, c.new) for c in result.changes] == [
        ("structure", "removed", "p2", "Two words.", None),
        ("structure", "added", "p4", None, "Four."),
    ]
    renamed = diff(P3, P3.replace('<p xml:id="p3" n="3">Three.</p>', '<ab xml:id="p3" n="3">Three.</ab>'))
    assert signatures(renamed) == [Expected("encoding", "element-renamed", "p3", "p>ab")]


def test_a_moved_paragraph_is_one_move_not_a_deletion_and_an_insertion() -> None:
    body = "".join(f'<p xml:id="p{i}">Paragraph number {i} with its words.</p>' for i in range(1, 8))
    moved = body.replace('<p xml:id="p2">Paragraph number 2 with its words.</p>', "").replace(
        '<p xml:id="p6">', '<p xml:id="p2">Paragraph number 2 with its words.</p><p xml:id="p6">'
    )
    [change] = diff(body, moved).changes
    assert (change.kind, change.where, change.old, change.new) == ("moved", "p2", "after p1", "after p5")


def test_a_split_and_a_merge_are_reported_as_such_without_text_changes() -> None:
    old = '<p xml:id="p1">First sentence here. Second sentence there.</p><p xml:id="p2">Other words. More.</p>'
    split = '<p xml:id="p1">First sentence here.</p><p xml:id="p1a">Second sentence there.</p>'
    result = diff(old, split + '<p xml:id="p2">Other words. More.</p>')
    assert [(c.kind, c.old, c.new) for c in result.changes] == [("split", "p1", "p1 p1a")]
    merged = diff(old, '<p xml:id="p1">First sentence here. Second sentence there. Other words. More.</p>')
    assert [(c.kind, c.old, c.new) for c in merged.changes] == [("merged", "p1 p2", "p1")]


def test_a_split_with_an_edit_reports_both() -> None:
    old = '<p xml:id="p1">First sentence here. Second sentence there.</p>'
    new = '<p xml:id="p1">First sentence here.</p><p xml:id="p1a">Second sentence everywhere.</p>'
    assert signatures(diff(old, new)) == [
        Expected("structure", "split", "p1"),
        Expected("text", "text-replaced", "p1a", "there|everywhere"),
    ]


def test_paragraphs_without_ids_are_aligned_by_content() -> None:
    body = "<p>The first paragraph of the text.</p><p>The second paragraph, about something else.</p>"
    new = "<p>A wholly new opening paragraph arrives.</p>" + body.replace("something else", "other things")
    result = diff(body, new)
    assert [(c.kind, c.where) for c in result.changes] == [
        ("added", "/tei:TEI/tei:text[1]/tei:body[1]/tei:div[1]/tei:p[1]"),
        ("text-replaced", "/tei:TEI/tei:text[1]/tei:body[1]/tei:div[1]/tei:p[3]"),
    ]
    assert (result.changes[1].old, result.changes[1].new) == ("something else", "other things")


def test_renumbered_identifiers_follow_the_content() -> None:
    # p2 removed and p3 renumbered p2: not "p2 rewritten, p3 removed".
    new = '<p xml:id="p1" n="1">One.</p><p xml:id="p2" n="2">Three.</p>'
    assert signatures(diff(P3, new)) == [
        Expected("encoding", "attribute-changed", "p2", "p@n=3>2"),
        Expected("encoding", "attribute-changed", "p2", "p@xml:id=p3>p2"),
        Expected("structure", "removed", "p2", "p"),
    ]


def test_notes_are_aligned_apart_from_their_paragraph_and_a_moved_note_is_a_move() -> None:
    tree = chapter()

    def move_note(root: etree._Element) -> None:
        note = by_id(root, "n1")
        note.getparent().remove(note)
        p12 = by_id(root, "p12")
        note.tail = ""
        p12.append(note)

    result = diff_trees(tree, edited(tree, move_note))
    assert [(c.category, c.kind, c.where, c.old, c.new) for c in result.changes] == [
        ("structure", "moved", "n1", "in p11", "in p12")
    ]

    def edit_note(root: etree._Element) -> None:
        title = by_id(root, "n1")[0][0]
        title.text = "Moscow Trial Anthology"

    [change] = diff_trees(tree, edited(tree, edit_note)).changes
    assert (change.kind, change.where, change.old, change.new) == ("text-replaced", "n1", "Trials", "Trial")


def test_a_note_marker_moved_within_its_paragraph_is_a_move() -> None:
    old = '<p xml:id="p1">Words before the note<note xml:id="n1">A note.</note> and after it.</p>'
    new = '<p xml:id="p1">Words before the note and after it.<note xml:id="n1">A note.</note></p>'
    [change] = diff(old, new).changes
    assert (change.category, change.kind, change.where) == ("structure", "moved", "n1")


def test_register_entries_are_compared_by_id_in_their_own_section() -> None:
    standoff = (
        '<standOff><listPerson><person xml:id="x"><persName>Leon Trotsky</persName>'
        '<note>Killed in <date when="1940">1940</date>.</note></person>'
        '<person xml:id="y"><persName>Lenin</persName></person></listPerson></standOff>'
    )
    new = standoff.replace('when="1940"', 'when="1941"').replace("Leon Trotsky", "L. Trotsky")
    new = new.replace('<person xml:id="y"><persName>Lenin</persName></person>', "")
    new = new.replace("</listPerson>", '<person xml:id="z"><persName>Stalin</persName></person></listPerson>')
    result = diff("<p>x</p>", "<p>x</p>", old_standoff=standoff, new_standoff=new)
    assert signatures(result) == [
        Expected("register", "added", "z", "person"),
        Expected("register", "attribute-changed", "x", "date@when=1940>1941"),
        Expected("register", "removed", "y", "person"),
        Expected("register", "text-replaced", "x", "Leon|L."),
    ]
    assert result.counts() == {"structure": 0, "text": 0, "encoding": 0, "register": 4, "header": 0}


def test_header_changes_have_their_own_section() -> None:
    revision = '<revisionDesc><change when="2026-01-01">First.</change></revisionDesc>'
    later = revision.replace("<change", '<change when="2026-02-01">Second.</change><change')
    result = diff("<p>x</p>", "<p>x</p>", old_header=revision, new_header=later)
    assert [(c.category, c.kind, c.new) for c in result.changes] == [("header", "added", "Second.")]
    old, new = document("<p>x</p>"), document("<p>x</p>")
    date = new.getroot().find(".//{http://www.tei-c.org/ns/1.0}publicationStmt/{http://www.tei-c.org/ns/1.0}date")
    assert date is not None
    date.set("when", "2026-03-01")
    [change] = diff_trees(old, new).changes
    assert (change.category, change.kind, change.attribute, change.old, change.new) == (
        "header", "attribute-changed", "when", "2026-01-01", "2026-03-01",
    )  # fmt: skip
    assert change.where == "/tei:TEI/tei:teiHeader[1]/tei:fileDesc[1]/tei:publicationStmt[1]/tei:date[1]"


def test_structure_around_paragraphs_is_encoding() -> None:
    old = '<p xml:id="p1">Before.</p><p xml:id="p2">Quoted words.</p><p xml:id="p3">After.</p>'
    new = old.replace(
        '<p xml:id="p2">Quoted words.</p>', '<cit type="block"><quote><p xml:id="p2">Quoted words.</p></quote></cit>'
    )
    assert signatures(diff(old, new)) == [
        Expected("encoding", "element-added", "/tei:TEI/tei:text[1]/tei:body[1]/tei:div[1]/tei:cit[1]", "cit"),
        Expected(
            "encoding", "element-added", "/tei:TEI/tei:text[1]/tei:body[1]/tei:div[1]/tei:cit[1]/tei:quote[1]", "quote"
        ),
    ]
    # Wholly new paragraphs bring their wrappers with them: one change, not three.
    added = old + '<cit type="block"><quote><p xml:id="p4">New quotation.</p></quote></cit>'
    assert signatures(diff(old, added)) == [Expected("structure", "added", "p4", "p")]


def test_the_chapter_with_real_edits_reports_each_edit_once() -> None:
    tree = chapter()

    def edit(root: etree._Element) -> None:
        by_id(root, "p1").text = by_id(root, "p1").text.replace("crisis", "emergency")
        by_id(root, "p2").find("{http://www.tei-c.org/ns/1.0}date").set("when", "1956-03")
        p6 = by_id(root, "p6")
        p6.getparent().remove(p6)
        by_id(root, "p20").addnext(p6)
        by_id(root, "pers.stalin").find("{http://www.tei-c.org/ns/1.0}note").text = "Ruler of the USSR."

    result = diff_trees(tree, edited(tree, edit))
    assert [(c.category, c.kind, c.where) for c in result.changes] == [
        ("structure", "moved", "p6"),
        ("text", "text-replaced", "p1"),
        ("encoding", "attribute-changed", "p2"),
        ("register", "text-replaced", "pers.stalin"),
    ]


# A French sentence as ELTeC level 1 has it (a space missing after the colon, one before the full
# stop), and as level 2 re-encodes it: one token a line, spacing left to the printing rules.
UNTOKENISED = '<p xml:id="a" xml:lang="fr">Ils allaient rêvasser :oui, au <hi>Palace</hi>, là .</p>'
TOKENISED = (
    '<p xml:id="a" xml:lang="fr"><w>Ils</w>\n<w>allaient</w>\n<w>rêvasser</w>\n<pc>:</pc>\n<w>oui</w>\n'
    "<pc>,</pc>\n<w>au</w>\n<hi><w>Palace</w>\n</hi><pc>,</pc>\n<w>là</w>\n<pc>.</pc></p>"
)


def test_spaces_at_the_edges_of_tokens_against_an_untokenised_text_are_encoding() -> None:
    result = diff(UNTOKENISED, TOKENISED)
    spacing = [
        (c.category, c.old, c.new, c.before[-8:], c.after[:2]) for c in result.changes if c.kind == "token-spacing"
    ]
    assert (
        spacing
        == [
            ("encoding", "", " ", "vasser :", "ou"),  # the colon's space, printed by the French rule
            ("encoding", " ", "", "alace, là"[-8:], "."),  # no space before a full stop, by the rule
        ]
    )  # (the newline after "Palace" inside the highlight is spaced by the rule: "Palace,", as in print)
    assert not [c for c in result.changes if c.category == "text"]
    assert result.counts()["text"] == 0
    # Both ways round, and the unit's word diff shows no change of text for a reader.
    assert not [c for c in diff(TOKENISED, UNTOKENISED).changes if c.category == "text"]
    assert all(view.category != "text" for view in result.views)
    report = render(result, "text")
    assert "token-spacing" in report and "Text\n" not in report
    assert '"kind": "token-spacing"' in render(result, "json")
    assert 'type="encoding.token-spacing"' in render(result, "tei")


def test_without_tokens_a_changed_space_is_still_a_change_of_text() -> None:
    result = diff(UNTOKENISED, UNTOKENISED.replace(":oui", ": oui"))
    assert [(c.category, c.kind, c.old, c.new) for c in result.changes] == [("text", "punctuation", "", " ")]


def test_a_changed_word_beside_the_tokens_spacing_is_still_a_change_of_text() -> None:
    result = diff(UNTOKENISED, TOKENISED.replace("<w>oui</w>", "<w>non</w>"))
    # The word and the space before it are one change: a replacement, of text.
    assert [(c.kind, c.old, c.new.strip()) for c in result.changes if c.category == "text" and c.new] == [
        ("text-replaced", "oui", "non")
    ]
    assert [view.category for view in result.views] == ["text"]
    # Between two tokenised revisions whitespace between tokens is no change at all, the
    # layout's newline inside the highlight included (both print "Palace,").
    assert diff(TOKENISED, TOKENISED.replace("<pc>.</pc>", " <pc>.</pc>")).same
    assert diff(TOKENISED, TOKENISED.replace("</w>\n</hi>", "</w></hi>")).same


def test_words_made_one_or_a_space_typed_into_the_text_beside_a_token_are_changes_of_text() -> None:
    # Joined by the encoding (@join), two words are one: letters and marks (a vowel sign, a
    # combining accent) on both sides of the space dropped.
    for words in ("नमस्ते दुनिया", "cafe\u0301 noir", "to day"):
        first, second = words.split(" ")
        joined = f'<p xml:id="a"><w join="right">{first}</w>\n<w>{second}</w></p>'
        [change] = [c for c in diff(f'<p xml:id="a">{words}</p>', joined).changes if c.kind != "element-added"]
        assert change.category == "text", (words, change)
    # A space typed before a comma that is not a token: the source's own text.
    tail = '<p xml:id="a"><w>Paris</w>, le <w>soir</w></p>'
    assert [(c.category, c.kind) for c in diff(tail, tail.replace("</w>, le", "</w> , le")).changes] == [
        ("text", "punctuation")
    ]
