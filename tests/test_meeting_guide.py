"""/meetings.json: the meetings as the Meeting Guide specification's array (code4recovery/spec).

Days are numbered as Meeting Guide numbers them (Sunday = 0 ... Saturday = 6), times are
HH:MM on the 24-hour clock, and next_dates are the dates that are on, with their offsets.
Today is Thursday 26 November 2026.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from icalendar import Calendar

from conftest import EXAMPLE_GROUP, NOW, REPO, write_files
from listing_rules import meeting_guide_problems
from sitegen.core.i18n import babel_locale
from sitegen.listings.meeting_guide import (ACCESS_TYPES, LANGUAGE_TYPES, ONLINE_TYPE, dump,
                                           dump_items, joined_items)
from sitegen.site.pipeline import build, check

LONDON = ZoneInfo("Europe/London")
GROUP = """\
name: Riverside Parents Together
website: https://riversideparents.org.uk
contact:
  phone: 0115 496 0000
venues:
  centre:
    name: Riverside Community Centre
    address: 12 Mill Lane, Nottingham NG1 1AA
meetings:
  - name: Coffee morning
    when: second Tuesday of the month
    time: 10am to 12 noon
    venue: centre
    skip: [2026-12-08]
    extra: [2026-12-22]
    cancelled:
      - date: 2027-02-09
        reason: The centre is closed for repairs
  - name: Sunday walk
    when: every Sunday
    time: 10.30am
    venue: Riverside Park gates
  - name: Saturday drop-in
    when: last Saturday
    time: 2pm-4pm
    venue: centre
  - name: Evening chat
    when: every Monday and Thursday
    time: 19:00-21:00
    online: https://meet.example.org/riverside
  - name: Office hours
    when: every weekday
    time: 9am-5pm
    online: Ring the office and we will call you back
  - name: Night owls
    when: daily
    time: 8pm to midnight
  - name: Gespräche für Eltern
    when: 15th of every month
    time: 7pm
  - name: Expert
    when: RRULE:FREQ=WEEKLY;BYDAY=FR
    time: 11:00
events:
  - name: Christmas social
    date: 2026-12-19
    time: 2pm-5pm
    venue: centre
