"""Meeting dates, worked out by hand from a printed calendar, against what the build gives.

Today is Thursday 26 November 2026 (`NOW`). Each group is built into a real site; its
`meetings.ics` is expanded with recurring_ical_events, as a calendar app would, and
/meetings/ and the home page are read with BeautifulSoup. Builds are slow (they print
PDFs too), so groups that are only read are built once per module.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from icalendar import Calendar

from conftest import NOW, write_files
from sitegen.site.pipeline import build, check

LONDON = ZoneInfo("Europe/London")
A_YEAR_ON = NOW + timedelta(days=400)
THREE_YEARS_ON = NOW + timedelta(days=3 * 366)  # /meetings/ looks this far ahead
HEAD = """\
name: Riverside Parents Together
contact:
  phone: 0115 496 0000
"""
VENUE = """\
venues:
  centre:
    name: Riverside Community Centre
    address: 12 Mill Lane, Nottingham NG1 1AA
"""
COFFEE_MORNING = """\
  - name: Coffee morning
    when: second Tuesday of the month
    time: 10am to 12 noon
    venue: centre
    skip: [2026-12-08]
    extra: [2026-12-22]
    cancelled:
      - date: 2027-02-09
        reason: The centre is closed for repairs
"""
CHRISTMAS_SOCIAL = """\
events:
  - name: Christmas social
    date: 2026-12-19
    time: 2pm-5pm
    venue: centre
"""


def group_yaml(meetings: str, *, top: str = "", events: str = "") -> str:
    """A whole group.yaml: the group, the centre, `meetings:` (list items) and any events."""
    return HEAD + top + VENUE + "meetings:\n" + meetings + events


def meeting(name: str, when: str, time: str, more: str = "") -> str:
    """One `meetings:` item; `more` is extra keys, one per line, like "from: 2026-01-06"."""
    lines = [f"  - name: {name}", f"    when: {when}", f"    time: {time}"]
    lines += [f"    {line}" for line in more.splitlines() if line.strip()]
    return "\n".join(lines) + "\n"


def build_once(tmp_path_factory, yaml: str) -> Path:
    """Build a group at NOW, for a module's read-only checks; return the output folder."""
    root = tmp_path_factory.mktemp("group")
    write_files(root / "group", {"group.yaml": yaml})
    build(root / "group", root / "site", now=NOW)
    return root / "site"


def feed(out: Path) -> Calendar:
    return Calendar.from_ical((out / "meetings.ics").read_bytes())


def expanded(calendar: Calendar, name: str, start: datetime, end: datetime) -> list:
    """The starts of one meeting's occurrences from start to end, as a calendar app sees them."""
    one = Calendar()  # the time zones and this meeting only: expanding the others is slow
    for component in calendar.subcomponents:
        if component.name != "VEVENT" or str(component["SUMMARY"]) == name:
            one.add_component(component)
    found = recurring_ical_events.of(one).between(start, end)
    starts = [e["DTSTART"].dt for e in found if str(e["SUMMARY"]) == name]
    return sorted(starts, key=lambda d: d if isinstance(d, datetime)
                  else datetime(d.year, d.month, d.day, tzinfo=LONDON))


