"""The feed's VTIMEZONE: the RRULE form calendar apps export, right in every year.

The offsets are read back from the VTIMEZONE alone (icalendar's `to_tz` without looking
the name up) and compared with tzdata every six hours, so a wrong rule, a wrong hour of
change or a missing year shows. tests/test_ics_clients.py reads the same zones in ical.js.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from sitegen.calendar.vtimezone import vtimezone

DAY = timedelta(days=1)
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Pacific/Auckland",
         "America/Santiago", "Asia/Jerusalem", "Asia/Shanghai", "Asia/Kolkata", "Asia/Dhaka",
         "Europe/Warsaw"]


def wrong_moments(tzid: str, first_year: int, years: int, around_changes: bool = True) -> list[str]:
    """Moments where the VTIMEZONE's offset differs from tzdata's: noon UTC every day, and
    every hour of the days around each change of tzdata's offset."""
    written = vtimezone(tzid, first_year).to_tz(lookup_tzid=False)
    zone = ZoneInfo(tzid)
    day = datetime(first_year, 1, 1, 12, tzinfo=timezone.utc)
    moments = []
    while day.year < first_year + years:
        moments.append(day)
        if around_changes and (day.astimezone(zone).utcoffset()
                               != (day + DAY).astimezone(zone).utcoffset()):
            moments += [day + timedelta(hours=hours) for hours in range(-24, 48)]
        day += DAY
    return [moment.isoformat() for moment in moments
            if moment.astimezone(written).utcoffset() != moment.astimezone(zone).utcoffset()]


def parts(tzid: str, first_year: int = 2027) -> list[tuple[str, str, str, str]]:
    """(STANDARD or DAYLIGHT, DTSTART, RRULE, TZOFFSETTO) of each part, as written."""
    return [(part.name, part["DTSTART"].to_ical().decode(),
             part["RRULE"].to_ical().decode() if "RRULE" in part else "",
             str(part["TZOFFSETTO"].to_ical()))
            for part in vtimezone(tzid, first_year).subcomponents]


@pytest.mark.parametrize("first_year", [2026, 2027, 2030])
@pytest.mark.parametrize("tzid", ZONES)
def test_the_vtimezone_alone_gives_tzdatas_offset_for_twenty_years(tzid, first_year):
    assert wrong_moments(tzid, first_year, 20) == []


def test_london_is_two_yearly_rules_as_calendar_apps_export_it():
    assert parts("Europe/London") == [
        ("DAYLIGHT", "20260329T010000", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "+0100"),
        ("STANDARD", "20261025T020000", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "+0000"),
    ]


def test_a_zone_in_the_southern_hemisphere_has_summer_time_from_october():
    assert parts("Australia/Sydney") == [
        ("STANDARD", "20260405T030000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "+1000"),
        ("DAYLIGHT", "20261004T020000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "+1100"),
    ]


@pytest.mark.parametrize("tzid, offset", [("Asia/Shanghai", "+0800"), ("Asia/Kolkata", "+0530")])
def test_a_zone_without_summer_time_is_one_standard_part(tzid, offset):
    [(kind, _, rule, offset_to)] = parts(tzid)
    assert (kind, rule, offset_to) == ("STANDARD", "", offset)


def test_a_rule_that_is_not_an_nth_weekday_is_a_week_of_days():
    # Israel: summer time starts on the Friday before the last Sunday of March.
    assert parts("Asia/Jerusalem")[0][2] == (
        "FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29;BYMONTH=3")


def test_a_rule_that_changed_ends_with_until_and_the_new_one_runs_on():
    # The USA moved its clock changes in 2007.
    assert wrong_moments("America/New_York", 2006, 10) == []
    rules = [rule for _, _, rule, _ in parts("America/New_York", 2006)]
    assert rules == ["FREQ=YEARLY;UNTIL=20060403T070000Z;BYDAY=1SU;BYMONTH=4",
                     "FREQ=YEARLY;UNTIL=20061030T060000Z;BYDAY=-1SU;BYMONTH=10",
                     "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"]


def test_a_zone_without_a_yearly_rule_lists_its_changes_far_ahead():
    # Morocco leaves summer time for Ramadan, which moves every year. Only noon is compared:
    # dateutil, behind to_tz, misreads the repeated hour when the clocks go back to a
    # "daylight" offset lower than standard time, as Morocco's is. ical.js reads those hours
    # right (tests/test_ics_clients.py).
    assert wrong_moments("Africa/Casablanca", 2026, 40, around_changes=False) == []


def test_a_feed_starting_before_the_rules_of_today_follows_the_old_ones_then_the_new():
    # Until 1995 British Summer Time ended on the day after the fourth Saturday of October.
    assert wrong_moments("Europe/London", 1990, 10) == []


@pytest.mark.parametrize("first_year", [1, 9999])
def test_a_year_far_off_gives_a_zone_without_scanning_millennia(first_year):
    running_on = [(kind, rule) for kind, _, rule, _ in parts("Europe/London", first_year)
                  if rule and "UNTIL" not in rule]
    assert running_on == [("DAYLIGHT", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
                          ("STANDARD", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10")]
