"""Meeting rules in plain words ("second Tuesday of the month") compiled to RFC 5545 RRULEs.

A rule is read in three steps: split it into known words (tokens), take out
how often it repeats ("every other month", "weekly"), then read which days
are left ("second and fourth Wednesday", "the 15th", "Tuesdays").
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass

from dateutil.rrule import rrulestr

_EXAMPLES = (
    'Write it like "every Tuesday", "second Tuesday of the month" or "every other Thursday".'
)
_RAW_EXAMPLE = 'Write it like "RRULE:FREQ=WEEKLY;BYDAY=TU", or in plain words like "every Tuesday".'
# A time added to the rule ("Tuesday 7pm", "Thursday 19:30") belongs under its own key.
_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2}(?:\s*[ap]\.?m\b\.?)?|\s*[ap]\.?m\b\.?)", re.IGNORECASE)
_SECOND_TO_LAST = re.compile(r"\b(second|2nd)[\s-]+(to[\s-]+)?last\b", re.IGNORECASE)

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAYS = _DAYS[:5]
_DAY_NAMES = dict(zip(_DAYS, "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()))
_ABBREVIATIONS = {"mon": "MO", "tue": "TU", "tues": "TU", "wed": "WE", "weds": "WE", "thu": "TH",
                  "thur": "TH", "thurs": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
_DAY_SPELLINGS = {**_ABBREVIATIONS, **{name.lower(): code for code, name in _DAY_NAMES.items()},
                  **{name.lower() + "s": code for code, name in _DAY_NAMES.items()}}
_ORDINAL_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_NUMBER_NAMES = "one two three four five six seven eight nine ten eleven twelve".split()

# Every word a rule may use, as (kind, value). A unit's value is (unit, how many of it).
_VOCABULARY: dict[str, tuple[str, object]] = {
    **{word: ("day", (code,)) for word, code in _DAY_SPELLINGS.items()},
    "weekday": ("day", _WEEKDAYS), "weekdays": ("day", _WEEKDAYS),
    **{word: ("ordinal", n) for n, word in _ORDINAL_NAMES.items()}, "penultimate": ("ordinal", -2),
    **{word: ("number", n) for n, word in enumerate(_NUMBER_NAMES, start=1)},
    "day": ("unit", ("day", 1)), "days": ("unit", ("day", 1)),
    "week": ("unit", ("week", 1)), "weeks": ("unit", ("week", 1)),
    "fortnight": ("unit", ("week", 2)), "fortnights": ("unit", ("week", 2)),
    "month": ("unit", ("month", 1)), "months": ("unit", ("month", 1)),
    "daily": ("frequency", ("day", 1)), "weekly": ("frequency", ("week", 1)),
    "fortnightly": ("frequency", ("week", 2)), "monthly": ("frequency", ("month", 1)),
    "every": ("every", None), "each": ("every", None),
    "other": ("other", 2),
    **{word: ("filler", None) for word in ("on", "the", "of", "and", "&", "in")},
}


@dataclass(frozen=True)
class Rule:
    """A meeting rule: the RRULE value (no "RRULE:" prefix) and the words it came from."""

    rrule: str
    needs_start: bool  # an INTERVAL counts from the meeting's `from` date, so it must be given
    text: str


# Which weekdays, and which of them in the month: ([2, 4], ("WE",)) is the 2nd and 4th Wednesday.
_Position = tuple[list[int], tuple[str, ...]]


@dataclass(frozen=True)
class _Token:
    kind: str
    value: object
    word: str  # as the volunteer typed it, to quote in messages


class _NotUnderstood(Exception):
    """Raised inside the parser; its one argument, when given, says which word or part was wrong."""


def parse_when(text: str) -> Rule:
    """Compile a plain-words meeting rule, or a raw `RRULE:`, to a Rule."""
    text = text.strip()
    if _is_raw(text):
        return _parse_raw(text)
    try:
        rrule = _compile(text)
    except _NotUnderstood as problem:
        raise _not_understood(text, *problem.args) from None
    return Rule(rrule, _interval(rrule) > 1, text)


def describe_rule(rule: Rule) -> str:
    """Say in English how often a rule repeats, starting with a capital letter."""
    parts = dict(part.split("=", 1) for part in rule.rrule.split(";"))
    # A raw rule can say anything; repeating it is more honest than guessing.
    if _is_raw(rule.text) or not set(parts) <= {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY"}:
        return f"Repeats by the rule {rule.rrule}"
    interval = int(parts.get("INTERVAL", "1"))
    if parts["FREQ"] == "DAILY":
        return {1: "Every day", 2: "Every other day"}.get(interval, f"Every {interval} days")
    if parts["FREQ"] == "WEEKLY":
        return _describe_weekly(parts["BYDAY"].split(","), interval)
    description = _describe_monthly(parts, interval)
    return description[0].upper() + description[1:]


def _not_understood(text: str, reason: str | None = None, examples: str = _EXAMPLES) -> ValueError:
    reason = f" ({reason})" if reason else ""
    return ValueError(f'"{text}" is not a rule sitegen understands{reason}. {examples}')


def _compile(text: str) -> str:
    _reject_times(text)
    tokens = _tokenize(text)
    _reject_every_second(tokens)
    frequency, rest = _take_frequency(tokens)
    return _rrule_for(frequency, *_read_days(rest))


def _tokenize(text: str) -> list[_Token]:
    # "second to last" is three words for one ordinal; make it one word before splitting.
    text = _SECOND_TO_LAST.sub("penultimate", text)
    tokens = [_classify(word) for word in re.findall(r"[A-Za-z0-9]+|&", text)]
    return [token for token in tokens if token.kind != "filler"]


def _classify(word: str) -> _Token:
    lower = word.lower()
    if lower in _VOCABULARY:
        return _Token(*_VOCABULARY[lower], word)
    if match := re.fullmatch(r"(\d{1,2})(st|nd|rd|th)", lower):
        return _Token("ordinal", int(match[1]), word)
    if re.fullmatch(r"\d{1,3}", lower):
        return _Token("number", int(lower), word)
    raise _NotUnderstood(_explain_unknown(word))


def _explain_unknown(word: str) -> str:
    lower = word.lower()
    if close := difflib.get_close_matches(lower, _DAY_SPELLINGS, n=1, cutoff=0.7):
        return f'"{word}" is not a day; did you mean {_DAY_NAMES[_DAY_SPELLINGS[close[0]]]}?'
    if close := difflib.get_close_matches(lower, _VOCABULARY, n=1, cutoff=0.8):
        return f'"{word}" is not a word sitegen knows; did you mean {close[0]}?'
    return f'"{word}" is not a word sitegen knows'


def _reject_times(text: str) -> None:
    if match := _TIME.search(text):
        raise _NotUnderstood(f'"{match[0]}" is a time, which goes under time:')


def _reject_every_second(tokens: list[_Token]) -> None:
    # "every second Tuesday" means fortnightly to some people and monthly to others.
    if any(t.kind in ("unit", "frequency") and t.value[0] == "month" for t in tokens):
        return
    for every, ordinal, day in zip(tokens, tokens[1:], tokens[2:]):
        kinds = (every.kind, ordinal.kind, day.kind)
        if kinds == ("every", "ordinal", "day") and ordinal.value >= 2:
            words = f"{every.word} {ordinal.word}"
            raise _NotUnderstood(f'"{words}" could mean every few weeks or once a month')


def _take_frequency(tokens: list[_Token]) -> tuple[tuple[str, int] | None, list[_Token]]:
    """Take out the words that say how often, returning (unit, interval) and the tokens left."""
    found, rest = [], []
    i = 0
    while i < len(tokens):
        size, frequency = _frequency_at(tokens, i)
        if frequency:
            found.append(frequency)
        elif size == 0:
            rest.append(tokens[i])
            size = 1
        i += size
    return _combine(found), rest


def _frequency_at(tokens: list[_Token], i: int) -> tuple[int, tuple[str, int] | None]:
    """Return how many tokens from i say how often, and what they say."""
    token, kinds = tokens[i], [t.kind for t in tokens[i + 1 : i + 3]]
    if token.kind == "frequency" or (token.kind == "unit" and token.value[0] != "day"):
        return 1, token.value  # "day" alone is "the last day", not "daily"
    if token.kind != "every":
        return 0, None
    counted = kinds[:1] in (["number"], ["other"], ["ordinal"])  # "3", "other", "second"
    if counted and kinds[1:2] == ["unit"]:  # "every 3 weeks"
        unit, size = tokens[i + 2].value
        return 3, (unit, tokens[i + 1].value * size)
    if counted and kinds[:1] != ["ordinal"] and kinds[1:2] == ["day"]:  # "every other Tuesday"
        return 2, ("week", tokens[i + 1].value)
    if kinds[:1] == ["unit"]:  # "every month", "every day"
        return 2, tokens[i + 1].value
    return 1, None  # "every Tuesday": "every" adds nothing the day does not say


def _combine(found: list[tuple[str, int]]) -> tuple[str, int] | None:
    # "monthly ... every other month" agree; "weekly ... of the month" do not.
    units = {unit for unit, _ in found}
    intervals = {interval for _, interval in found if interval != 1}
    if len(units) > 1 or len(intervals) > 1 or any(interval < 1 for interval in intervals):
        raise _NotUnderstood()
    return (units.pop(), intervals.pop() if intervals else 1) if found else None


def _read_days(tokens: list[_Token]) -> tuple[list[str], list[_Position], list[int]]:
    """Sort the tokens left into plain days, (ordinals, days) positions and days of the month."""
    plain: list[str] = []
    positions: list[_Position] = []
    month_days: list[int] = []
    ordinals: list[int] = []
    for token in tokens:
        if token.kind in ("ordinal", "number"):
            ordinals.append(token.value)
        elif token.kind == "day" and (ordinals or positions):
            # In "first Monday and Thursday" the "first" carries over to Thursday.
            positions.append((ordinals or positions[-1][0], token.value))
            ordinals = []
        elif token.kind == "day":
            plain.extend(token.value)
        elif token.kind == "unit" and ordinals:  # "last day", "1st day"
            month_days.extend(ordinals)
            ordinals = []
        else:
            raise _NotUnderstood()
    return plain, positions, month_days + ordinals  # a trailing "the 15th" is a day of the month


def _rrule_for(frequency, plain, positions, month_days) -> str:
    unit, interval = frequency or (None, 1)
    _check_unit(unit, plain, positions, month_days)
    if plain:
        return _join_parts("WEEKLY", interval, byday=sorted(set(plain), key=_DAYS.index))
    if positions:
        return _join_parts("MONTHLY", interval, byday=_positions(positions))
    if month_days:
        return _join_parts("MONTHLY", interval, bymonthday=_month_days(month_days))
    return _join_parts("DAILY", interval)


def _check_unit(unit: str | None, plain, positions, month_days) -> None:
    """Check that how often agrees with which days: weekdays repeat weekly, positions monthly."""
    if sum(map(bool, (plain, positions, month_days))) > 1:
        raise _NotUnderstood()
    if plain and unit == "month":
        day = _DAY_NAMES[plain[0]]
        raise _NotUnderstood(
            f'for every {day} leave out the month; for one a month say which, like "first {day}"'
        )
    if not (plain or positions or month_days or unit == "day"):
        raise _NotUnderstood("it does not say which day")
    if unit not in (None, "week" if plain else "month" if positions or month_days else "day"):
        raise _NotUnderstood()


def _positions(positions: list[_Position]) -> list[str]:
    if any(len(days) > 1 for _, days in positions):  # "first weekday" is not a single day
        raise _NotUnderstood()
    if any(not 1 <= abs(n) <= 5 for ordinals, _ in positions for n in ordinals):
        raise _NotUnderstood("a month has at most five of each day")
    pairs = {(n, days[0]) for ordinals, days in positions for n in ordinals}
    # Counted from the start first, then from the end, so "last and first" reads as 1MO,-1MO.
    pairs = sorted(pairs, key=lambda pair: (pair[0] < 0, pair[0], _DAYS.index(pair[1])))
    return [f"{n}{day}" for n, day in pairs]


def _month_days(month_days: list[int]) -> list[int]:
    if any(not 1 <= abs(n) <= 31 for n in month_days):
        raise _NotUnderstood("a month has at most 31 days")
    return sorted(set(month_days), key=lambda n: (n < 0, n))


def _join_parts(freq: str, interval: int, byday=(), bymonthday=()) -> str:
    # Canonical order: FREQ, INTERVAL, BYDAY, BYMONTHDAY (then BYSETPOS, which sitegen never needs).
    parts = [f"FREQ={freq}"] + ([f"INTERVAL={interval}"] if interval > 1 else [])
    for name, values in (("BYDAY", byday), ("BYMONTHDAY", bymonthday)):
        if values:
            parts.append(f"{name}={','.join(map(str, values))}")
    return ";".join(parts)


def _interval(rrule: str) -> int:
    match = re.search(r"(?:^|;)INTERVAL=(\d+)", rrule, re.IGNORECASE)
    return int(match[1]) if match else 1


def _is_raw(text: str) -> bool:
    return bool(re.match(r"(rrule:|freq=)", text.strip(), re.IGNORECASE))


def _parse_raw(text: str) -> Rule:
    value = re.sub(r"^rrule:", "", text, flags=re.IGNORECASE).strip()
    if problem := _raw_problem(value):
        raise _not_understood(text, problem, _RAW_EXAMPLE)
    return Rule(value, _interval(value) > 1, text)


def _raw_problem(value: str) -> str | None:
    """Say what is wrong with a raw RRULE value, or return None when dateutil accepts it."""
    parts = value.split(";")
    if not all(re.fullmatch(r"[A-Za-z]+=[^=]+", part) for part in parts):
        return "an iCalendar rule is NAME=VALUE parts joined by semicolons"
    names = [part.split("=")[0].upper() for part in parts]
    if "FREQ" not in names:
        return "an iCalendar rule needs FREQ=, like FREQ=WEEKLY"
    if re.search(r"(?:^|;)FREQ=(HOURLY|MINUTELY|SECONDLY)\b", value, re.IGNORECASE):
        return "meetings repeat at most daily; the time goes under time:"
    # UNTIL must match DTSTART: a UTC "Z" UNTIL needs an aware start, a plain one a naive start.
    start = datetime.datetime(2000, 1, 1)
    if re.search(r"UNTIL=[0-9T]+Z", value, re.IGNORECASE):
        start = start.replace(tzinfo=datetime.timezone.utc)
    try:
        rrulestr(value, dtstart=start)
    except (ValueError, TypeError) as error:
        return f"the iCalendar checker says: {error}"
    return None


def _describe_weekly(days: list[str], interval: int) -> str:
    if interval == 1 and days == list(_WEEKDAYS):
        return "Every weekday, Monday to Friday"
    names = _and_list([_DAY_NAMES[day] for day in days])
    if interval == 1:
        return f"Every {names}"
    if interval == 2:
        return f"Every other {names}" if len(days) == 1 else f"Every other week on {names}"
    return f"Every {interval} weeks on {names}"


def _describe_monthly(parts: dict[str, str], interval: int) -> str:
    month = {1: "every month", 2: "every other month"}.get(interval, f"every {interval} months")
    if "BYMONTHDAY" in parts:
        days = [int(n) for n in parts["BYMONTHDAY"].split(",")]
        rare = " (only in months that have one)" if any(n >= 29 for n in days) else ""
        return f"{_and_list([_month_day_name(n) for n in days])} of {month}{rare}"
    return _describe_positions(parts["BYDAY"].split(","), month, interval)


def _describe_positions(entries: list[str], month: str, interval: int) -> str:
    # Days sharing the same ordinals read together: "first and third Monday and Thursday".
    by_day: dict[str, list[str]] = {}
    for n, day in (re.fullmatch(r"(-?\d)([A-Z]{2})", entry).groups() for entry in entries):
        by_day.setdefault(day, []).append(_ordinal_name(int(n)))
    groups: dict[str, list[str]] = {}
    for day, ordinals in by_day.items():
        groups.setdefault(_and_list(ordinals), []).append(_DAY_NAMES[day])
    text = " and ".join(f"{ordinals} {_and_list(days)}" for ordinals, days in groups.items())
    if any(re.match(r"-?5", entry) for entry in entries):  # a fifth Tuesday is not in every month
        return f"{text} of {'the month' if interval == 1 else month} (only in months that have one)"
    return f"{text} of {month}"


def _ordinal_name(n: int) -> str:
    return _ORDINAL_NAMES.get(n) or f"{_ORDINAL_NAMES[-n]} to last"


def _month_day_name(n: int) -> str:
    if n < 0:
        return f"{_ordinal_name(n)} day"
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
