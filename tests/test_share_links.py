"""On the site: "Tell someone about this meeting" links, "Add to Google Calendar", and nothing
that loads from another host, for example-group in en, zh-Hans and ur."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from conftest import NOW
from sitegen.remind.formats import as_sms, as_whatsapp, email_body
from sitegen.remind.messages import Writer
from sitegen.site.pipeline import build, model
from test_remind import LANGUAGES, example_in

SLUGS = ["coffee-morning", "evening-chat-online", "dads-drop-in", "christmas-social"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """language -> (group folder, built site)."""
    root = tmp_path_factory.mktemp("share")
    sites = {}
    for language in LANGUAGES:
        folder = example_in(language, root)
        build(folder, root / f"site-{language}", now=NOW, pdf=False)
        sites[language] = (folder, root / f"site-{language}")
    return sites


def share_hrefs(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    section = soup.find(id="tell-heading").parent
    hrefs = [a["href"] for a in section.find_all("a")]
    return {"whatsapp": hrefs[0], "sms": hrefs[1], "email": hrefs[2]}


def invitation(folder: Path, slug: str):
    site = model(folder, now=NOW, pdf=False)[0]
    [schedule] = [s for s in site.schedules if s.slug == slug]
    return Writer(site.config, site.wording).invitation(schedule)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", SLUGS)
def test_each_share_link_decodes_to_the_same_invitation(built, language, slug):
    folder, site = built[language]
    hrefs = share_hrefs(site / "meetings" / slug / "index.html")
    assert hrefs["whatsapp"].startswith("https://wa.me/?text=")
    assert hrefs["sms"].startswith("sms:?&body=")
    whatsapp = unquote(hrefs["whatsapp"].removeprefix("https://wa.me/?text="))
    sms = unquote(hrefs["sms"].removeprefix("sms:?&body="))
    mailto = urlsplit(hrefs["email"])
    assert mailto.scheme == "mailto" and mailto.path == ""
    email = {key: unquote(value) for key, value in
             (part.split("=", 1) for part in mailto.query.split("&"))}
    message = invitation(folder, slug)
    assert whatsapp == as_whatsapp(message)
    assert sms == as_sms(message)
    assert email["body"] == email_body(message).replace("\n", "\r\n")
    # The three say the same: WhatsApp's lines without the stars are the email's ...
    plain = [line.strip("*") for line in whatsapp.split("\n")]
    assert email["body"].split("\r\n")[:-2] == plain
    assert email["subject"] == f"{plain[0]}{'：' if language == 'zh-Hans' else ': '}{plain[1]}"
    # ... and the text message keeps some of them, whole or cut short, and the link.
    assert sms.split("\n")[-1] in plain[-1] and sms.split("\n")[0][:2] == plain[0][:2]
    assert f"riversideparents.org.uk/meetings/{slug}/" in sms


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_loads_anything_from_another_host(built, language):
    _, site = built[language]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        loaded = [tag.get("src") for tag in soup.find_all(src=True)]
        loaded += [tag["href"] for tag in soup.find_all("link")
                   if not {"canonical", "alternate"} & set(tag.get("rel", []))]
        loaded += [part.split()[0] for tag in soup.find_all(srcset=True)
                   for part in tag["srcset"].split(",")]
        assert all(not urlsplit(url).scheme and not url.startswith("//") for url in loaded), \
            (page, loaded)
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "default-src 'self'" in csp and not re.search(r"wa\.me|google|sms:", csp)
    css = (site / "style.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css) and "@import" not in css


def test_the_share_links_are_plain_links_that_tell_no_site_where_the_visitor_was(built):
    _, site = built["en"]
    soup = BeautifulSoup((site / "meetings/dads-drop-in/index.html").read_text(), "html.parser")
    section = soup.find(id="tell-heading").parent
    assert section.find("script") is None and section.find("form") is None
    assert soup.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer"
    assert [a.get_text() for a in section.find_all("a")] == [
        "By WhatsApp", "By text message", "By email"]


def test_add_to_google_calendar_fills_in_the_next_date_and_the_repeat_rule(built):
    _, site = built["en"]
    soup = BeautifulSoup((site / "meetings/dads-drop-in/index.html").read_text(), "html.parser")
    [link] = [a for a in soup.select(".calendar-links a") if "Google" in a.get_text()]
    address = urlsplit(link["href"])
    assert (address.scheme, address.netloc, address.path) == (
        "https", "calendar.google.com", "/calendar/render")
    query = {key: values[0] for key, values in parse_qs(address.query).items()}
    assert query["action"] == "TEMPLATE" and query["text"] == "Dads' drop-in"
    assert query["dates"] == "20261128T103000/20261128T120000"
    assert query["ctz"] == "Europe/London"
    assert query["recur"] == "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
    assert "Cancelled on 26 December 2026: Boxing Day" in query["details"]
    assert query["details"].endswith("https://riversideparents.org.uk/meetings/dads-drop-in/")
    assert query["location"].startswith("Riverside Library, upstairs meeting room")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_meetings_calendar_file_parses_and_carries_its_alarm(built, language):
    _, site = built[language]
    for slug in SLUGS:
        calendar = Calendar.from_ical((site / "meetings" / f"{slug}.ics").read_bytes())
        [event] = calendar.walk("VEVENT")
        triggers = sorted(alarm["TRIGGER"].dt.total_seconds() for alarm in event.walk("VALARM"))
        assert triggers == ([-86400, -3600] if slug == "evening-chat-online" else [-86400])


@pytest.mark.parametrize("language, words", [
    ("en", "turn alerts on for this calendar"), ("zh-Hans", "打开提醒"), ("ur", "الرٹس آن کریں")])
def test_the_meetings_page_tells_subscribers_to_turn_alerts_on(built, language, words):
    _, site = built[language]
    assert words in (site / "meetings/index.html").read_text(encoding="utf-8")
