"""A message as lines, each with how much it matters: what every format of a reminder shows.

Apart from how messages are written (messages.py), so that the formats and the
command line can use their shape without loading the calendar and the language data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitegen.calendar.schedule import Schedule

ALWAYS = 9  # lines from here up stay in an SMS, cut short only as a last resort


@dataclass(frozen=True)
class Line:
    """One line of a message; an SMS takes lines with the highest `keep` first."""

    text: str
    keep: int
    bold: bool = False
    short: str | None = None  # what an SMS says instead when the whole line does not fit


@dataclass
class Message:
    """A message about one meeting: a subject for email, its lines and the meeting's page."""

    subject: str
    lines: list[Line]
    link: str | None  # the meeting's web page; None when group.yaml has no `website`
    sender: str  # the group's name, to sign an email
    schedule: Schedule | None = field(default=None, repr=False)
    day: date | None = None  # the date a reminder is about; None for an invitation
