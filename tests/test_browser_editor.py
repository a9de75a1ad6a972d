"""In a real browser, on a copy of the starter folder: the editor at /edit/ changes group.yaml
and pages, rewriting only the lines of the values changed; every note and blank line stays,
`sitegen check` passes and the preview shows the change. axe finds nothing on its pages."""

from __future__ import annotations

import difflib
import shutil
from datetime import date
from pathlib import Path

import pytest

from browser import launched_browser
from conftest import REPO
from sitegen.calendar.schedule import next_meeting_days
from sitegen.cli import main
from sitegen.core.config import Meeting
from sitegen.core.when import parse_when
from sitegen.preview.serve import PreviewServer
from test_browser_accessibility import axe_violations

pytestmark = pytest.mark.browser
WAIT = {"timeout": 90_000}  # the preview rebuilds after each save


@pytest.fixture
def editing(tmp_path):
    """A preview of a copy of the starter folder, and a browser page."""
    group = shutil.copytree(REPO / "sitegen/starter", tmp_path / "group")
    with PreviewServer(group, port=0) as server, launched_browser() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        yield Session(group, server.url, page)


class Session:
    def __init__(self, group: Path, url: str, page):
        self.group, self.url, self.page = group, url, page
        self.before = self.text()

    def text(self, name: str = "group.yaml") -> str:
        return (self.group / name).read_text(encoding="utf-8")

    def field(self, name: str):
        return self.page.locator(f'[name="{name}"]')

    def open(self, address: str = "edit/") -> None:
        self.page.goto(self.url + address)

    def press(self, words: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=words, exact=True).first.click()

    def saved_changes(self) -> list[str]:
        """Save; check the notice, the notes and `sitegen check`; return the changed lines."""
        self.press("Save")
        from playwright.sync_api import expect
        expect(self.page.locator(".notice")).to_contain_text("Saved.")
        after = self.text()
        assert _notes(after) == _notes(self.before)  # every comment and blank line, in order
        assert main(["check", str(self.group)]) == 0
        changed = [line for line in difflib.unified_diff(
            self.before.splitlines(), after.splitlines(), n=0, lineterm="")
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        self.before = after
        return changed

    def preview_shows(self, address: str, words: str) -> None:
        from playwright.sync_api import expect
        self.open(address)
        expect(self.page.locator("main")).to_contain_text(words, **WAIT)


def _notes(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.strip() or line.lstrip().startswith("#")]


def test_changing_the_tagline_and_the_phone_rewrites_those_two_lines(editing):
    editing.open()
    editing.field("tagline").fill("Tea, talk and support: all welcome")
    editing.field("contact.phone").fill("01234567012")
    assert editing.saved_changes() == [
        "-tagline: A friendly group for people who share an experience",
        '+tagline: "Tea, talk and support: all welcome"',
        "-  phone: 01632 960000",
        '+  phone: "01234567012"']
    editing.preview_shows("", "Tea, talk and support: all welcome")
    editing.preview_shows("", "01234567012")


def test_changing_a_meetings_when_says_what_sitegen_understood_then_saves_one_line(editing):
    from playwright.sync_api import expect
    editing.open()
    understood = editing.page.locator('[id="meetings[0]-understood"]')
    expect(understood).to_contain_text("First Monday of every month, 7pm to 9pm. Next: ")
    editing.field("meetings[0].when").fill("second Tuesday of the month")
    expect(understood).to_contain_text("Second Tuesday of every month, 7pm to 9pm. Next: ")
    editing.field("meetings[0].when").fill("second Tusday")
    expect(understood).to_contain_text('"Tusday" is not a day; did you mean Tuesday?')
    editing.field("meetings[0].when").fill("second Tuesday of the month")
    assert editing.saved_changes() == ["-    when: first Monday of the month",
                                       "+    when: second Tuesday of the month"]
    editing.preview_shows("meetings/group-meeting/", "Second Tuesday of every month")


def test_adding_a_skip_date_adds_one_line_and_the_preview_says_no_meeting(editing):
    rule = Meeting(name="-", when=parse_when("first Monday of the month"))
    skipped = next_meeting_days(rule, date.today(), 1)[0]
    editing.open()
    editing.press("Add a date")
    editing.field("meetings[0].skip[0]").fill(skipped.isoformat())
    assert editing.saved_changes() == [f"+    skip: [{skipped.isoformat()}]"]
    editing.preview_shows("meetings/group-meeting/", "no meeting this time")


def test_adding_a_venue_and_a_meeting_adds_only_their_lines(editing):
    editing.open()
    editing.field("new.venues").fill("library")
    editing.press("Add a place")
    editing.field("venues.library.name").fill("Our Town Library")
    editing.field("venues.library.address").fill("2 Church Lane, Our Town")
    editing.press("Add a meeting")
    editing.field("meetings[1].name").fill("Walk and talk")
    editing.field("meetings[1].when").fill("last Saturday")
    editing.field("meetings[1].time").fill("10:30")
    editing.field("meetings[1].venue").fill("library")
    assert editing.saved_changes() == [
        "+  library:", "+    name: Our Town Library", "+    address: 2 Church Lane, Our Town",
        "+  - name: Walk and talk", "+    when: last Saturday", '+    time: "10:30"',
        "+    venue: library"]
    editing.preview_shows("", "Walk and talk")


def test_removing_an_event_takes_out_only_its_lines(editing):
    editing.open()
    editing.press("Add an event")
    editing.field("events[0].name").fill("Summer picnic")
    editing.field("events[0].date").fill(f"{date.today().year + 1}-07-10")
    editing.field("events[0].time").fill("1pm-4pm")
    added = editing.saved_changes()
    assert added == ["+events:", "+  - name: Summer picnic",
                     f"+    date: {date.today().year + 1}-07-10", "+    time: 1pm-4pm"]
    editing.preview_shows("meetings/", "Summer picnic")
    editing.open()
    editing.press("Remove event 1")
    assert editing.saved_changes() == [line.replace("+", "-", 1) for line in added[1:]]
    from playwright.sync_api import expect
    editing.open("meetings/")
    expect(editing.page.locator("main")).not_to_contain_text("Summer picnic", **WAIT)


def test_editing_a_page_saves_its_text_and_the_preview_shows_it(editing):
    editing.open("edit/pages/")
    with editing.page.expect_navigation():
        editing.page.get_by_role("link", name="About us").click()
    editing.field("body").fill("We meet to talk, listen and share.\n\nEveryone is welcome.\n")
    from playwright.sync_api import expect
    expect(editing.page.locator("#page-preview")).to_contain_text("Everyone is welcome.")
    editing.press("Save")
    assert editing.text("pages/about.md") == (
        "---\ntitle: About us\norder: 1\n---\nWe meet to talk, listen and share.\n\n"
        "Everyone is welcome.\n")
    assert editing.text() == editing.before
    assert main(["check", str(editing.group)]) == 0
    editing.preview_shows("about/", "Everyone is welcome.")


def test_a_when_typo_shows_the_checks_message_beside_the_field_and_changes_nothing(editing):
    from playwright.sync_api import expect
    editing.open()
    editing.field("meetings[0].when").fill("frist Monday")
    editing.press("Save")
    problem = editing.page.locator('[id="meetings[0].when-problem1"]')
    expect(problem).to_contain_text('"frist Monday" is not a rule sitegen understands')
    expect(editing.field("meetings[0].when")).to_have_value("frist Monday")
    assert editing.field("meetings[0].when").get_attribute("aria-describedby").split()[1] == \
        "meetings[0].when-problem1"
    assert editing.text() == editing.before


def test_pressing_enter_in_a_field_saves_rather_than_pressing_another_button(editing):
    editing.open()
    editing.field("area").fill("Our Town Centre")
    with editing.page.expect_navigation():
        editing.field("area").press("Enter")
    assert "area: Our Town Centre" in editing.text()


@pytest.mark.parametrize("width", [1000, 360])
def test_axe_finds_nothing_on_the_editors_pages_and_they_fit_the_screen(editing, width):
    editing.page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for address in ("edit/", "edit/pages/", "edit/page?file=pages/about.md", "edit/history/"):
        editing.open(address)
        found[address] = axe_violations(editing.page)
        overflow = editing.page.evaluate("document.documentElement.scrollWidth - innerWidth")
        if overflow > 0:
            found[address].append(f"{overflow}px too wide")
        shot = address.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
        editing.page.screenshot(path=f"/tmp/issue14-{shot}-{width}.png", full_page=True)
    editing.open()
    editing.field("meetings[0].when").fill("frist Monday")
    editing.press("Save")  # the form showing a problem
    found["problems"] = axe_violations(editing.page)
    assert {address: v for address, v in found.items() if v} == {}
