"""The YAML patcher writes new values into group.yaml and keeps every other byte."""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

import pytest

from sitegen.core.yamlload import load_yaml_text
from sitegen.core.yamlpatch import CannotPatch, Item, Listing, Plain, patch_yaml

STARTER = Path(__file__).resolve().parent.parent / "sitegen/starter/group.yaml"

FILE = textwrap.dedent("""\
    # Our notes at the top.
    name: Our Group   # the name
    about: |
      First line.
      Second line.

    # Where we meet.
    venues:
      hall:
        name: The Hall
    meetings:
      - name: Coffee
        when: every Tuesday  # plain words
        skip: [2026-12-08, 2026-12-15]
      # A note between meetings.
      - name: Walk
        when: last Friday
      - name: Chat
        when: first Monday
    """)


def patch(wanted: dict, text: str = FILE) -> str:
    return patch_yaml(text, load_yaml_text(text, Path("group.yaml")), wanted)


def changed_lines(old: str, new: str) -> list[str]:
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), n=0,
                                                   lineterm="")
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def meetings(*items: Item) -> dict:
    return {"meetings": list(items)}


def test_nothing_asked_changes_nothing():
    assert patch({"name": "Our Group", "about": "First line.\r\nSecond line.\r\n"}) == FILE


def test_a_changed_value_rewrites_only_its_own_characters():
    new = patch({"name": "Our Own Group"})
    assert changed_lines(FILE, new) == ["-name: Our Group   # the name",
                                        "+name: Our Own Group   # the name"]


@pytest.mark.parametrize("typed, written", [
    ("19:30", '"19:30"'), ("01234567012", '"01234567012"'), ("NO", '"NO"'),
    ("Time: 7pm", '"Time: 7pm"'), ("#1", '"#1"'), ('"Hi", she said', "'\"Hi\", she said'"),
    ('Say "hi"', 'Say "hi"'),
    ("7pm-9pm", "7pm-9pm"), ("Tea & cake", "Tea & cake"),
])
def test_values_are_quoted_only_where_yaml_would_read_something_else(typed, written):
    new = patch({"name": typed})
    assert f"name: {written}   # the name" in new
    assert load_yaml_text(new, Path("g")).get("name").value.text == typed


def test_dates_and_yes_no_stay_unquoted():
    new = patch(meetings(Item(0, {"skip": [Item(0, Plain("2026-12-09")),
                                           Item(1, Plain("2026-12-15"))]}), Item(1, {}),
                         Item(2, {})))
    assert changed_lines(FILE, new) == ["-    skip: [2026-12-08, 2026-12-15]",
                                        "+    skip: [2026-12-09, 2026-12-15]"]


def test_a_block_of_text_keeps_its_header_and_the_blank_line_after_it():
    new = patch({"about": "New first.\n\nNew second."})
    assert "about: |\n  New first.\n\n  New second.\n\n# Where we meet." in new


def test_a_new_key_goes_after_the_key_before_it_in_the_schema():
    new = patch({"name": "Our Group", "tagline": "Hello", "about": "x\ny"})
    assert "name: Our Group   # the name\ntagline: Hello\nabout: |" in new


def test_a_new_key_in_a_list_item_goes_under_the_item_before_notes_of_the_next():
    new = patch(meetings(Item(0, {}), Item(1, {"name": "Walk", "when": "last Friday",
                                               "time": "2pm"}), Item(2, {})))
    assert changed_lines(FILE, new) == ["+    time: 2pm"]
    assert "    when: last Friday\n    time: 2pm\n  - name: Chat" in new


def test_an_emptied_value_takes_out_its_line():
    new = patch(meetings(Item(0, {"when": "every Tuesday", "skip": []}), Item(1, {}),
                         Item(2, {})))
    assert changed_lines(FILE, new) == ["-    skip: [2026-12-08, 2026-12-15]"]


def test_a_removed_item_takes_out_only_its_own_lines():
    new = patch(meetings(Item(0, {}), Item(2, {})))
    assert changed_lines(FILE, new) == ["-  - name: Walk", "-    when: last Friday"]
    assert "# A note between meetings." in new


def test_a_new_item_is_added_at_the_end_with_the_same_indentation():
    new = patch(meetings(Item(0, {}), Item(1, {}), Item(2, {}),
                         Item(None, {"name": "Social", "when": "every month on the 15th",
                                     "skip": [Item(None, Plain("2027-01-15"))]})))
    assert new == FILE + ("  - name: Social\n    when: every month on the 15th\n"
                          "    skip: [2027-01-15]\n")


def test_moving_an_item_swaps_the_items_and_leaves_notes_in_place():
    new = patch(meetings(Item(0, {}), Item(2, {"when": "first Monday of the month"}),
                         Item(1, {})))
    assert ("  # A note between meetings.\n  - name: Chat\n    when: first Monday of the month\n"
            "  - name: Walk\n    when: last Friday\n") in new


def test_a_listing_removes_the_keys_it_does_not_name_and_adds_new_ones():
    new = patch({"venues": Listing({"hall": {"name": "The Hall"},
                                    "library": {"name": "Library", "access": "Lift"}})})
    assert changed_lines(FILE, new) == ["+  library:", "+    name: Library",
                                        "+    access: Lift"]


def test_a_list_is_added_under_an_empty_key():
    text = "name: G\nevents:\n# none yet\n"
    new = patch({"events": [Item(None, {"name": "Picnic", "date": Plain("2027-07-10")})]}, text)
    assert new == "name: G\nevents:\n  - name: Picnic\n    date: 2027-07-10\n# none yet\n"


def test_a_single_value_where_a_list_goes_becomes_a_list_when_changed():
    text = "name: G\nmeetings:\n  - name: A\n    skip: 2026-12-08\n"
    new = patch(meetings(Item(0, {"skip": [Item(0, Plain("2026-12-08")),
                                           Item(None, Plain("2026-12-15"))]})), text)
    assert new.endswith("    skip: [2026-12-08, 2026-12-15]\n")


def test_a_file_without_a_final_newline_gets_one_before_an_addition():
    new = patch({"name": "G", "tagline": "Hi"}, "name: G")
    assert new == "name: G\ntagline: Hi\n"


def test_keys_in_braces_cannot_take_a_new_key():
    with pytest.raises(CannotPatch):
        patch({"contact": {"phone": "1", "email": "a@b.org"}}, "name: G\ncontact: {phone: 1}\n")


def test_the_starter_keeps_every_note_when_a_skip_date_is_added():
    text = STARTER.read_text(encoding="utf-8")
    new = patch(meetings(Item(0, {"skip": [Item(None, Plain("2026-12-07"))]})), text)
    assert changed_lines(text, new) == ["+    skip: [2026-12-07]"]


def test_an_emptied_list_of_dash_lines_keeps_its_key():
    new = patch(meetings())
    assert new.endswith("meetings:\n  # A note between meetings.\n")
