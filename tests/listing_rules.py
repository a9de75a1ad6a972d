"""The rules other directories' files must follow, checked the way their readers would.

- Open Referral: the vendored HSDS 3.0 and Open Referral UK compiled service schemas
  (tests/schemas/openreferral/, see NOTICE.md there), with format checks on.
- Meeting Guide (code4recovery/spec README): an array; `name` and a unique `slug`
  required; `day` 0-6 or a list of them; `time`/`end_time` HH:MM on the 24-hour
  clock; `updated` YYYY-MM-DD HH:MM:SS; `types` a list of codes.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parent / "schemas" / "openreferral"
SCHEMA_FILES = {"HSDS 3.0": "hsds-3.0-service.json", "Open Referral UK": "uk-profile-service.json"}
# Formats the schemas use; without a checker for each, a wrong id or link would pass unseen.
FORMATS = {"uuid", "uri", "email", "date-time"}
_HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_UPDATED = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_NOT_IN_SLUGS = re.compile(r"[\s/?#\[\]@!$&'()*+,;=%\"<>\\^`{|}]")


@lru_cache(maxsize=None)
def validators() -> dict[str, Draft202012Validator]:
    """A validator per schema, checking formats (uuid with the standard library, uri with
    rfc3986-validator, date-time with rfc3339-validator)."""
    checker = Draft202012Validator.FORMAT_CHECKER
    missing = FORMATS - set(checker.checkers)
    assert not missing, f"jsonschema cannot check {missing}: install jsonschema[format-nongpl]"
    return {name: Draft202012Validator(json.loads((SCHEMAS / file).read_text("utf-8")),
                                       format_checker=checker)
            for name, file in SCHEMA_FILES.items()}


def hsds_problems(services: list) -> list[str]:
    """Every schema error of every service, against both schemas, as readable lines."""
    assert isinstance(services, list), "services.json is an array of services"
    return [f"{name}: service {n}: /{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for name, validator in validators().items()
            for n, service in enumerate(services)
            for error in validator.iter_errors(service)]


def all_ids(value) -> list[str]:
    """Every `id` in a JSON tree (references like location_id are other keys)."""
    if isinstance(value, dict):
        return ([value["id"]] if "id" in value else []) + \
            [found for key, inner in value.items() for found in all_ids(inner)]
    if isinstance(value, list):
        return [found for inner in value for found in all_ids(inner)]
    return []


def schedule_dates(schedule: dict, start: date, count: int) -> list[date]:
    """Expand an HSDS schedule's iCalendar fields with dateutil: its first dates from `start`."""
    parts = [f"FREQ={schedule['freq']}"]
    for field in ("interval", "byday", "bymonthday", "count", "wkst"):
        if field in schedule:
            parts.append(f"{field.upper()}={schedule[field]}")
    if "until" in schedule:
        parts.append("UNTIL=" + schedule["until"].replace("-", "") + "T235959")
    dtstart = datetime.combine(date.fromisoformat(schedule["dtstart"]), time())
    rule = rrulestr(";".join(parts), dtstart=dtstart)
    found = []
    for moment in rule.xafter(datetime.combine(start, time()), inc=True):
        found.append(moment.date())
        if len(found) == count:
            break
    return found


def meeting_guide_problems(entries: list) -> list[str]:
    """Where a meetings.json breaks the Meeting Guide specification's rules."""
    if not isinstance(entries, list):
        return ["the file is not an array of meetings"]
    problems = []
    slugs = [entry.get("slug") for entry in entries]
    problems += [f"slug {slug!r} is used more than once" for slug in set(slugs)
                 if slugs.count(slug) > 1]
    for entry in entries:
        problems += [f"{entry.get('slug')}: {p}" for p in _entry_problems(entry)]
    return problems


def _entry_problems(entry: dict) -> list[str]:
    problems = []
    if not isinstance(entry.get("name"), str) or not 0 < len(entry["name"]) <= 255:
        problems.append("name is required: text of at most 255 characters")
    slug = entry.get("slug")
    if not isinstance(slug, str) or not slug or len(slug) > 64 or _NOT_IN_SLUGS.search(slug):
        problems.append("slug is required: URL-safe text of at most 64 characters")
    day = entry.get("day")
    days = day if isinstance(day, list) else [day]
    if "day" in entry and (not days or not all(type(d) is int and 0 <= d <= 6 for d in days)):
        problems.append(f"day {day!r} is not 0-6 or a list of them")
    for field in ("time", "end_time"):
        if field in entry and not _HH_MM.fullmatch(str(entry[field])):
            problems.append(f"{field} {entry[field]!r} is not HH:MM")
    if "updated" in entry and not _UPDATED.fullmatch(str(entry["updated"])):
        problems.append(f"updated {entry['updated']!r} is not YYYY-MM-DD HH:MM:SS")
    if "types" in entry and not (isinstance(entry["types"], list)
                                 and all(isinstance(t, str) for t in entry["types"])):
        problems.append("types is not a list of codes")
    if "timezone" in entry:
        ZoneInfo(entry["timezone"])  # raises for a name the tz database does not have
    if "conference_url" in entry and not entry["conference_url"].startswith("https://"):
        problems.append("conference_url is not an https:// link")
    return problems
