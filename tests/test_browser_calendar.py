"""In a real browser: dates past on the visitor's clock are hidden, but listed without JavaScript."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from browser import launched_browser, serve_folder
from sitegen.site.pipeline import build

pytestmark = pytest.mark.browser

WEEKLY_GROUP = {"group.yaml": """\
    name: Thursday Group
    contact:
      phone: 0115 496 0000
    meetings:
      - name: Chat
        when: every Thursday
        time: 7pm-8pm
    """}
# Built on Monday 2 November; the visitor looks on Monday 16 November.
BUILT = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))
VISITED = datetime(2026, 11, 16, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def listed_dates(page) -> list[str]:
    return page.locator("ol.dates li").evaluate_all(
        "items => items.filter(i => !i.hidden).map(i => i.querySelector('time').dateTime)")


@pytest.fixture
def built_site(make_group, tmp_path):
    folder = make_group(WEEKLY_GROUP)
    build(folder, tmp_path / "site", now=BUILT)
    with serve_folder(tmp_path / "site") as base:
        yield base


def test_past_dates_are_hidden_by_the_script_and_the_next_one_promoted(built_site):
    with launched_browser() as browser:
        context = browser.new_context()
        page = context.new_page()
        page.clock.set_fixed_time(VISITED)
        page.goto(built_site + "meetings/index.html")
        visible = listed_dates(page)
        assert visible[0].startswith("2026-11-19T19:00")
        assert not any(d.startswith(("2026-11-05", "2026-11-12")) for d in visible)
        assert page.locator("li.next-date time").get_attribute("datetime").startswith("2026-11-19")


def test_without_javascript_every_built_date_stays_listed(built_site):
    with launched_browser() as browser:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(built_site + "meetings/index.html")
        assert listed_dates(page)[:3] == ["2026-11-05T19:00:00+00:00", "2026-11-12T19:00:00+00:00",
                                          "2026-11-19T19:00:00+00:00"]
