"""values: each parser takes what volunteers type, and refuses the rest with a worked example."""

from __future__ import annotations

from datetime import date

import pytest

from sitegen.core import values
from sitegen.core.themes import theme_names


def refusal(parse, text: str) -> str:
    with pytest.raises(ValueError) as caught:
        parse(text)
    return str(caught.value)


@pytest.mark.parametrize("text, meant", [
    ("yes", True), ("Yes", True), ("TRUE", True), ("on", True), ("y", True), (" true ", True),
    ("no", False), ("NO", False), ("false", False), ("off", False), ("n", False),
])
def test_yes_and_no_are_read_in_any_of_their_spellings(text, meant):
    assert values.parse_bool(text) is meant


def test_something_other_than_yes_or_no_is_refused():
    assert refusal(values.parse_bool, "maybe") == \
        '"maybe" is not yes or no. Write true or false.'


@pytest.mark.parametrize("text, number", [("3", 3), (" 10 ", 10), ("-1", -1), ("007", 7)])
def test_whole_numbers_are_read(text, number):
    assert values.parse_whole_number(text) == number


@pytest.mark.parametrize("text", ["first", "1.5", "", "2nd"])
def test_anything_but_a_whole_number_is_refused(text):
    assert refusal(values.parse_whole_number, text) == \
        f'"{text}" is not a whole number. Write it like 1, 2 or 10.'


@pytest.mark.parametrize("text", ["2026-12-08", "8 December 2026", "8 Dec 2026",
                                  "Tuesday 8 December 2026", "Tue 8 Dec 2026",
                                  "8 December, 2026", "  2026-12-08  "])
def test_dates_are_read_in_year_month_day_or_in_words(text):
    assert values.parse_date(text) == date(2026, 12, 8)


@pytest.mark.parametrize("text", ["08/12/2026", "12/8/2026", "2026-13-01", "2026-02-30",
                                  "next Tuesday"])
def test_dates_that_could_be_misread_or_do_not_exist_are_refused(text):
    assert refusal(values.parse_date, text) == \
        f'"{text}" is not a date. Write it like 2026-12-08 (year-month-day).'


@pytest.mark.parametrize("text", ["hello@example.org", "sue.smith+group@riverside.org.uk",
                                  " hello@example.org "])
def test_email_addresses_are_accepted(text):
    assert values.parse_email(text) == text.strip()


@pytest.mark.parametrize("text", ["hello at example.org", "sue@example", "@sue",
                                  "Sue <sue@example.org>", "sue@@example.org"])
def test_things_that_are_not_email_addresses_are_refused(text):
    assert refusal(values.parse_email, text) == \
        f'"{text}" is not an email address. Write it like hello@example.org.'


@pytest.mark.parametrize("text", ["https://example.org", "http://example.org/path?q=1",
                                  "https://www.facebook.com/groups/riverside"])
def test_full_web_addresses_are_accepted(text):
    assert values.parse_web_address(text) == text


def test_a_web_address_starting_with_www_is_told_to_add_https():
    assert refusal(values.parse_web_address, "www.example.org") == \
        '"www.example.org" needs https:// in front. Write it like https://www.example.org'


@pytest.mark.parametrize("text", ["example.org", "https://localhost", "ftp://example.org",
                                  "https://exa mple.org", "facebook"])
def test_things_that_are_not_web_addresses_are_refused(text):
    assert refusal(values.parse_web_address, text) == \
        f'"{text}" is not a web address. Write it like https://example.org'


@pytest.mark.parametrize("text, address", [
    ("https://riversideparents.org.uk", "https://riversideparents.org.uk/"),
    ("https://example.github.io/group/", "https://example.github.io/group/"),
    ("https://example.org///", "https://example.org/"),
])
def test_the_sites_own_address_always_ends_with_one_slash(text, address):
    assert values.parse_website(text) == address


@pytest.mark.parametrize("text", ["en", "pl", "ur", "zh-Hans", "en-GB", "pa-Guru-IN"])
def test_language_codes_are_accepted(text):
    assert values.parse_language(text) == text


@pytest.mark.parametrize("text", ["English", "en_GB", "e", "polski"])
def test_language_names_are_refused(text):
    assert refusal(values.parse_language, text) == \
        f'"{text}" is not a language code. Write it like en, pl, ur or zh-Hans.'


