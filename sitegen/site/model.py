"""The site as a whole: pages with their addresses, the menu, and the group's facts."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.calendar.schedule import Schedule, describe_schedule, make_schedules, next_dates
from sitegen.core.config import Config, PageMeta, Translation
from sitegen.web.contact import (THANKS_URL, FormTarget, content_security_policy, form_target,
                             whatsapp_number)
from sitegen.core.i18n import Wording, babel_locale
from sitegen.core.images import image_size, place_images
from sitegen.core.load import SourcePage, read_body
from sitegen.core.yamlload import Mapping
from sitegen.core.markdown_html import render_markdown, unsafe_html_warnings
from sitegen.core.cache import remembered
from sitegen.printed.poster import PosterContent, make_poster
from sitegen.core.problems import Problem, SiteError, collect
from sitegen.core.slugs import slugify
from sitegen.site.validate import CheckedGroup, site_languages

# Addresses the theme itself writes; a Markdown page may not take them.
BUILT_IN_PAGES = {"": "the home page", "404": "the page-not-found page",
                  "meetings": "the meetings page", "contact": "the contact page",
                  "pages": "the list of all pages",
                  "poster": "the printable poster",
                  "images": "the images folder", "news": "the news page"}
MENU_PAGES = 6  # Markdown pages the menu shows before it links to a list of all pages
SHARE_CARD = "share.png"  # drawn by sitegen/site/share_card.py when there is no photo logo
# Languages written right to left (by their primary subtag).
RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
_NEWS_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


@dataclass(frozen=True)
class PageWords:
    """Where a Markdown page's words are, to read and turn into HTML when the page is rendered.

    Held as HTML, a big site's pages took more memory than the rest of its build.
    """

    source: Path
    digest: str  # of the file as load_group read it (see read_body)
    titled_by_heading: bool  # its first `# Heading` is the page's title, so it is left out

    def html(self, folder: Path, page_url: str) -> str:
        """Safe HTML of the words, its pictures pointed at the site's images/ folder."""
        body = read_body(self.source, self.digest)
        if self.titled_by_heading:
            heading = _HEADING.search(body)
            body = body[: heading.start()] + body[heading.end():]
        return place_images(_markdown_html(body), folder, page_url)


@dataclass
class Page:
    """One HTML page of the site."""

    url: str  # the folder it is served from, like "about/" ("" for the home page)
    title: str
    template: str
    description: str | None = None
    words: PageWords | None = None  # a Markdown page's words, turned into HTML when rendered
    html: str = ""  # those words as HTML, only in the copy of the page being rendered
    order: int = 100
    in_menu: bool = False
    source: Path | None = None
    slug_at: tuple[int, int] | None = None  # line and column of the `slug:` that chose the url
    date: date | None = None
    schedule: Schedule | None = None  # the meeting or event a meeting page is about
    indexed: bool = True  # listed in the sitemap and open to search engines

    @property
    def output(self) -> str:
        """The file the page is written to, like about/index.html."""
        return self.url + "index.html" if not self.url.endswith(".html") else self.url


@dataclass(frozen=True)
class Alternate:
    """The same site in another language, for the language switch and hreflang links."""

    language: str
    label: str  # the language's own name for itself: اردو, 中文, Polski
    prefix: str  # "" for the main language, "ur/" for the others
    urls: frozenset[str] | set[str]  # its pages, without the prefix

    def link_for(self, url: str) -> str:
        """The same page in this language when it has one, else its home page (from /)."""
        return "/" + self.prefix + (url if url in self.urls else "")


