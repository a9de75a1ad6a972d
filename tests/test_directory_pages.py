"""The directory's own pages: in the directory's language, paged with plain links, and light
enough for a phone at 2,000 groups."""

from __future__ import annotations

import gzip
import importlib.util
import posixpath
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import NOW, REPO
from sitegen.core.i18n import LOCALES
from sitegen.directory.build import build_directory
from sitegen.directory.site import PER_PAGE

_spec = importlib.util.spec_from_file_location("make_groups", REPO / "benchmarks" / "make_groups.py")
make_groups_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_groups_module)
make_groups = make_groups_module.make_groups

BUDGET = 14 * 1024  # gzipped bytes of a page's HTML, local CSS and scripts together
# Words the directory's pages used to write in English whatever the language.
ENGLISH = re.compile(r"\b(Search|Topic|Area|Day|Show|every|groups?|Groups|Page|Next|Previous|"
                     r"Anywhere|Any|All|By|Not shown|meetings)\b")


def directory_pages(site: Path) -> list[Path]:
    """The directory's own HTML pages, not the groups' sites under /<group>/."""
    own = [site / "index.html", site / "404.html"]
    for folder in ("page", "topics", "areas", "days"):
        own += sorted((site / folder).rglob("index.html")) if (site / folder).is_dir() else []
    return own


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def chinese(tmp_path_factory):
    """60 English-speaking groups, one Polish, in a directory whose language is zh-Hans."""
    root = tmp_path_factory.mktemp("zh")
    groups = make_groups(root / "groups", 60, seed=5)
    yaml = groups[0] / "group.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "language: pl\n", encoding="utf-8")
    (root / "groups" / "directory.yaml").write_text(
        "name: 诺丁汉互助小组名录\nlanguage: zh-Hans\narea: 诺丁汉\ncontact:\n  phone: 0115 496 0000\n",
        encoding="utf-8")
    build_directory(root / "groups", root / "site", now=NOW, jobs=2, pdf=False)
    return root / "site", groups


def interface_text(page: BeautifulSoup, language: str) -> str:
    """What the page says in its own words: the groups' words, marked with their language,
    and the scripts and styles are taken out."""
    for part in page(["script", "style"]):
        part.decompose()
    for part in page.find_all(lang=True):
        if part.name != "html" and part["lang"] != language:
            part.decompose()
    return " ".join(page.get_text(" ").split())


def english_messages() -> set[str]:
    with (LOCALES / "zh_Hans.po").open("rb") as po_file:
        return {m.id for m in read_po(po_file) if isinstance(m.id, str) and len(m.id) > 3
                and "%(" not in m.id and m.string != m.id}


def test_a_chinese_directory_has_no_english_interface_words(chinese):
    site, _ = chinese
    messages = english_messages()
    left = {}
    for path in directory_pages(site):
        page = soup_of(path)
        assert (page.html["lang"], page.html["dir"]) == ("zh-Hans", "ltr")
        text = interface_text(page, "zh-Hans")
        found = sorted({m for m in messages if re.search(r"\b" + re.escape(m) + r"\b", text)})
        found += sorted(set(ENGLISH.findall(text)))
        if found:
            left[path.relative_to(site).as_posix()] = found
    assert left == {}


def test_the_chinese_directory_writes_its_words_and_dates_in_chinese(chinese):
    site, _ = chinese
    page = soup_of(site / "index.html")
    assert page.find("label", attrs={"for": "filter-text"}).get_text() == "搜索"
    assert page.select_one("#listed .count-line").get_text() == "60 个小组"
    assert "第 1 页，共 3 页" in page.find(class_="pager").get_text()
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日星期", page.select_one(".card-dates").get_text())


def test_group_cards_carry_their_groups_language(chinese):
    site, groups = chinese
    cards = {}
    for path in walk_pages(site, site / "index.html"):
        cards.update({card["data-slug"]: card for card in soup_of(path).select("li.card")})
    polish = cards[groups[0].name]
    assert polish.h2.a["lang"] == "pl"
    english = cards[groups[1].name]
    assert english.h2.a["lang"] == "en" and english.find(class_="card-tagline")["lang"] == "en"
    assert english.dt.get("lang") is None  # "For", "Where": the directory's own words


