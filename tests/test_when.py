"""Meeting rules in plain words, compiled to RFC 5545 RRULEs."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dateutil.rrule import rrulestr

from sitegen.core.when import Rule, describe_rule, parse_when

EXAMPLES = 'Write it like "every Tuesday", "second Tuesday of the month" or "every other Thursday".'
RAW_EXAMPLE = 'Write it like "RRULE:FREQ=WEEKLY;BYDAY=TU", or in plain words like "every Tuesday".'


def next_dates(rule: Rule, start: date, count: int) -> list[date]:
    """Expand a rule from a start date (a meeting's `from`) and return its first dates."""
    dates = rrulestr(rule.rrule, dtstart=datetime(start.year, start.month, start.day, 10, 0))
    return [moment.date() for moment in dates[:count]]


@pytest.mark.parametrize(
    "text, rrule",
    [
        ("every Tuesday", "FREQ=WEEKLY;BYDAY=TU"),
        ("weekly on Tuesday", "FREQ=WEEKLY;BYDAY=TU"),
        ("Tuesdays", "FREQ=WEEKLY;BYDAY=TU"),
        ("EVERY TUESDAY", "FREQ=WEEKLY;BYDAY=TU"),
        ("  every   tues  ", "FREQ=WEEKLY;BYDAY=TU"),
        ("every week on Tuesday", "FREQ=WEEKLY;BYDAY=TU"),
        ("every Monday and Thursday", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("Thurs, Mon", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("every Mon & Wed & Fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ],
)
def test_a_weekly_rule_compiles_to_weekly_days(text, rrule):
    assert parse_when(text) == Rule(rrule, False, text.strip())


@pytest.mark.parametrize(
    "text, rrule",
    [
        ("every other Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every 2 weeks on Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every two weeks on Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every second week on Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every other week on Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("fortnightly on Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every fortnight on Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every 3 weeks on Friday", "FREQ=WEEKLY;INTERVAL=3;BYDAY=FR"),
        ("first Monday every two months", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO"),
        ("every other month on the first Monday", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO"),
        ("every 2 months on the 1st Monday", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO"),
        ("every 3 months on the 15th", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"),
        ("every other day", "FREQ=DAILY;INTERVAL=2"),
    ],
)
def test_a_rule_with_an_interval_needs_a_start_date(text, rrule):
    assert parse_when(text) == Rule(rrule, True, text)


@pytest.mark.parametrize(
    "text, rrule",
    [
        ("first Monday of the month", "FREQ=MONTHLY;BYDAY=1MO"),
        ("First Monday of every month", "FREQ=MONTHLY;BYDAY=1MO"),
        ("1st Monday", "FREQ=MONTHLY;BYDAY=1MO"),
        ("the first Monday each month", "FREQ=MONTHLY;BYDAY=1MO"),
        ("monthly on the first Sunday", "FREQ=MONTHLY;BYDAY=1SU"),
        ("second Tuesday of the month", "FREQ=MONTHLY;BYDAY=2TU"),
        ("every second Tuesday of the month", "FREQ=MONTHLY;BYDAY=2TU"),
        ("last Friday", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("last Fri of the month", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("second to last Friday", "FREQ=MONTHLY;BYDAY=-2FR"),
        ("second-to-last Friday", "FREQ=MONTHLY;BYDAY=-2FR"),
        ("fifth Tuesday of the month", "FREQ=MONTHLY;BYDAY=5TU"),
        ("first Monday and third Thursday", "FREQ=MONTHLY;BYDAY=1MO,3TH"),
        ("1st and 3rd Monday and Thursday", "FREQ=MONTHLY;BYDAY=1MO,1TH,3MO,3TH"),
        ("first and last Sunday", "FREQ=MONTHLY;BYDAY=1SU,-1SU"),
        ("second and last Friday", "FREQ=MONTHLY;BYDAY=2FR,-1FR"),
    ],
)
def test_a_weekday_with_an_ordinal_compiles_to_a_monthly_position(text, rrule):
    assert parse_when(text) == Rule(rrule, False, text)


@pytest.mark.parametrize(
    "text",
    [
        "second and fourth Wednesday",
        "second & fourth Wednesdays",
        "2nd and 4th Wed of the month",
        "Second, Fourth Wednesday of every month",
        "fourth and second Wednesday",
    ],
)
def test_second_and_fourth_wednesday_compiles_to_two_positions(text):
    assert parse_when(text).rrule == "FREQ=MONTHLY;BYDAY=2WE,4WE"


def test_first_and_third_wednesday_with_an_ampersand_compiles_to_two_positions():
    assert parse_when("1st & 3rd Wed").rrule == "FREQ=MONTHLY;BYDAY=1WE,3WE"


@pytest.mark.parametrize(
    "text, rrule",
    [
        ("every month on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("15th of every month", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("monthly on the 15", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("1st and 15th of the month", "FREQ=MONTHLY;BYMONTHDAY=1,15"),
        ("last day of the month", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("first day of the month", "FREQ=MONTHLY;BYMONTHDAY=1"),
    ],
)
def test_a_day_of_the_month_compiles_to_bymonthday(text, rrule):
    assert parse_when(text) == Rule(rrule, False, text)


@pytest.mark.parametrize("text", ["daily", "every day", "Every Day", "each day"])
def test_daily_compiles_to_freq_daily(text):
    assert parse_when(text) == Rule("FREQ=DAILY", False, text)


@pytest.mark.parametrize(
    "text, rrule, needs_start",
    [
        ("RRULE:FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU", False),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", True),
        ("rrule:freq=monthly;byday=1mo", "freq=monthly;byday=1mo", False),
        ("RRULE:FREQ=YEARLY;BYMONTH=12;BYDAY=2SA", "FREQ=YEARLY;BYMONTH=12;BYDAY=2SA", False),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101T000000Z", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101T000000Z", False),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101", False),
        ("RRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1;COUNT=6", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1;COUNT=6", False),
    ],
)
def test_a_raw_rrule_is_kept_as_given_without_its_prefix(text, rrule, needs_start):
    assert parse_when(text) == Rule(rrule, needs_start, text)


# Semantic checks: expand each compiled rule from a start date and compare with a calendar.
@pytest.mark.parametrize(
    "text, start, expected",
    [
        ("every Tuesday", date(2026, 11, 26), ["2026-12-01", "2026-12-08", "2026-12-15"]),
        ("every Monday and Thursday", date(2026, 11, 26), ["2026-11-26", "2026-11-30", "2026-12-03", "2026-12-07"]),
        ("every weekday", date(2026, 11, 26), ["2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01"]),
        ("daily", date(2026, 11, 26), ["2026-11-26", "2026-11-27", "2026-11-28"]),
        ("second Tuesday", date(2026, 11, 26), ["2026-12-08", "2027-01-12", "2027-02-09"]),
        ("last Friday", date(2026, 11, 26), ["2026-11-27", "2026-12-25", "2027-01-29"]),
        ("second to last Friday", date(2026, 11, 26), ["2026-12-18", "2027-01-22", "2027-02-19"]),
        ("second and fourth Wednesday", date(2026, 11, 26), ["2026-12-09", "2026-12-23", "2027-01-13", "2027-01-27"]),
        ("1st & 3rd Wed", date(2026, 11, 26), ["2026-12-02", "2026-12-16", "2027-01-06"]),
        ("first Monday and third Thursday", date(2026, 11, 26), ["2026-12-07", "2026-12-17", "2027-01-04", "2027-01-21"]),
        ("fifth Tuesday of the month", date(2026, 11, 26), ["2026-12-29", "2027-03-30", "2027-06-29"]),
        ("monthly on the first Sunday", date(2026, 11, 26), ["2026-12-06", "2027-01-03", "2027-02-07"]),
        ("every month on the 15th", date(2026, 11, 26), ["2026-12-15", "2027-01-15", "2027-02-15"]),
        ("last day of the month", date(2026, 11, 26), ["2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28"]),
    ],
)
def test_a_compiled_rule_gives_the_dates_a_calendar_shows(text, start, expected):
    assert next_dates(parse_when(text), start, len(expected)) == [date.fromisoformat(d) for d in expected]


@pytest.mark.parametrize(
    "text, start, expected",
    [
        ("every other Tuesday", date(2026, 1, 6), ["2026-01-06", "2026-01-20", "2026-02-03"]),
        ("fortnightly on Tuesday", date(2026, 1, 6), ["2026-01-06", "2026-01-20", "2026-02-03"]),
        ("every 3 weeks on Friday", date(2026, 1, 9), ["2026-01-09", "2026-01-30", "2026-02-20"]),
        # November's first Monday is before the start, so the count of months begins in November.
        ("first Monday every two months", date(2026, 11, 26), ["2027-01-04", "2027-03-01", "2027-05-03"]),
        ("every other month on the first Monday", date(2026, 12, 1), ["2026-12-07", "2027-02-01", "2027-04-05"]),
    ],
)
def test_an_interval_rule_counts_from_its_start_date(text, start, expected):
    assert next_dates(parse_when(text), start, len(expected)) == [date.fromisoformat(d) for d in expected]


@pytest.mark.parametrize(
    "text, description",
    [
        ("every Tuesday", "Every Tuesday"),
        ("every other Tuesday", "Every other Tuesday"),
        ("every 3 weeks on Friday", "Every 3 weeks on Friday"),
        ("every Monday and Thursday", "Every Monday and Thursday"),
        ("every other week on Monday and Thursday", "Every other week on Monday and Thursday"),
        ("second Tuesday of the month", "Second Tuesday of every month"),
        ("second and fourth Wednesday", "Second and fourth Wednesday of every month"),
        ("1st and 3rd Monday and Thursday", "First and third Monday and Thursday of every month"),
        ("first Monday and third Thursday", "First Monday and third Thursday of every month"),
        ("last Friday", "Last Friday of every month"),
        ("second to last Friday", "Second to last Friday of every month"),
        ("fifth Tuesday of the month", "Fifth Tuesday of the month (only in months that have one)"),
        ("15th of every month", "15th of every month"),
        ("1st and 22nd", "1st and 22nd of every month"),
        ("the 31st", "31st of every month (only in months that have one)"),
        ("last day of the month", "Last day of every month"),
        ("first Monday every two months", "First Monday of every other month"),
        ("every 3 months on the 2nd", "2nd of every 3 months"),
        ("every weekday", "Every weekday, Monday to Friday"),
        ("daily", "Every day"),
        ("every other day", "Every other day"),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4", "Repeats by the rule FREQ=WEEKLY;BYDAY=TU;COUNT=4"),
    ],
)
def test_describe_rule_says_the_rule_in_plain_english(text, description):
    assert describe_rule(parse_when(text)) == description


@pytest.mark.parametrize(
    "text, reason",
    [
        ("second Tusday", '"Tusday" is not a day; did you mean Tuesday?'),
        ("every Wensday", '"Wensday" is not a day; did you mean Wednesday?'),
        ("fortnigtly on Tuesday", '"fortnigtly" is not a word sitegen knows; did you mean fortnightly?'),
        ("now and then", '"now" is not a word sitegen knows'),
        ("every second Tuesday", '"every second" could mean every few weeks or once a month'),
        ("Tuesday 7pm", '"7pm" is a time, which goes under time:'),
        ("every Thursday 19:30", '"19:30" is a time, which goes under time:'),
        ("every 3 weeks", "it does not say which day"),
        ("monthly", "it does not say which day"),
        ("15th Tuesday", "a month has at most five of each day"),
        ("the 32nd", "a month has at most 31 days"),
        (
            "every Tuesday of the month",
            'for every Tuesday leave out the month; for one a month say which, like "first Tuesday"',
        ),
    ],
)
def test_a_rule_that_is_not_understood_names_the_problem_and_gives_examples(text, reason):
    with pytest.raises(ValueError) as error:
        parse_when(text)
    assert str(error.value) == f'"{text}" is not a rule sitegen understands ({reason}). {EXAMPLES}'


def test_the_misspelt_day_message_is_exactly_as_documented():
    with pytest.raises(ValueError) as error:
        parse_when("second Tusday")
    assert str(error.value) == (
        '"second Tusday" is not a rule sitegen understands ("Tusday" is not a day; did you mean Tuesday?). '
        'Write it like "every Tuesday", "second Tuesday of the month" or "every other Thursday".'
    )


@pytest.mark.parametrize(
    "text",
    ["weekly on the 15th", "every 0 weeks on Tuesday", "daily on Tuesday", "Tuesdays and the first Monday", ""],
)
def test_a_rule_whose_words_do_not_fit_together_still_gives_examples(text):
    with pytest.raises(ValueError) as error:
        parse_when(text)
    assert str(error.value).startswith(f'"{text}" is not a rule sitegen understands')
    assert str(error.value).endswith(EXAMPLES)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("RRULE:FREQ=SOMETIMES", "the iCalendar checker says: invalid 'FREQ': SOMETIMES"),
        ("RRULE:FREQ=WEEKLY;BYDAY=XX", "the iCalendar checker says: invalid 'BYDAY': XX"),
        ("RRULE:FREQ=WEEKLY;COLOUR=RED", "the iCalendar checker says: unknown parameter 'COLOUR'"),
        ("RRULE:BYDAY=TU", "an iCalendar rule needs FREQ=, like FREQ=WEEKLY"),
        ("RRULE:garbage", "an iCalendar rule is NAME=VALUE parts joined by semicolons"),
        ("RRULE:", "an iCalendar rule is NAME=VALUE parts joined by semicolons"),
        ("RRULE:FREQ=HOURLY", "meetings repeat at most daily; the time goes under time:"),
    ],
)
def test_a_broken_raw_rrule_is_rejected_with_what_is_wrong(text, reason):
    with pytest.raises(ValueError) as error:
        parse_when(text)
    assert str(error.value) == f'"{text}" is not a rule sitegen understands ({reason}). {RAW_EXAMPLE}'


def test_a_rule_keeps_the_volunteers_text():
    assert parse_when("  Second Tuesday of the month ").text == "Second Tuesday of the month"
