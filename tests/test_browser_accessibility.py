"""In a real browser: axe-core finds no WCAG 2.2 A/AA violations on any page, in English,
Chinese and Urdu, and pages still fit a 320px-wide screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import launched_browser, serve_folder
from conftest import EXAMPLE_GROUP, NOW, REPO
from sitegen.site.pipeline import build

pytestmark = pytest.mark.browser

GROUPS = {"example-group": EXAMPLE_GROUP, "chinese": REPO / "tests/sites/zh-group",
          "urdu": REPO / "tests/sites/ur-group"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module", params=list(GROUPS))
def served_site(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param) / "site"
    build(GROUPS[request.param], out, now=NOW)
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    with serve_folder(out) as base:
        yield base, pages


def axe_violations(page) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright",
                              reason="axe-playwright-python is not installed")
    results = axe.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
            for v in results.response["violations"]]


def test_axe_finds_no_violations_on_any_page(served_site):
    base, pages = served_site
    found = {}
    with launched_browser() as browser:
        page = browser.new_page()
        for path in pages:
            page.goto(base + path)
            violations = axe_violations(page)
            if violations:
                found[path] = violations
    assert found == {}


def test_every_page_fits_a_320px_screen_without_sideways_scrolling(served_site):
    base, pages = served_site
    too_wide = []
    with launched_browser() as browser:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        for path in pages:
            page.goto(base + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                too_wide.append(f"{path}: {overflow}px too wide")
    assert too_wide == []
