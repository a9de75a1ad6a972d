"""What a reminder or invitation says, line by line, in the group's language.

A message is a list of lines, each with how much it matters, so every format
(sitegen/remind/formats.py) can show them its own way and an SMS can keep the
most useful ones that fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton

from sitegen.calendar.schedule import (Occurrence, Schedule, date_order, next_happening,
                                       occurrences_between)
from sitegen.core.config import Config
from sitegen.core.i18n import Wording
from sitegen.core.problems import Problem, SiteError
from sitegen.remind.lines import ALWAYS, Line, Message

@dataclass(frozen=True)
class Writer:
    """Writes messages for one group in one of its languages."""

    config: Config
    wording: Wording
    prefix: str = ""  # the language's folder on the site: "" or like "ur/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.config.timezone)

    def page(self, schedule: Schedule) -> str | None:
        """The meeting's own web page, when the site's address is known."""
        if not self.config.website:
            return None
        return f"{self.config.website}{self.prefix}meetings/{schedule.slug}/"

    def reminders(self, schedules: list[Schedule], start: date, days: int) -> list[Message]:
        """A message for each date of each meeting from `start` for `days` days, in date order."""
        end = start + timedelta(days=days - 1)
        found = [(schedule, occurrence) for schedule in schedules
                 for occurrence in occurrences_between(schedule, self.zone, start, end)]
        found.sort(key=lambda pair: date_order(*pair))
        return [self.reminder(schedule, occurrence) for schedule, occurrence in found]

    def this_week(self, schedules: list[Schedule], today: date) -> list[Message]:
        """Reminders for the seven days from today: what a build shows the volunteer."""
        return self.reminders(schedules, today, 7)

    def reminder(self, schedule: Schedule, occurrence: Occurrence) -> Message:
        """A reminder of one date, or a notice when that date is skipped or cancelled."""
        if not occurrence.happening:
            return self._notice(schedule, occurrence)
        w = self.wording
        when = self._when(schedule, occurrence.day)
        lines = [Line(schedule.name, ALWAYS, bold=True),
                 Line(when, ALWAYS + 1, bold=True, short=self._short_when(schedule, occurrence)),
                 *self._where(schedule), *self._note(schedule), *self._contact()]
        return Message(w._("%(name)s: %(when)s", name=schedule.name, when=when), lines,
                       self.page(schedule), self.config.name, schedule, occurrence.day)

    def invitation(self, schedule: Schedule) -> Message:
        """An invitation to a meeting in general (its rule), for the meeting page's links."""
        w = self.wording
        if schedule.meeting:
            when = Line(self._at(schedule.sentence, schedule.time_text), ALWAYS + 1, bold=True,
                        short=schedule.sentence)
        else:
            when = Line(self._when(schedule, schedule.event.date), ALWAYS + 1, bold=True,
                        short=self._short_when(schedule, schedule.upcoming[0]))
        lines = [Line(schedule.name, ALWAYS, bold=True), when,
                 *self._where(schedule), *self._note(schedule),
                 Line(w._("Everyone is welcome. You do not need to book."), 3), *self._contact()]
        return Message(w._("%(name)s: %(when)s", name=schedule.name, when=when.text), lines,
                       self.page(schedule), self.config.name, schedule)

    def _notice(self, schedule: Schedule, occurrence: Occurrence) -> Message:
        """No meeting this time: the reason given, and when the next one is."""
        w = self.wording
        day = w.long_date(occurrence.day)
        if occurrence.cancelled:
            headline = w._("No %(name)s on %(date)s: %(reason)s", name=schedule.name, date=day,
                           reason=occurrence.cancelled)
        else:
            headline = w._("No %(name)s on %(date)s.", name=schedule.name, date=day)
        upcoming = next_happening(schedule, self.zone, occurrence.day)
        if upcoming:
            then = Line(w._("The next one is on %(date)s.",
                            date=self._when(schedule, upcoming.day)), 7,
                        short=w._("The next one is on %(date)s.",
                                  date=w.long_date(upcoming.day)))
        else:
            then = Line(w._("This meeting has no more dates planned."), 7)
        return Message(w._("No %(name)s on %(date)s", name=schedule.name, date=day),
                       [Line(headline, ALWAYS, bold=True), then, *self._contact()],
                       self.page(schedule), self.config.name, schedule, occurrence.day)

    def _when(self, schedule: Schedule, day: date) -> str:
        """`Saturday 12 December 2026, 10:30am to 12 noon`."""
        return self._at(self.wording.long_date(day), schedule.time_text)

    def _at(self, day: str, times: str | None) -> str:
        """A day (or a rule) and a time, joined the language's way."""
        return self.wording._("%(date)s, %(time)s", date=day, time=times) if times else day

    def _short_when(self, schedule: Schedule, occurrence: Occurrence) -> str:
        """`Sat 12 Dec, 10:30am`: for a text message that has little room."""
        w, day = self.wording, occurrence.day
        short_day = f"{day:%a} {day.day} {day:%b}" if w.english else \
            format_skeleton("MMMd", day, locale=w.locale)
        return self._at(short_day, occurrence.start and w.time(occurrence.start.time()))

    def _where(self, schedule: Schedule) -> list[Line]:
        w, venue = self.wording, schedule.venue
        lines = []
        if venue:
            lines.append(Line(venue.name, 6))
            if venue.address:
                lines.append(Line(venue.address, 4))
            if venue.access:
                lines.append(Line(w._("Access: %(access)s", access=venue.access), 2))
        elif schedule.place:
            lines.append(Line(schedule.place, 6))
        if schedule.online:
            lines.append(Line(w._("Online: %(how)s", how=schedule.online), 6))
        return lines

    def _note(self, schedule: Schedule) -> list[Line]:
        return [Line(schedule.note, 1)] if schedule.note else []

    def _contact(self) -> list[Line]:
        """How to ask: the group's phone, else its texting number, else its email."""
        w, contact = self.wording, self.config.contact
        if contact.phone:
            return [Line(w._("Questions? Ring %(phone)s", phone=contact.phone), 5)]
        if contact.text:
            return [Line(w._("Questions? Text %(number)s", number=contact.text), 5)]
        if contact.email:
            return [Line(w._("Questions? Email %(email)s", email=contact.email), 5)]
        return []


def choose_meetings(schedules: list[Schedule], name: str | None,
                    group_file: Path) -> list[Schedule]:
    """The meetings and events called `name` (any case, or its page's address), else all."""
    if not name:
        return schedules
    wanted = name.strip().casefold()
    chosen = [s for s in schedules if wanted in (s.name.casefold(), s.slug)]
    if not chosen:
        names = ", ".join(f'"{s.name}"' for s in schedules) or "none"
        raise SiteError([Problem(group_file, None, None,
                                 f'has no meeting or upcoming event called "{name}". '
                                 f"Its meetings and events: {names}.")])
    return chosen
