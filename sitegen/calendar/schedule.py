"""Meeting dates: rules expanded to the next real dates, in the group's time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from sitegen.core.config import Config, Event, Meeting, Venue
from sitegen.core.slugs import unique_slugs
from sitegen.core.i18n import Wording
from sitegen.core.times import TimeRange

SHOWN_AT_LEAST = 6  # dates listed for each meeting
# Rules without `from` are anchored here, so the feed's DTSTART stays the same every build.
ANCHOR = date(2026, 1, 1)


@dataclass
class Occurrence:
    """One date of a meeting, and whether it is on."""

    day: date
    start: datetime | None  # with the group's time zone; None when no time is given
    end: datetime | None
    skipped: bool = False
    cancelled: str | None = None  # the reason, when cancelled
    extra: bool = False
    over_at: datetime | None = None  # when it has finished: the end, else the end of the day

    @property
    def happening(self) -> bool:
        return not (self.skipped or self.cancelled is not None)


@dataclass
class Schedule:
    """A meeting series or a one-off event, with its place and next dates."""

    name: str
    slug: str
    sentence: str | None  # "Second Tuesday of every month"; None for one-off events
    time_text: str | None  # "10am to 12 noon"
    venue: Venue | None
    place: str | None  # a venue written as plain text
    online: str | None
    note: str | None
    upcoming: list[Occurrence] = field(default_factory=list)
    meeting: Meeting | None = None
    event: Event | None = None
    first_day: date | None = None  # the first date of the series (the feed's DTSTART)

    @property
    def next(self) -> Occurrence | None:
        """The next date that is on."""
        return next((o for o in self.upcoming if o.happening), None)


def make_schedules(config: Config, today: date, wording: Wording) -> list[Schedule]:
    """Every meeting and upcoming event of the group, meetings first, described in words."""
    zone = ZoneInfo(config.timezone)
    slugs = iter(unique_slugs([item.name for item in [*config.meetings, *config.events]]))
    meetings = [_meeting_schedule(m, config, zone, today, next(slugs), wording)
                for m in config.meetings]
    events = [_event_schedule(e, config, zone, next(slugs), wording) for e in config.events]
    upcoming_events = [e for e in events if e.event.date >= today]
    return meetings + sorted(upcoming_events, key=lambda s: s.upcoming[0].day)


def next_dates(schedules: list[Schedule], count: int) -> list[tuple[Schedule, Occurrence]]:
    """The next `count` dates that are on, across all meetings and events."""
    dates = [(s, o) for s in schedules for o in s.upcoming if o.happening]
    return sorted(dates, key=lambda pair: date_order(*pair))[:count]


def date_order(schedule: Schedule, occurrence: Occurrence) -> tuple:
    """Sort key for dates of several meetings: by day, then time, then name."""
    moment = occurrence.start.time() if occurrence.start else time(0)
    return occurrence.day, moment, schedule.name


def occurrences_between(schedule: Schedule, zone: ZoneInfo, start: date,
                        end: date) -> list[Occurrence]:
    """Every date of a meeting or event from `start` up to `end` (both included), on or not."""
    if schedule.event:
        return [o for o in schedule.upcoming if start <= o.day <= end]
    return [_occurrence(schedule.meeting, day, zone)
            for day in _all_dates(schedule.meeting, start, end)]


def next_happening(schedule: Schedule, zone: ZoneInfo, after: date) -> Occurrence | None:
    """The first date after `after` that is on, looking up to three years ahead."""
    later = occurrences_between(schedule, zone, after + timedelta(days=1),
                                after + timedelta(days=366 * 3))
    return next((o for o in later if o.happening), None)


def describe_schedule(schedule: Schedule, wording: Wording) -> str:
    """One sentence: when, what time and where, e.g. for a page description."""
    when = schedule.sentence or wording.long_date(schedule.event.date)
    where = schedule.venue.name if schedule.venue else schedule.place or \
        (wording._("online") if schedule.online else "")
    return ", ".join(p for p in (when, schedule.time_text, where) if p) + "."


def first_date(meeting: Meeting) -> date | None:
    """The first date the rule gives on or after `from` (or the fixed anchor), if it gives one.

    A meeting whose `until` is before the anchor, or whose rule gives no date between `from`
    and `until`, has none (and no series in the feed).
    """
    after = meeting.starts or ANCHOR
    found = _rule_dates(meeting, after, after + timedelta(days=800))
    return found[0] if found else None


def _meeting_schedule(meeting: Meeting, config: Config, zone: ZoneInfo, today: date,
                      slug: str, wording: Wording) -> Schedule:
    schedule = _schedule_base(meeting, config, slug, wording)
    schedule.sentence = wording.rule(meeting.when)
    schedule.meeting = meeting
    schedule.first_day = first_date(meeting)
    days = _dates_from(meeting, today)
    schedule.upcoming = [_occurrence(meeting, day, zone) for day in days]
    return schedule


def _event_schedule(event: Event, config: Config, zone: ZoneInfo, slug: str,
                    wording: Wording) -> Schedule:
    schedule = _schedule_base(event, config, slug, wording)
    schedule.event = event
    schedule.first_day = event.date
    schedule.upcoming = [_occurrence_on(event.date, event.time, zone)]
    return schedule


def _schedule_base(item: Meeting | Event, config: Config, slug: str,
                   wording: Wording) -> Schedule:
    venue = config.venues.get(item.venue) if item.venue else None
    return Schedule(name=item.name, slug=slug, sentence=None,
                    time_text=wording.time_range(item.time) if item.time else None,
                    venue=venue, place=None if venue else item.venue, online=item.online,
                    note=item.note)


def _dates_from(meeting: Meeting, today: date) -> list[date]:
    """The next six dates (skipped ones included), which is a year or more of a rare meeting."""
    return _all_dates(meeting, today, today + timedelta(days=366 * 3))[:SHOWN_AT_LEAST]


def next_meeting_days(meeting: Meeting, today: date, count: int) -> list[date]:
    """The next `count` days the meeting happens; skipped and cancelled days left out."""
    off = set(meeting.skip) | {cancelled.date for cancelled in meeting.cancelled}
    days = _all_dates(meeting, today, today + timedelta(days=366 * 3))
    return [day for day in days if day not in off][:count]


def _all_dates(meeting: Meeting, start: date, end: date) -> list[date]:
    """Rule dates plus extra dates, between start and end (skipped ones included)."""
    days = set(_rule_dates(meeting, start, end))
    days.update(d for d in meeting.extra if start <= d <= end)
    return sorted(days)


def dates_around(meeting: Meeting, day: date) -> tuple[date | None, date | None] | None:
    """None when the rule falls on `day`; else the rule's dates just before and after it."""
    near = _rule_dates(meeting, day - timedelta(days=400), day + timedelta(days=400))
    if day in near:
        return None
    before = [d for d in near if d < day]
    after = [d for d in near if d > day]
    return (before[-1] if before else None, after[0] if after else None)


