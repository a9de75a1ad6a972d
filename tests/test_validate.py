"""validate: group.yaml and front matter read into the schema, every problem at once."""

from __future__ import annotations

import textwrap
from datetime import date, time
from pathlib import Path

import pytest

from conftest import NOW
from sitegen.core.config import Config, PageMeta
from sitegen.core.load import load_group
from sitegen.site.pipeline import build
from sitegen.core.problems import SiteError
from sitegen.core.times import TimeRange
from sitegen.site.validate import SchemaReader, validate_config, validate_group
from sitegen.core.yamlload import load_yaml_text

FILE = Path("group.yaml")
CONTACT = "contact:\n  phone: 0115 496 0000\n"


def read_config(text: str) -> Config:
    config, _ = validate_config(load_yaml_text(textwrap.dedent(text), FILE), FILE)
    return config


def problems(text: str) -> list[str]:
    with pytest.raises(SiteError) as caught:
        read_config(text)
    return [problem.format() for problem in caught.value.problems]


def read_page_meta(text: str) -> tuple[PageMeta, list[str]]:
    reader = SchemaReader(Path("pages/about.md"))
    meta = reader.read(PageMeta, load_yaml_text(textwrap.dedent(text), Path("pages/about.md"),
                                                first_line=2))
    return meta, [problem.format() for problem in reader.problems]


def test_a_single_value_where_a_list_is_expected_is_a_list_of_one():
    config = read_config("""\
        name: A
        contact:
          phone: 0115 496 0000
        topics: autism
        meetings:
          - name: Coffee morning
            when: every Tuesday
            skip: 2026-12-08
        """)
    assert config.topics == ["autism"]
    assert config.meetings[0].skip == [date(2026, 12, 8)]


def test_lists_of_one_keep_their_line_for_problems():
    assert problems(f"name: A\n{CONTACT}meetings:\n  - name: M\n    when: daily\n"
                    "    skip: 2026-13-01\n") == [
        'group.yaml:7:11: meetings[0].skip[0]: "2026-13-01" is not a date. '
        "Write it like 2026-12-08 (year-month-day)."]


def test_an_unknown_key_gets_did_you_mean():
    assert problems("name: A\ncontact:\n  phone: 1\n  emial: a@example.org\n") == [
        'group.yaml:4:3: contact.emial: sitegen does not know this key. Did you mean "email"?']


def test_a_misspelt_key_in_capitals_still_gets_did_you_mean():
    assert problems(f"Name: A\n{CONTACT}") == [
        'group.yaml:1:1: Name: sitegen does not know this key. Did you mean "name"?',
        "group.yaml:1:1: name: is missing. Add it, like `name: Riverside Parents Together`."]


def test_an_unknown_key_with_nothing_close_lists_the_keys_there_are():
    assert problems("name: A\ncontact:\n  phone: 1\n  pigeon: yes\n") == [
        "group.yaml:4:3: contact.pigeon: sitegen does not know this key. The keys here are: "
        "email, phone, text, form, note, privacy, email_in_listings."]


def test_keys_left_out_take_their_defaults():
    config = read_config(f"name: A\n{CONTACT}")
    assert (config.language, config.timezone, config.theme, config.colour) == (
        "en", "Europe/London", "default", "#1d70b8")
    assert config.contact.form == "email"
    assert (config.poster.paper, config.poster.tear_off, config.poster.discreet) == (
        "A4", True, False)
    assert config.meetings == [] and config.events == [] and config.venues == {}


def test_a_key_left_empty_takes_its_default():
    config = read_config(f"name: A\n{CONTACT}language:\ncolour:\n")
    assert (config.language, config.colour) == ("en", "#1d70b8")


def test_page_front_matter_defaults():
    meta, found = read_page_meta("")
    assert found == []
    assert (meta.title, meta.order, meta.menu, meta.draft, meta.slug) == (
        None, 100, True, False, None)


def test_page_front_matter_problems_count_lines_from_the_top_of_the_file():
    _, found = read_page_meta("title: About\nmenu: sometimes\n")
    assert found == ['pages/about.md:3:7: menu: "sometimes" is not yes or no. '
                     "Write true or false."]


def test_plain_values_keep_what_the_volunteer_typed():
    config = read_config("""\
        name: NO
        contact:
          phone: 01234567012
        meetings:
          - name: Evening chat
            when: every Thursday
            time: 19:30
        """)
    assert config.name == "NO"
    assert config.contact.phone == "01234567012"
    assert config.meetings[0].time == TimeRange(time(19, 30))


