"""A feed's VTIMEZONE in the RRULE form Google, Apple and Outlook export, made from tzdata.

icalendar's own VTIMEZONE lists every change as an RDATE, starting in the feed's first
year; Thunderbird's ical.js read such a zone an hour off for summer meetings of a feed
starting in 2027. Here each run of yearly changes that follow one rule ("last Sunday of
March at 01:00") becomes one STANDARD or DAYLIGHT part with an RRULE, and the rule in
force at the end of tzdata's explicit table (2037) repeats for ever, as the zone's own
rule does. Changes that follow no yearly rule (a one-off shift) stay single onsets.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

DAY = 86400
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LAST_EXPLICIT_YEAR = 2037  # tzdata lists changes up to here; its yearly rule runs on after
IRREGULAR_UNTIL = 2100  # how far a zone without a yearly rule is listed change by change
EARLIEST_YEAR = 1900  # before, clocks kept local mean time; no group's meeting is that old


@dataclass(frozen=True)
class Change:
    """One change of a zone's offset or name, at a moment in UTC."""

    utc: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def local(self) -> datetime:
        """When it happens on the clocks it changes (RFC 5545's DTSTART of the onset)."""
        return (self.utc + self.offset_from).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return self.daylight, self.offset_from, self.offset_to, self.name


def vtimezone(tzid: str, first_year: int) -> Timezone:
    """The VTIMEZONE for `tzid`, right for every moment from `first_year` on."""
    component = Timezone()
    component.add("tzid", tzid)
    for onset in _onsets(tzid, first_year):
        component.add_component(onset.copy())
    return component


@lru_cache(maxsize=64)
def _onsets(tzid: str, first_year: int) -> tuple[TimezoneStandard | TimezoneDaylight, ...]:
    """The zone's parts, worked out once per build (every meeting's file has the same)."""
    zone = ZoneInfo(tzid)
    # A far-off year (from: 9999-12-31) needs no more than the rule that runs on for ever.
    first_year = min(max(first_year, EARLIEST_YEAR), IRREGULAR_UNTIL)
    start = datetime(first_year - 1, 1, 1, tzinfo=timezone.utc)
    regular_until = max(first_year, LAST_EXPLICIT_YEAR) + 2
    for last_year in (regular_until, max(regular_until, IRREGULAR_UNTIL)):
        changes = zone_changes(zone, start, datetime(last_year + 1, 1, 1, tzinfo=timezone.utc))
        runs = yearly_runs(changes)
        if all(len(run) > 1 for run in runs if run[-1].utc.year == last_year):
            break  # else the zone follows no yearly rule (Morocco's Ramadan): list its changes
    if not changes:  # a zone without changes (Asia/Shanghai): one offset from the start
        return (_fixed(start.astimezone(zone)),)
    return tuple(_onset(run, open_ended=run[-1].utc.year == last_year) for run in runs)


def zone_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[Change]:
    """Every change of the zone's offset, daylight flag or name between two UTC moments."""
    changes = []
    moment = start
    while moment < end:
        step = min(moment + timedelta(seconds=DAY), end)
        if _state(zone, moment) != _state(zone, step):
            changes.append(_change(zone, _moment_of_change(zone, moment, step)))
        moment = step
    return changes


def yearly_runs(changes: list[Change]) -> list[list[Change]]:
    """Group the changes into runs of one a year that one yearly rule describes."""
    runs: list[list[Change]] = []
    open_runs: dict[tuple, list[Change]] = {}
    for change in changes:
        run = open_runs.get(change.kind)
        if run and run[-1].utc.year + 1 == change.utc.year and _rules(run) & _rules([change]):
            run.append(change)
        else:
            open_runs[change.kind] = [change]
            runs.append(open_runs[change.kind])
    return runs


def _state(zone: ZoneInfo, moment: datetime) -> tuple:
    local = moment.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def _moment_of_change(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first second with the new state (bisection: changes are at whole seconds)."""
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if _state(zone, middle) == _state(zone, before):
            before = middle
        else:
            after = middle
    return after


def _change(zone: ZoneInfo, moment: datetime) -> Change:
    old = (moment - timedelta(seconds=1)).astimezone(zone)
    new = moment.astimezone(zone)
    return Change(moment, old.utcoffset(), new.utcoffset(), new.tzname() or "",
                  bool(new.dst()))


def _rules(run: list[Change]) -> set[tuple]:
    """The yearly rules every change of the run follows, as (month, time, BYDAY, BYMONTHDAY)."""
    rules = None
    for change in run:
        found = _rules_of(change.local)
        rules = found if rules is None else rules & found
    return rules or set()


def _rules_of(local: datetime) -> set[tuple]:
    """Every way to say this day yearly: "last Sunday", "2nd Sunday", "Sunday on or after
    the 23rd" (a week of days, as in Israel's "Friday before the last Sunday"), "31 March"."""
    month, day, clock = local.month, local.day, local.time()
    weekday = WEEKDAYS[local.weekday()]
    days_in_month = 28 if month == 2 else monthrange(2001, month)[1]  # any year's February
    rules = {(month, clock, None, (day,))}
    if day + 7 > days_in_month:
        rules.add((month, clock, f"-1{weekday}", None))
    for first in range(max(1, day - 6), min(day, days_in_month - 6) + 1):
        if first % 7 == 1:
            rules.add((month, clock, f"{first // 7 + 1}{weekday}", None))
        else:
            rules.add((month, clock, weekday, tuple(range(first, first + 7))))
    return rules


def _preferred(rules: set[tuple]) -> tuple:
    """Say the rule as calendar apps do: "2nd Sunday", then "last Sunday", then day lists."""
    def plainness(rule: tuple) -> int:
        _, _, by_day, by_month_day = rule
        if by_month_day is None:
            return 2 if by_day[0] != "-" else 1
        return 0
    return max(sorted(rules, key=str), key=plainness)


def _onset(run: list[Change], open_ended: bool) -> TimezoneStandard | TimezoneDaylight:
    first = run[0]
    onset = TimezoneDaylight() if first.daylight else TimezoneStandard()
    onset.add("tzname", first.name)
    onset.add("tzoffsetfrom", first.offset_from)
    onset.add("tzoffsetto", first.offset_to)
    onset.add("dtstart", first.local)
    if len(run) > 1:
        month, _, by_day, by_month_day = _preferred(_rules(run))
        rule = vRecur(freq="YEARLY", bymonth=month)
        if by_day:
            rule["BYDAY"] = by_day
        if by_month_day:
            rule["BYMONTHDAY"] = list(by_month_day)
        if not open_ended:  # a day after the last change: right whether UTC is heeded or not
            rule["UNTIL"] = run[-1].utc + timedelta(days=1)
        onset.add("rrule", rule)
    return onset


def _fixed(moment: datetime) -> TimezoneStandard | TimezoneDaylight:
    """The one part of a zone that keeps the same offset all through the feed."""
    onset = TimezoneDaylight() if moment.dst() else TimezoneStandard()
    onset.add("tzname", moment.tzname() or "")
    onset.add("tzoffsetfrom", moment.utcoffset())
    onset.add("tzoffsetto", moment.utcoffset())
    onset.add("dtstart", moment.replace(tzinfo=None))
    return onset
