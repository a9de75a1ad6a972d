"""In a real browser: the directory's filters by topic, area and day, without JavaScript (the
pre-built pages) and with it (the form changes the cards at once), served under a sub-path."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from browser import launched_browser, serve_folder
from conftest import NOW, REPO
from sitegen.directory.build import build_directory

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location("make_groups", REPO / "benchmarks" / "make_groups.py")
make_groups_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_groups_module)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """12 groups built without PDFs into ROOT/groups-site, served from ROOT: a sub-path."""
    root = tmp_path_factory.mktemp("browser-directory")
    make_groups_module.make_groups(root / "groups", 12, seed=11)
    build_directory(root / "groups", root / "groups-site", now=NOW, jobs=1, pdf=False)
    index = json.loads((root / "groups-site" / "search-index.json").read_bytes())
    with serve_folder(root) as base:
        yield base + "groups-site/", index


def groups_with(index: dict, **chosen: str) -> set[str]:
    """The slugs of the groups the search index says match every chosen topic, area or day."""
    return {g["slug"] for g in index["groups"]
            if all(value in g[kind] for kind, value in chosen.items())}


def shown_cards(page) -> set[str]:
    return set(page.locator("li.card").evaluate_all(
        "cards => cards.filter(c => !c.hidden && c.offsetParent !== null)"
        ".map(c => c.dataset.slug)"))


def most_common(index: dict, kind: str) -> str:
    """The topic, area or day with the most groups (so the filter has something to show)."""
    counts = {slug: len(groups_with(index, **{kind: slug})) for slug in index["labels"][kind]}
    return max(sorted(counts), key=lambda slug: counts[slug])


def watch_for_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_without_javascript_the_links_lead_to_pages_of_only_matching_groups(served):
    base, index = served
    topic, day = most_common(index, "topics"), most_common(index, "days")
    with launched_browser() as browser:
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(base + "index.html")
        assert not page.locator("#filter").is_visible()
        assert shown_cards(page) == groups_with(index)
        page.locator("nav.facets").get_by_role("link", name=index["labels"]["topics"][topic],
                                                exact=True).click()
        assert page.url == f"{base}topics/{topic}/index.html"
        assert shown_cards(page) == groups_with(index, topics=topic)
        page.locator("nav.facets").get_by_role("link", name=index["labels"]["days"][day],
                                                exact=True).click()
        assert page.url == f"{base}days/{day}/index.html"
        assert shown_cards(page) == groups_with(index, days=day)
        page.get_by_role("link", name="All groups").click()
        assert page.url == base + "index.html"


def test_with_javascript_the_form_filters_the_cards_at_once(served):
    base, index = served
    topic, area = most_common(index, "topics"), most_common(index, "areas")
    with launched_browser() as browser:
        page = browser.new_context().new_page()
        errors = watch_for_errors(page)
        page.goto(base + "index.html")
        page.locator("#filter").wait_for(state="visible")
        page.select_option("#filter-topic", topic)
        assert shown_cards(page) == groups_with(index, topics=topic)
        assert page.url == f"{base}index.html?topic={topic}"  # no page load, just the address
        count = len(groups_with(index, topics=topic))
        assert page.locator("#filter-status").text_content() == \
            f"{count} group{'' if count == 1 else 's'}"
        page.select_option("#filter-topic", "")
        page.select_option("#filter-area", area)
        assert shown_cards(page) == groups_with(index, areas=area)
        page.get_by_role("button", name="Show every group").click()
        page.wait_for_function("document.querySelectorAll('li.card[hidden]').length === 0")
        assert shown_cards(page) == groups_with(index)
        assert errors == []


def test_typing_a_word_finds_groups_by_name_topic_or_place(served):
    base, index = served
    first = index["groups"][0]
    word = first["text"].split()[0]
    expected = {g["slug"] for g in index["groups"] if word in g["text"]}
    with launched_browser() as browser:
        page = browser.new_context().new_page()
        page.goto(base + "index.html")
        page.locator("#filter").wait_for(state="visible")
        page.fill("#filter-text", word.upper())
        assert first["slug"] in shown_cards(page)
        assert shown_cards(page) == expected
        page.fill("#filter-text", "no group is called this")
        assert shown_cards(page) == set()
        assert page.locator("#filter-status").text_content() == "0 groups"


def test_an_address_with_filters_opens_with_them_chosen(served):
    base, index = served
    area, day = most_common(index, "areas"), most_common(index, "days")
    with launched_browser() as browser:
        page = browser.new_context().new_page()
        page.goto(f"{base}index.html?area={area}&day={day}")
        page.locator("#filter").wait_for(state="visible")
        assert page.locator("#filter-area").input_value() == area
        assert page.locator("#filter-day").input_value() == day
        assert shown_cards(page) == groups_with(index, areas=area, days=day)


def test_the_directory_and_a_group_site_load_nothing_from_elsewhere(served):
    base, index = served
    slug = index["groups"][0]["slug"]
    with launched_browser() as browser:
        page = browser.new_context().new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        errors = watch_for_errors(page)
        page.goto(base + "index.html")
        page.locator("#filter").wait_for(state="visible")
        page.locator(f"#group-{slug} h2 a").click()
        assert page.url == f"{base}{slug}/index.html"
        assert all(url.startswith(base) for url in requested), requested
        assert not [e for e in errors if re.search("Content.Security.Policy", e)]