def test_every_problem_is_collected_in_one_run_in_file_order():
    assert problems("""\
        contact:
          note: Ring Sue
        meetings:
          - name: Walk
            when: every other Saturday
            time: 25:00
        colour: "#ffff00"
        language: English
        """) == [
        "group.yaml:1:1: name: is missing. Add it, like `name: Riverside Parents Together`.",
        "group.yaml:2:3: contact: give at least one way in: email, phone or text, like "
        "`email: hello@example.org`.",
        'group.yaml:5:11: meetings[0].when: "every other Saturday" is counted from a first '
        "date. Add `from:` with the date of any one of these meetings, like "
        "`from: 2026-01-08`.",
        'group.yaml:6:11: meetings[0].time: "25:00" is not a time. Write it like 19:30 or 7.30pm.',
        'group.yaml:7:9: colour: "#ffff00" is too light for white text (WCAG AA needs a '
        'contrast of 4.5:1). Try the darker shade "#7a7a00".',
        'group.yaml:8:11: language: "English" is not a language code. '
        "Write it like en, pl, ur or zh-Hans.",
    ]


def test_group_yaml_and_page_problems_are_reported_together(make_group):
    folder = make_group({"group.yaml": "name: A\ncontact:\n  phone: 1\ncolour: red\n",
                         "pages/about.md": "---\ndraft: perhaps\n---\n# About\n"})
    with pytest.raises(SiteError) as caught:
        validate_group(load_group(folder))
    assert [(p.file.name, p.line, p.key) for p in caught.value.problems] == [
        ("group.yaml", 4, "colour"), ("about.md", 2, "draft")]


def test_a_missing_group_of_keys_shows_a_line_that_goes_under_it():
    assert problems("name: A\n") == [
        "group.yaml:1:1: contact: is missing. Add it, with a line under it indented by two "
        "spaces, like `email: hello@example.org`."]


def test_a_list_written_without_dashes_says_what_shape_is_expected():
    assert problems(f"name: A\n{CONTACT}meetings:\n  name: Coffee\n  when: daily\n") == [
        "group.yaml:5:3: meetings: should be a list of `- ` items, but is a group of "
        "`key: value` lines. Check the indentation."]


def test_a_key_without_a_space_after_its_colon_is_pointed_out():
    assert problems("name: A\ncontact:\n  phone:0115 496 0000\n") == [
        "group.yaml:3:3: contact: should be a group of `key: value` lines, but is a single "
        "value. Put a space after `phone:`, like `phone: ...`."]


def test_a_file_that_is_not_key_value_lines_says_so():
    assert problems("Riverside Parents Together\n") == [
        "group.yaml:1:1: this file's settings should be a group of `key: value` lines, but "
        "are a single value. Check the indentation."]


def test_until_before_from_is_refused():
    assert problems(f"name: A\n{CONTACT}meetings:\n  - name: M\n    when: daily\n"
                    "    from: 2026-05-01\n    until: 2026-04-01\n") == [
        "group.yaml:8:12: meetings[0].until: is before `from`. Check the two dates."]


def test_every_other_week_with_from_is_accepted():
    config = read_config(f"name: A\n{CONTACT}meetings:\n  - name: M\n"
                         "    when: every other Tuesday\n    from: 2026-01-06\n")
    assert config.meetings[0].starts == date(2026, 1, 6)
    assert config.meetings[0].when.needs_start


def test_an_unquoted_time_and_a_phone_number_with_a_leading_zero_reach_the_home_page(
        make_group):
    folder = make_group({"group.yaml": """\
        name: Riverside Parents Together
        contact:
          phone: 01234567012
        meetings:
          - name: Evening chat
            when: every Tuesday
            time: 19:30
        """})
    build(folder, now=NOW)
    home = (folder / "_site" / "index.html").read_text(encoding="utf-8")
    assert "7:30pm" in home
    assert 'href="tel:01234567012"' in home and ">01234567012<" in home


VENUES = "name: Hillside\n" + CONTACT + "venues:\n  hall:\n    name: St Anne's Hall\n  centre:\n    name: Centre\n"


def venue_warnings(meeting_venue: str) -> list[str]:
    node = load_yaml_text(VENUES + "meetings:\n  - name: Chat\n    when: every Monday\n"
                          f"    venue: {meeting_venue}\nevents:\n  - name: Party\n"
                          f"    date: 2026-12-19\n    venue: {meeting_venue}\n", FILE)
    _, warnings = validate_config(node, FILE)
    return [w.format() for w in warnings if "venue" in (w.key or "")]


def test_a_venue_one_or_two_slips_from_a_venue_key_gets_did_you_mean():
    assert venue_warnings("hal") == [
        'group.yaml:12:12: warning: meetings[0].venue: "hal" is not one of the venues, so it is '
        'shown as a place called "hal". Did you mean "hall"?',
        'group.yaml:16:12: warning: events[0].venue: "hal" is not one of the venues, so it is '
        'shown as a place called "hal". Did you mean "hall"?']
    assert 'Did you mean "centre"?' in venue_warnings("cnetr")[0]


@pytest.mark.parametrize("venue", ["hall", "centre", "St Mary's Hall, Church Lane", "Online"])
def test_a_venue_key_or_a_place_in_plain_words_gets_no_warning(venue):
    assert venue_warnings(venue) == []
