"""spelling: did you mean...? for words one or two slips apart."""

import pytest

from sitegen.core.spelling import edits_apart, nearest


@pytest.mark.parametrize("first, second, edits", [
    ("hall", "hall", 0), ("hal", "hall", 1), ("halll", "hall", 1), ("hlal", "hall", 1),
    ("Hall", "hall", 1), ("centre", "center", 1), ("centr", "centre", 1), ("cnetr", "centre", 2),
    ("", "ab", 2), ("pub", "hall", 4),
])
def test_edits_apart_counts_added_deleted_changed_and_swapped_letters(first, second, edits):
    assert edits_apart(first, second) == edits
    assert edits_apart(second, first) == edits


def test_nearest_picks_the_closest_choice_and_the_first_on_a_tie():
    assert nearest("hal", ["centre", "hall"]) == "hall"
    assert nearest("halll", ["hal", "hall"]) == "hall"
    assert nearest("centr", ["center", "centre"]) == "center"


def test_nearest_suggests_nothing_for_the_word_itself_or_a_different_word():
    assert nearest("hall", ["hall"]) is None
    assert nearest("St Mary's Hall, Church Lane", ["hall"]) is None


def test_a_short_choice_is_suggested_only_for_fewer_slips_than_half_its_letters():
    assert nearest("b", ["a"]) is None
    assert nearest("xy", ["ab"]) is None
    assert nearest("ax", ["ab"]) == "ab"
