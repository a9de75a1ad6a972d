"""Everything the site says in the group's language: words from message catalogues
(gettext, sitegen/locales/*.po) and dates, times and lists formatted by Babel.

English is the source language: its words are the message ids, and its dates
and times keep the plain British style volunteers write ("Tuesday 8 December",
"7:30pm"). Other languages get the catalogue's words and Babel's formats.
"""

from __future__ import annotations

import gettext
import io
import re
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton, get_day_names
from babel.lists import format_list

from sitegen.core.times import TimeRange, describe_time_range, format_time as english_time
from sitegen.core.when import Rule, describe_rule

LOCALES = Path(__file__).resolve().parent.parent / "locales"
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def catalogue_languages() -> list[str]:
    """The languages with a complete message catalogue, besides English."""
    return sorted(path.stem.replace("_", "-") for path in LOCALES.glob("*.po"))


@lru_cache(maxsize=None)
def _translations(language: str) -> gettext.NullTranslations:
    """Compile the language's .po file in memory (no .mo files to keep in step)."""
    path = LOCALES / (language.replace("-", "_") + ".po")
    if not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # only languages other than English need them
    from babel.messages.pofile import read_po

    with path.open("rb") as po_file:
        catalog = read_po(po_file)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def babel_locale(language: str) -> Locale:
    """The Babel locale for a BCP 47 tag; plain `en` means British English."""
    if language.lower() == "en":
        return Locale("en", "GB")
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(language.split("-")[0])


@lru_cache(maxsize=4096)  # every page's footer asks for today, and meeting pages for each date
def _long_date(locale: Locale, english: bool, day: date) -> str:
    if english:
        return f"{day:%A} {day.day} {day:%B %Y}"
    return format_date(day, "full", locale=locale)


class Wording:
    """The site's words and formats in one language."""

    def __init__(self, language: str):
        self.language = language
        self.english = language.split("-")[0].lower() == "en"
        self.locale = babel_locale(language)
        self.catalogue = _translations(self._catalogue_name(language))

    @staticmethod
    def _catalogue_name(language: str) -> str:
        """zh-Hans-CN uses zh-Hans, pl-PL uses pl: the longest tag with a catalogue."""
        parts = language.split("-")
        for size in range(len(parts), 0, -1):
            candidate = "-".join(parts[:size])
            if (LOCALES / (candidate.replace("-", "_") + ".po")).is_file():
                return candidate
        return language

    def gettext(self, message: str, **values) -> str:
        """Translate a message and fill in its %(name)s values."""
        text = self.catalogue.gettext(message)
        return text % values if values else text

    _ = gettext

    def ngettext(self, singular: str, plural: str, count: int, **values) -> str:
        """Translate a message whose words depend on a number."""
        text = self.catalogue.ngettext(singular, plural, count)
        return text % {"count": count, **values}

    def long_date(self, day: date) -> str:
        """`Tuesday 8 December 2026`, in the language's own way."""
        return _long_date(self.locale, self.english, day)

    def time(self, moment: time) -> str:
        """`7:30pm`, or the language's own clock."""
        if self.english:
            return english_time(moment)
        return format_skeleton(self._time_skeleton(), moment, locale=self.locale)

    def time_range(self, times: TimeRange) -> str:
        """`10am to 12 noon`, or the language's own way of writing a range."""
        if self.english:
            return describe_time_range(times)
        if times.end is None:
            return self.time(times.start)
        return format_interval(times.start, times.end, self._time_skeleton(),
                               locale=self.locale)

    def _time_skeleton(self) -> str:
        # Chinese writes 下午2:00 rather than 14:00 in everyday text.
        twelve_hour = "h" in self.locale.time_formats["short"].pattern or \
            self.locale.language == "zh"
        return "hm" if twelve_hour else "Hm"

    def and_list(self, items: list[str]) -> str:
        """`Monday and Thursday`, joined the language's way."""
        return format_list(items, style="standard", locale=self.locale)

    def weekday(self, code: str) -> str:
        """The weekday's name for an RRULE day code like TU."""
        return get_day_names("wide", locale=self.locale)[_DAY_CODES.index(code)]

    def rule(self, rule: Rule) -> str:
        """How often a meeting repeats, as a sentence fragment."""
        if self.english:
            return describe_rule(rule)
        return RuleWording(self).describe(rule)


