"""The iCalendar feed, down to its bytes.

One VEVENT per meeting series (RRULE, EXDATE, RDATE; never a list of dates), starts
with a TZID that the feed defines, UIDs that survive rebuilds, a SEQUENCE that counts
changes, RFC 5545 escaping and folding, and two parsers (icalendar and the stricter
`ical`) that accept the feed and every meeting's own file.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from conftest import NOW, write_files
from sitegen.site.pipeline import build, check

LONDON = ZoneInfo("Europe/London")
LONG_NAME = ("Gruppe für Eltern autistischer Kinder — Kaffee, Kuchen und Gespräche am Abend, "
             "jeden Montag 😀")
GROUP = """\
name: Riverside Parents Together
website: https://riversideparents.org.uk
contact:
  phone: 0115 496 0000
venues:
  centre:
    name: Riverside Community Centre
    address: 12 Mill Lane, Nottingham NG1 1AA
    access: Step-free entrance, hearing loop; accessible toilet
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
  - name: Tea, cake; chat
    when: every Thursday
    time: 7pm-9pm
    venue: St Mary's Hall, Church Lane
    note: |-
      Bring a friend, or don't; we have biscuits.
      Ring the bell \\ knock loudly.
  - name: "%s"
    when: every Monday
    time: 7pm
    online: Zoom; the link comes by email, a day before
  - name: Walk and talk
    when: every weekday
    skip: [2026-12-25]
    extra: [2026-12-27]
    until: 2027-03-31
  - name: Late night
    when: every Friday
    time: 8pm to midnight
  - name: Summer run
    when: every Wednesday
    time: 11pm
    from: 2027-06-02
    until: 2027-06-30
  - name: Expert
    when: RRULE:FREQ=MONTHLY;BYDAY=SA;BYSETPOS=-1
    time: 11:00
  - name: Ended
    when: every Tuesday
    time: 7pm
    until: 2025-06-01
events:
  - name: Christmas social
    date: 2026-12-19
    time: 2pm-5pm
    venue: centre
  - name: New year walk
    date: 2027-01-09
""" % LONG_NAME
# The meetings and events in the feed: "Ended" has no dates left, so it has no series.
SERIES = ["Coffee morning", "Tea, cake; chat", LONG_NAME, "Walk and talk", "Late night",
          "Summer run", "Expert"]
EVENTS = ["Christmas social", "New year walk"]


def build_into(folder: Path, out: Path, now: datetime = NOW) -> Calendar:
    build(folder, out, now=now)
    return Calendar.from_ical((out / "meetings.ics").read_bytes())


def by_summary(calendar: Calendar) -> dict:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def unfolded(raw: bytes) -> list[str]:
    """The feed's content lines, folding undone (RFC 5545 section 3.1)."""
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")


def line_of(raw: bytes, summary: str, name: str) -> str:
    """One property line (as written, unfolded) of the VEVENT with this SUMMARY."""
    events = "\r\n".join(unfolded(raw)).split("BEGIN:VEVENT")[1:]
    [event] = [e for e in events if f"\r\nSUMMARY:{summary}\r\n" in f"\r\n{e}"]
    [line] = [line for line in event.split("\r\n") if line.split(":")[0].split(";")[0] == name]
    return line


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ics")
    write_files(root / "group", {"group.yaml": GROUP})
    build(root / "group", root / "site", now=NOW)
    return root / "site"


@pytest.fixture(scope="module")
def raw(site) -> bytes:
    return (site / "meetings.ics").read_bytes()


@pytest.fixture(scope="module")
def events(raw) -> dict:
    return by_summary(Calendar.from_ical(raw))


def escaped(text: str) -> str:
    return text.replace(",", "\\,").replace(";", "\\;")


# One series per meeting -------------------------------------------------------------------


