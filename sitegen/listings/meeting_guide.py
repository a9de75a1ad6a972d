"""/meetings.json: the meetings as the Meeting Guide specification's array (code4recovery/spec).

The specification asks for "a simple array of meetings", each with a unique
`slug`; TSML UI and the Meeting Guide app read it. Days are numbered from
Sunday (0) to Saturday (6), times are HH:MM on the 24-hour clock, and `updated`
is a UTC time as YYYY-MM-DD HH:MM:SS. The spec is made for weekly meetings: a
meeting that is not every week still gets its day and time, with its rule in
words at the start of `notes`.

sitegen's own fields are kept beside the spec's (it allows extra fields):
type (meeting or event), rule, rrule, date, next_dates and cancelled.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import quote

from sitegen.calendar.schedule import Schedule
from sitegen.core.config import Config, Venue
from sitegen.core.i18n import Wording
from sitegen.listings.places import address_parts, country_name, country_of, postal_code
from sitegen.web.access import access_facts

# Meeting Guide numbers days from Sunday.
DAY_NUMBERS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}
# Meeting types for the access facts that have one (sitegen/web/access.py).
ACCESS_TYPES = {"step-free": "X", "accessible-toilet": "XB", "children-welcome": "CF",
                "women-only": "W"}
# Meeting types for the languages that have one, by BCP 47 primary language.
LANGUAGE_TYPES = {
    "af": "AF", "am": "AM", "ar": "AR", "bg": "BG", "da": "DA", "de": "DE", "el": "EL",
    "en": "EN", "es": "S", "fa": "FA", "fi": "FI", "fr": "FR", "he": "HE", "hi": "HI",
    "hr": "HR", "hu": "HU", "is": "IS", "it": "ITA", "ja": "JA", "ka": "KA", "ko": "KOR",
    "lt": "LT", "ml": "ML", "mt": "MT", "nb": "NO", "ne": "NE", "nl": "NL", "no": "NO",
    "pa": "PUN", "pl": "POL", "pt": "POR", "ru": "RUS", "sk": "SK", "sl": "SL", "sv": "SV",
    "th": "TH", "tl": "TL", "tr": "TUR", "uk": "UK",
}
# "Online": the spec's list dropped it in 2021 (a conference_url now says a meeting is
# online, and TSML UI ignores the code); readers written before then still look for it.
ONLINE_TYPE = "ONL"


def meeting_guide_json(config: Config, schedules: list[Schedule], built_at: datetime,
                       wording: Wording) -> bytes:
    """Return the meetings array as JSON, leaving out meetings that have ended.

    The format has no end date: a meeting whose `until` has passed would be shown every week.
    """
    entries = [meeting_entry(config, schedule, built_at, wording) for schedule in schedules
               if schedule.upcoming]
    return dump(entries)


def dump(entries: list[dict] | dict) -> bytes:
    """JSON text as the listings write it: UTF-8 as it is, indented to be read."""
    return (json.dumps(entries, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def dump_items(entries: list[dict]) -> str:
    """The entries as dump() writes them inside its list: a part for joined_items()."""
    return dump(entries).decode("utf-8")[2:-3] if entries else ""  # without "[\n" and "\n]\n"


def joined_items(parts: list[str]) -> bytes:
    """dump() of one list of all the entries whose dump_items() the parts are, in order."""
    filled = [part for part in parts if part]
    return ("[\n" + ",\n".join(filled) + "\n]\n").encode("utf-8") if filled else dump([])


def meeting_entry(config: Config, schedule: Schedule, built_at: datetime,
                  wording: Wording) -> dict:
    """One meeting or event in the spec's fields, then sitegen's own."""
    item = schedule.meeting or schedule.event
    online = schedule.online or ""
    link = online if online.startswith("https://") else None
    entry = {
        "name": schedule.name,
        "slug": schedule.slug,
        "day": meeting_days(schedule),
        "time": item.time.start.strftime("%H:%M") if item.time else None,
        "end_time": item.time.end.strftime("%H:%M") if item.time and item.time.end else None,
        "timezone": config.timezone,
        "location": schedule.venue.name if schedule.venue else schedule.place,
        **_geography(config, schedule.venue, bool(schedule.venue or schedule.place)),
        "conference_url": link,
        "conference_url_notes": online if online and not link else None,
        "types": meeting_types(config, schedule),
        "notes": "\n".join(part for part in _notes(schedule, wording, link) if part) or None,
        "url": meeting_address(config, schedule),
        "updated": built_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
        "group": config.name,
        "type": "meeting" if schedule.meeting else "event",
        "rule": schedule.sentence,
        "rrule": schedule.meeting.when.rrule if schedule.meeting else None,
        "date": schedule.event.date.isoformat() if schedule.event else None,
        "next_dates": [o.start.isoformat() if o.start else o.day.isoformat()
                       for o in schedule.upcoming if o.happening],
        "cancelled": [{"date": o.day.isoformat(), "reason": o.cancelled or None}
                      for o in schedule.upcoming if not o.happening],
    }
    return {key: value for key, value in entry.items() if value not in (None, [])}


def meeting_days(schedule: Schedule) -> int | list[int] | None:
    """The weekday(s) as Meeting Guide numbers, for rules that fall on set weekdays."""
    if schedule.event:
        return schedule.event.date.isoweekday() % 7
    parts = rule_parts(schedule.meeting.when.rrule)
    codes = [entry[-2:] for entry in parts.get("BYDAY", "").split(",") if entry[-2:] in DAY_NUMBERS]
    if not codes and parts["FREQ"] == "DAILY" and parts.get("INTERVAL", "1") == "1" \
            and set(parts) <= {"FREQ", "INTERVAL"}:
        codes = list(DAY_NUMBERS)  # every day
    days = sorted({DAY_NUMBERS[code] for code in codes})
    return days[0] if len(days) == 1 else (days or None)


def meeting_address(config: Config, schedule: Schedule) -> str | None:
    """The meeting's own page, as a URI: a slug in another script is percent-encoded."""
    return config.website + quote(f"meetings/{schedule.slug}/") if config.website else None