def _rule_dates(meeting: Meeting, start: date, end: date) -> list[date]:
    anchor = meeting.starts or ANCHOR
    # ignoretz: an expert's UNTIL=...Z would otherwise clash with the plain (local) start.
    rule = rrulestr(meeting.when.rrule, dtstart=datetime.combine(anchor, time()), ignoretz=True)
    last = min(end, meeting.until) if meeting.until else end
    found = rule.between(datetime.combine(start, time()), datetime.combine(last, time()),
                         inc=True)
    return [moment.date() for moment in found]


def _occurrence(meeting: Meeting, day: date, zone: ZoneInfo) -> Occurrence:
    occurrence = _occurrence_on(day, meeting.time, zone)
    reasons = {c.date: c.reason or "" for c in meeting.cancelled}
    occurrence.skipped = day in meeting.skip
    occurrence.cancelled = reasons.get(day)
    occurrence.extra = day in meeting.extra
    return occurrence


def _occurrence_on(day: date, times: TimeRange | None, zone: ZoneInfo) -> Occurrence:
    """Wall-clock times on that day in the zone: 19:30 stays 19:30 in summer and winter."""
    end_of_day = datetime.combine(day, time(23, 59), tzinfo=zone)
    if times is None:
        return Occurrence(day, None, None, over_at=end_of_day)
    start = datetime.combine(day, times.start, tzinfo=zone)
    end = datetime.combine(end_day(day, times), times.end, tzinfo=zone) if times.end else None
    # With no end time, a date stays listed until the day is over.
    return Occurrence(day, start, end, over_at=end or end_of_day)


def end_day(day: date, times: TimeRange) -> date:
    """The day a meeting ends: "8pm to midnight" ends at the start of the next day."""
    return day + timedelta(days=1) if times.end and times.end <= times.start else day
