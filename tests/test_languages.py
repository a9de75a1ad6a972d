"""A site in two languages: the second under /ur/, with a language switch and hreflang links."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import NOW
from sitegen.site.pipeline import build, check
from sitegen.core.problems import SiteError

GROUP = """\
name: Riverside Women Together
tagline: Tea and a chat for South Asian women
website: https://riverside-women.org.uk
language: en
languages: [en, ur]
contact:
  phone: 0115 496 0222
  note: Not online? Ring us.
translations:
  ur:
    name: ریور سائیڈ خواتین
    tagline: جنوبی ایشیائی خواتین کے لیے چائے اور بات چیت
    note: انٹرنیٹ نہیں؟ ہمیں فون کریں۔
meetings:
  - name: Tea
    when: every Wednesday
    time: 11am-1pm
"""
PAGES = {
    "pages/about.md": "# About us\n\nWe are a friendly group.\n",
    "pages/ur/about.md": "# ہمارے بارے میں\n\nہم ایک دوستانہ گروپ ہیں۔\n",
    "pages/visiting.md": "# Visiting\n\nCome along.\n",
}


@pytest.fixture
def site(make_group, tmp_path):
    folder = make_group({"group.yaml": GROUP, **PAGES})
    build(folder, tmp_path / "site", now=NOW)
    return tmp_path / "site"


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_the_second_language_is_built_under_its_code_in_its_own_words(site):
    home = page(site, "ur/index.html")
    assert (home.html["lang"], home.html["dir"]) == ("ur", "rtl")
    assert home.h1.get_text() == "ریور سائیڈ خواتین"
    assert "انٹرنیٹ نہیں؟ ہمیں فون کریں۔" in home.footer.get_text()
    assert page(site, "ur/about/index.html").h1.get_text() == "ہمارے بارے میں"
    assert (site / "ur" / "meetings" / "index.html").exists()


def test_shared_files_are_written_once_and_linked_from_both_languages(site):
    assert not (site / "ur" / "style.css").exists()
    link = page(site, "ur/about/index.html").find("link", rel="stylesheet")["href"]
    assert link == "../../style.css"


def test_the_language_switch_leads_to_the_same_page_or_that_languages_home(site):
    switch = page(site, "about/index.html").find(class_="languages").a
    assert (switch["href"], switch["hreflang"], switch.get_text()) == (
        "../ur/about/index.html", "ur", "اردو")
    only_english = page(site, "visiting/index.html").find(class_="languages").a
    assert only_english["href"] == "../ur/index.html"
    back = page(site, "ur/about/index.html").find(class_="languages").a
    assert back["href"] == "../../about/index.html"


def test_hreflang_links_name_both_languages_with_full_addresses(site):
    links = {l["hreflang"]: l["href"] for l in
             page(site, "about/index.html").find_all("link", rel="alternate", hreflang=True)}
    assert links == {"en": "https://riverside-women.org.uk/about/",
                     "ur": "https://riverside-women.org.uk/ur/about/"}


def test_the_sitemap_lists_pages_in_every_language(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://riverside-women.org.uk/ur/about/" in sitemap
    assert "https://riverside-women.org.uk/about/" in sitemap


def test_a_page_folder_for_a_language_not_listed_is_an_error(make_group):
    folder = make_group({"group.yaml": GROUP, "pages/bn/about.md": "# আমাদের সম্পর্কে\n"})
    with pytest.raises(SiteError) as caught:
        check(folder, now=NOW)
    assert 'is a folder for the language "bn", which is not in `languages`' in str(caught.value)


def test_translations_for_a_language_not_listed_are_an_error(make_group):
    with_polish = GROUP.replace("translations:\n", "translations:\n  pl:\n    name: Kobiety\n")
    folder = make_group({"group.yaml": with_polish})
    with pytest.raises(SiteError) as caught:
        check(folder, now=NOW)
    assert "translations.pl" in str(caught.value)


def test_menu_links_stay_in_the_pages_language(site):
    menu = [a["href"] for a in page(site, "ur/about/index.html").select("nav a")]
    assert "../meetings/index.html" in menu and "index.html" in menu
    assert not any("ur/ur" in href for href in menu)
