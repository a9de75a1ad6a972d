"""Found by search: titles, descriptions, JSON-LD, sitemap, robots, previews and the news feed."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import EXAMPLE_GROUP, NOW
from sitegen.site.pipeline import build, check
from sitegen.site.seo import first_paragraph_text

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("seo") / "site"
    build(EXAMPLE_GROUP, out, now=NOW)
    return out


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def json_ld(page: BeautifulSoup) -> list[dict]:
    blocks = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    return [item for block in blocks for item in (block if isinstance(block, list) else [block])]


def indexed_pages(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not soup(site, p.relative_to(site).as_posix()).find("meta", attrs={"name": "robots"}))


def test_the_home_title_names_the_group_topic_and_place(site):
    assert soup(site, "index.html").title.string == (
        "Riverside Parents Together – autism support group in Riverside, Nottingham")


def test_every_page_has_one_h1_and_a_unique_title_and_description(site):
    titles, descriptions = {}, {}
    for path in indexed_pages(site):
        page = soup(site, path)
        assert len(page.find_all("h1")) == 1, path
        titles.setdefault(page.title.string, []).append(path)
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert 20 <= len(description) <= 160, (path, description)
        descriptions.setdefault(description, []).append(path)
    assert [paths for paths in titles.values() if len(paths) > 1] == []
    assert [paths for paths in descriptions.values() if len(paths) > 1] == []


def test_the_home_page_describes_the_group_as_an_ngo(site):
    [group] = json_ld(soup(site, "index.html"))
    assert group["@type"] == "NGO"
    assert group["name"] == "Riverside Parents Together"
    assert group["areaServed"] == {"@type": "Place", "name": "Riverside, Nottingham"}
    assert group["contactPoint"]["telephone"] == "0115 496 0000"
    assert group["sameAs"] == ["https://www.facebook.com/groups/riversideparents",
                               "https://chat.whatsapp.com/AbCdEfGhIjK"]
    assert group["logo"] == "https://riversideparents.org.uk/images/logo.svg"
    assert "email" not in json.dumps(group)


def test_each_meeting_page_lists_its_next_dates_as_google_ready_events(site):
    events = json_ld(soup(site, "meetings/coffee-morning/index.html"))
    assert [e["startDate"] for e in events][:2] == ["2027-01-12T10:00:00+00:00",
                                                   "2027-02-09T10:00:00+00:00"]
    for event in events:
        assert event["@type"] == "Event" and event["name"] == "Coffee morning"
        assert event["endDate"][10:19] == "T12:00:00"  # local time, in winter and summer
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        assert event["location"]["address"] == {
            "@type": "PostalAddress", "streetAddress": "12 Mill Lane",
            "addressLocality": "Nottingham", "postalCode": "NG1 1AA", "addressCountry": "GB"}
        assert event["organizer"]["name"] == "Riverside Parents Together"
        assert event["isAccessibleForFree"] is True
        assert event["url"] == "https://riversideparents.org.uk/meetings/coffee-morning/"


def test_cancelled_dates_are_events_with_a_cancelled_status(site):
    events = json_ld(soup(site, "meetings/dads-drop-in/index.html"))
    status = {e["startDate"][:10]: e["eventStatus"].rsplit("/", 1)[1] for e in events}
    assert status["2026-12-26"] == "EventCancelled"
    assert status["2026-12-12"] == "EventScheduled"


def test_online_meetings_have_a_virtual_location(site):
    [first, *_] = json_ld(soup(site, "meetings/evening-chat-online/index.html"))
    assert first["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert first["location"]["@type"] == "VirtualLocation"


def test_the_sitemap_lists_every_indexed_page_with_lastmod(site):
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    listed = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
              for url in root.findall(f"{SITEMAP}url")}
    expected = {"https://riversideparents.org.uk/" + p.removesuffix("index.html")
                for p in indexed_pages(site)}
    assert set(listed) == expected
    assert listed["https://riversideparents.org.uk/news/2026-11-02-christmas-social/"] == "2026-11-02"


def test_robots_allows_everything_and_names_the_sitemap(site):
    text = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *\nAllow: /" in text
    assert "Sitemap: https://riversideparents.org.uk/sitemap.xml" in text


def test_pages_carry_link_preview_tags_and_a_canonical_address(site):
    page = soup(site, "about/index.html")
    tags = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert tags["og:title"] == "About us – Riverside Parents Together"
    assert tags["og:url"] == "https://riversideparents.org.uk/about/"
    assert page.find("link", rel="canonical")["href"] == "https://riversideparents.org.uk/about/"
    assert page.find("meta", attrs={"name": "twitter:card"})


def test_news_has_an_index_page_and_an_atom_feed(site):
    index = soup(site, "news/index.html")
    assert index.h1.get_text() == "News"
    assert index.find("a", href="2026-11-02-christmas-social/index.html")
    feed = ElementTree.parse(site / "feed.xml").getroot()
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Christmas social on 19 December"
    assert entry.find(f"{ATOM}id").text == (
        "https://riversideparents.org.uk/news/2026-11-02-christmas-social/")
    assert soup(site, "index.html").find("link", type="application/atom+xml")["href"] == "feed.xml"


def test_missing_website_area_and_topics_are_warnings_saying_what_is_lost(make_group):
    result = check(make_group(), now=NOW)
    messages = [p.message for p in result.warnings]
    assert any("no sitemap" in m for m in messages)
    assert any("their town" in m for m in messages)
    assert any("what the group is about" in m for m in messages)
    assert all(p.warning for p in result.warnings)


def test_link_previews_get_a_drawn_card_when_the_logo_is_not_a_photo(site):
    from PIL import Image

    page = soup(site, "index.html")
    image = page.find("meta", property="og:image")["content"]
    assert image == "https://riversideparents.org.uk/share.png"
    with Image.open(site / "share.png") as card:
        assert card.size == (1200, 630) and card.format == "PNG"


@pytest.mark.parametrize("language, words", [
    ("en", ("Dementia Carers' Café, Colchester Weekends and Evenings",
            "Support for families living with dementia", "Colchester, Essex")),
    ("ur", ("ایشیائی خواتین کا گروپ", "ایک محفوظ جگہ", "نوٹنگھم")),
    ("zh-Hans", ("华人互助小组欢迎大家来参加我们的活动", "喝茶聊天", "")),
])
@pytest.mark.parametrize("colour", ["#2a6f97", "#b5179e", "darkgreen"])
def test_the_palette_card_has_the_pixels_of_white_text_drawn_on_the_colour(language, words,
                                                                             colour):
    # The card is saved as a palette picture (quicker to encode, half the bytes): it must
    # still decode to what drawing white on an RGB picture of the colour gives.
    import io

    from PIL import Image, ImageDraw, ImageFont

    from sitegen.printed.fonts import LATIN, choose_fonts
    from sitegen.site import share_card

    family = next((f for f in choose_fonts(language).families if f != LATIN), LATIN)
    bold, regular = share_card._font_file(family, "bold"), share_card._font_file(family, "regular")
    if not (bold and regular):
        pytest.skip(f"no {family} font here")
    rtl = language == "ur"
    expected = Image.new("RGB", share_card.SIZE, colour)
    draw, top = ImageDraw.Draw(expected), share_card.MARGIN
    for text, path, size in zip(words, (bold, regular, regular), (76, 42, 36)):
        if text:
            top = share_card._write(draw, text, ImageFont.truetype(path, size), top, rtl) + \
                size // 3
    png = share_card._draw_card(colour, words, bold, regular, rtl)
    with Image.open(io.BytesIO(png)) as card:
        assert card.mode == "P"
        assert card.convert("RGB").tobytes() == expected.tobytes()
    assert len(png) < 40_000


def test_without_a_website_no_preview_card_is_drawn_as_nothing_could_link_to_it(make_group,
                                                                                tmp_path):
    out = tmp_path / "out"
    build(make_group(), out, now=NOW)
    assert not (out / "share.png").exists()
    assert soup(out, "index.html").find("meta", property="og:image") is None


def test_big_photos_are_scaled_down_and_every_picture_has_its_size(site):
    from PIL import Image

    with Image.open(site / "images" / "coffee-morning.jpg") as photo:
        assert photo.width == 1200
    assert (site / "images" / "coffee-morning.jpg").stat().st_size < \
        (EXAMPLE_GROUP / "images" / "coffee-morning.jpg").stat().st_size
    for path in indexed_pages(site):
        for image in soup(site, path).find_all("img"):
            assert image.get("width") and image.get("height"), (path, image)
    photo = soup(site, "about/index.html").find("img", src="../images/coffee-morning.jpg")
    assert (photo["width"], photo["height"]) == ("1200", "800")


@pytest.mark.parametrize("page_html", [
    "<h2>Hello</h2>\n<p>First <em>one</em> &amp; <a href=\"x?a=1&amp;b=2\" title=\"a > b\">"
    "link</a>.</p>\n<p>Second</p>",
    "<ul>\n<li>\n<p>In a list\nover   two lines</p>\n</li>\n</ul>",
    "<blockquote>\n<p>Quoted &lt;p&gt; text&nbsp;here</p>\n</blockquote>",
    "<p id=\"x\" class=\"y\">With attributes<br>and a break</p>",
    "<h2>No paragraph at all</h2>",
    "",
])
def test_the_first_paragraph_is_read_as_an_html_parser_reads_it(page_html):
    first = BeautifulSoup(page_html, "html.parser").find("p")

    assert first_paragraph_text(page_html) == (first.get_text() if first else "")