def soup(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")


def listed(page: BeautifulSoup, slug: str) -> list[str]:
    """The datetime of every date /meetings/ lists for one meeting, in order."""
    return [t["datetime"] for t in page.select(f"section#{slug} ol.dates time[datetime]")]


def words(tag) -> str:
    return " ".join(tag.get_text().split())


# Every rule form of FORMAT.md, and the variants volunteers write --------------------------


@dataclass(frozen=True)
class Rule:
    when: str
    dates: list[str]  # the next dates from Thursday 26 November 2026, read off a calendar
    sentence: str  # how /meetings/ says it
    time: str = "7pm-9pm"
    at: str = "19:00"  # the local start time every date has
    more: str = ""  # other keys of the meeting, like "from: 2026-01-06"


TUESDAYS = ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22"]
# 6 Jan 2026 is a Tuesday: 48 weeks on, 8 Dec is one of its fortnights and 1 Dec is not.
FORTNIGHTS_FROM_6_JANUARY = ["2026-12-08", "2026-12-22", "2027-01-05", "2027-01-19"]
FIRST_MONDAYS = ["2026-12-07", "2027-01-04", "2027-02-01", "2027-03-01"]
FIFTEENTHS = ["2026-12-15", "2027-01-15", "2027-02-15", "2027-03-15"]
RULES = [
    # weekly
    Rule("every Tuesday", TUESDAYS, "Every Tuesday, 7:30pm", "19:30", "19:30"),
    Rule("weekly on Tuesday", TUESDAYS, "Every Tuesday, 7:30pm", "7.30pm", "19:30"),
    Rule("Tuesdays", TUESDAYS, "Every Tuesday, 7:30pm", "7:30pm", "19:30"),
    Rule("every Monday and Thursday",
         ["2026-11-26", "2026-11-30", "2026-12-03", "2026-12-07", "2026-12-10"],
         "Every Monday and Thursday, 7pm to 9pm"),
    # counted from `from`
    Rule("every other Tuesday", FORTNIGHTS_FROM_6_JANUARY, "Every other Tuesday, 7pm to 9pm",
         "19:00-21:00", more="from: 2026-01-06"),
    Rule("every 2 weeks on Tuesday", ["2026-12-01", "2026-12-15", "2026-12-29", "2027-01-12"],
         "Every other Tuesday, 7pm to 9pm", more="from: 2026-01-13"),
    Rule("fortnightly on Tuesday", FORTNIGHTS_FROM_6_JANUARY, "Every other Tuesday, 7pm to 9pm",
         more="from: 2026-01-06"),
    # 9 Jan 2026 is a Friday; 15 x 21 days on is 20 Nov, 16 x 21 days on is 11 Dec.
    Rule("every 3 weeks on Friday", ["2026-12-11", "2027-01-01", "2027-01-22", "2027-02-12"],
         "Every 3 weeks on Friday, 10:30am", "10.30am", "10:30", more="from: 2026-01-09"),
    # monthly, by which week
    Rule("first Monday of the month", FIRST_MONDAYS, "First Monday of every month, 7pm to 9pm"),
    Rule("1st Monday", FIRST_MONDAYS, "First Monday of every month, 7pm to 9pm"),
    Rule("monthly on the first Sunday", ["2026-12-06", "2027-01-03", "2027-02-07", "2027-03-07"],
         "First Sunday of every month, 2pm to 4pm", "2pm-4pm", "14:00"),
    Rule("last Friday", ["2026-11-27", "2026-12-25", "2027-01-29", "2027-02-26"],
         "Last Friday of every month, 7pm to 9pm"),
    Rule("second and fourth Wednesday",
         ["2026-12-09", "2026-12-23", "2027-01-13", "2027-01-27", "2027-02-10"],
         "Second and fourth Wednesday of every month, 7pm to 9pm"),
    Rule("1st & 3rd Wed", ["2026-12-02", "2026-12-16", "2027-01-06", "2027-01-20", "2027-02-03"],
         "First and third Wednesday of every month, 7pm to 9pm"),
    Rule("second Tuesday of every month", ["2026-12-08", "2027-01-12", "2027-02-09", "2027-03-09"],
         "Second Tuesday of every month, 10am to 12 noon", "10am to 12 noon", "10:00"),
    # January, February, April, May, July, September and October 2027 have four Tuesdays.
    Rule("fifth Tuesday of the month",
         ["2026-12-29", "2027-03-30", "2027-06-29", "2027-08-31", "2027-11-30"],
         "Fifth Tuesday of the month (only in months that have one), 7pm to 9pm"),
    # monthly, by date
    Rule("every month on the 15th", FIFTEENTHS, "15th of every month, 7pm to 9pm"),
    Rule("15th of every month", FIFTEENTHS, "15th of every month, 7pm to 9pm"),
    Rule("last day of the month",
         ["2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28", "2027-03-31"],
         "Last day of every month, 6pm", "6pm", "18:00"),
    # every two months, counted from `from`: January, March, May ...; February, April ...
    Rule("first Monday every two months", ["2027-01-04", "2027-03-01", "2027-05-03", "2027-07-05"],
         "First Monday of every other month, 7pm to 9pm", more="from: 2026-01-05"),
    Rule("every other month on the first Monday",
         ["2026-12-07", "2027-02-01", "2027-04-05", "2027-06-07"],
         "First Monday of every other month, 7pm to 9pm", more="from: 2026-02-02"),
    # daily
    Rule("daily", ["2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30",
                   "2026-12-01"], "Every day, 8pm to midnight", "8pm to midnight", "20:00"),
    Rule("every weekday", ["2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01", "2026-12-02",
                           "2026-12-03"], "Every weekday, Monday to Friday, 9am to 5pm",
         "9am-5pm", "09:00"),
    # for experts: the last Saturday of the month
    Rule("RRULE:FREQ=MONTHLY;BYDAY=SA;BYSETPOS=-1",
         ["2026-11-28", "2026-12-26", "2027-01-30", "2027-02-27"],
         "Repeats by the rule FREQ=MONTHLY;BYDAY=SA;BYSETPOS=-1, 11am", "11:00", "11:00"),
]
# Each rule is its own meeting, "Rule 01" to "Rule 24", in one group.
NAMED_RULES = [(f"Rule {n:02d}", rule) for n, rule in enumerate(RULES, start=1)]
RULE_PARAMS = pytest.mark.parametrize("name, rule", NAMED_RULES,
                                      ids=[rule.when for rule in RULES])


def slug_of(name: str) -> str:
    return name.lower().replace(" ", "-")


@pytest.fixture(scope="module")
def rules_site(tmp_path_factory) -> Path:
    meetings = "".join(meeting(name, rule.when, rule.time, rule.more)
                       for name, rule in NAMED_RULES)
    return build_once(tmp_path_factory, group_yaml(meetings))


@pytest.fixture(scope="module")
def rules_feed(rules_site) -> Calendar:
    return feed(rules_site)


@pytest.fixture(scope="module")
def rules_page(rules_site) -> BeautifulSoup:
    return soup(rules_site, "meetings/index.html")


@RULE_PARAMS
def test_the_feed_expands_each_rule_to_the_dates_a_calendar_gives(rules_feed, name, rule):
    starts = expanded(rules_feed, name, NOW, A_YEAR_ON)[:len(rule.dates)]
    assert [s.date().isoformat() for s in starts] == rule.dates
    assert {s.astimezone(LONDON).strftime("%H:%M") for s in starts} == {rule.at}


@RULE_PARAMS
def test_the_meetings_page_lists_the_same_dates_at_the_same_times_as_the_feed(
        rules_feed, rules_page, name, rule):
    shown = listed(rules_page, slug_of(name))
    assert [d[:10] for d in shown[:len(rule.dates)]] == rule.dates
    # Each datetime carries the local time and its UTC offset, just as the feed's do.
    from_feed = [s.isoformat() for s in expanded(rules_feed, name, NOW, THREE_YEARS_ON)]
    assert shown == from_feed[:len(shown)]


@RULE_PARAMS
def test_the_meetings_page_says_each_rule_in_a_sentence(rules_page, name, rule):
    assert words(rules_page.select_one(f"section#{slug_of(name)} .when")) == rule.sentence


def test_a_fifth_tuesday_rule_skips_the_months_without_one(rules_feed):
    [(name, _)] = [(n, r) for n, r in NAMED_RULES if r.when == "fifth Tuesday of the month"]
    months = {s.strftime("%Y-%m") for s in expanded(rules_feed, name, NOW,
                                                     datetime(2028, 1, 1, tzinfo=LONDON))}
    assert months == {"2026-12", "2027-03", "2027-06", "2027-08", "2027-11"}


# Clock changes, from/until, one-off events and meetings that have ended --------------------

EDGE_MEETINGS = (
    meeting("Thursday chat", "every Thursday", "19:30")
    + meeting("Spring chat", "every Thursday", "19:30", "from: 2027-03-18")
    + meeting("Winter run", "every Wednesday", "6pm", "from: 2026-12-02\nuntil: 2027-01-13")
    + meeting("Summer run", "every Wednesday", "11pm", "from: 2027-06-02\nuntil: 2027-06-30")
    + meeting("Long run", "every Wednesday", "6pm", "from: 2025-09-03\nuntil: 2026-12-16")
    + meeting("Late night", "every Friday", "8pm to midnight")
    + meeting("Ended", "every Tuesday", "7pm", "until: 2025-06-01")
    + meeting("Never", "every Tuesday", "7pm", "from: 2026-12-02\nuntil: 2026-12-05")
    + meeting("Expert", "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270105T235959Z", "7pm-9pm")
)
EDGE_EVENTS = CHRISTMAS_SOCIAL + """\
  - name: Bonfire night
    date: 2026-11-05
    time: 6pm-8pm
  - name: New year walk
    date: 2027-01-09
"""


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory) -> Path:
    return build_once(tmp_path_factory, group_yaml(EDGE_MEETINGS, events=EDGE_EVENTS))