"""
FIELDS = ("name", "slug", "day", "time", "end_time", "timezone", "location", "address")
ENTRIES = [
    ("Coffee morning", "coffee-morning", 2, "10:00", "12:00", "Europe/London",
     "Riverside Community Centre", "12 Mill Lane"),
    ("Sunday walk", "sunday-walk", 0, "10:30", None, "Europe/London", "Riverside Park gates",
     None),
    ("Saturday drop-in", "saturday-drop-in", 6, "14:00", "16:00", "Europe/London",
     "Riverside Community Centre", "12 Mill Lane"),
    ("Evening chat", "evening-chat", [1, 4], "19:00", "21:00", "Europe/London", None, None),
    ("Office hours", "office-hours", [1, 2, 3, 4, 5], "09:00", "17:00", "Europe/London", None,
     None),
    # Every day is each day of the week; a day of the month is no one weekday.
    ("Night owls", "night-owls", [0, 1, 2, 3, 4, 5, 6], "20:00", "00:00", "Europe/London", None,
     None),
    ("Gespräche für Eltern", "gespräche-für-eltern", None, "19:00", None, "Europe/London", None,
     None),
    ("Expert", "expert", 5, "11:00", None, "Europe/London", None, None),
    ("Christmas social", "christmas-social", 6, "14:00", "17:00", "Europe/London",
     "Riverside Community Centre", "12 Mill Lane"),
]
NEXT_DATES = [
    # 8 December is skipped and 9 February cancelled; 22 December is an extra date.
    ("Coffee morning", ["2026-12-22T10:00:00+00:00", "2027-01-12T10:00:00+00:00",
                        "2027-03-09T10:00:00+00:00", "2027-04-13T10:00:00+01:00"]),
    ("Sunday walk", ["2026-11-29T10:30:00+00:00", "2026-12-06T10:30:00+00:00",
                     "2026-12-13T10:30:00+00:00", "2026-12-20T10:30:00+00:00",
                     "2026-12-27T10:30:00+00:00", "2027-01-03T10:30:00+00:00"]),
    # The last Saturday of March 2027 is the 27th, the day before the clocks go forward.
    ("Saturday drop-in", ["2026-11-28T14:00:00+00:00", "2026-12-26T14:00:00+00:00",
                          "2027-01-30T14:00:00+00:00", "2027-02-27T14:00:00+00:00",
                          "2027-03-27T14:00:00+00:00", "2027-04-24T14:00:00+01:00"]),
    ("Evening chat", ["2026-11-26T19:00:00+00:00", "2026-11-30T19:00:00+00:00",
                      "2026-12-03T19:00:00+00:00", "2026-12-07T19:00:00+00:00",
                      "2026-12-10T19:00:00+00:00", "2026-12-14T19:00:00+00:00"]),
    ("Gespräche für Eltern", ["2026-12-15T19:00:00+00:00", "2027-01-15T19:00:00+00:00",
                              "2027-02-15T19:00:00+00:00", "2027-03-15T19:00:00+00:00",
                              "2027-04-15T19:00:00+01:00", "2027-05-15T19:00:00+01:00"]),
    ("Christmas social", ["2026-12-19T14:00:00+00:00"]),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("json")
    write_files(root / "group", {"group.yaml": GROUP})
    build(root / "group", root / "site", now=NOW)
    return root / "site"


@pytest.fixture(scope="module")
def document(site) -> list:
    return json.loads((site / "meetings.json").read_bytes().decode("utf-8"))


@pytest.fixture(scope="module")
def entries(document) -> dict[str, dict]:
    return {entry["name"]: entry for entry in document}


def test_meetings_json_is_the_specs_array_of_every_meeting_and_event(site, document):
    raw = (site / "meetings.json").read_bytes()
    assert isinstance(document, list)
    assert [entry["name"] for entry in document] == [row[0] for row in ENTRIES]
    assert {entry["group"] for entry in document} == {"Riverside Parents Together"}
    # Names are written as they are, not as \\u escapes.
    assert "Gespräche für Eltern".encode("utf-8") in raw


SITES = {"example-group": EXAMPLE_GROUP, "ur-group": REPO / "tests" / "sites" / "ur-group",
         "zh-group": REPO / "tests" / "sites" / "zh-group"}


def test_the_array_follows_the_specs_rules(document):
    assert meeting_guide_problems(document) == []


@pytest.mark.parametrize("name", SITES)
def test_every_test_sites_meetings_json_follows_the_specs_rules(name):
    document = json.loads(check(SITES[name], now=NOW).files["meetings.json"])
    assert document and meeting_guide_problems(document) == []


def test_the_rule_check_catches_what_the_spec_forbids(document):
    broken = [dict(document[0], day=7, time="9:30", updated="2026-11-26T09:00:00"),
              dict(document[1], slug=document[0]["slug"]), {"slug": "no name"}]
    problems = meeting_guide_problems(broken)
    assert "slug 'coffee-morning' is used more than once" in problems
    assert "coffee-morning: day 7 is not 0-6 or a list of them" in problems
    assert "coffee-morning: time '9:30' is not HH:MM" in problems
    assert "coffee-morning: updated '2026-11-26T09:00:00' is not YYYY-MM-DD HH:MM:SS" in problems
    assert "no name: name is required: text of at most 255 characters" in problems
    assert "no name: slug is required: URL-safe text of at most 64 characters" in problems


def test_updated_is_the_build_time_in_utc(entries):
    assert entries["Coffee morning"]["updated"] == "2026-11-26 09:00:00"


def test_an_address_gives_its_parts_and_is_marked_exact(entries):
    coffee = entries["Coffee morning"]
    assert {k: coffee[k] for k in ("city", "postal_code", "country", "formatted_address",
                                   "approximate")} == {
        "city": "Nottingham", "postal_code": "NG1 1AA", "country": "GB",
        "formatted_address": "12 Mill Lane, Nottingham NG1 1AA, United Kingdom",
        "approximate": "no"}


def test_a_meeting_only_online_gives_the_groups_area_as_an_approximate_place(tmp_path):
    folder = write_files(tmp_path / "g", {"group.yaml": GROUP.replace(
        "contact:", "area: Riverside, Nottingham\ncontact:")})
    [chat] = [e for e in json.loads(check(folder, now=NOW).files["meetings.json"])
              if e["name"] == "Evening chat"]
    assert (chat["formatted_address"], chat["approximate"]) == (
        "Riverside, Nottingham, United Kingdom", "yes")


def test_types_come_from_access_facts_language_and_online(tmp_path):
    folder = write_files(tmp_path / "g", {"group.yaml": GROUP.replace(
        "    address: 12 Mill Lane, Nottingham NG1 1AA\n",
        "    address: 12 Mill Lane, Nottingham NG1 1AA\n"
        "    access: Step-free entrance, accessible toilet, children welcome\n")
        .replace("name: Riverside Parents Together", "name: Riverside\nlanguage: pl")})
    entries = {e["name"]: e for e in json.loads(check(folder, now=NOW).files["meetings.json"])}
    assert entries["Coffee morning"]["types"] == ["X", "XB", "CF", "POL"]
    assert entries["Evening chat"]["types"] == ["POL", "ONL"]
    assert entries["Sunday walk"]["types"] == ["POL"]


def test_notes_start_with_the_rule_when_it_is_not_every_week(entries):
    assert entries["Coffee morning"]["notes"] == "Second Tuesday of every month."
    assert "notes" not in entries["Sunday walk"]
    assert entries["Christmas social"]["notes"] == "Saturday 19 December 2026."
    assert entries["Office hours"]["notes"] == "Ring the office and we will call you back"


@pytest.mark.parametrize("row", ENTRIES, ids=[row[0] for row in ENTRIES])
def test_each_meeting_has_the_meeting_guide_fields(entries, row):
    expected = dict(zip(FIELDS, row))
    assert {field: entries[row[0]].get(field) for field in FIELDS} == expected


def test_times_are_hh_mm_on_the_24_hour_clock(document):
    for entry in document:
        for field in ("time", "end_time"):
            if field in entry:
                assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", entry[field]), entry


DAYS = [
    ("every Sunday", 0), ("every Monday", 1), ("Tuesdays", 2), ("every Wednesday", 3),
    ("first Thursday of the month", 4), ("last Friday", 5), ("every other Saturday", 6),
    ("second and fourth Wednesday", 3), ("every Sunday and Saturday", [0, 6]),
    ("1st & 3rd Wed", 3), ("fifth Tuesday of the month", 2),
]


@pytest.fixture(scope="module")
def days_document(tmp_path_factory) -> dict:
    """One group with a meeting for each rule of DAYS, named "Rule 1", "Rule 2" ..."""
    meetings = "".join(f"  - name: Rule {n}\n    when: {when}\n    time: 7pm\n"
                       "    from: 2026-01-03\n" for n, (when, _) in enumerate(DAYS, start=1))
    folder = write_files(tmp_path_factory.mktemp("days"), {"group.yaml": (
        "name: Riverside Parents Together\ncontact:\n  phone: 0115 496 0000\n"
        "meetings:\n" + meetings)})
    return json.loads(check(folder, now=NOW).files["meetings.json"])


@pytest.mark.parametrize("n, when, day", [(n, *row) for n, row in enumerate(DAYS, start=1)],
                         ids=[when for when, _ in DAYS])
def test_days_are_numbered_from_sunday_as_meeting_guide_does(days_document, n, when, day):
    [entry] = [e for e in days_document if e["name"] == f"Rule {n}"]
    assert entry["rule"] and entry["day"] == day


@pytest.mark.parametrize("name, dates", NEXT_DATES, ids=[name for name, _ in NEXT_DATES])
def test_next_dates_are_the_dates_that_are_on_with_their_utc_offsets(entries, name, dates):
    assert entries[name]["next_dates"] == dates


def test_next_dates_agree_with_the_feed_and_none_is_before_the_build_date(site, entries):
    calendar = Calendar.from_ical((site / "meetings.ics").read_bytes())
    found = recurring_ical_events.of(calendar).between(NOW, NOW + timedelta(days=366))
    for name, entry in entries.items():
        starts = sorted(e["DTSTART"].dt for e in found if str(e["SUMMARY"]) == name)
        assert entry["next_dates"] == [s.isoformat() for s in starts][:len(entry["next_dates"])]
        assert all(datetime.fromisoformat(d).date() >= NOW.date() for d in entry["next_dates"])


def test_cancelled_dates_keep_their_reason(entries):
    assert entries["Coffee morning"]["cancelled"] == [
        {"date": "2026-12-08", "reason": None},
        {"date": "2027-02-09", "reason": "The centre is closed for repairs"}]


def test_an_online_meeting_has_its_link_or_its_instructions(entries):
    assert entries["Evening chat"]["conference_url"] == "https://meet.example.org/riverside"
    assert "conference_url_notes" not in entries["Evening chat"]
    assert entries["Office hours"]["conference_url_notes"] == \
        "Ring the office and we will call you back"
    assert "conference_url" not in entries["Office hours"]


def test_each_slug_is_the_meetings_place_on_the_page_its_own_page_and_calendar(site, entries):
    page = BeautifulSoup((site / "meetings" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    ids = {section["id"] for section in page.select("section.meeting")}
    for entry in entries.values():
        assert entry["slug"] in ids
        assert (site / "meetings" / f"{entry['slug']}.ics").is_file()
        assert (site / "meetings" / entry["slug"] / "index.html").is_file()
        assert unquote(entry["url"]) == \
            f"https://riversideparents.org.uk/meetings/{entry['slug']}/"


def test_every_page_points_meeting_finders_to_the_feed_as_the_spec_says(site):
    for path in ("index.html", "meetings/index.html", "contact/index.html"):
        head = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser").head
        [link] = head.select('link[type="application/json"]')
        assert (link["rel"], link["title"], link["href"]) == (
            ["alternate"], "Meetings Feed", "https://riversideparents.org.uk/meetings.json")


def test_a_meeting_that_has_ended_is_left_out_as_the_format_has_no_end_date(tmp_path):
    folder = write_files(tmp_path / "g", {"group.yaml": GROUP.replace("events:\n", (
        "  - name: Summer walks\n    when: every Saturday\n    until: 2026-09-26\nevents:\n"))})
    result = check(folder, now=NOW)
    names = [e["name"] for e in json.loads(result.files["meetings.json"])]
    assert "Summer walks" not in names and "Sunday walk" in names
    [service] = json.loads(result.files["openreferral/services.json"])
    assert any(s.get("until") == "2026-09-26" for s in service["schedules"])


SPEC_TYPES = json.loads((REPO / "tests" / "schemas" / "meeting-guide" / "types.json")
                        .read_text(encoding="utf-8"))


def test_every_type_code_sitegen_writes_is_one_of_the_specs():
    codes = {*ACCESS_TYPES.values(), *LANGUAGE_TYPES.values()}
    assert codes <= set(SPEC_TYPES)
    assert ONLINE_TYPE not in SPEC_TYPES  # retired in 2021; kept for older readers (see there)


@pytest.mark.parametrize("language, code", sorted(LANGUAGE_TYPES.items()))
def test_each_language_code_is_the_specs_type_for_that_language(language, code):
    english = babel_locale("en").languages[language]
    assert english.startswith(SPEC_TYPES[code]["en"])  # "Norwegian Bokmål" for nb


def test_parts_joined_are_the_dump_of_all_their_entries_in_one_list():
    """The directory joins each group's part of meetings.json rather than dumping every
    group's entries again: the bytes must be the same."""
    first = [{"name": "Café « Ensemble »", "day": [1, 3], "types": ["X", "EN"]},
             {"name": "第二", "notes": "Line one\nLine two",
              "cancelled": [{"date": "2026-12-01"}]}]
    second = [{"name": "Nested", "where": {"a": [], "b": {}}}]
    parts = [dump_items(first), dump_items([]), dump_items(second)]
    assert joined_items(parts) == dump(first + second)
    assert joined_items([dump_items([]), dump_items([])]) == dump([])
