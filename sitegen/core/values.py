"""Turn the text a volunteer typed into values, or say in plain words how to write it.

Each parser takes the text and returns a value, or raises ValueError with a
sentence that quotes the text and shows a correct example.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale, localedata

from sitegen.core.i18n import catalogue_languages
from sitegen.core.spelling import nearest
from sitegen.core.themes import theme_names

_TRUE = {"yes", "true", "on", "y"}
_FALSE = {"no", "false", "off", "n"}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%A %d %B %Y", "%a %d %b %Y")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_FORM_SERVICES = ("formspree", "web3forms", "formsubmit")
_SERVICE_ID = re.compile(r"^[A-Za-z0-9_@.\-]+$")
PAPER_SIZES = ("A4", "Letter", "A5")
# What people in the UK call their clock; none is a time zone name (BST is not one).
_UK_CLOCK_NAMES = {"bst", "uk", "gb", "britain", "great britain", "british", "united kingdom",
                   "england", "scotland", "wales", "northern ireland"}


def parse_bool(text: str) -> bool:
    """Read yes/no, true/false or on/off."""
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f'"{text}" is not yes or no. Write true or false.')


def parse_whole_number(text: str) -> int:
    """Read a whole number such as 3 or -1."""
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f'"{text}" is not a whole number. Write it like 1, 2 or 10.') from None


def parse_date(text: str) -> date:
    """Read a date written as 2026-12-08 (or 8 December 2026)."""
    cleaned = " ".join(text.replace(",", " ").split())
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValueError(f'"{text}" is not a date. Write it like 2026-12-08 (year-month-day).')


def parse_email(text: str) -> str:
    """Check that the text looks like an email address."""
    address = text.strip()
    if not _EMAIL.match(address):
        raise ValueError(f'"{text}" is not an email address. Write it like hello@example.org.')
    return address


def parse_web_address(text: str) -> str:
    """Check a full web address starting with https:// (or http://)."""
    address = text.strip()
    if address.startswith("www."):
        raise ValueError(f'"{text}" needs https:// in front. Write it like https://{address}')
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", address):
        raise ValueError(f'"{text}" is not a web address. Write it like https://example.org')
    return address


def parse_website(text: str) -> str:
    """Read the site's own address; always ends with a slash."""
    return parse_web_address(text).rstrip("/") + "/"


def parse_language(text: str) -> str:
    """Check a BCP 47 language tag such as en, zh-Hans or ur, of a language Babel knows."""
    tag = text.strip()
    if not _LANGUAGE.match(tag):
        raise ValueError(f'"{text}" is not a language code. Write it like en, pl, ur or zh-Hans.')
    language = tag.split("-")[0].lower()
    if language not in _known_languages():
        meant = nearest(language, _known_languages(), most=1)
        hint = f"Did you mean {meant} ({Locale.parse(meant).english_name})?" if meant else \
            "Write it like en, pl, ur or zh-Hans."
        raise ValueError(f'"{text}" is not a language sitegen knows. {hint}')
    return tag


@lru_cache(maxsize=1)
def _known_languages() -> list[str]:
    """The language codes Babel has dates, times and lists for; those sitegen speaks first,
    so `uur` is taken for Urdu (ur) rather than Friulian (fur)."""
    spoken = ["en", *(code.split("-")[0] for code in catalogue_languages())]
    babel = sorted(code for code in localedata.locale_identifiers() if "_" not in code)
    return list(dict.fromkeys(spoken + babel))


def parse_timezone(text: str) -> str:
    """Check an IANA time zone such as Europe/London."""
    name = text.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        close = _close_timezones(name)
        hint = f"Did you mean {close}?" if close else "Write it like Europe/London."
        raise ValueError(f'"{text}" is not a time zone. {hint}') from None
    return name


def parse_form(text: str) -> str:
    """Check where the contact form sends messages."""
    value = text.strip()
    if value.lower() in ("netlify", "none", "email"):
        return value.lower()
    if value.startswith("https://"):
        return parse_web_address(value)
    service, _, identity = value.partition(":")
    if service.lower() in _FORM_SERVICES and _SERVICE_ID.match(identity):
        return f"{service.lower()}:{identity}"
    raise ValueError(
        f'"{text}" is not a form service. Write netlify, formspree:YOUR_FORM_ID, '
        "web3forms:YOUR_KEY, formsubmit:YOUR_ALIAS, an https:// address, or none.")


def parse_paper(text: str) -> str:
    """Read a paper size: A4, Letter or A5."""
    for size in PAPER_SIZES:
        if text.strip().lower() == size.lower():
            return size
    raise ValueError(f'"{text}" is not a paper size sitegen knows. Write A4, Letter or A5.')


def parse_slug(text: str) -> str:
    """Check a page address such as `meet-us` or `help/money`."""
    slug = text.strip().strip("/")
    parts = slug.split("/")
    if not slug or any(not re.match(r"^[a-z0-9][a-z0-9_-]*$", part) for part in parts):
        raise ValueError(f'"{text}" is not a page address. Use small letters, numbers and '
                         "dashes, like meet-us.")
    return slug


def parse_theme(text: str) -> str:
    """Check the name of a built-in theme."""
    name = text.strip()
    if name not in theme_names():
        raise ValueError(f'"{text}" is not a theme sitegen has. The themes are: '
                         + ", ".join(theme_names()) + ".")
    return name


def _close_timezones(name: str) -> str:
    """Suggest a zone only when it is surely meant: "BST" must not become MST (Mountain)."""
    typed = name.strip().lower()
    if typed in _UK_CLOCK_NAMES:
        return "Europe/London"
    zones = sorted(available_timezones())
    full = {zone.lower(): zone for zone in zones}
    cities = {}  # "new_york" -> America/New_York; Etc/GMT+1 is really UTC-1, so never offered
    for zone in zones:
        if "/" in zone and not zone.startswith("Etc/"):
            cities.setdefault(zone.rsplit("/", 1)[-1].lower(), zone)
    typed = typed.replace(" ", "_")
    for names in (full, cities):
        matches = difflib.get_close_matches(typed, names, n=1, cutoff=0.85)
        if matches:
            return names[matches[0]]
    return ""