@pytest.mark.parametrize(
    "start, end, expected",
    [
        # The clocks go forward on Sunday 28 March 2027 ...
        ("2027-03-18", "2027-04-09",
         ["2027-03-18T19:30:00+00:00", "2027-03-25T19:30:00+00:00",
          "2027-04-01T19:30:00+01:00", "2027-04-08T19:30:00+01:00"]),
        # ... and back on Sunday 31 October 2027.
        ("2027-10-21", "2027-11-12",
         ["2027-10-21T19:30:00+01:00", "2027-10-28T19:30:00+01:00",
          "2027-11-04T19:30:00+00:00", "2027-11-11T19:30:00+00:00"]),
    ],
    ids=["clocks-go-forward", "clocks-go-back"],
)
def test_a_weekly_meeting_stays_at_half_past_seven_across_the_clock_change(edge_site, start,
                                                                          end, expected):
    window = [datetime.fromisoformat(day).replace(tzinfo=LONDON) for day in (start, end)]
    starts = expanded(feed(edge_site), "Thursday chat", *window)
    assert [s.isoformat() for s in starts] == expected
    assert [s.utcoffset() for s in starts] == [
        datetime.fromisoformat(e).utcoffset() for e in expected]
    assert {s.astimezone(LONDON).strftime("%H:%M") for s in starts} == {"19:30"}