@pytest.mark.parametrize("text, meant", [("uur", "ur (Urdu)"), ("zhh", "zh (Chinese)"),
                                         ("bnn", "bn (Bangla)"), ("pll-PL", "pl (Polish)")])
def test_a_language_code_with_a_slip_gets_did_you_mean(text, meant):
    assert refusal(values.parse_language, text) == \
        f'"{text}" is not a language sitegen knows. Did you mean {meant}?'


def test_a_language_code_nothing_like_a_known_one_shows_how_to_write_one():
    assert refusal(values.parse_language, "qqq") == \
        '"qqq" is not a language sitegen knows. Write it like en, pl, ur or zh-Hans.'


@pytest.mark.parametrize("text", ["Europe/London", "America/New_York", "UTC", "Asia/Karachi"])
def test_time_zones_are_accepted(text):
    assert values.parse_timezone(text) == text


@pytest.mark.parametrize("text, meant", [
    ("Europe/Londn", "Europe/London"), ("europe/london", "Europe/London"),
    ("London", "Europe/London"), ("Warsaw", "Europe/Warsaw"),
    ("New York", "America/New_York"), ("BST", "Europe/London"), ("UK", "Europe/London"),
])
def test_a_time_zone_nearly_right_gets_did_you_mean(text, meant):
    assert refusal(values.parse_timezone, text) == \
        f'"{text}" is not a time zone. Did you mean {meant}?'


@pytest.mark.parametrize("text", ["GMT+1", "Londres", "my house"])
def test_a_time_zone_with_nothing_surely_meant_gets_an_example_not_a_wild_guess(text):
    # difflib alone offered GMT+0 for GMT+1, and MST (Mountain time) for BST.
    assert refusal(values.parse_timezone, text) == \
        f'"{text}" is not a time zone. Write it like Europe/London.'


@pytest.mark.parametrize("text, form", [
    ("email", "email"), ("Netlify", "netlify"), (" NONE ", "none"),
    ("formspree:xayzabcd", "formspree:xayzabcd"), ("Formspree:abc123", "formspree:abc123"),
    ("web3forms:1234-abcd", "web3forms:1234-abcd"),
    ("formsubmit:hello@example.org", "formsubmit:hello@example.org"),
    ("https://forms.example.org/send", "https://forms.example.org/send"),
])
def test_form_services_are_accepted(text, form):
    assert values.parse_form(text) == form


@pytest.mark.parametrize("text", ["mailchimp", "formspree:", "formspree:has space",
                                  "http://forms.example.org"])
def test_unknown_form_services_are_refused(text):
    assert refusal(values.parse_form, text) == (
        f'"{text}" is not a form service. Write netlify, formspree:YOUR_FORM_ID, '
        "web3forms:YOUR_KEY, formsubmit:YOUR_ALIAS, an https:// address, or none.")


def test_an_https_form_address_that_is_not_a_web_address_is_refused_as_one():
    assert refusal(values.parse_form, "https://forms") == \
        '"https://forms" is not a web address. Write it like https://example.org'


@pytest.mark.parametrize("text, size", [("A4", "A4"), ("a4", "A4"), ("letter", "Letter"),
                                        (" A5 ", "A5")])
def test_paper_sizes_are_read_in_any_case(text, size):
    assert values.parse_paper(text) == size


@pytest.mark.parametrize("text", ["A3", "legal", "A 4"])
def test_other_paper_sizes_are_refused(text):
    assert refusal(values.parse_paper, text) == \
        f'"{text}" is not a paper size sitegen knows. Write A4, Letter or A5.'


@pytest.mark.parametrize("text, slug", [("meet-us", "meet-us"), ("/about/", "about"),
                                        ("help/money", "help/money"), ("faq_2", "faq_2")])
def test_page_addresses_are_accepted(text, slug):
    assert values.parse_slug(text) == slug


@pytest.mark.parametrize("text", ["Meet Us", "meet us", "/", "-about", "help//money", "café"])
def test_page_addresses_with_capitals_spaces_or_odd_characters_are_refused(text):
    assert refusal(values.parse_slug, text) == (
        f'"{text}" is not a page address. Use small letters, numbers and dashes, like meet-us.')


def test_built_in_themes_are_accepted_and_others_refused_with_the_list():
    assert values.parse_theme(" default ") == "default"
    assert refusal(values.parse_theme, "fancy") == \
        '"fancy" is not a theme sitegen has. The themes are: ' + ", ".join(theme_names()) + "."