@dataclass
class Site:
    """Everything the templates need, worked out once."""

    config: Config
    folder: Path
    today: date
    built_at: datetime
    pages: list[Page]
    schedules: list[Schedule] = field(default_factory=list)
    about_html: str = ""
    static_files: dict[str, Path] = field(default_factory=dict)
    previous_feed: bytes | None = None
    poster: PosterContent | None = None  # what the poster and leaflet show
    previous_print: dict[str, bytes] = field(default_factory=dict)  # last build's PDFs
    contact_form: FormTarget = field(default_factory=lambda: FormTarget("none"))
    wording: Wording = field(default_factory=lambda: Wording("en"))
    prefix: str = ""  # "" for the main language, "ur/" for a site's other languages
    share_image: str | None = None  # the picture link previews show (see _share_image)
    make_pdfs: bool = True  # False: no poster or leaflet PDFs (--no-pdf, the live preview)
    alternates: list[Alternate] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @functools.cached_property
    def menu(self) -> list[Page]:
        """Pages shown in the menu, in order (worked out once: every page shows it)."""
        return sorted((p for p in self.pages if p.in_menu), key=lambda p: (p.order, p.title))

    @property
    def next_meetings(self):
        """The next two dates that are on, across meetings and events."""
        return next_dates(self.schedules, 2)

    def address_of(self, url: str) -> str | None:
        """The full web address of a path of the site, when `website` is known."""
        return self.config.website + url if self.config.website else None

    @functools.cached_property
    def logo_size(self) -> tuple[int, int] | None:
        """The logo's width and height at the 48 pixels tall the header shows it (worked
        out once: every page's header asks, and the logo file is looked at each time)."""
        size = image_size(self.folder / self.config.logo) if self.config.logo else None
        return (round(48 * size[0] / size[1]), 48) if size and size[1] else None

    @property
    def feed_address(self) -> str | None:
        return self.address_of("meetings.ics")

    @functools.cached_property
    def content_security_policy(self) -> str:
        """The same for every page, which each ask for it."""
        return content_security_policy(self.contact_form)

    @functools.cached_property
    def whatsapp_number(self) -> str | None:
        """For every page's footer (worked out once)."""
        text = self.config.contact.text
        return whatsapp_number(text, self.config.timezone) if text else None

    @property
    def direction(self) -> str:
        """ltr or rtl, from the site's language."""
        primary = self.config.language.split("-")[0].lower()
        return "rtl" if primary in RTL_LANGUAGES else "ltr"

    @property
    def content_pages(self) -> list[Page]:
        """The group's own Markdown pages (not news), in menu order."""
        return sorted((p for p in self.pages if p.template == "page.html"),
                      key=lambda p: (p.order, p.title))

    @functools.cached_property
    def news(self) -> list[Page]:
        """News posts, newest first (worked out once: every page asks whether there are any)."""
        return sorted((p for p in self.pages if p.template == "post.html"),
                      key=lambda p: (p.date, p.url), reverse=True)


def make_sites(group: CheckedGroup, built_at: datetime, form_endpoint: str | None = None,
               pdf: bool = True) -> list[Site]:
    """One site per language: the main one at the root, each other under /CODE/."""
    languages = site_languages(group.config)
    sites = [make_site(group, built_at, form_endpoint, language, pdf) for language in languages]
    for site in sites:
        site.alternates = [_alternate(other) for other in sites if other is not site]
    return sites


def _alternate(site: Site) -> Alternate:
    return Alternate(site.config.language, babel_locale(site.config.language).display_name,
                     site.prefix, {page.url[len(site.prefix):] for page in site.pages})


def make_site(group: CheckedGroup, built_at: datetime, form_endpoint: str | None = None,
              language: str | None = None, pdf: bool = True) -> Site:
    """Work out every page of the site in one language (the main one by default).

    `form_endpoint` overrides where the contact form posts.
    """
    main = language in (None, group.config.language)
    warnings = list(group.warnings) if main else []
    problems: list[Problem] = []  # every page's problem at once, not just the first
    content_pages = [collect(problems, _content_page, source, meta, warnings)
                     for source, meta in group.pages
                     if not meta.draft and source.language == (None if main else language)]
    config = group.config if main else translated_config(group.config, language)
    today = built_at.date()
    wording = Wording(config.language)
    schedules = make_schedules(config, today, wording)
    meeting_pages = [_meetings_page(wording), *(_meeting_page(s, wording) for s in schedules)] \
        if schedules else []
    content_pages = [page for page in content_pages if page]
    news_page = [_news_page(wording)] if any(p.template == "post.html" for p in content_pages) \
        else []
    pages = [_home_page(config), *meeting_pages, *news_page, *_contact_pages(wording),
             *content_pages, *_all_pages_page(content_pages, wording), _poster_page(wording),
             _not_found_page(wording)]
    collect(problems, _refuse_clashes, pages, group.source.folder)
    if problems:
        raise SiteError(problems)
    prefix = "" if main else language + "/"
    for page in pages:
        page.url = prefix + page.url
    about_html = _markdown_html(config.about or "")
    return Site(config=config, folder=group.source.folder, today=today,
                built_at=built_at, pages=pages, schedules=schedules,
                about_html=about_html,
                static_files=group.source.static_files,
                previous_feed=group.source.previous_feed,
                poster=make_poster(config, schedules, group.source.folder),
                previous_print=group.source.previous_print,
                contact_form=_contact_form(config, form_endpoint, wording, prefix),
                wording=wording,
                prefix=prefix, share_image=_share_image(config, prefix), make_pdfs=pdf,
                warnings=warnings)


