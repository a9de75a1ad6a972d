"""What sitegen understood of a meeting's `when` and `time`, in the words the site will use.

The editor shows this under each meeting and event as the volunteer types (and after every
Save, for browsers without JavaScript). It uses the parsers the build uses, so a mistake
reads exactly as `sitegen check` words it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from sitegen.calendar.schedule import next_meeting_days
from sitegen.core.config import Meeting
from sitegen.core.i18n import Wording
from sitegen.core.times import parse_time_range
from sitegen.core.values import parse_date
from sitegen.core.when import parse_when
from sitegen.site.validate import missing_start

NEXT_SHOWN = 3


@dataclass
class Understood:
    """One sentence saying what sitegen read, and any problem by key (`when`, `time`, ...)."""

    sentence: str | None = None
    problems: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The answer the editor's script reads."""
        return {"sentence": self.sentence, "problems": self.problems}


def understand_meeting(values: dict[str, Any], language: str, today: date) -> Understood:
    """Read a meeting's when, time, from, until and skip as the build would, and say it."""
    found = Understood()
    read = _Reader(values, found)
    rule, times = read("when", parse_when), read("time", parse_time_range)
    starts, until = read("from", parse_date), read("until", parse_date)
    skip = [day for day in (_quietly(parse_date, text) for text in values.get("skip", []))
            if day]
    if rule is None:
        return found
    meeting = Meeting(name="-", when=rule, time=times, starts=starts, until=until, skip=skip)
    if missing_start(meeting):
        found.problems["when"] = missing_start(meeting)
        return found
    wording = Wording(language)
    days = next_meeting_days(meeting, today, NEXT_SHOWN)
    coming = ("Next: " + ", ".join(map(wording.long_date, days)) + ".") if days \
        else "No dates coming up."
    found.sentence = _sentence(wording.rule(rule), times, wording) + " " + coming
    return found


def understand_event(values: dict[str, Any], language: str) -> Understood:
    """Read an event's date and time as the build would, and say them."""
    found = Understood()
    read = _Reader(values, found)
    day, times = read("date", parse_date), read("time", parse_time_range)
    if day is not None:
        wording = Wording(language)
        found.sentence = _sentence(wording.long_date(day), times, wording)
    return found


def _sentence(when: str, times, wording: Wording) -> str:
    return when + (", " + wording.time_range(times) if times else "") + "."


class _Reader:
    """Parse one value by key, noting the parser's own message when it fails."""

    def __init__(self, values: dict[str, Any], found: Understood):
        self.values, self.found = values, found

    def __call__(self, key: str, parse: Callable[[str], Any]) -> Any:
        text = (self.values.get(key) or "").strip()
        if not text:
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.found.problems[key] = str(error)
            return None


def _quietly(parse: Callable[[str], Any], text: str) -> Any:
    try:
        return parse(text) if text.strip() else None
    except ValueError:
        return None
