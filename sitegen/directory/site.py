"""The directory's own pages: every group as a card, pages by topic, area and day, a search
index for the filter script, and the calendar and meetings list of every group together.

Everything here is made from the groups' summaries (sitegen/directory/groups.py),
never from their folders, and all links are relative, so the directory works
under any sub-path and from plain files.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlsplit
from xml.sax import saxutils

from icalendar import Calendar
from markupsafe import Markup, escape

from sitegen.core.cache import folder_digest
from sitegen.core.colour import tint
from sitegen.web.contact import FormTarget, content_security_policy
from sitegen.directory.config import DirectoryConfig
from sitegen.directory.kept import KeptFiles
from sitegen.core.i18n import Wording
from sitegen.calendar.ics import PRODUCT_ID
from sitegen.core.markdown_html import render_markdown
from sitegen.site.model import RTL_LANGUAGES
from sitegen.core.problems import Problem
from sitegen.site.render import Outputs, make_environment, render_template, static_files
from sitegen.core.slugs import slugify
from sitegen.listings.meeting_guide import dump_items, joined_items
from sitegen.listings.openreferral import about_json

DAY_SLUGS = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday",
             "FR": "friday", "SA": "saturday", "SU": "sunday"}
KINDS = ("topics", "areas", "days")
OWNER = "the directory"
PER_PAGE = 24  # cards a page: at 2,000 groups every page stays under 14 KB gzipped
PAGER_REACH = 2  # numbered links either side of the current page; the first and last always


@dataclass(frozen=True)
class Facet:
    """One topic, area or day, and the groups it has; it gets a page of its own."""

    kind: str  # topics, areas or days
    slug: str
    label: str
    cards: tuple[dict, ...]
    language: str  # the label's: a group's words are in the language of the group using them

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.slug}/"


@dataclass
class DirectoryPage:
    url: str  # "" for the home page, "topics/autism/page/2/" for a filter page's second page
    title: str
    template: str
    cards: list[dict]  # the cards on this page
    facet: Facet | None = None
    indexed: bool = True
    number: int = 1  # which page of its list this is
    addresses: tuple[str, ...] = ("",)  # the url of every page of the list, first to last
    total: int = 0  # the cards on every page of the list together
    heading: Markup | None = None  # the <h1>, when it is more than the title's text

    @property
    def output(self) -> str:
        return self.url if self.url.endswith(".html") else self.url + "index.html"

    def pager(self) -> list[tuple[int | None, str | None]]:
        """(number, url) for the links to show: the first, the last and the nearby pages;
        (None, None) where numbers are left out."""
        count, shown = len(self.addresses), []
        for number in range(1, count + 1):
            if number in (1, count) or abs(number - self.number) <= PAGER_REACH:
                shown.append((number, self.addresses[number - 1]))
            elif shown[-1][0] is not None:
                shown.append((None, None))
        return shown


@dataclass
class Directory:
    """Everything the directory's templates need, worked out once.

    It has the `folder`, `config.theme` and `wording` that render.make_environment
    reads, so the directory's templates get the same loaders and filters as a group's.
    """

    config: DirectoryConfig
    folder: Path
    cards: list[dict]  # the groups' summaries, by name
    not_shown: list[str]  # the folder names of groups with problems
    built_at: datetime
    wording: Wording
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    found_under: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # by group slug
    booklet: bool = False  # booklet.pdf is on the site
    warnings: list[Problem] = field(default_factory=list)

    @property
    def today(self):
        return self.built_at.date()

    @property
    def direction(self) -> str:
        return "rtl" if self.config.language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"

    @property
    def content_security_policy(self) -> str:
        return content_security_policy(FormTarget("none"))

    @property
    def about_html(self) -> str:
        return render_markdown(self.config.about or "")[0]

    def group_address(self, card: dict) -> str:
        """A group's site: a full address when the directory's is known, else relative."""
        return (self.config.website or "") + card["slug"] + "/"


def make_directory(config: DirectoryConfig, folder: Path, summaries: list[dict],
                   not_shown: list[str], built_at: datetime) -> Directory:
    """Sort the cards and gather them by topic, area and day."""
    wording = Wording(config.language)
    cards = sorted(summaries, key=lambda card: (card["name"].casefold(), card["slug"]))
    directory = Directory(config, folder, cards, not_shown, built_at, wording)
    directory.facets = {"topics": _facets("topics", cards, lambda c: c["topics"]),
                        "areas": _facets("areas", cards, area_parts),
                        "days": _day_facets(cards, wording, config.language)}
    directory.found_under = {card["slug"]: {kind: [] for kind in KINDS} for card in cards}
    for kind, facets in directory.facets.items():
        for facet in facets:
            for card in facet.cards:
                directory.found_under[card["slug"]][kind].append(facet.slug)
    return directory


def area_parts(card: dict) -> list[str]:
    """`Riverside, Nottingham` is found under both Riverside and Nottingham."""
    return [part.strip() for part in (card["area"] or "").split(",") if part.strip()]


def _facets(kind: str, cards: list[dict], terms) -> list[Facet]:
    spellings: dict[str, Counter] = {}
    languages: dict[str, str] = {}  # spelling -> the language of the first group using it
    members: dict[str, dict[str, dict]] = {}  # facet slug -> group slug -> card
    for card in cards:
        for term in terms(card):
            slug = slugify(term)
            spellings.setdefault(slug, Counter())[term] += 1
            languages.setdefault(term, card["language"])
            members.setdefault(slug, {})[card["slug"]] = card
    # The spelling most groups use names the page: "Autism" over "autism" when more write it.
    labels = {slug: spellings[slug].most_common(1)[0][0] for slug in members}
    facets = [Facet(kind, slug, labels[slug], tuple(members[slug].values()),
                    languages[labels[slug]]) for slug in members]
    return sorted(facets, key=lambda facet: facet.label.casefold())


def _day_facets(cards: list[dict], wording: Wording, language: str) -> list[Facet]:
    return [Facet("days", slug, wording.weekday(code),
                  tuple(card for card in cards if code in card["days"]), language)
            for code, slug in DAY_SLUGS.items() if any(code in c["days"] for c in cards)]


def facet_slugs(directory: Directory, card: dict) -> dict[str, list[str]]:
    """The topics, areas and days a card is found under, as their page slugs."""
    return directory.found_under[card["slug"]]


def directory_pages(directory: Directory) -> list[DirectoryPage]:
    """The home pages with every group, the pages of each topic, area and day, and a 404 page."""
    pages = paged("", directory.config.name, "directory/index.html", directory.cards)
    for kind in KINDS:
        for facet in directory.facets[kind]:
            title, heading = facet_title(directory, facet)
            pages += paged(facet.url, title, "directory/filter.html", list(facet.cards), facet,
                           heading)
    pages.append(DirectoryPage("404.html", directory.wording._("Page not found"),
                               "directory/404.html", [], indexed=False))
    return pages


def facet_title(directory: Directory, facet: Facet) -> tuple[str, Markup]:
    """"Groups for autism": as text for <title>, and as HTML whose label carries its language."""
    w = directory.wording
    wording, name = {"topics": (w.gettext("Groups for %(topic)s"), "topic"),
                     "areas": (w.gettext("Groups in %(area)s"), "area"),
                     "days": (w.gettext("Groups meeting on %(day)s"), "day")}[facet.kind]
    label = escape(facet.label)
    if facet.language != directory.config.language:
        label = Markup('<span lang="%s">%s</span>') % (facet.language, facet.label)
    return wording % {name: facet.label}, Markup(escape(wording)) % {name: label}


def paged(url: str, title: str, template: str, cards: list[dict], facet: Facet | None = None,
          heading: Markup | None = None) -> list[DirectoryPage]:
    """A list of cards as numbered pages: url, then url/page/2/, url/page/3/ ..."""
    count = max(1, -(-len(cards) // PER_PAGE))
    addresses = tuple([url] + [f"{url}page/{n}/" for n in range(2, count + 1)])
    return [DirectoryPage(addresses[n], title, template, cards[n * PER_PAGE:(n + 1) * PER_PAGE],
                          facet, number=n + 1, addresses=addresses, total=len(cards),
                          heading=heading)
            for n in range(count)]


def render_directory(directory: Directory, outputs: Outputs, kept: KeptFiles) -> None:
    """Render the directory's pages, look, scripts, search index and combined feeds: each
    file only when what it is made of differs from every file `kept` from earlier builds."""
    environment = make_environment(directory)
    colours = {"brand": directory.config.colour, "tint": tint(directory.config.colour, 0.9)}
    shared = {"directory": directory, "config": directory.config, "colours": colours,
              "facets": directory.facets}
    everywhere = shown_everywhere(directory)
    every_card = hashlib.sha256(" ".join(card["digest"] for card in directory.cards)
                                .encode()).hexdigest()

    def claim(output: str, made_of: str, make: Callable[[], bytes]) -> None:
        outputs.claim(output, kept.get((everywhere, output, made_of), make), OWNER)

    for name in ("style.css", "favicon.svg"):
        claim(name, "", lambda: render_template(environment, name, shared).encode())
    claim("directory.css", "", lambda: render_template(
        environment, "directory/directory.css", shared).encode())
    for output, path in static_files(directory.config.theme).items():
        outputs.claim(output, path, f"the theme's static/{output}")
    for page in directory_pages(directory):
        context = {**shared, "page": page, "url": link_maker(directory, page),
                   "facet_slugs": lambda card: facet_slugs(directory, card)}
        claim(page.output, page_made_of(page),
              lambda: render_template(environment, page.template, context).encode("utf-8"))
    claim("search-index.json", every_card, lambda: search_index(directory))
    claim("meetings.ics", every_card, lambda: combined_calendar(directory))
    claim("meetings.json", every_card, lambda: combined_meetings(directory, kept))
    claim("openreferral/services.json", every_card,
          lambda: joined_items([card["services"] for card in directory.cards]))
    outputs.claim("openreferral/index.json", about_json(), OWNER)
    outputs.claim("robots.txt", _robots(directory), OWNER)
    if directory.config.website:
        claim("sitemap.xml", every_card, lambda: _sitemap(directory))


def shown_everywhere(directory: Directory) -> str:
    """What every page may show besides its own cards: the directory's settings and own
    templates, the date, the topics, areas and days with their counts, the groups not
    shown, whether there is a booklet. A template reading anything else of the directory
    must add it here, or its pages are not made again when it changes."""
    templates = directory.folder / "templates"  # make_environment looks there first
    facets = [(kind, f.slug, f.label, f.language, len(f.cards))
              for kind in KINDS for f in directory.facets[kind]]
    return repr((directory.config, str(directory.folder), directory.today.isoformat(),
                 directory.not_shown, directory.booklet, facets,
                 folder_digest(templates) if templates.is_dir() else None))


def page_made_of(page: DirectoryPage) -> str:
    """What one page shows of its own: its place in its list, and its cards (by the hash
    of each one's summary: any change to the group changes it)."""
    facet = (page.facet.kind, page.facet.slug, page.facet.label, page.facet.language) \
        if page.facet else None
    return repr((page.url, page.title, page.template, page.indexed, page.number,
                 page.addresses, page.total, page.heading, facet,
                 [card["digest"] for card in page.cards]))


def link_maker(directory: Directory, page: DirectoryPage):
    """Return url(target): a relative link from the page (from the root for the 404 page)."""
    here = posixpath.dirname(page.output)
    root = urlsplit(directory.config.website).path if directory.config.website else "/"

    def url(target: str) -> str:
        target = target.lstrip("/")
        if target == "" or target.endswith("/"):
            target += "index.html"
        if page.url == "404.html":
            return root + target
        return posixpath.relpath(target, here or ".")

    return url


def search_index(directory: Directory) -> bytes:
    """What the filter script needs, as small as it can be: it is fetched only once someone
    starts to filter. Each group is [slug, name, tagline, area, topics, areas, days, lang],
    its topics, areas and days as numbers into `labels`; the script makes the words to
    search from these, so no text is sent twice."""
    numbers = {kind: {f.slug: n for n, f in enumerate(directory.facets[kind])} for kind in KINDS}
    groups = []
    for card in directory.cards:
        found = facet_slugs(directory, card)
        groups.append([card["slug"], card["name"], card["tagline"] or "", card["area"] or "",
                       *([numbers[kind][slug] for slug in found[kind]] for kind in KINDS),
                       card["language"] if card["language"] != directory.config.language else ""])
    document = {"labels": {kind: [[f.slug, f.label] for f in directory.facets[kind]]
                           for kind in KINDS}, "groups": groups}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def combined_calendar(directory: Directory) -> bytes:
    """Every group's meetings in one feed; UIDs were made unique per group by the workers."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", directory.config.name)
    calendar.add("x-wr-timezone", directory.config.timezone)
    zones: dict[str, str] = {}
    for card in directory.cards:
        for tzid, text in card["feed"].get("timezones", {}).items():
            if len(text) > len(zones.get(tzid, "")):  # the one reaching furthest back
                zones[tzid] = text
    events = [text for card in directory.cards for text in card["feed"].get("events", [])]
    head, end = calendar.to_ical().decode("utf-8").rsplit("END:VCALENDAR", 1)
    # Each part is a whole component, already folded by icalendar: they join as they are.
    return (head + "".join(zones[tzid] for tzid in sorted(zones)) + "".join(events)
            + "END:VCALENDAR" + end).encode("utf-8")


def combined_meetings(directory: Directory, kept: KeptFiles) -> bytes:
    """/meetings.json of every group, one Meeting Guide array; slugs made unique per group.
    Each group's part is kept: it changes only with the group or the directory's address."""
    website = directory.config.website
    return joined_items([kept.part(f"meetings {card['digest']} {website}",
                                   lambda: dump_items(_directory_entries(card, website)))
                         for card in directory.cards])


def _directory_entries(card: dict, website: str | None) -> list[dict]:
    return [{**({"url": f"{website}{card['slug']}/meetings/{quote(entry['slug'])}/"}
                if website else {}),  # the group's own, when it has a website
             **entry, "slug": f"{card['slug']}--{entry['slug']}"}  # "--" is in no slug
            for entry in card["listed"]]


def _robots(directory: Directory) -> bytes:
    text = "User-agent: *\nAllow: /\n"
    if directory.config.website:
        text += f"\nSitemap: {directory.config.website}sitemap.xml\n"
    return text.encode("utf-8")


def _sitemap(directory: Directory) -> bytes:
    website, today = directory.config.website, directory.today.isoformat()
    addresses = [website + page.url for page in directory_pages(directory) if page.indexed]
    addresses += [directory.group_address(card) for card in directory.cards]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
             *(f"  <url><loc>{saxutils.escape(a)}</loc><lastmod>{today}</lastmod></url>"
               for a in addresses), "</urlset>"]
    return ("\n".join(lines) + "\n").encode("utf-8")