def test_the_feed_has_one_vevent_per_meeting_series_and_per_event(raw, events):
    assert sorted(events) == sorted(SERIES + EVENTS)
    assert raw.count(b"BEGIN:VEVENT") == len(SERIES) + len(EVENTS)
    assert len({str(e["UID"]) for e in events.values()}) == len(events)
    # No date is written out as an occurrence of its own.
    assert b"RECURRENCE-ID" not in raw
    # Only the two meetings with `extra:` dates list any dates (their extra ones).
    in_events = unfolded(raw)[unfolded(raw).index("BEGIN:VEVENT"):]  # after the VTIMEZONE
    assert [line.split(":")[0] for line in in_events if line.startswith("RDATE")] == [
        "RDATE;TZID=Europe/London", "RDATE;VALUE=DATE"]


@pytest.mark.parametrize("summary", SERIES)
def test_each_meeting_is_one_rule_not_a_list_of_expanded_dates(events, summary):
    event = events[summary]
    assert isinstance(event["RRULE"], dict)  # one RRULE, not several
    assert not isinstance(event["DTSTART"], list)
    assert event["RRULE"]["FREQ"][0] in ("DAILY", "WEEKLY", "MONTHLY")


@pytest.mark.parametrize("summary", EVENTS)
def test_a_one_off_event_has_no_rule(events, summary):
    assert "RRULE" not in events[summary] and "RDATE" not in events[summary]


@pytest.mark.parametrize(
    "summary, name, line",
    [
        ("Coffee morning", "EXDATE", "EXDATE;TZID=Europe/London:20261208T100000,20270209T100000"),
        ("Coffee morning", "RDATE", "RDATE;TZID=Europe/London:20261222T100000"),
        ("Coffee morning", "RRULE", "RRULE:FREQ=MONTHLY;BYDAY=2TU"),
        ("Coffee morning", "DTSTART", "DTSTART;TZID=Europe/London:20260113T100000"),
        ("Coffee morning", "DTEND", "DTEND;TZID=Europe/London:20260113T120000"),
        # A meeting with no time is on whole days: dates throughout, UNTIL included.
        ("Walk and talk", "DTSTART", "DTSTART;VALUE=DATE:20260101"),
        ("Walk and talk", "EXDATE", "EXDATE;VALUE=DATE:20261225"),
        ("Walk and talk", "RDATE", "RDATE;VALUE=DATE:20261227"),
        ("Walk and talk", "RRULE", "RRULE:FREQ=WEEKLY;UNTIL=20270331;BYDAY=MO,TU,WE,TH,FR"),
        # `until` is the end of the last day in London, written in UTC (BST is UTC+1).
        ("Summer run", "RRULE", "RRULE:FREQ=WEEKLY;UNTIL=20270630T225959Z;BYDAY=WE"),
        ("Summer run", "DTSTART", "DTSTART;TZID=Europe/London:20270602T230000"),
        # "8pm to midnight" ends at the start of the next day.
        ("Late night", "DTEND", "DTEND;TZID=Europe/London:20260103T000000"),
        ("Christmas social", "DTSTART", "DTSTART;TZID=Europe/London:20261219T140000"),
        ("New year walk", "DTSTART", "DTSTART;VALUE=DATE:20270109"),
    ],
)
def test_dates_are_written_as_rfc_5545_wants_them(raw, summary, name, line):
    assert line_of(raw, summary, name) == line


def test_skipped_cancelled_and_extra_dates_reach_a_calendar_app(events):
    coffee = events["Coffee morning"]
    exdates = [d.dt for exdate in [coffee["EXDATE"]] for d in exdate.dts]
    assert exdates == [datetime(2026, 12, 8, 10, tzinfo=LONDON),
                       datetime(2027, 2, 9, 10, tzinfo=LONDON)]
    assert [d.dt for d in coffee["RDATE"].dts] == [datetime(2026, 12, 22, 10, tzinfo=LONDON)]
    description = str(coffee["DESCRIPTION"])
    assert "Cancelled on 9 February 2027: The centre is closed for repairs" in description


def test_every_start_names_the_time_zone_the_feed_defines(raw, events):
    calendar = Calendar.from_ical(raw)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    for summary, event in events.items():
        start = event["DTSTART"]
        if isinstance(start.dt, datetime):
            assert start.params["TZID"] == "Europe/London", summary
        else:
            assert summary in ("Walk and talk", "New year walk")
    assert calendar["X-WR-TIMEZONE"] == "Europe/London"