def test_the_meetings_page_shows_the_offset_change_with_the_clocks(edge_site):
    assert listed(soup(edge_site, "meetings/index.html"), "spring-chat")[:4] == [
        "2027-03-18T19:30:00+00:00", "2027-03-25T19:30:00+00:00",
        "2027-04-01T19:30:00+01:00", "2027-04-08T19:30:00+01:00"]


@pytest.mark.parametrize(
    "name, expected",
    [
        # Wednesdays from 2 December to 13 January, and none after.
        ("Winter run", ["2026-12-02", "2026-12-09", "2026-12-16", "2026-12-23", "2026-12-30",
                        "2027-01-06", "2027-01-13"]),
        # The last day counts even at 11pm in summer time, which is 10pm in UTC.
        ("Summer run", ["2027-06-02", "2027-06-09", "2027-06-16", "2027-06-23", "2027-06-30"]),
        # Begun long ago; ends on Wednesday 16 December.
        ("Long run", ["2026-12-02", "2026-12-09", "2026-12-16"]),
        # An expert's own UNTIL, in UTC, ends it on Tuesday 5 January.
        ("Expert", ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29",
                    "2027-01-05"]),
    ],
)
def test_a_meeting_runs_from_its_first_date_until_its_last(edge_site, name, expected):
    starts = expanded(feed(edge_site), name, NOW, datetime(2028, 1, 1, tzinfo=LONDON))
    assert [s.date().isoformat() for s in starts] == expected
    shown = listed(soup(edge_site, "meetings/index.html"), slug_of(name))
    assert [d[:10] for d in shown] == expected[:6]


@pytest.mark.parametrize("name", ["Ended", "Never"])
def test_a_meeting_with_no_dates_left_still_builds_and_says_so(edge_site, name):
    section = soup(edge_site, "meetings/index.html").select_one(f"section#{slug_of(name)}")
    assert "This meeting has no more dates planned." in words(section)
    assert not section.select("ol.dates time")
    assert expanded(feed(edge_site), name, datetime(2025, 1, 1, tzinfo=LONDON), A_YEAR_ON) == []


