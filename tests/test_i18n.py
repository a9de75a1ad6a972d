"""Every word the theme writes comes from the catalogues, complete for each language,
and dates and times are formatted by Babel for the language."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, time

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import NOW, REPO
from sitegen.core.i18n import LOCALES, Wording, catalogue_languages
from sitegen.site.pipeline import build
from sitegen.core.times import TimeRange
from sitegen.core.when import parse_when

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
LANGUAGES = ["zh-Hans", "ur", "bn", "pa", "pl"]


def catalogue(language: str):
    with (LOCALES / (language.replace("-", "_") + ".po")).open("rb") as po_file:
        return read_po(po_file)


def template_ids() -> set:
    with (LOCALES / "sitegen.pot").open("rb") as pot_file:
        return {m.id for m in read_po(pot_file) if m.id}


def test_the_required_languages_all_have_catalogues():
    assert set(LANGUAGES) <= set(catalogue_languages())


def test_the_template_holds_every_message_the_code_and_theme_use(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_", "-k", "gettext", "-k", "ngettext:1,2",
                    "--no-location", "--omit-header", "-o", str(fresh), "."],
                   cwd=REPO, check=True, capture_output=True)
    with fresh.open("rb") as pot_file:
        extracted = {m.id for m in read_po(pot_file) if m.id}
    assert extracted == template_ids(), "run the pybabel commands in sitegen/locales/README.md"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_translates_every_message_keeping_its_placeholders(language):
    messages = {m.id: m for m in catalogue(language) if m.id}
    assert set(messages) == template_ids()
    for message_id, message in messages.items():
        assert not message.fuzzy, message_id
        ids = message_id if isinstance(message_id, tuple) else (message_id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: {message_id!r} is not translated"
        wanted = set(PLACEHOLDER.findall(ids[-1])) - {"count"}
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) - {"count"} == wanted, (language, string)


@pytest.mark.parametrize("language, expected", [
    ("zh-Hans", "每月第二个星期二"), ("ur", "ہر مہینے دوسرے منگل کو"),
    ("bn", "প্রতি মাসের দ্বিতীয় মঙ্গলবার"), ("pa", "ਹਰ ਮਹੀਨੇ ਦੂਜੇ ਮੰਗਲਵਾਰ ਨੂੰ"),
    ("pl", "2. wtorek każdego miesiąca"), ("en", "Second Tuesday of every month")])
def test_a_monthly_rule_is_worded_in_the_language(language, expected):
    assert Wording(language).rule(parse_when("second Tuesday of the month")) == expected


def test_dates_and_times_are_formatted_by_babel_for_the_language():
    day = date(2026, 12, 8)
    assert Wording("zh-Hans").long_date(day) == "2026年12月8日星期二"
    assert Wording("pl").long_date(day) == "wtorek, 8 grudnia 2026"
    assert Wording("en").long_date(day) == "Tuesday 8 December 2026"
    assert Wording("zh-Hans").time_range(TimeRange(time(14), time(16))) == "下午2:00至4:00"
    assert Wording("pl").time_range(TimeRange(time(14), time(16))) == "14:00–16:00"
    assert Wording("pl").time(time(19, 30)) == "19:30"
    assert Wording("en").time_range(TimeRange(time(10), time(12))) == "10am to 12 noon"


@pytest.fixture(scope="module", params=[("zh-group", "zh-Hans", "ltr"), ("ur-group", "ur", "rtl")])
def built(request, tmp_path_factory):
    folder, language, direction = request.param
    out = tmp_path_factory.mktemp(folder) / "site"
    build(REPO / "tests" / "sites" / folder, out, now=NOW)
    return out, language, direction


def visible_text(html: str) -> str:
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style"]):
        hidden.decompose()
    return " ".join(page.get_text(" ").split())


def test_pages_carry_the_language_and_direction(built):
    out, language, direction = built
    for path in out.rglob("*.html"):
        root = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").html
        assert (root["lang"], root["dir"]) == (language, direction), path


def test_no_english_ui_string_is_left_on_any_page(built):
    out, language, _ = built
    english = {m.id for m in catalogue(language) if isinstance(m.id, str) and m.id
               and m.string != m.id and len(m.id) > 3 and not PLACEHOLDER.search(m.id)}
    left = {}
    for path in out.rglob("*.html"):
        text = visible_text(path.read_text(encoding="utf-8"))
        found = sorted(s for s in english if re.search(r"\b" + re.escape(s) + r"\b", text))
        if found:
            left[path.relative_to(out).as_posix()] = found
    assert left == {}


def test_meeting_dates_on_the_page_are_babel_dates(built):
    out, language, _ = built
    text = visible_text((out / "meetings" / "index.html").read_text(encoding="utf-8"))
    first = {"zh-Hans": date(2026, 12, 5), "ur": date(2026, 12, 2)}[language]
    assert format_date(first, "full", locale=language.replace("-", "_")) in text