@pytest.mark.parametrize(
    "zone, first, utc",
    [
        ("Europe/London", "2026-11-26T19:00:00+00:00", "2026-11-26T19:00:00+00:00"),
        ("America/New_York", "2026-11-26T19:00:00-05:00", "2026-11-27T00:00:00+00:00"),
        ("Asia/Kolkata", "2026-11-26T19:00:00+05:30", "2026-11-26T13:30:00+00:00"),
    ],
)
def test_another_time_zone_gets_its_own_vtimezone(make_group, zone, first, utc):
    group = make_group({"group.yaml": f"""\
        name: Riverside Parents Together
        timezone: {zone}
        contact:
          phone: 0115 496 0000
        meetings:
          - name: Chat
            when: every Thursday
            time: 7pm-8pm
        """})
    raw = check(group, now=NOW).files["meetings.ics"]
    calendar = Calendar.from_ical(raw)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
    assert line_of(raw, "Chat", "DTSTART").startswith(f"DTSTART;TZID={zone}:")
    # The VTIMEZONE alone (not the name) gives the right instant.
    start = datetime(2026, 11, 26, tzinfo=ZoneInfo(zone))
    [chat] = recurring_ical_events.of(calendar).between(start, start + timedelta(days=1))
    assert chat["DTSTART"].dt.isoformat() == first
    assert chat["DTSTART"].dt.astimezone(timezone.utc).isoformat() == utc


def test_every_vevent_has_a_dtstamp_of_the_build_time_in_utc(raw, events):
    for event in events.values():
        assert event["DTSTAMP"].dt == datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
    assert unfolded(raw).count("DTSTAMP:20261126T090000Z") == len(events)


# UIDs and SEQUENCE ------------------------------------------------------------------------

SMALL_GROUP = """\
name: Riverside Parents Together
{website}contact:
  phone: 0115 496 0000
meetings:
  - name: Coffee morning
    when: second Tuesday of the month
    time: 10:00-12:00
  - name: Evening chat
    when: every Thursday
    time: {chat_time}
events:
  - name: Christmas social
    date: 2026-12-19
"""


def small_group(website: str = "website: https://riversideparents.org.uk\n",
                chat_time: str = "7pm-9pm") -> dict[str, str]:
    return {"group.yaml": SMALL_GROUP.format(website=website, chat_time=chat_time)}


@pytest.mark.parametrize(
    "website, domain",
    [
        ("website: https://riversideparents.org.uk\n", "riversideparents.org.uk"),
        ("website: https://example.org/groups/riverside/\n", "example.org"),
        ("", "riverside-parents-together.sitegen.invalid"),
    ],
)
def test_uids_are_the_same_in_two_builds_a_week_apart(make_group, tmp_path, website, domain):
    folder = make_group(small_group(website))
    first = build_into(folder, tmp_path / "one")
    second = build_into(folder, tmp_path / "two", now=NOW + timedelta(days=7))
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert uids == [f"coffee-morning@{domain}", f"evening-chat@{domain}",
                    f"christmas-social@{domain}"]
    assert [str(e["UID"]) for e in second.walk("VEVENT")] == uids
    # The series start is anchored, not moved along with the build date.
    assert [e["DTSTART"].to_ical() for e in second.walk("VEVENT")] == \
        [e["DTSTART"].to_ical() for e in first.walk("VEVENT")]


