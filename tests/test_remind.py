"""`sitegen remind`: ready-to-send reminders for example-group's meetings, in en, zh-Hans and ur.

The dates are fixed: the Coffee morning (second Tuesday) skips 8 December 2026,
the Dads' drop-in (every other Saturday) is cancelled on Boxing Day with a
reason, and the Evening chat (every Thursday) is online.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE_GROUP, NOW, REPO
from sitegen.cli import main
from sitegen.remind.formats import SEPARATOR, as_email, as_sms, as_whatsapp
from sitegen.remind.messages import Writer
from sitegen.remind.sms import is_gsm7, sms_length
from sitegen.site.pipeline import model

LANGUAGES = ["en", "zh-Hans", "ur"]
# How each language writes the dates the tests look for (CLDR's full date format).
BOXING_DAY = {"en": "Saturday 26 December 2026", "zh-Hans": "2026年12月26日星期六",
              "ur": "ہفتہ، 26 دسمبر، 2026"}
SKIPPED = {"en": "Tuesday 8 December 2026", "zh-Hans": "2026年12月8日星期二",
           "ur": "منگل، 8 دسمبر، 2026"}
NEXT_COFFEE = {"en": "Tuesday 12 January 2027", "zh-Hans": "2027年1月12日星期二",
               "ur": "منگل، 12 جنوری، 2027"}
REASON = "Boxing Day. We are back in January."
PAGES = "https://riversideparents.org.uk/meetings/"


def example_in(language: str, root: Path, website: bool = True) -> Path:
    """A copy of example-group whose site is in `language`."""
    folder = root / f"example-{language}"
    if not folder.exists():
        shutil.copytree(EXAMPLE_GROUP, folder, ignore=shutil.ignore_patterns("_site"))
        text = (folder / "group.yaml").read_text(encoding="utf-8")
        text = text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n")
        if not website:
            text = re.sub(r"\nwebsite: .*\n", "\n", text)
        (folder / "group.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def groups(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("remind")


def messages(folder: Path, start: date, days: int = 7):
    site = model(folder, now=NOW, pdf=False)[0]
    return Writer(site.config, site.wording).reminders(site.schedules, start, days)


def by_name(found, name: str):
    [message] = [m for m in found if m.schedule.name == name]
    return message


def test_a_week_of_reminders_has_the_weekly_fortnightly_and_monthly_meetings_in_date_order():
    found = messages(EXAMPLE_GROUP, date(2027, 1, 7))
    assert [(m.schedule.name, m.day) for m in found] == [
        ("Evening chat online", date(2027, 1, 7)), ("Dads' drop-in", date(2027, 1, 9)),
        ("Coffee morning", date(2027, 1, 12))]
    coffee = as_whatsapp(found[2])
    assert coffee.splitlines() == [
        "*Coffee morning*", "*Tuesday 12 January 2027, 10am to 12 noon*",
        "Riverside Community Centre", "12 Mill Lane, Nottingham NG1 1AA",
        "Access: Step-free entrance, hearing loop, accessible toilet",
        "Children welcome in the playroom.", "Questions? Ring 0115 496 0000",
        PAGES + "coffee-morning/"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cancelled_boxing_day_drop_in_is_a_notice_with_its_reason(groups, language):
    found = messages(example_in(language, groups), date(2026, 12, 26), 1)
    drop_in = by_name(found, "Dads' drop-in")
    first_line = drop_in.lines[0].text
    assert BOXING_DAY[language] in first_line and REASON in first_line
    if language == "en":
        assert first_line == f"No Dads' drop-in on {BOXING_DAY['en']}: {REASON}"
        assert drop_in.lines[1].text == \
            "The next one is on Saturday 9 January 2027, 10:30am to 12 noon."
    for text in (as_whatsapp(drop_in), as_email(drop_in), as_sms(drop_in)):
        assert PAGES + "dads-drop-in/" in text or "riversideparents.org.uk/meetings/dads" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_skipped_date_is_a_notice_with_the_next_real_date(groups, language):
    found = messages(example_in(language, groups), date(2026, 12, 8), 1)
    coffee = by_name(found, "Coffee morning")
    assert SKIPPED[language] in coffee.lines[0].text
    assert NEXT_COFFEE[language] in coffee.lines[1].text
    assert NEXT_COFFEE[language] in as_email(coffee)
    if language == "en":  # an SMS has room for the next date, if not its time
        assert as_sms(coffee) == ("No Coffee morning on Tuesday 8 December 2026.\n"
                                  "The next one is on Tuesday 12 January 2027.\n"
                                  + PAGES + "coffee-morning/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_online_meeting_says_how_to_join_and_no_place(groups, language):
    found = messages(example_in(language, groups), date(2026, 12, 10), 1)
    online = as_whatsapp(by_name(found, "Evening chat online"))
    assert "Zoom link sent by email when you get in touch" in online
    assert "Riverside" not in online.replace("riversideparents", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_message_fits_one_sms_in_its_alphabet_and_keeps_the_page_link(groups,
                                                                                 language):
    found = messages(example_in(language, groups), date(2026, 11, 26), 70)
    assert len(found) > 15
    for message in found:
        text = as_sms(message)
        limit = 160 if language == "en" else 70
        assert is_gsm7(text) is (language == "en"), text
        assert sms_length(text) <= limit, text
        link = message.link.removeprefix("https://")
        assert text.endswith(link), text  # whole, the last line
        if language == "en":
            assert text.endswith(message.link)  # with room enough, the https:// stays


def test_whatsapp_makes_the_name_and_date_bold_and_email_starts_with_a_subject():
    [evening] = messages(EXAMPLE_GROUP, date(2026, 12, 10), 1)
    assert as_whatsapp(evening).startswith(
        "*Evening chat online*\n*Thursday 10 December 2026, 8pm to 9pm*\n")
    email = as_email(evening)
    subject, blank, *body = email.splitlines()
    assert subject == "Subject: Evening chat online: Thursday 10 December 2026, 8pm to 9pm"
    assert blank == "" and body[-1] == "Riverside Parents Together"
    assert PAGES + "evening-chat-online/" in body


def test_without_a_website_the_messages_have_no_link_and_the_command_says_so(groups, capsys):
    folder = example_in("en", groups / "no-website", website=False)
    found = messages(folder, date(2026, 12, 10), 3)
    assert found and all(m.link is None for m in found)
    assert "http" not in as_sms(found[0]) and "Questions? Ring 0115 496 0000" in as_sms(found[0])
    assert main(["remind", str(folder), "--date", "2026-12-10", "--days", "3"]) == 0
    assert "add `website:` to group.yaml" in capsys.readouterr().err


def test_the_command_prints_each_message_separated_by_a_line_of_three_dashes(capsys):
    assert main(["remind", str(EXAMPLE_GROUP), "--date", "2026-12-20", "--as", "sms"]) == 0
    printed = capsys.readouterr().out
    texts = printed.rstrip("\n").split(SEPARATOR)
    assert [text.splitlines()[0] for text in texts] == [
        "Evening chat online", f"No Dads' drop-in on {BOXING_DAY['en']}: {REASON}"]


def test_the_command_can_pick_one_meeting_by_name_in_any_case(capsys):
    assert main(["remind", str(EXAMPLE_GROUP), "--date", "2026-12-01", "--days", "31",
                 "--meeting", "dads' DROP-IN", "--as", "email"]) == 0
    subjects = [line for line in capsys.readouterr().out.splitlines()
                if line.startswith("Subject:")]
    assert subjects == ["Subject: Dads' drop-in: Saturday 12 December 2026, 10:30am to 12 noon",
                        f"Subject: No Dads' drop-in on {BOXING_DAY['en']}"]


def test_an_unknown_meeting_name_is_an_error_listing_the_meetings(capsys):
    assert main(["remind", str(EXAMPLE_GROUP), "--meeting", "Quiz night"]) == 1
    err = capsys.readouterr().err
    assert 'has no meeting or upcoming event called "Quiz night"' in err
    assert '"Coffee morning", "Evening chat online", "Dads\' drop-in"' in err


def test_a_folder_of_many_groups_is_asked_for_one_group(groups, capsys):
    shutil.copytree(EXAMPLE_GROUP, groups / "directory" / "riverside")
    assert main(["remind", str(groups / "directory")]) == 1
    assert "holds many groups; reminders are for one group at a time" in capsys.readouterr().err


@pytest.mark.parametrize("argument, said", [
    (["--date", "26/12/2026"], '"26/12/2026" is not a date: write it like 2026-12-24'),
    (["--days", "0"], '"0" is not a number of days'),
])
def test_a_wrong_date_or_number_of_days_says_how_to_write_it(capsys, argument, said):
    with pytest.raises(SystemExit):
        main(["remind", str(EXAMPLE_GROUP), *argument])
    assert said in capsys.readouterr().err


def test_a_build_ends_with_this_weeks_reminders_ready_to_copy(groups, capsys, monkeypatch):
    # SOURCE_DATE_EPOCH fixes the build's date: Thursday 3 December 2026, 9:00 UTC.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796288400")
    assert main(["build", str(EXAMPLE_GROUP), "--out", str(groups / "site"), "--no-pdf"]) == 0
    printed = capsys.readouterr().out
    built, reminders = printed.split("This week's reminders", 1)
    assert built.startswith("Built ")
    texts = reminders.split("\n\n", 1)[1].rstrip("\n").split(SEPARATOR)
    assert [text.splitlines()[0] for text in texts] == [
        "Evening chat online", "No Coffee morning on Tuesday 8 December 2026."]


def test_the_readme_examples_are_what_the_command_prints():
    import update_readme

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert update_readme.reminder_examples() in readme, "run python3 tests/update_readme.py"
