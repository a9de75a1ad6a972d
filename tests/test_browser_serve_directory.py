"""In a real browser: the directory page open on `sitegen serve our-groups` reloads itself when
a group's folder changes, and shows that group's mistake until it is fixed."""

from __future__ import annotations

import importlib.util
import re

import pytest

from browser import launched_browser
from conftest import REPO
from sitegen.preview.serve import PreviewServer

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location("make_groups", REPO / "benchmarks" / "make_groups.py")
make_groups_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_groups_module)
REBUILD_SECONDS = 90


def test_the_open_directory_follows_a_groups_edits_and_shows_its_mistakes(tmp_path):
    from playwright.sync_api import expect

    groups = make_groups_module.make_groups(tmp_path / "groups", 3, seed=4)
    yaml = groups[1] / "group.yaml"
    good = yaml.read_text(encoding="utf-8")
    wait = {"timeout": REBUILD_SECONDS * 1000}
    with PreviewServer(tmp_path / "groups", port=0) as server, launched_browser() as browser:
        page = browser.new_page()
        page.goto(server.url)
        tagline = page.locator(f"#group-{groups[1].name} .card-tagline")
        problems = page.locator(".sitegen-problems")
        expect(problems).to_have_count(0)
        page.evaluate("window.notReloadedYet = true")

        yaml.write_text(re.sub(r"^tagline: .*$", 'tagline: "Tea and company"', good, flags=re.M),
                        encoding="utf-8")
        expect(tagline).to_have_text("Tea and company", **wait)
        # Put in place, not reloaded: the group's stylesheet and scripts, kept in the
        # directory's cache by their bytes, did not change.
        assert page.evaluate("window.notReloadedYet") is True

        yaml.write_text(good.replace("when: ", "when: every blue moon #", 1), encoding="utf-8")
        expect(problems).to_contain_text("is not a rule sitegen understands", **wait)
        expect(page.locator(f"#group-{groups[1].name} .stale-note")).to_be_visible()

        page.locator(f"#group-{groups[1].name} h2 a").click()
        expect(page.locator(".sitegen-problems")).to_contain_text("every blue moon")

        yaml.write_text(good, encoding="utf-8")
        expect(page.locator(".sitegen-problems")).to_have_count(0, **wait)
