"""In a real browser: the page open on `sitegen serve` reloads itself after an edit, shows a
mistake in group.yaml with its line number, and comes back when the mistake is fixed."""

from __future__ import annotations

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
        assert page.evaluate("window.notReloadedYet") is None  # a new page, not a patched one

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
