"""In a real browser: the page open on `sitegen serve` follows edits (its new content put in
place, or reloaded when its stylesheet changed), shows a mistake in group.yaml with its line
number, and comes back when the mistake is fixed."""

from __future__ import annotations

import re
import shutil

import pytest

from browser import launched_browser
from conftest import EXAMPLE_GROUP
from sitegen.preview.serve import PreviewServer

pytestmark = pytest.mark.browser

TAGLINE = "Coffee, chat and support for parents of autistic children"
REBUILD_SECONDS = 90  # a rebuild that must print the poster PDFs again takes a while


def test_the_open_page_follows_edits_and_shows_mistakes_until_fixed(tmp_path):
    from playwright.sync_api import expect

    group = shutil.copytree(EXAMPLE_GROUP, tmp_path / "group",
                            ignore=shutil.ignore_patterns("_site"))
    config = group / "group.yaml"
    good = config.read_text(encoding="utf-8")
    wait = {"timeout": REBUILD_SECONDS * 1000}
    with PreviewServer(group, port=0) as server, launched_browser() as browser:
        page = browser.new_page()
        page.goto(server.url)
        tagline, problems = page.locator(".tagline"), page.locator(".sitegen-problems")
        expect(tagline).to_have_text(TAGLINE)
        page.evaluate("window.notReloadedYet = true")

        config.write_text(good.replace(TAGLINE, "Tea and company for parents"), encoding="utf-8")
        expect(tagline).to_have_text("Tea and company for parents", **wait)
        assert page.evaluate("window.notReloadedYet")  # only documents changed: swapped in place

        broken = good.replace("area: Riverside, Nottingham", "area: Riverside: Nottingham")
        line = broken.splitlines().index("area: Riverside: Nottingham") + 1
        config.write_text(broken.replace(TAGLINE, "Tea and company for parents"), encoding="utf-8")
        expect(problems).to_contain_text(f"group.yaml:{line}:16: a colon (:) is in the wrong "
                                         "place.", **wait)
        expect(problems).to_contain_text("1 problem found.")
        expect(tagline).to_have_text("Tea and company for parents")  # the last good site

        config.write_text(good.replace(TAGLINE, "Tea, cake and company"), encoding="utf-8")
        expect(problems).to_have_count(0, **wait)
        expect(tagline).to_have_text("Tea, cake and company")


@pytest.fixture
def served(tmp_path):
    """A preview of a copy of the example group, and a short browser window open on it."""
    group = shutil.copytree(EXAMPLE_GROUP, tmp_path / "group",
                            ignore=shutil.ignore_patterns("_site"))
    with PreviewServer(group, port=0) as server, launched_browser() as browser:
        yield group, server, browser.new_page(viewport={"width": 800, "height": 400})


def test_a_page_edit_is_put_in_place_scrolled_where_it_was_with_the_script_run_again(served):
    from playwright.sync_api import expect

    group, server, page = served
    about = group / "pages" / "about.md"
    page.goto(server.url + "about/")
    email = page.locator("footer .email a[href^='mailto:']")
    expect(email).to_have_count(1)  # site.js put the address together
    page.evaluate("window.scrollTo(0, 300); window.__marker = 1")

    about.write_text(about.read_text(encoding="utf-8") + "\nA sentence just saved.\n",
                     encoding="utf-8")
    expect(page.get_by_text("A sentence just saved.")).to_be_visible(
        timeout=REBUILD_SECONDS * 1000)
    assert page.evaluate("window.__marker") == 1  # the same page: no navigation
    assert page.evaluate("window.scrollY") == 300
    expect(email).to_have_count(1)  # site.js ran again, on the new body

    about.write_text(about.read_text(encoding="utf-8") + "\nAnd another one.\n",
                     encoding="utf-8")  # the page still listens after a swap
    expect(page.get_by_text("And another one.")).to_be_visible(timeout=REBUILD_SECONDS * 1000)
    assert page.evaluate("window.__marker") == 1


def test_a_new_colour_reloads_the_page(served):
    from playwright.sync_api import expect

    group, server, page = served
    config = group / "group.yaml"
    colour = re.search(r"^colour: .*$", config.read_text(encoding="utf-8"), re.M).group(0)
    page.goto(server.url + "about/")
    page.evaluate("window.__marker = 1")
    with page.expect_navigation(timeout=REBUILD_SECONDS * 1000):
        config.write_text(config.read_text(encoding="utf-8").replace(colour, 'colour: "#5a1d4d"'),
                          encoding="utf-8")
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("window.__marker") is None


def test_a_missing_page_that_comes_into_being_is_loaded(served):
    from playwright.sync_api import expect

    group, server, page = served
    page.goto(server.url + "new-page/")
    expect(page.locator("h1")).to_have_text("Sorry, this page is not here")
    page.evaluate("window.__marker = 1")
    (group / "pages" / "new-page.md").write_text("# A new page\n\nJust written.\n",
                                                 encoding="utf-8")
    expect(page.locator("h1")).to_have_text("A new page", timeout=REBUILD_SECONDS * 1000)
    assert page.evaluate("window.__marker") is None  # a 404 turned into a page: reloaded