def test_a_right_to_left_directory_is_marked_rtl(tmp_path):
    make_groups(tmp_path / "groups", 3, seed=2)
    (tmp_path / "groups" / "directory.yaml").write_text("name: گروپوں کی ڈائریکٹری\nlanguage: ur\n",
                                                        encoding="utf-8")
    build_directory(tmp_path / "groups", tmp_path / "site", now=NOW, jobs=1, pdf=False)
    for path in directory_pages(tmp_path / "site"):
        page = soup_of(path)
        assert (page.html["lang"], page.html["dir"]) == ("ur", "rtl"), path
    page = soup_of(tmp_path / "site" / "index.html")
    assert page.find("label", attrs={"for": "filter-text"}).get_text() == "تلاش"
    assert all(a["dir"] == "ltr" for a in page.select("li.card h2 a"))  # English names


# ------------------------------------------------------------- pages of cards

def follow(site: Path, page: Path, href: str) -> Path:
    """The file a link on a page leads to: relative, or from the root (the 404 page's)."""
    if href.startswith("/"):
        return site / href.lstrip("/")
    return Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))


def walk_pages(site: Path, first: Path) -> list[Path]:
    """Follow the rel=next links from the first page to the last."""
    pages = [first]
    while (link := soup_of(pages[-1]).find("a", rel="next")) is not None:
        pages.append(follow(site, pages[-1], link["href"]))
        assert pages[-1].is_file(), link["href"]
    return pages


def test_the_index_is_paged_and_every_group_is_on_exactly_one_page(chinese):
    site, groups = chinese
    pages = walk_pages(site, site / "index.html")
    assert [p.relative_to(site).as_posix() for p in pages] == [
        "index.html", "page/2/index.html", "page/3/index.html"]
    seen = [card["data-slug"] for path in pages for card in soup_of(path).select("li.card")]
    assert sorted(seen) == sorted(group.name for group in groups)
    assert len(seen) == len(set(seen))
    assert all(len(soup_of(path).select("li.card")) <= PER_PAGE for path in pages)


def test_every_numbered_link_leads_to_its_page_and_the_current_one_is_marked(chinese):
    site, _ = chinese
    for path in walk_pages(site, site / "index.html"):
        pager = soup_of(path).find("nav", class_="pager")
        numbers = {int(a.get_text()): follow(site, path, a["href"])
                   for a in pager.select("a") if a.get_text().isdigit()}
        assert numbers == {1: site / "index.html", 2: site / "page/2/index.html",
                           3: site / "page/3/index.html"}
        current = pager.select('a[aria-current="page"]')
        assert len(current) == 1 and numbers[int(current[0].get_text())] == path


def test_a_topic_area_or_day_with_many_groups_is_paged_too(chinese):
    site, _ = chinese
    big = max((len(soup_of(p).select("li.card")) + (p.parent / "page").is_dir() * 1000, p)
              for p in (site / "areas").glob("*/index.html"))[1]
    pages = walk_pages(site, big)
    assert len(pages) >= 2
    total = int(re.search(r"\d+", soup_of(big).select_one("#listed .count-line").get_text())[0])
    seen = [c["data-slug"] for p in pages for c in soup_of(p).select("li.card")]
    assert len(seen) == len(set(seen)) == total > PER_PAGE
    assert "(第 2 页，共" in soup_of(pages[1]).title.get_text()


def test_only_the_first_page_has_the_introduction_and_the_links_to_every_meeting(chinese):
    site, _ = chinese
    assert soup_of(site / "index.html").find(id="more-heading")
    assert soup_of(site / "page" / "2" / "index.html").find(id="more-heading") is None


# ------------------------------------------------------------- the weight of a page

def page_weight(site: Path, path: Path) -> int:
    """Gzipped bytes of the page and the local style sheets and scripts it loads."""
    page = soup_of(path)
    files = [path] + [follow(site, path, tag["href"]) for tag in page.select('link[rel="stylesheet"]')]
    files += [follow(site, path, tag["src"]) for tag in page.select("script[src]")]
    return sum(len(gzip.compress(file.read_bytes(), 9)) for file in files)


@pytest.mark.slow
def test_every_directory_page_is_at_most_14_kb_gzipped_at_2000_groups(tmp_path):
    make_groups(tmp_path / "groups", 2000, seed=2026)
    result = build_directory(tmp_path / "groups", tmp_path / "site", now=NOW, pdf=False)
    assert len(result.directory.cards) == 2000
    site = tmp_path / "site"
    pages = directory_pages(site)
    assert len(pages) > 2000 / PER_PAGE
    heaviest = max((page_weight(site, path), path.relative_to(site).as_posix())
                   for path in pages)
    assert heaviest[0] <= BUDGET, heaviest
    index = soup_of(site / "index.html")
    assert "search-index.json" not in " ".join(str(tag) for tag in index.select("link, script"))
