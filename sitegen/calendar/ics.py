"""The iCalendar feed: one VEVENT per meeting series (RRULE, EXDATE, RDATE), never a date list."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur

from sitegen.calendar.schedule import Schedule, end_day
from sitegen.calendar.vtimezone import vtimezone
from sitegen.core.config import Config, Meeting
from sitegen.core.slugs import slugify
from sitegen.core.times import TimeRange

PRODUCT_ID = "-//sitegen//group meetings//EN"
HASH_PROPERTY = "X-SITEGEN-HASH"


def group_calendars(config: Config, schedules: list[Schedule], built_at: datetime,
                    previous: dict[str, tuple[int, str]],
                    page_url: str | None) -> tuple[bytes, list[bytes]]:
    """The whole group's calendar, for subscribing, and each schedule's own, for "add to my
    calendar": these remind, the feed does not (calendar apps drop or ignore a subscribed
    feed's alarms, but keep an imported event's).

    Each event is made once for both: making it twice was a tenth of a small group's build.
    """
    dated = [s for s in schedules if s.first_day]  # a meeting with no dates has no series
    events = {s.slug: _event(config, s, built_at, previous, page_url) for s in dated}
    feed = _calendar(config, dated, list(events.values()), built_at)
    singles = []
    for schedule in schedules:
        event = events.get(schedule.slug)
        if event:
            _add_alarms(event, schedule)  # once the feed is made: its events have none
        singles.append(_calendar(config, [schedule] if event else [],
                                 [event] if event else [], built_at))
    return feed, singles


def read_sequences(feed: bytes) -> dict[str, tuple[int, str]]:
    """Read UID -> (SEQUENCE, content hash) from an earlier build's feed."""
    try:
        calendar = Calendar.from_ical(feed)
    except ValueError:
        return {}
    return {str(event["UID"]): (int(event.get("SEQUENCE", 0)), str(event.get(HASH_PROPERTY, "")))
            for event in calendar.walk("VEVENT") if "UID" in event}


def _calendar(config: Config, schedules: list[Schedule], events: list[Event],
              built_at: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", config.name)
    calendar.add("x-wr-timezone", config.timezone)
    for event in events:
        calendar.add_component(event)
    first = min((s.first_day for s in schedules), default=built_at.date())
    if config.timezone in calendar.get_used_tzids():
        calendar.subcomponents.insert(0, vtimezone(config.timezone, first.year))  # before use
    return calendar.to_ical()


def _event(config: Config, schedule: Schedule, built_at: datetime,
           previous: dict[str, tuple[int, str]], page_url: str | None) -> Event:
    item = schedule.meeting or schedule.event
    zone = ZoneInfo(config.timezone)
    event = Event()
    event.add("uid", f"{schedule.slug}@{_uid_domain(config)}")
    event.add("summary", schedule.name)
    event.add("dtstart", _moment(schedule.first_day, item.time, zone, "start"))
    if item.time and item.time.end:
        event.add("dtend", _moment(schedule.first_day, item.time, zone, "end"))
    if schedule.meeting:
        _add_repeats(event, schedule, zone)
    if location_text(schedule):
        event.add("location", location_text(schedule))
    event.add("description", description_text(schedule))
    if page_url:
        event.add("url", f"{page_url}#{schedule.slug}")
    _add_sequence(event, previous)  # before DTSTAMP, which changes every build
    event.add("dtstamp", built_at.astimezone(timezone.utc))
    return event


def series_rule(meeting: Meeting, zone: ZoneInfo) -> vRecur:
    """The meeting's RRULE, ending on its `until` date when it has one."""
    rule = vRecur.from_ical(meeting.when.rrule)
    if meeting.until and "UNTIL" not in rule and "COUNT" not in rule:
        # With a TZID start, RFC 5545 wants UNTIL in UTC: the end of the last day.
        last = datetime.combine(meeting.until, time(23, 59, 59), tzinfo=zone)
        # UNTIL has the value type of DTSTART: a plain date when the meeting has no time.
        rule["UNTIL"] = [last.astimezone(timezone.utc) if meeting.time else meeting.until]
    return rule


def _add_alarms(event: Event, schedule: Schedule) -> None:
    """A reminder the day before, and an hour before an online meeting (to find the link).

    VALARMs follow all the event's properties: the new Outlook wants them there.
    """
    item = schedule.meeting or schedule.event
    # A meeting with no time is a whole day: remind at 9am the day before, not at midnight.
    before = [timedelta(days=1) if item.time else timedelta(hours=15)]
    if schedule.online and item.time:
        before.append(timedelta(hours=1))
    for ahead in before:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", schedule.name)
        alarm.add("trigger", -ahead)
        event.add_component(alarm)


def _add_repeats(event: Event, schedule: Schedule, zone: ZoneInfo) -> None:
    meeting = schedule.meeting
    event.add("rrule", series_rule(meeting, zone))
    missing = sorted({*meeting.skip, *(c.date for c in meeting.cancelled)})
    if missing:
        event.add("exdate", [_moment(d, meeting.time, zone, "start") for d in missing])
    if meeting.extra:
        event.add("rdate", [_moment(d, meeting.time, zone, "start") for d in sorted(meeting.extra)])


def _add_sequence(event: Event, previous: dict[str, tuple[int, str]]) -> None:
    """Bump SEQUENCE when the meeting changed since the last build into the same folder."""
    digest = hashlib.sha256(event.to_ical()).hexdigest()[:16]
    sequence, old_digest = previous.get(str(event["UID"]), (0, digest))
    event.add("sequence", sequence + (old_digest != digest))
    event.add(HASH_PROPERTY, digest)


def _moment(day: date, times: TimeRange | None, zone: ZoneInfo, which: str) -> date | datetime:
    """A local time with its zone, or the bare date for a meeting with no time."""
    if times is None:
        return day
    if which == "end":  # "8pm to midnight" ends on the next day, after it starts
        day = end_day(day, times)
    return datetime.combine(day, getattr(times, which), tzinfo=zone)


def location_text(schedule: Schedule) -> str:
    """Where the meeting is, on one line."""
    if schedule.venue:
        return ", ".join(p for p in (schedule.venue.name, schedule.venue.address) if p)
    return schedule.place or ("Online" if schedule.online else "")


def description_text(schedule: Schedule) -> str:
    """When it repeats, how to join, access, directions, the note and the cancelled dates."""
    venue = schedule.venue
    parts = [schedule.sentence, schedule.online, venue and venue.access,
             venue and venue.directions, schedule.note]
    meeting = schedule.meeting
    if meeting:
        parts += [f"Cancelled on {c.date.day} {c.date:%B %Y}" + (f": {c.reason}" if c.reason else "")
                  for c in meeting.cancelled]
    return "\n".join(p for p in parts if p)


def _uid_domain(config: Config) -> str:
    """UIDs stay the same across builds: the site's host, or a name made from the group's."""
    if config.website:
        return urlsplit(config.website).hostname
    return slugify(config.name) + ".sitegen.invalid"
