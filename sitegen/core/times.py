"""Meeting times as volunteers type them: 19:30, 7.30pm, 10am to 12 noon."""

from __future__ import annotations

import datetime
import os
import re
from zoneinfo import ZoneInfo
from dataclasses import dataclass

_BAD_TIME = '"{text}" is not a time. Write it like 19:30 or 7.30pm.'
_BACKWARDS = '"{text}" ends before it starts. Write the start first, like 7pm-9pm.'
_SAME = '"{text}" starts and ends at the same time. Write it like 7pm-9pm, or just 7pm.'
_AMBIGUOUS = '"{text}" could be morning or evening. Write it like 7pm or 19:00.'
_AMBIGUOUS_RANGE = '"{text}" could be morning or evening. Write it like 7pm-9pm or 19:00-21:00.'

# Any dash (people paste en and em dashes from word processors) or a joining word.
_RANGE_SEPARATOR = re.compile(r"\s*(?:[-\u2013\u2014]|\bto\b|\btill\b|\buntil\b)\s*", re.IGNORECASE)
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?P<word>am|pm|noon|midday|midnight)?"
)
_NAMED = {"noon": 12, "midday": 12, "midnight": 0}
_MIDNIGHT = datetime.time(0, 0)


@dataclass(frozen=True)
class TimeRange:
    """A meeting's start time and, when the volunteer gave one, its end time."""

    start: datetime.time
    end: datetime.time | None = None


@dataclass(frozen=True)
class _Reading:
    """One side of a range as typed, with the hour already on the 24-hour clock."""

    hour: int
    minute: int
    meridiem: str | None  # "am" or "pm" when the volunteer wrote it
    bare: bool  # only an hour up to 12, like "7": it could be 7am or 7pm


def parse_time_range(text: str) -> TimeRange:
    """Read a start time and an optional end time, written in any common way."""
    text = text.strip()
    parts = _RANGE_SEPARATOR.split(text)
    if len(parts) == 1:
        return TimeRange(_alone(_read(text, text), _AMBIGUOUS, text))
    if len(parts) != 2:
        raise ValueError(_BAD_TIME.format(text=text))
    start, end = (_read(part, text) for part in parts)
    end_time = _alone(end, _AMBIGUOUS_RANGE, text)
    start_time = _start_before(start, end, end_time, text)
    _check_order(start_time, end_time, text)
    return TimeRange(start_time, end_time)


def format_time(t: datetime.time) -> str:
    """Write a time the way people say it: 7pm, 7:30pm, 12 noon, midnight."""
    if (t.hour, t.minute) == (0, 0):
        return "midnight"
    if (t.hour, t.minute) == (12, 0):
        return "12 noon"
    hour = t.hour % 12 or 12
    minutes = f":{t.minute:02d}" if t.minute else ""
    return f"{hour}{minutes}{'am' if t.hour < 12 else 'pm'}"


def describe_time_range(r: TimeRange) -> str:
    """Write a time range in plain English: 10am to 12 noon, or just 7:30pm."""
    if r.end is None:
        return format_time(r.start)
    return f"{format_time(r.start)} to {format_time(r.end)}"


def _read(part: str, whole: str) -> _Reading:
    # Quote the side that is wrong; an empty side ("-9pm") is better shown whole.
    bad = ValueError(_BAD_TIME.format(text=part.strip() or whole))
    words = re.sub(r"\s+", "", part.lower())
    words = re.sub(r"([ap])\.m\.?", r"\1m", words)
    if words in _NAMED:
        return _Reading(_NAMED[words], 0, None, bare=False)
    match = _CLOCK.fullmatch(words)
    if not match:
        raise bad
    hour, minute, word = int(match["hour"]), int(match["minute"] or 0), match["word"]
    if minute > 59:
        raise bad
    if word in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise bad
        return _Reading(_to_24_hour(hour, word), minute, word, bare=False)
    if word:  # "12 noon" or "12 midnight": any other number before the word is a slip
        if hour != 12 or minute:
            raise bad
        return _Reading(_NAMED[word], 0, None, bare=False)
    if hour > 23:
        raise bad
    return _Reading(hour, minute, None, bare=match["minute"] is None and 1 <= hour <= 12)


def _to_24_hour(hour: int, meridiem: str) -> int:
    return hour % 12 + (12 if meridiem == "pm" else 0)


def _alone(reading: _Reading, ambiguous: str, text: str) -> datetime.time:
    if reading.bare:
        raise ValueError(ambiguous.format(text=text))
    return datetime.time(reading.hour, reading.minute)


def _start_before(
    start: _Reading, end: _Reading, end_time: datetime.time, text: str
) -> datetime.time:
    if not start.bare:
        return datetime.time(start.hour, start.minute)
    if end.meridiem is None:  # the end is on the 24-hour clock (or noon), so the start is too
        return datetime.time(start.hour, 0)
    # In "7-9pm" the pm belongs to both; in "11-1pm" the start must be the morning.
    other = "am" if end.meridiem == "pm" else "pm"
    for meridiem in (end.meridiem, other):
        candidate = datetime.time(_to_24_hour(start.hour, meridiem), 0)
        if candidate < end_time:
            return candidate
    raise ValueError(_BACKWARDS.format(text=text))


def _check_order(start: datetime.time, end: datetime.time, text: str) -> None:
    if start == end:
        raise ValueError(_SAME.format(text=text))
    # "8pm to midnight" is a meeting that ends as the day does, not one that runs backwards.
    if end < start and end != _MIDNIGHT:
        raise ValueError(_BACKWARDS.format(text=text))


def build_time(zone: str) -> datetime.datetime:
    """Now in the group's time zone, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    utc = datetime.timezone.utc
    moment = datetime.datetime.fromtimestamp(int(epoch), utc) if epoch else \
        datetime.datetime.now(utc)
    return moment.astimezone(ZoneInfo(zone)).replace(microsecond=0)