def test_a_meeting_until_midnight_stays_listed_until_the_evening_is_over(edge_site):
    first = soup(edge_site, "meetings/index.html").select_one("section#late-night ol.dates li")
    assert first.time["datetime"] == "2026-11-27T20:00:00+00:00"
    # Over at the midnight that ends Friday, not the one that starts it.
    assert first["data-over-at"] == "2026-11-28T00:00:00+00:00"
    found = recurring_ical_events.of(feed(edge_site)).between(NOW, NOW + timedelta(days=7))
    [late] = [e for e in found if str(e["SUMMARY"]) == "Late night"]
    assert (late["DTSTART"].dt.isoformat(), late["DTEND"].dt.isoformat()) == (
        "2026-11-27T20:00:00+00:00", "2026-11-28T00:00:00+00:00")


def test_a_one_off_event_is_one_occurrence_and_a_past_one_is_gone(edge_site):
    calendar = feed(edge_site)
    found = recurring_ical_events.of(calendar).between(NOW, datetime(2028, 1, 1, tzinfo=LONDON))
    social = [e for e in found if str(e["SUMMARY"]) == "Christmas social"]
    assert [(e["DTSTART"].dt.isoformat(), e["DTEND"].dt.isoformat()) for e in social] == [
        ("2026-12-19T14:00:00+00:00", "2026-12-19T17:00:00+00:00")]
    # An event with no time is on that day, all day.
    assert expanded(calendar, "New year walk", NOW, A_YEAR_ON) == [date(2027, 1, 9)]
    assert "Bonfire night" not in [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    page = soup(edge_site, "meetings/index.html")
    assert page.select_one("section#christmas-social time")["datetime"] == \
        "2026-12-19T14:00:00+00:00"
    assert page.select_one("section#new-year-walk time")["datetime"] == "2027-01-09"
    assert "Bonfire night" not in page.get_text()


# /meetings/ and the home page of a group with skipped, extra and cancelled dates -----------


@pytest.fixture(scope="module")
def coffee_site(tmp_path_factory) -> Path:
    return build_once(tmp_path_factory, group_yaml(
        COFFEE_MORNING, events=CHRISTMAS_SOCIAL, top="website: https://riversideparents.org.uk\n"))


def test_skipped_and_cancelled_dates_drop_out_of_the_feed_and_the_extra_date_comes_in(
        coffee_site):
    starts = expanded(feed(coffee_site), "Coffee morning", NOW,
                      datetime(2027, 5, 1, tzinfo=LONDON))
    # Second Tuesdays: 8 Dec (skipped), 12 Jan, 9 Feb (cancelled), 9 Mar, 13 Apr; plus 22 Dec.
    assert [s.isoformat() for s in starts] == [
        "2026-12-22T10:00:00+00:00", "2027-01-12T10:00:00+00:00",
        "2027-03-09T10:00:00+00:00", "2027-04-13T10:00:00+01:00"]


def test_the_next_dates_are_times_with_their_utc_offset(coffee_site):
    page = soup(coffee_site, "meetings/index.html")
    assert words(page.select_one("section#coffee-morning .when")) == \
        "Second Tuesday of every month, 10am to 12 noon"
    assert listed(page, "coffee-morning") == [
        "2026-12-08T10:00:00+00:00", "2026-12-22T10:00:00+00:00", "2027-01-12T10:00:00+00:00",
        "2027-02-09T10:00:00+00:00", "2027-03-09T10:00:00+00:00", "2027-04-13T10:00:00+01:00"]
    assert [t.get_text() for t in page.select("section#coffee-morning ol.dates time")][:3] == [
        "Tuesday 8 December 2026", "Tuesday 22 December 2026", "Tuesday 12 January 2027"]


@pytest.mark.parametrize(
    "day, said",
    [
        ("2026-12-08", "Tuesday 8 December 2026: no meeting this time"),
        ("2026-12-22", "Tuesday 22 December 2026: an extra date"),
        ("2027-02-09", "Tuesday 9 February 2027: cancelled (The centre is closed for repairs)"),
        ("2027-01-12", "Tuesday 12 January 2027"),
    ],
)
def test_skipped_cancelled_and_extra_dates_are_said_in_words(coffee_site, day, said):
    page = soup(coffee_site, "meetings/index.html")
    [item] = [li for li in page.select("section#coffee-morning ol.dates li")
              if li.time["datetime"].startswith(day)]
    assert words(item) == said


def test_each_add_to_my_calendar_link_leads_to_that_meetings_own_ics_file(coffee_site):
    page = soup(coffee_site, "meetings/index.html")
    sections = page.select("section.meeting")
    assert [s["id"] for s in sections] == ["coffee-morning", "christmas-social"]
    for section in sections:
        [link] = [a for a in section.find_all("a") if "Add to my calendar" in a.get_text()]
        target = coffee_site / posixpath.normpath(posixpath.join("meetings", link["href"]))
        assert target.is_file(), link["href"]
        events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        assert [str(e["UID"]) for e in events] == [f"{section['id']}@riversideparents.org.uk"]


@pytest.mark.parametrize(
    "website, subscribe",
    [
        ("https://riversideparents.org.uk", "webcal://riversideparents.org.uk/meetings.ics"),
        ("https://example.org/groups/riverside/",
         "webcal://example.org/groups/riverside/meetings.ics"),
        (None, None),
    ],
)
def test_the_subscribe_link_is_a_webcal_address_when_the_website_is_known(make_group, website,
                                                                          subscribe):
    top = f"website: {website}\n" if website else ""
    files = check(make_group({"group.yaml": group_yaml(COFFEE_MORNING, top=top)}), now=NOW).files
    page = BeautifulSoup(files["meetings/index.html"], "html.parser")
    webcal = [a["href"] for a in page.find_all("a", href=re.compile("^webcal:"))]
    assert webcal == ([subscribe] if subscribe else [])
    # The plain download link is there either way.
    download = page.find("a", href=re.compile(r"^[^:]*meetings\.ics$"))
    assert posixpath.normpath(posixpath.join("meetings", download["href"])) == "meetings.ics"


def test_the_venue_has_an_openstreetmap_link_and_no_page_embeds_a_map(coffee_site):
    page = soup(coffee_site, "meetings/index.html")
    maps = page.select('section#coffee-morning a[href^="https://www.openstreetmap.org/"]')
    assert len(maps) == 1
    assert "12%20Mill%20Lane" in maps[0]["href"] and "NG1%201AA" in maps[0]["href"]
    for path in coffee_site.rglob("*.html"):
        embeds = soup(coffee_site, path.relative_to(coffee_site).as_posix()).find_all(
            ["iframe", "embed", "object"])
        assert embeds == [], path


def test_the_home_page_shows_the_next_two_dates_that_are_on(coffee_site):
    home = soup(coffee_site, "index.html")
    # 8 December is skipped, so the Christmas social and the extra 22 December come first.
    # (The page's other <time> is the build date, which has no time of day.)
    assert [t["datetime"] for t in home.find_all("time", datetime=re.compile("T"))] == [
        "2026-12-19T14:00:00+00:00", "2026-12-22T10:00:00+00:00"]
    text = words(home)
    assert "Christmas social: Saturday 19 December 2026, 2pm to 5pm" in text
    assert "Coffee morning: Tuesday 22 December 2026, 10am to 12 noon" in text
    assert "8 December" not in text


def test_no_page_lists_a_date_before_the_build_date(make_group, tmp_path):
    past = """\
  - name: Old group
    when: every Monday
    time: 7pm
    from: 2026-09-07
    skip: [2026-11-09]
    extra: [2026-11-21]
    cancelled:
      - date: 2026-11-16
        reason: Room double-booked
"""
    events = CHRISTMAS_SOCIAL + """\
  - name: Bonfire night
    date: 2026-11-05
    time: 6pm-8pm
"""
    out = tmp_path / "site"
    build(make_group({"group.yaml": group_yaml(COFFEE_MORNING + past, events=events)}), out,
          now=NOW)
    pages = sorted(out.rglob("*.html"))
    assert out / "meetings" / "index.html" in pages
    for path in pages:
        page = soup(out, path.relative_to(out).as_posix())
        for moment in page.find_all("time", datetime=True):
            assert moment["datetime"][:10] >= "2026-11-26", (path, moment)
        text = words(page)
        for gone in ("5 November 2026", "9 November 2026", "16 November 2026",
                     "21 November 2026", "Room double-booked", "Bonfire night"):
            assert gone not in text, (path, gone)