def rule_parts(rrule: str) -> dict[str, str]:
    """An RRULE value as {part: value}: {"FREQ": "WEEKLY", "BYDAY": "TU"}."""
    return dict(part.split("=", 1) for part in rrule.split(";") if "=" in part)


def meeting_types(config: Config, schedule: Schedule) -> list[str]:
    """The spec's type codes that the group's own facts support, never guessed from names."""
    facts = {fact.fact for fact in access_facts(schedule.venue.access)} if schedule.venue else set()
    types = [code for fact, code in ACCESS_TYPES.items() if fact in facts]
    language = LANGUAGE_TYPES.get(config.language.split("-")[0].lower())
    types += [language] if language else []
    return types + ([ONLINE_TYPE] if schedule.online else [])


def _geography(config: Config, venue: Venue | None, in_person: bool) -> dict:
    """The address fields, or for a meeting only online the group's area, marked approximate."""
    country = country_of(config.timezone)
    if venue and venue.address:
        parts = address_parts(venue.address, country)
        return {"address": parts.street if parts else venue.address,
                "city": parts.town if parts else None,
                "postal_code": postal_code(venue.address, country), "country": country,
                "formatted_address": _with_country(venue.address, country),
                "approximate": "no"}
    if not in_person and config.area:  # the spec asks online meetings for a place of origin
        return {"formatted_address": _with_country(config.area, country), "country": country,
                "approximate": "yes"}
    return {}


def _with_country(text: str, country: str | None) -> str:
    name = country_name(country) if country else None
    return f"{text}, {name}" if name and name.lower() not in text.lower() else text


def _notes(schedule: Schedule, wording: Wording, link: str | None) -> list[str | None]:
    """When, if not every week (the spec is made for weekly meetings), then the group's note."""
    parts = rule_parts(schedule.meeting.when.rrule) if schedule.meeting else {}
    weekly = parts.get("FREQ") == "WEEKLY" and parts.get("INTERVAL", "1") == "1"
    when = None if weekly else (schedule.sentence or wording.long_date(schedule.event.date))
    instructions = schedule.online if schedule.online and not link else None
    return [when + "." if when else None, schedule.note, instructions]
