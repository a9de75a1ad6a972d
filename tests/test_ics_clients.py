"""Every feed reads the same in Python's icalendar and in Thunderbird's ical.js.

Each feed (the whole group's meetings.ics and every meeting's own file) of every valid
test site, and of groups whose meetings start in 2026, 2027 and 2030 in zones north and
south of the equator, without summer time and without a yearly rule, is expanded over three years by
recurring-ical-events (which takes the offsets from tzdata by the zone's name) and by
Mozilla's ical.js (which takes them from the feed's own VTIMEZONE). The instants must be
the same, across both clock changes of each year.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

from conftest import EXAMPLE_GROUP, NOW, write_files
from node_clients import run_node_json
from sitegen.site.pipeline import check

SITES = Path(__file__).resolve().parent / "sites"
VALID_SITES = [EXAMPLE_GROUP, *sorted(p for p in SITES.iterdir()
                                      if p.is_dir() and not p.name.startswith("invalid-"))]
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Shanghai",
         "Africa/Casablanca"]  # Casablanca: out of summer time for Ramadan, no yearly rule
FIRST_YEARS = [2026, 2027, 2030]
YEARS_EXPANDED = 3


def first_monday(year: int) -> date:
    day = date(year, 1, 1)
    return day + timedelta(days=-day.weekday() % 7)


def group_starting(year: int, zone: str) -> str:
    """Meetings of every kind from `year`, one at 3:30am on Sundays, the days the clocks change."""
    return f"""\
        name: Riverside Parents Together
        timezone: {zone}
        contact:
          phone: 0115 496 0000
        meetings:
          - name: Every two months
            when: first Monday every two months
            from: {first_monday(year)}
            time: 7pm-9pm
          - name: Early hours
            when: every Sunday
            from: {year}-01-01
            time: 3:30am-4:30am
          - name: Late night
            when: last Friday of the month
            from: {year}-01-01
            time: 8pm to midnight
            skip: [{year}-07-26]
          - name: Walk
            when: every weekday
            from: {year}-01-01
        events:
          - name: Summer social
            date: {year}-07-04
            time: 2pm-5pm
          - name: Winter social
            date: {year}-12-12
            time: 2pm-5pm
        """


def built_before(year: int) -> datetime:
    """A build a month before the meetings start, so every one-off event still has its file."""
    return NOW.replace(year=year - 1, month=12, day=1)


def feeds_of(site: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in site.items() if name.endswith(".ics")}


def as_text(moment: date | datetime) -> str:
    """The form expand_ics.js prints: UTC instants, plain dates for all-day meetings."""
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


def python_instants(feed: bytes, until: date) -> dict[str, list[list[str | None]]]:
    calendar = Calendar.from_ical(feed)
    with_end = {str(e["UID"]) for e in calendar.walk("VEVENT") if "DTEND" in e}
    found: dict[str, list[list[str | None]]] = {str(e["UID"]): [] for e in calendar.walk("VEVENT")}
    for occurrence in recurring_ical_events.of(calendar).between(date(2000, 1, 1), until):
        uid = str(occurrence["UID"])
        end = as_text(occurrence["DTEND"].dt) if uid in with_end else None
        found[uid].append([as_text(occurrence["DTSTART"].dt), end])
    return {uid: sorted(found[uid]) for uid in found}


def ical_js_instants(feed: bytes, until: date) -> dict[str, list[list[str | None]]]:
    found = run_node_json("require('./expand_ics.js')", until.isoformat(),
                          stdin=feed.decode("utf-8"))
    return {uid: sorted(instants) for uid, instants in found.items()}


def starting_before(until: date, found: dict[str, list[list[str | None]]]) -> dict:
    """Cut both clients' lists at the same UTC moment: each reads "until" in its own way."""
    return {uid: [pair for pair in pairs if pair[0] < until.isoformat()]
            for uid, pairs in found.items()}


def assert_clients_agree(feeds: dict[str, bytes], until: date) -> None:
    later = until + timedelta(days=7)
    for name, feed in feeds.items():
        expected = starting_before(until, python_instants(feed, later))
        assert starting_before(until, ical_js_instants(feed, later)) == expected, name
        assert any(expected.values()), f"{name} has no dates before {until}"


@pytest.mark.parametrize("folder", VALID_SITES, ids=lambda p: p.name)
def test_every_feed_of_a_test_site_reads_the_same_in_ical_js(folder):
    feeds = feeds_of(check(folder, now=NOW, pdf=False).files)
    assert "meetings.ics" in feeds and len(feeds) > 1

    assert_clients_agree(feeds, date(NOW.year + YEARS_EXPANDED, 1, 1))


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("year", FIRST_YEARS)
def test_feeds_starting_in_any_year_read_the_same_in_ical_js(tmp_path, year, zone):
    group = write_files(tmp_path / "group", {"group.yaml": group_starting(year, zone)})
    feeds = feeds_of(check(group, now=built_before(year), pdf=False).files)
    assert len(feeds) == 7  # the whole calendar, four meetings, two events

    assert_clients_agree(feeds, date(year + YEARS_EXPANDED, 1, 1))


@pytest.mark.parametrize("zone, offsets", [("Europe/London", {"19:00", "18:00"}),
                                           ("Australia/Sydney", {"08:00", "09:00"}),
                                           ("Asia/Shanghai", {"11:00"})])
def test_the_comparison_spans_both_clock_changes(tmp_path, zone, offsets):
    group = write_files(tmp_path / "group", {"group.yaml": group_starting(2027, zone)})
    feed = check(group, now=built_before(2027), pdf=False).files["meetings.ics"]

    [every_two_months] = [instants for uid, instants in python_instants(
        feed, date(2028, 1, 1)).items() if uid.startswith("every-two-months")]

    assert {start[11:16] for start, _ in every_two_months} == offsets


def test_the_feed_from_the_issue_puts_summer_meetings_at_7pm_in_ical_js(tmp_path):
    group = write_files(tmp_path / "group", {"group.yaml": group_starting(2027, "Europe/London")})
    feed = check(group, now=built_before(2027), pdf=False).files["meetings.ics"]

    found = ical_js_instants(feed, date(2028, 1, 1))

    [starts] = [[start for start, _ in v] for uid, v in found.items() if "every-two-months" in uid]
    assert starts == ["2027-01-04T19:00:00Z", "2027-03-01T19:00:00Z", "2027-05-03T18:00:00Z",
                      "2027-07-05T18:00:00Z", "2027-09-06T18:00:00Z", "2027-11-01T19:00:00Z"]


@pytest.mark.xfail(strict=True, reason="ical.js 2.2.1 reads a time the clocks skip with the "
                   "offset after the change, where RFC 5545 (3.3.5) says the offset before; "
                   "icalendar follows the RFC. No VTIMEZONE can change that.")
def test_a_meeting_in_the_hour_the_clocks_skip_differs_in_ical_js(tmp_path):
    group = write_files(tmp_path / "group", {"group.yaml": """\
        name: Riverside Parents Together
        contact:
          phone: 0115 496 0000
        events:
          - name: Night walk
            date: 2027-03-28
            time: 1:30am
        """})
    feed = check(group, now=built_before(2027), pdf=False).files["meetings.ics"]

    assert_clients_agree({"meetings.ics": feed}, date(2028, 1, 1))