def _share_image(config: Config, prefix: str) -> str | None:
    """A photo logo, else the card sitegen draws (sitegen/site/share_card.py); none without
    `website`, as link previews need the picture's full address (drawing it took a fifth
    of a directory group's build)."""
    if not config.website:
        return None
    logo = config.logo
    if logo and logo.lower().endswith((".png", ".jpg", ".jpeg")):
        return logo
    return prefix + SHARE_CARD


def translated_config(config: Config, language: str) -> Config:
    """The config with the group's own words in another language, where it gave them."""
    words = config.translations.get(language) or Translation()
    return dataclasses.replace(
        config, language=language, name=words.name or config.name,
        tagline=words.tagline or config.tagline, about=words.about or config.about,
        area=words.area or config.area, topics=words.topics or config.topics,
        contact=dataclasses.replace(config.contact, note=words.note or config.contact.note),
        poster=dataclasses.replace(config.poster, headline=words.headline or
                                   config.poster.headline,
                                   points=words.points or config.poster.points))


def _home_page(config: Config) -> Page:
    return Page(url="", title=config.name, template="home.html", description=config.tagline,
                order=0, in_menu=True)


def _meetings_page(w: Wording) -> Page:
    return Page(url="meetings/", title=w._("Meetings"), template="meetings.html", order=2,
                description=w._("When and where the group meets, with the next dates."),
                in_menu=True)


def _meeting_page(schedule: Schedule, w: Wording) -> Page:
    """A page of its own for each meeting, where search engines find its dates as Events."""
    return Page(url=f"meetings/{schedule.slug}/", title=schedule.name, template="meeting.html",
                description=describe_schedule(schedule, w), schedule=schedule)


def _all_pages_page(content_pages: list[Page], w: Wording) -> list[Page]:
    """With many pages, the menu keeps the first few and links to a list of them all.

    A menu of every page would grow every page of a big site by the whole list.
    """
    in_menu = sorted((p for p in content_pages if p.in_menu), key=lambda p: (p.order, p.title))
    if len(in_menu) <= MENU_PAGES:
        return []
    for page in in_menu[MENU_PAGES:]:
        page.in_menu = False
    return [Page(url="pages/", title=w._("All pages"), template="pages.html", order=998,
                 description=w._("Every page of this website."), in_menu=True)]


def _news_page(w: Wording) -> Page:
    return Page(url="news/", title=w._("News"), template="news.html", order=50,
                description=w._("News from the group, newest first."), in_menu=True)


def _contact_pages(w: Wording) -> list[Page]:
    return [Page(url="contact/", title=w._("Get in touch"), template="contact.html", order=999,
                 description=w._("Phone, text, email or send a message."), in_menu=True),
            Page(url=THANKS_URL, title=w._("Thank you"), template="thanks.html",
                 description=w._("Your message has been sent."), indexed=False)]


def _contact_form(config: Config, form_endpoint: str | None, w: Wording,
                  prefix: str) -> FormTarget:
    root = urlsplit(config.website).path if config.website else "/"
    thanks = prefix + THANKS_URL
    thanks_address = config.website + thanks if config.website else None
    form = form_endpoint or config.contact.form
    if form == "email" and not config.contact.email:
        form = "none"  # nobody to write to: the page lists the other ways in
    return form_target(form, thanks_address, root + thanks + "index.html",
                       w._("Message from the website"))


