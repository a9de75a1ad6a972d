"""Meeting times as volunteers type them."""

from __future__ import annotations

from datetime import time

import pytest

from sitegen.core.times import TimeRange, describe_time_range, format_time, parse_time_range


@pytest.mark.parametrize(
    "text, start",
    [
        ("19:30", time(19, 30)),
        ("7:30pm", time(19, 30)),
        ("7.30pm", time(19, 30)),
        ("7pm", time(19)),
        ("7 pm", time(19)),
        ("7:30 p.m.", time(19, 30)),
        ("7:30 P.M.", time(19, 30)),
        ("7.30 a.m.", time(7, 30)),
        ("10AM", time(10)),
        ("noon", time(12)),
        ("Noon", time(12)),
        ("12 noon", time(12)),
        ("midday", time(12)),
        ("midnight", time(0)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("12:30am", time(0, 30)),
        ("09:05", time(9, 5)),
        ("0:30", time(0, 30)),
        ("  7pm  ", time(19)),
    ],
)
def test_a_single_time_is_read_with_no_end(text, start):
    assert parse_time_range(text) == TimeRange(start, None)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("10am to 12 noon", time(10), time(12)),
        ("7pm-9pm", time(19), time(21)),
        ("19:00-21:00", time(19), time(21)),
        ("19:00 \u2013 21:00", time(19), time(21)),
        ("7pm\u20149pm", time(19), time(21)),
        ("7pm until 9pm", time(19), time(21)),
        ("7PM TO 9PM", time(19), time(21)),
        ("  7pm  -  9pm ", time(19), time(21)),
        ("10:00-12:00", time(10), time(12)),
        ("7.30pm-9pm", time(19, 30), time(21)),
        ("2pm-5pm", time(14), time(17)),
        ("10-14", time(10), time(14)),
        ("8pm to midnight", time(20), time(0)),
    ],
)
def test_a_range_is_read_as_start_and_end(text, start, end):
    assert parse_time_range(text) == TimeRange(start, end)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("7-9pm", time(19), time(21)),
        ("10-11am", time(10), time(11)),
        ("11-1pm", time(11), time(13)),
        ("10-12 noon", time(10), time(12)),
        ("9-17:00", time(9), time(17)),
    ],
)
def test_a_bare_start_hour_takes_its_am_or_pm_from_the_end(text, start, end):
    assert parse_time_range(text) == TimeRange(start, end)


@pytest.mark.parametrize(
    "text, message",
    [
        ("25:00", '"25:00" is not a time. Write it like 19:30 or 7.30pm.'),
        ("19:60", '"19:60" is not a time. Write it like 19:30 or 7.30pm.'),
        ("13pm", '"13pm" is not a time. Write it like 19:30 or 7.30pm.'),
        ("0pm", '"0pm" is not a time. Write it like 19:30 or 7.30pm.'),
        ("1 noon", '"1 noon" is not a time. Write it like 19:30 or 7.30pm.'),
        ("7:3pm", '"7:3pm" is not a time. Write it like 19:30 or 7.30pm.'),
        ("evening", '"evening" is not a time. Write it like 19:30 or 7.30pm.'),
        ("", '"" is not a time. Write it like 19:30 or 7.30pm.'),
        ("7pm-25:00", '"25:00" is not a time. Write it like 19:30 or 7.30pm.'),
        ("-9pm", '"-9pm" is not a time. Write it like 19:30 or 7.30pm.'),
        ("7pm-9pm-10pm", '"7pm-9pm-10pm" is not a time. Write it like 19:30 or 7.30pm.'),
        ("9pm-7pm", '"9pm-7pm" ends before it starts. Write the start first, like 7pm-9pm.'),
        ("21:00-19:00", '"21:00-19:00" ends before it starts. Write the start first, like 7pm-9pm.'),
        ("7pm-7pm", '"7pm-7pm" starts and ends at the same time. Write it like 7pm-9pm, or just 7pm.'),
        ("7", '"7" could be morning or evening. Write it like 7pm or 19:00.'),
        ("10-12", '"10-12" could be morning or evening. Write it like 7pm-9pm or 19:00-21:00.'),
    ],
)
def test_a_time_that_cannot_be_read_says_how_to_write_it(text, message):
    with pytest.raises(ValueError) as error:
        parse_time_range(text)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "t, words",
    [
        (time(19), "7pm"),
        (time(19, 30), "7:30pm"),
        (time(10), "10am"),
        (time(9, 5), "9:05am"),
        (time(12), "12 noon"),
        (time(12, 30), "12:30pm"),
        (time(0), "midnight"),
        (time(0, 30), "12:30am"),
    ],
)
def test_format_time_writes_the_time_the_way_people_say_it(t, words):
    assert format_time(t) == words


@pytest.mark.parametrize(
    "r, words",
    [
        (TimeRange(time(10), time(12)), "10am to 12 noon"),
        (TimeRange(time(19), time(21)), "7pm to 9pm"),
        (TimeRange(time(19, 30), None), "7:30pm"),
        (TimeRange(time(20), time(0)), "8pm to midnight"),
    ],
)
def test_describe_time_range_joins_start_and_end_with_to(r, words):
    assert describe_time_range(r) == words


@pytest.mark.parametrize("text", ["10am to 12 noon", "7:30pm to 9pm", "12:30pm", "8pm to midnight", "9:05am"])
def test_a_described_range_reads_back_as_the_same_range(text):
    r = parse_time_range(text)
    assert describe_time_range(r) == text
    assert parse_time_range(describe_time_range(r)) == r