class RuleWording:
    """Meeting rules in words, from message patterns a translator fills in."""

    def __init__(self, wording: Wording):
        self.w = wording

    def describe(self, rule: Rule) -> str:
        parts = dict(part.split("=", 1) for part in rule.rrule.split(";") if "=" in part)
        if not _plain_words_can_say(parts):
            return self.w._("Repeats by the rule %(rule)s", rule=rule.rrule)
        interval = int(parts.get("INTERVAL", "1"))
        if parts["FREQ"] == "DAILY" and interval == 1:
            return self.w._("Every day")
        if parts["FREQ"] == "DAILY":
            return self.w.ngettext("Every %(count)s day", "Every %(count)s days", interval)
        if parts["FREQ"] == "WEEKLY":
            return self._weekly(parts["BYDAY"].split(","), interval)
        return self._monthly(parts, interval)

    def _weekly(self, days: list[str], interval: int) -> str:
        names = self.w.and_list([self.w.weekday(day) for day in days])
        if interval == 1 and days == list(_DAY_CODES[:5]):
            return self.w._("Every weekday, Monday to Friday")
        if interval == 1:
            return self.w._("Every %(days)s", days=names)
        if interval == 2:
            return self.w._("Every other %(days)s", days=names)
        return self.w.ngettext("Every %(count)s week on %(days)s",
                               "Every %(count)s weeks on %(days)s", interval, days=names)

    def _monthly(self, parts: dict[str, str], interval: int) -> str:
        if "BYMONTHDAY" in parts:
            days = [int(n) for n in parts["BYMONTHDAY"].split(",")]
            what = self.w.and_list([self._month_day(n) for n in days])
        else:
            what = self.w.and_list([self._position(entry) for entry in parts["BYDAY"].split(",")])
        if interval == 1:
            text = self.w._("%(what)s of every month", what=what)
        elif interval == 2:
            text = self.w._("%(what)s of every other month", what=what)
        else:
            text = self.w.ngettext("%(what)s, every %(count)s month",
                                   "%(what)s, every %(count)s months", interval, what=what)
        if _not_in_every_month(parts):
            text += " " + self.w._("(only in months that have one)")
        return text

    def _position(self, entry: str) -> str:
        number, day = re.fullmatch(r"(-?\d)([A-Z]{2})", entry).groups()
        return self.w._("the %(ordinal)s %(day)s", ordinal=self._ordinal(int(number)),
                        day=self.w.weekday(day))

    def _month_day(self, number: int) -> str:
        if number == -1:
            return self.w._("the last day")
        return self.w._("day %(number)s", number=number)

    def _ordinal(self, number: int) -> str:
        names = {1: self.w._("first"), 2: self.w._("second"), 3: self.w._("third"),
                 4: self.w._("fourth"), 5: self.w._("fifth"), -1: self.w._("last"),
                 -2: self.w._("second to last")}
        return names.get(number, str(number))


def _plain_words_can_say(parts: dict[str, str]) -> bool:
    """Whether a rule is one the patterns describe (raw RRULEs can say much more)."""
    if not set(parts) <= {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY"}:
        return False
    days = parts.get("BYDAY", "")
    if parts.get("FREQ") == "WEEKLY":
        return bool(days) and all(day in _DAY_CODES for day in days.split(","))
    if parts.get("FREQ") == "MONTHLY":
        positioned = bool(days) and all(re.fullmatch(r"-?[1-5][A-Z]{2}", d) for d in days.split(","))
        return positioned != ("BYMONTHDAY" in parts)
    return parts.get("FREQ") == "DAILY" and not days


def _not_in_every_month(parts: dict[str, str]) -> bool:
    """A fifth Tuesday, or the 30th, is missing from some months."""
    fifths = any(d.lstrip("-").startswith("5") for d in parts.get("BYDAY", "").split(","))
    late_days = any(int(n) >= 29 for n in parts.get("BYMONTHDAY", "0").split(","))
    return fifths or late_days