def sequences(calendar: Calendar) -> dict[str, int]:
    return {str(e["SUMMARY"]): int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")}


def test_building_twice_into_the_same_folder_keeps_every_sequence(make_group, tmp_path):
    folder, out = make_group(small_group()), tmp_path / "site"
    assert sequences(build_into(folder, out)) == {
        "Coffee morning": 0, "Evening chat": 0, "Christmas social": 0}
    again = build_into(folder, out, now=NOW + timedelta(days=1))
    assert sequences(again) == {"Coffee morning": 0, "Evening chat": 0, "Christmas social": 0}


def test_changing_a_meetings_time_bumps_its_sequence_by_one_and_no_other(make_group, tmp_path):
    out = tmp_path / "site"
    build_into(make_group(small_group()), out)
    changed = make_group(small_group(chat_time="7:30pm-9pm"))  # the same folder, rewritten
    after = build_into(changed, out, now=NOW + timedelta(days=1))
    assert sequences(after) == {"Coffee morning": 0, "Evening chat": 1, "Christmas social": 0}
    assert by_summary(after)["Evening chat"]["DTSTART"].dt.strftime("%H:%M") == "19:30"
    # The meeting's own file, for "add to my calendar", says the same.
    own = Calendar.from_ical((out / "meetings" / "evening-chat.ics").read_bytes())
    assert sequences(own) == {"Evening chat": 1}
    # A rebuild with nothing changed does not count as another change.
    assert sequences(build_into(changed, out, now=NOW + timedelta(days=2))) == {
        "Coffee morning": 0, "Evening chat": 1, "Christmas social": 0}


def test_a_build_somewhere_new_starts_every_sequence_at_zero(make_group, tmp_path):
    build_into(make_group(small_group()), tmp_path / "site")
    changed = make_group(small_group(chat_time="7:30pm-9pm"))
    assert set(sequences(build_into(changed, tmp_path / "elsewhere")).values()) == {0}


# Escaping and folding, in the raw bytes ---------------------------------------------------


@pytest.mark.parametrize(
    "summary, name, line",
    [
        ("Tea\\, cake\\; chat", "SUMMARY", "SUMMARY:Tea\\, cake\\; chat"),
        ("Tea\\, cake\\; chat", "LOCATION", "LOCATION:St Mary's Hall\\, Church Lane"),
        ("Tea\\, cake\\; chat", "DESCRIPTION",
         "DESCRIPTION:Every Thursday\\nBring a friend\\, or don't\\; we have biscuits."
         "\\nRing the bell \\\\ knock loudly."),
        ("Coffee morning", "LOCATION",
         "LOCATION:Riverside Community Centre\\, 12 Mill Lane\\, Nottingham NG1 1AA"),
        ("Coffee morning", "DESCRIPTION",
         "DESCRIPTION:Second Tuesday of every month\\nStep-free entrance\\, hearing loop\\; "
         "accessible toilet\\nCancelled on 9 February 2027: The centre is closed for repairs"),
        (escaped(LONG_NAME), "DESCRIPTION",
         "DESCRIPTION:Every Monday\\nZoom\\; the link comes by email\\, a day before"),
    ],
)
def test_commas_semicolons_backslashes_and_newlines_are_escaped(raw, summary, name, line):
    assert line_of(raw, summary, name) == line


def test_escaped_text_reads_back_as_the_volunteer_wrote_it(events):
    tea = events["Tea, cake; chat"]
    assert str(tea["DESCRIPTION"]) == ("Every Thursday\nBring a friend, or don't; we have "
                                       "biscuits.\nRing the bell \\ knock loudly.")
    assert str(tea["LOCATION"]) == "St Mary's Hall, Church Lane"


def test_lines_are_folded_at_75_octets_without_splitting_a_character(raw):
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a fold never cuts a multi-byte character in two
    # The long name needed folding, and comes back whole.
    summary_at = next(i for i, line in enumerate(lines) if line.startswith(b"SUMMARY:Gruppe"))
    assert lines[summary_at + 1].startswith(b" ")
    assert f"SUMMARY:{escaped(LONG_NAME)}" in unfolded(raw)


# Two parsers ------------------------------------------------------------------------------


def ics_files(site: Path) -> list[Path]:
    return [site / "meetings.ics", *sorted((site / "meetings").glob("*.ics"))]


def test_there_is_a_calendar_file_for_each_meeting_and_event(site):
    assert len(ics_files(site)) == 1 + len(SERIES) + 1 + len(EVENTS)  # with "Ended"
    for name in ("coffee-morning", "tea-cake-chat", "walk-and-talk", "christmas-social",
                 "ended"):
        assert (site / "meetings" / f"{name}.ics").is_file()


def test_every_calendar_file_parses_cleanly_with_icalendar(site):
    for path in ics_files(site):
        calendar = Calendar.from_ical(path.read_bytes())
        for component in calendar.walk():
            assert component.errors == [], (path.name, component.name, component.errors)
        assert calendar.to_ical() == path.read_bytes(), path.name


def test_every_calendar_file_parses_with_the_strict_ical_package(site):
    counts = {}
    for path in ics_files(site):
        calendar = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
        counts[path.name] = len(calendar.events)
        for event in calendar.events:
            assert event.dtstamp and event.uid and event.dtstart
    assert counts["meetings.ics"] == len(SERIES) + len(EVENTS)
    assert counts["coffee-morning.ics"] == 1 and counts["ended.ics"] == 0


def test_the_strict_parser_expands_the_same_dates_as_recurring_ical_events(raw):
    strict = IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))
    start, end = NOW, datetime(2027, 5, 1, tzinfo=LONDON)
    from_strict = [e.dtstart for e in strict.timeline_tz(LONDON).included(start.date(), end.date())
                   if e.summary == "Coffee morning"]
    assert [d.isoformat() for d in from_strict] == [
        "2026-12-22T10:00:00+00:00", "2027-01-12T10:00:00+00:00",
        "2027-03-09T10:00:00+00:00", "2027-04-13T10:00:00+01:00"]
    assert date(2026, 12, 8) not in [d.date() for d in from_strict]


