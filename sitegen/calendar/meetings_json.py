"""/meetings.json: the meetings in a simple shape directories and social prescribers can read.

Field names follow the Meeting Guide feed specification where they fit (name,
slug, day, time, end_time, timezone, location, address, conference_url,
notes); the rest (rule, rrule, next_dates, cancelled) are sitegen's own.
"""

from __future__ import annotations

import json
from datetime import datetime

from sitegen.calendar.schedule import Schedule
from sitegen.core.config import Config

# Meeting Guide numbers days from Sunday.
_DAY_NUMBERS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}


def meetings_json(config: Config, schedules: list[Schedule], built_at: datetime,
                  page_url: str | None) -> bytes:
    """Return the JSON document, stable and pretty enough to read."""
    document = {
        "group": config.name,
        "url": config.website,
        "timezone": config.timezone,
        "updated": built_at.isoformat(),
        "meetings": [_entry(config, s, page_url) for s in schedules],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _entry(config: Config, schedule: Schedule, page_url: str | None) -> dict:
    item = schedule.meeting or schedule.event
    online = schedule.online or ""
    entry = {
        "name": schedule.name,
        "slug": schedule.slug,
        "type": "meeting" if schedule.meeting else "event",
        "day": _days(schedule),
        "time": item.time.start.strftime("%H:%M") if item.time else None,
        "end_time": item.time.end.strftime("%H:%M") if item.time and item.time.end else None,
        "timezone": config.timezone,
        "location": schedule.venue.name if schedule.venue else schedule.place,
        "address": schedule.venue.address if schedule.venue else None,
        "conference_url": online if online.startswith("https://") else None,
        "conference_notes": online if online and not online.startswith("https://") else None,
        "notes": schedule.note,
        "url": f"{page_url}#{schedule.slug}" if page_url else None,
        "rule": schedule.sentence,
        "rrule": schedule.meeting.when.rrule if schedule.meeting else None,
        "date": schedule.event.date.isoformat() if schedule.event else None,
        "next_dates": [o.start.isoformat() if o.start else o.day.isoformat()
                       for o in schedule.upcoming if o.happening],
        "cancelled": [{"date": o.day.isoformat(), "reason": o.cancelled or None}
                      for o in schedule.upcoming if not o.happening],
    }
    return {key: value for key, value in entry.items() if value not in (None, [])}


def _days(schedule: Schedule) -> int | list[int] | None:
    """The weekday(s) as Meeting Guide numbers, for rules that fall on set weekdays."""
    if schedule.event:
        return (schedule.event.date.isoweekday()) % 7
    parts = dict(p.split("=", 1) for p in schedule.meeting.when.rrule.split(";") if "=" in p)
    days = [_DAY_NUMBERS[d[-2:]] for d in parts.get("BYDAY", "").split(",") if d[-2:] in _DAY_NUMBERS]
    unique = sorted(set(days))
    return unique[0] if len(unique) == 1 else (unique or None)