def _poster_page(w: Wording) -> Page:
    return Page(url="poster/", title=w._("Poster"), template="poster.html",
                description=w._("A poster and leaflet to print for noticeboards, clinics "
                                "and libraries."))


def _not_found_page(w: Wording) -> Page:
    return Page(url="404.html", title=w._("Page not found"), template="404.html",
                indexed=False)


def _markdown_html(body: str) -> str:
    """A page's HTML, from the user cache when this text was rendered before."""
    return remembered("pages", ("markdown", body),
                      lambda: render_markdown(body)[0].encode("utf-8")).decode("utf-8")


def _content_page(source: SourcePage, meta: PageMeta, warnings: list[Problem]) -> Page:
    body = source.read_body()
    warnings.extend(unsafe_html_warnings(body, source.path, source.body_line))
    title, titled_by_heading = _title(source, meta, body)
    words = PageWords(source.path, source.digest, titled_by_heading)
    if source.kind == "news":
        return _news_post(source, meta, title, words)
    slug = meta.slug or slugify(source.path.stem)
    return Page(url=slug + "/", title=title, template="page.html", description=meta.description,
                words=words, order=meta.order, in_menu=meta.menu, source=source.path,
                slug_at=_slug_position(source, meta))


def _news_post(source: SourcePage, meta: PageMeta, title: str, words: PageWords) -> Page:
    match = _NEWS_NAME.match(source.path.stem)
    if not match:
        raise SiteError([Problem(source.path, None, None,
                                 "a news post's file name starts with the date it is from. "
                                 f"Rename it like 2026-11-20-{source.path.name}.")])
    try:
        posted = date.fromisoformat(match.group(1))
    except ValueError:
        raise SiteError([Problem(source.path, None, None,
                                 f'"{match.group(1)}" at the start of the file name is not a '
                                 "real date. Write it as year-month-day, like 2026-11-20.")]) \
            from None
    slug = meta.slug or slugify(match.group(2))
    return Page(url=f"news/{posted.isoformat()}-{slug}/", title=title, template="post.html",
                description=meta.description, words=words, source=source.path, date=posted,
                slug_at=_slug_position(source, meta))


def _slug_position(source: SourcePage, meta: PageMeta) -> tuple[int, int] | None:
    """Where the front matter's `slug:` is, so a clash of addresses points at it."""
    entry = source.front_matter.get("slug") if meta.slug and isinstance(
        source.front_matter, Mapping) else None
    return (entry.line, entry.column) if entry else None


def _title(source: SourcePage, meta: PageMeta, body: str) -> tuple[str, bool]:
    """The front matter title, else the first `# Heading` (True: taken out of the body), else
    the file's name."""
    if meta.title:
        return meta.title, False
    heading = _HEADING.search(body)
    if heading:
        return heading.group(1), True
    return source.path.stem.replace("-", " ").replace("_", " ").capitalize(), False



def _refuse_clashes(pages: list[Page], folder: Path) -> None:
    """Two pages may not claim one address; name both."""
    claimed: dict[str, Page] = {}
    problems = []
    for page in pages:
        other = claimed.setdefault(page.url, page)
        reserved = BUILT_IN_PAGES.get(page.url.rstrip("/")) if page.source else None
        if reserved:  # said once, even when the theme's own page is there too
            problems.append(Problem(page.source, *page.slug_at or (None, None),
                                    f"wants the address /{page.url}, which is kept for "
                                    f"{reserved}. Give this page another `slug:`."))
        elif other is not page:
            problems.append(Problem(page.source, *page.slug_at or (None, None),
                                    f"wants the address /{page.url}, which "
                                    f"{_describe(other, folder)} already has. Give this page "
                                    "another `slug:` in its front matter, or rename the file."))
    if problems:
        raise SiteError(problems)


def _describe(page: Page, folder: Path) -> str:
    """Name a page's file as it sits in the group folder, like pages/about.md."""
    if page.source:
        return page.source.relative_to(folder).as_posix()
    return BUILT_IN_PAGES.get(page.url.rstrip("/"), page.url)
