"""Word diff: tokens, hunks and their kinds, and the map from old offsets to new ones."""

from __future__ import annotations

from edition.diff.words import WordDiff, similarity, tokenize


def test_quotation_marks_dashes_and_no_break_spaces_are_tokens_of_their_own() -> None:
    assert tokenize("“Stalin’s”—pp.\u00a017–18 …") == [
        "“", "Stalin", "’", "s", "”", "—", "pp", ".", "\u00a0", "17", "–", "18", " ", "…",
    ]  # fmt: skip


def test_a_replaced_word_is_one_hunk_with_its_old_and_new_words() -> None:
    diff = WordDiff("the political crisis within", "the political emergency within")
    [hunk] = diff.hunks
    assert (hunk.kind, hunk.old, hunk.new) == ("text-replaced", "crisis", "emergency")
    assert (hunk.old_start, hunk.new_start) == (14, 14)


def test_a_phrase_replaced_word_for_word_is_one_replacement_not_two() -> None:
    [hunk] = WordDiff("for the party now", "for a group now").hunks
    assert (hunk.old, hunk.new) == ("the party", "a group")


def test_insertions_deletions_and_punctuation_have_their_kinds() -> None:
    assert [h.kind for h in WordDiff("a b c", "a b x c").hunks] == ["text-inserted"]
    assert [h.kind for h in WordDiff("a b c", "a c").hunks] == ["text-deleted"]
    marks = WordDiff("“a”, b", '"a"; b').hunks
    assert [(h.kind, h.old, h.new) for h in marks] == [("punctuation", "“", '"'), ("punctuation", "”,", '";')]
    assert [h.kind for h in WordDiff("pp.\u00a017", "pp. 17").hunks] == ["punctuation"]
    assert [h.kind for h in WordDiff("1917—1923", "1917–1923").hunks] == ["punctuation"]


def test_identical_texts_have_no_hunks_and_map_offsets_to_themselves() -> None:
    diff = WordDiff("same text", "same text")
    assert diff.hunks == []
    assert diff.compatible(5) == (5, 5)


def test_a_boundary_next_to_an_insertion_may_move_across_it() -> None:
    # "Nikita" starts at 4; "Comrade " is inserted there: the boundary may stay before or after it.
    diff = WordDiff("see Nikita now", "see Comrade Nikita now")
    assert diff.compatible(4) == (4, 12)
    assert diff.compatible(10) == (18, 18)
    assert diff.inside_change_new(4, 11) and not diff.inside_change_new(12, 18)


def test_similarity_is_one_for_equal_and_low_for_unrelated_texts() -> None:
    assert similarity(tokenize("a b c"), tokenize("a b c")) == 1.0
    assert similarity(tokenize("the party of the masses"), tokenize("completely unrelated words here")) < 0.5
    assert 0.8 < similarity(tokenize("one two three four five"), tokenize("one two three four six")) < 1.0