# Reminders: imported events keep their alarms, subscribed feeds would lose them -----------

def alarms_of(path: Path) -> dict[str, list[timedelta]]:
    """SUMMARY -> the VALARM triggers of each event in a calendar file."""
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["SUMMARY"]): [alarm["TRIGGER"].dt for alarm in event.walk("VALARM")]
            for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("slug, summary, triggers", [
    ("coffee-morning", "Coffee morning", [timedelta(days=-1)]),
    ("christmas-social", "Christmas social", [timedelta(days=-1)]),
    # Online: a day before, and an hour before to find the link.
    ("gruppe-für-eltern-autistischer-kinder-kaffee-kuchen-und-gespräche-am-abend-jeden-montag",
     LONG_NAME, [timedelta(days=-1), timedelta(hours=-1)]),
    # A meeting with no time lasts the day: remind at 9am the day before, not at midnight.
    ("walk-and-talk", "Walk and talk", [timedelta(hours=-15)]),
])
def test_each_meetings_own_calendar_file_reminds_a_day_before(site, slug, summary, triggers):
    assert alarms_of(site / "meetings" / f"{slug}.ics") == {summary: triggers}


def test_every_alarm_is_a_display_alarm_with_a_description(site):
    for path in sorted((site / "meetings").glob("*.ics")):
        for alarm in Calendar.from_ical(path.read_bytes()).walk("VALARM"):
            assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"]), path.name


def test_the_alarms_come_after_all_the_events_other_properties(site):
    for path in sorted((site / "meetings").glob("*.ics")):
        for event in "\r\n".join(unfolded(path.read_bytes())).split("BEGIN:VEVENT")[1:]:
            body = event.split("END:VEVENT")[0]
            if "BEGIN:VALARM" in body:
                after = body[body.index("BEGIN:VALARM"):]
                names = [line.split(":")[0] for line in after.split("\r\n") if line]
                assert set(names) <= {"BEGIN", "END", "ACTION", "DESCRIPTION", "TRIGGER"}, \
                    path.name


def test_the_subscription_feed_has_no_alarms(raw):
    assert b"VALARM" not in raw


def test_mozillas_ical_js_reads_each_meetings_alarms(site):
    from node_clients import run_node_json

    script = ("const ICAL = require('ical.js'); const fs = require('fs'); const out = {};"
              "for (const path of process.argv.slice(1)) {"
              " const c = new ICAL.Component(ICAL.parse(fs.readFileSync(path, 'utf8')));"
              " for (const e of c.getAllSubcomponents('vevent')) {"
              "  out[e.getFirstPropertyValue('summary')] = e.getAllSubcomponents('valarm')"
              "   .map(a => a.getFirstPropertyValue('trigger').toSeconds()); } }"
              "console.log(JSON.stringify(out));")
    paths = [str(p) for p in sorted((site / "meetings").glob("*.ics"))]
    seen = run_node_json(script, *paths)
    assert seen["Coffee morning"] == [-86400]
    assert seen[LONG_NAME] == [-86400, -3600]
    assert seen["Walk and talk"] == [-54000]
