"""In a real browser: the directory's pages of cards and its filters by topic, area and day,
without JavaScript (numbered pages and pre-built pages) and with it (the form searches every
group, fetching the groups' data only once someone starts to filter), served under a sub-path."""

from __future__ import annotations

import importlib.util
import re

import pytest

from browser import launched_browser, serve_folder
from conftest import NOW, REPO, read_search_index
from sitegen.directory.build import build_directory
from sitegen.directory.site import PER_PAGE

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location("make_groups", REPO / "benchmarks" / "make_groups.py")
make_groups_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_groups_module)
SHOWN_AT_ONCE = 24  # directory.js shows this many matches, then a "Show more groups" button


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """60 groups (three pages) built without PDFs into ROOT/groups-site, served from ROOT."""
    root = tmp_path_factory.mktemp("browser-directory")
    make_groups_module.make_groups(root / "groups", 60, seed=11)
    build_directory(root / "groups", root / "groups-site", now=NOW, jobs=2, pdf=False)
    index = read_search_index(root / "groups-site")
    with serve_folder(root) as base:
        yield base + "groups-site/", index


def groups_with(index: list[dict], **chosen: str) -> set[str]:
    """The slugs of the groups the search index says match every chosen topic, area or day."""
    return {g["slug"] for g in index if all(value in g[kind] for kind, value in chosen.items())}


def shown_cards(page) -> set[str]:
    return set(page.locator("li.card").evaluate_all(
        "cards => cards.filter(c => !c.hidden && c.offsetParent !== null)"
        ".map(c => c.dataset.slug)"))


def most_common(index: list[dict], kind: str) -> str:
    """The topic, area or day with the most groups (so the filter has something to show)."""
    counts = {}
    for group in index:
        for slug in group[kind]:
            counts[slug] = counts.get(slug, 0) + 1
    return max(sorted(counts), key=lambda slug: counts[slug])


def label(base_page, kind: str, slug: str) -> str:
    return base_page.locator(f"#filter-{kind[:-1] if kind != 'areas' else 'area'} "
                             f"option[value='{slug}']").text_content()


def watch_for_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def in_name_order(index: list[dict]) -> list[str]:
    return [g["slug"] for g in index]  # the index lists the groups as the pages do


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_the_numbered_links_walk_through_every_group_once(served, javascript):
    base, index = served
    with launched_browser() as browser:
        page = browser.new_context(java_script_enabled=javascript).new_page()
        page.goto(base + "index.html")
        seen = [*shown_cards(page)]
        assert len(seen) == PER_PAGE
        page.locator("nav.pager").get_by_role("link", name="Page 3", exact=True).click()
        assert page.url == base + "page/3/index.html"
        assert page.locator('nav.pager a[aria-current="page"]').text_content() == "3"
        seen += shown_cards(page)
        page.locator("nav.pager").get_by_role("link", name="Previous page").click()
        assert page.url == base + "page/2/index.html"
        seen += shown_cards(page)
        assert sorted(seen) == sorted(in_name_order(index))
        page.locator("nav.pager").get_by_role("link", name="Page 1", exact=True).click()
        assert page.url == base + "index.html"


def test_without_javascript_the_links_lead_to_pages_of_only_matching_groups(served):
    base, index = served
    topic, day = most_common(index, "topics"), most_common(index, "days")
    with launched_browser() as browser:
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(base + "index.html")
        assert not page.locator("#filter").is_visible()
        topic_link = page.locator(f"nav.facets a[href='topics/{topic}/index.html']")
        topic_link.click()
        assert page.url == f"{base}topics/{topic}/index.html"
        assert shown_cards(page) == groups_with(index, topics=topic)
        page.locator(f"nav.facets a[href='../../days/{day}/index.html']").click()
        assert page.url == f"{base}days/{day}/index.html"
        every = set(shown_cards(page))
        while page.locator("nav.pager a[rel=next]").count():
            page.locator("nav.pager a[rel=next]").click()
            every |= shown_cards(page)
        assert every == groups_with(index, days=day)
        page.get_by_role("link", name="All groups").click()
        assert page.url == base + "index.html"


