"""An "Add to Google Calendar" link: Google's event form, filled in from the meeting.

Google Calendar does not import a file from a link, so people who use it get its
own form (calendar.google.com/calendar/render?action=TEMPLATE) with the name, the
next date, the repeat rule and the place in. A plain link: nothing reaches Google
until the visitor follows it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sitegen.calendar.ics import description_text, location_text, series_rule
from sitegen.calendar.schedule import Occurrence, Schedule

TEMPLATE = "https://calendar.google.com/calendar/render"


def google_calendar_link(schedule: Schedule, timezone: str, page: str | None) -> str | None:
    """The link for a meeting's series from its next date on, or None when none is planned."""
    first = _first_date(schedule)
    if first is None:
        return None
    details = "\n".join(p for p in (description_text(schedule), page) if p)
    fields = {"action": "TEMPLATE", "text": schedule.name, "dates": _dates(first),
              "ctz": timezone, "details": details, "location": location_text(schedule)}
    if schedule.meeting:
        rule = series_rule(schedule.meeting, ZoneInfo(timezone)).to_ical().decode()
        fields["recur"] = "RRULE:" + rule
    return TEMPLATE + "?" + urlencode({k: v for k, v in fields.items() if v})


def _first_date(schedule: Schedule) -> Occurrence | None:
    """The next date on that the rule gives (an extra date would shift the repeats)."""
    return next((o for o in schedule.upcoming if o.happening and not o.extra), None)


def _dates(occurrence: Occurrence) -> str:
    """Start/end in the meeting's local time (ctz says which zone), or whole days."""
    if occurrence.start is None:
        return f"{_day(occurrence.day)}/{_day(occurrence.day + timedelta(days=1))}"
    end = occurrence.end or occurrence.start + timedelta(hours=1)
    return f"{_moment(occurrence.start)}/{_moment(end)}"


def _day(day: date) -> str:
    return f"{day:%Y%m%d}"


def _moment(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}"
