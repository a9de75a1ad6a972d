"""The directory's own pages, paged and with the filter open, are valid HTML (Nu checker) and
have no WCAG 2.2 A/AA violations (axe-core), left to right and right to left."""

from __future__ import annotations

import importlib.util

import pytest

from browser import launched_browser, serve_folder
from conftest import NOW, REPO
from sitegen.directory.build import build_directory
from test_browser_accessibility import axe_violations
from test_html_valid import describe, is_unknown_to_old_checker, run_checker

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location("make_groups", REPO / "benchmarks" / "make_groups.py")
make_groups_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_groups_module)
OWN_PAGES = ["index.html", "page/2/index.html", "404.html"]


@pytest.fixture(scope="module", params=["en", "ur"])
def directory_site(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"directory-{request.param}")
    make_groups_module.make_groups(root / "groups", 30, seed=12)
    (root / "groups" / "directory.yaml").write_text(
        f"name: Groups\nlanguage: {request.param}\ncontact:\n  phone: 0115 496 0000\n",
        encoding="utf-8")
    build_directory(root / "groups", root / "site", now=NOW, jobs=2, pdf=False)
    site = root / "site"
    pages = OWN_PAGES + [sorted(site.glob(f"{kind}/*/index.html"))[0].relative_to(site).as_posix()
                         for kind in ("topics", "areas", "days")]
    return site, pages


def test_the_directory_pages_and_their_style_are_valid_html(directory_site):
    site, pages = directory_site
    files = [str(site / page) for page in pages] + [str(site / "directory.css")]
    messages = [message for message in run_checker(files)
                if message.get("type") != "info" and not is_unknown_to_old_checker(message)]
    assert not messages, "The Nu HTML checker found:\n" + "\n".join(map(describe, messages))


def test_axe_finds_no_violations_on_the_directory_pages_or_with_the_filter_in_use(directory_site):
    site, pages = directory_site
    found = {}
    with serve_folder(site) as base, launched_browser() as browser:
        page = browser.new_page()
        for path in pages:
            page.goto(base + path)
            found[path] = axe_violations(page)
        page.goto(base + "index.html")
        page.locator("#filter").wait_for(state="visible")
        page.select_option("#filter-day", index=1)
        page.locator("#found").wait_for(state="visible")
        found["index.html, filtered"] = axe_violations(page)
    assert {path: v for path, v in found.items() if v} == {}