def test_the_groups_data_is_fetched_only_once_someone_starts_to_filter(served):
    base, _ = served
    with launched_browser() as browser:
        page = browser.new_context().new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + "index.html")
        page.locator("#filter").wait_for(state="visible")
        page.wait_for_load_state("networkidle")
        assert not [url for url in requested if "search-index" in url]
        with page.expect_request(lambda request: "search-index.json" in request.url):
            page.focus("#filter-text")


def test_with_javascript_the_form_searches_every_page_at_once(served):
    base, index = served
    day, area = most_common(index, "days"), most_common(index, "areas")
    expected = [slug for slug in in_name_order(index) if slug in groups_with(index, days=day)]
    assert len(expected) > SHOWN_AT_ONCE, "the seed should give a day with many groups"
    with launched_browser() as browser:
        page = browser.new_context().new_page()
        errors = watch_for_errors(page)
        page.goto(base + "index.html")
        page.locator("#filter").wait_for(state="visible")
        page.select_option("#filter-day", day)
        page.locator("#found").wait_for(state="visible")
        assert shown_cards(page) == set(expected[:SHOWN_AT_ONCE])
        assert page.url == f"{base}index.html?day={day}"  # no page load, just the address
        assert page.locator("#filter-status").text_content() == f"Groups found: {len(expected)}"
        assert not page.locator("nav.pager").is_visible()
        page.get_by_role("button", name="Show more groups").click()
        assert shown_cards(page) == set(expected)
        assert not page.get_by_role("button", name="Show more groups").is_visible()
        page.select_option("#filter-day", "")
        page.select_option("#filter-area", area)
        in_area = [slug for slug in in_name_order(index) if slug in groups_with(index, areas=area)]
        assert shown_cards(page) == set(in_area[:SHOWN_AT_ONCE])
        page.locator("#found-cards li.card h2 a").first.click()
        assert re.fullmatch(re.escape(base) + r"[a-z0-9-]+/index\.html", page.url)
        page.go_back()
        page.get_by_role("button", name="Show every group").click()
        page.locator("#found").wait_for(state="hidden")
        assert shown_cards(page) == set(in_name_order(index)[:PER_PAGE])
        assert errors == []


def test_typing_a_word_finds_groups_by_name_topic_or_place(served):
    base, index = served
    first = index[0]
    word = first["name"].split()[0].lower()
    expected = {g["slug"] for g in index
                if word in " ".join([g["name"], g["tagline"], g["area"]]).lower()
                or any(word in topic.replace("-", " ") for topic in g["topics"])}
    with launched_browser() as browser:
        page = browser.new_context().new_page()
        page.goto(base + "index.html")
        page.locator("#filter").wait_for(state="visible")
        page.fill("#filter-text", word.upper())
        page.locator("#found").wait_for(state="visible")
        assert first["slug"] in shown_cards(page)
        assert shown_cards(page) == set(sorted(expected, key=in_name_order(index).index)[:SHOWN_AT_ONCE])
        page.fill("#filter-text", "no group is called this")
        from playwright.sync_api import expect  # installed when a browser was launched

        expect(page.locator("#filter-status")).to_have_text("Groups found: 0")
        assert shown_cards(page) == set()


def test_an_address_with_filters_opens_with_them_chosen(served):
    base, index = served
    area, day = most_common(index, "areas"), most_common(index, "days")
    with launched_browser() as browser:
        page = browser.new_context().new_page()
        page.goto(f"{base}index.html?area={area}&day={day}")
        page.locator("#filter").wait_for(state="visible")
        page.locator("#found").wait_for(state="visible")
        assert page.locator("#filter-area").input_value() == area
        assert page.locator("#filter-day").input_value() == day
        matching = [slug for slug in in_name_order(index)
                    if slug in groups_with(index, areas=area, days=day)]
        assert shown_cards(page) == set(matching[:SHOWN_AT_ONCE])


def test_the_directory_and_a_group_site_load_nothing_from_elsewhere(served):
    base, index = served
    slug = index[0]["slug"]
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
