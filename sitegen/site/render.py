"""Render the site through the theme's Jinja2 templates into {output path: content}."""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
import sys
from functools import lru_cache, partial
from pathlib import Path
from types import CodeType, MappingProxyType
from typing import Mapping
from urllib.parse import urlsplit

import jinja2

from sitegen.site.feed import atom_feed
from sitegen.core.colour import tint
from sitegen.web.access import access_facts
from sitegen.web.contact import hidden_email
from sitegen.core.images import web_copy
from sitegen.listings.meeting_guide import meeting_guide_json
from sitegen.listings.openreferral import about_json, services_json
from sitegen.remind.formats import share_links
from sitegen.remind.messages import Writer
from sitegen.site.model import SHARE_CARD, Page, Site
from sitegen.site.printing import printing_meanwhile, waits_for_printing
from sitegen.core.problems import Problem, SiteError
from sitegen.site.seo import as_json_ld, page_description, page_title, structured_data
from sitegen.site.share_card import share_card
from sitegen.site.sitemap import robots_txt, sitemap_xml
from sitegen.core.cache import code_fingerprint, keep_cached, read_cached, user_cache_folder
from sitegen.core.i18n import Wording
from sitegen.core.parallel import in_workers
from sitegen.core.write import NewSite
from sitegen.core.themes import theme_folder, themes_root

# Output path -> bytes to write, or a file to copy (or a page already written: NewSite).
Output = dict[str, "bytes | Path"]
# Files the theme renders from templates/ rather than copying from static/.
RENDERED_FILES = ("style.css", "favicon.svg")
# Written once for all languages: the group's images and the calendars.
SHARED_FOLDERS = ("images/",)
SHARED_ENDINGS = (".ics", ".json")


class Outputs:
    """The files of the site; two things claiming one path is an error naming both."""

    def __init__(self, new_site: NewSite | None = None):
        self.files: Output = {}
        self._owners: dict[str, str] = {}
        self._new_site = new_site

    def held(self, path: str, content: bytes) -> bytes | Path:
        """What to claim for a page: its bytes, or, when building into `new_site`, its file
        there, written at once (a big site's pages, held in memory, took hundreds of MB)."""
        return self._new_site.write_now(path, content) if self._new_site else content

    def claim(self, path: str, content: bytes | Path, owner: str) -> None:
        """Add a file, refusing a path that something else already wrote."""
        if path in self.files:
            raise SiteError([Problem(Path(owner), None, None,
                                     f"would be written to {path}, which {self._owners[path]} "
                                     "already writes. Rename one of them.")])
        self.files[path] = content
        self._owners[path] = owner


def render_sites(sites: list[Site], jobs: int | None = 1,
                 new_site: NewSite | None = None) -> Output:
    """Render the site in each of its languages; the main one also writes the shared files.

    `jobs` processes render the pages (sitegen/core/parallel.py); with `new_site`, they
    write them into it as they go, and the files name them by path.
    """
    outputs = Outputs(new_site)
    main = sites[0]
    for site in sites:
        render_site(site, outputs, jobs, with_shared_files=site is main)
    outputs.claim("robots.txt", robots_txt(main), "the robots.txt file")
    if main.config.website:
        outputs.claim("sitemap.xml", sitemap_xml(sites), "the sitemap")
    return outputs.files


def render_site(site: Site, outputs: Outputs, jobs: int | None = 1,
                with_shared_files: bool = False) -> None:
    """Render the pages, poster and leaflet of the site in one language, and the files all
    languages share if asked."""
    environment = make_environment(site)

    def claim_in_language(path: str, content: bytes | Path, owner: str) -> None:
        outputs.claim(site.prefix + path, content, owner)

    # The poster and leaflet PDFs and print.css (sitegen/site/printing.py), printed meanwhile.
    with printing_meanwhile(site, partial(render_template, environment), claim_in_language,
                            _context(site, None), jobs) as printing_done:
        if site.share_image and site.share_image.endswith(SHARE_CARD):
            card = share_card(site)
            if card:
                claim_in_language(SHARE_CARD, card, "the link preview picture")
            else:
                site.share_image = None  # no font for the language here: previews go without

        def render_numbered(number: int) -> bytes | Path:  # a number travels faster than a page
            page = site.pages[number]
            return outputs.held(page.output, render_page(environment, site, page).encode("utf-8"))

        later = [n for n, page in enumerate(site.pages) if waits_for_printing(page)]
        first = [n for n in range(len(site.pages)) if n not in later]
        rendered = dict(zip(first, in_workers(render_numbered, first, jobs)))
        if with_shared_files:  # while the printing goes on
            _claim_shared(site, environment, outputs)
        printing_done()
        rendered.update(zip(later, in_workers(render_numbered, later, jobs)))
        for number, page in enumerate(site.pages):
            outputs.claim(page.output, rendered[number], str(page.source or page.template))
    if site.news:
        claim_in_language("feed.xml", atom_feed(site), "the news feed")


def _claim_shared(site: Site, environment: jinja2.Environment, outputs: Outputs) -> None:
    """Files every language's pages share: the look, scripts, images and calendars."""
    for name in RENDERED_FILES:
        text = render_template(environment, name, _context(site, None))
        outputs.claim(name, text.encode("utf-8"), f"the theme's {name}")
    for output, path in static_files(site.config.theme).items():
        outputs.claim(output, path, f"the theme's static/{output}")
    for output, path in site.static_files.items():
        outputs.claim(output, web_copy(path), str(path))
    if site.schedules:
        _claim_calendars(site, outputs)
    _claim_listings(site, outputs)


def _claim_calendars(site: Site, outputs: Outputs) -> None:
    """The .ics feed, and one .ics per meeting for "add to my calendar"."""
    # Imported here: icalendar is slow to import, and a group may have no meetings.
    from sitegen.calendar.ics import group_calendars, read_sequences

    previous = read_sequences(site.previous_feed) if site.previous_feed else {}
    feed, singles = group_calendars(site.config, site.schedules, site.built_at, previous,
                                    site.address_of("meetings/"))
    owner = "the meetings calendar"
    outputs.claim("meetings.ics", feed, owner)
    for schedule, single in zip(site.schedules, singles):
        outputs.claim(f"meetings/{schedule.slug}.ics", single, owner)


def _claim_listings(site: Site, outputs: Outputs) -> None:
    """The group for other directories: Meeting Guide's meetings.json and Open Referral's."""
    owner = "the listings for directories"
    outputs.claim("meetings.json", meeting_guide_json(site.config, site.schedules,
                                                      site.built_at, site.wording), owner)
    outputs.claim("openreferral/services.json",
                  services_json(site.config, site.schedules, site.wording), owner)
    outputs.claim("openreferral/index.json", about_json(), owner)


# How every environment compiles templates; part of the key of compiled templates on disk.
ENVIRONMENT_OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                       "keep_trailing_newline": True, "extensions": ["jinja2.ext.i18n"]}


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept in memory while the process runs and on disk between runs.

    Compiling the theme's templates took longer than rendering a small site's
    pages. Jinja2 finds them by template name and file, and throws away any whose
    source text changed since; the folder on disk is named after the Jinja2 and
    Python versions, the options and sitegen's own code, so code compiled by another
    Jinja2, or for other filters, is never loaded (a filter that became
    pass_context is called differently by the compiled code: a TypeError otherwise).
    In memory, a folder of many groups (each with its own environment) compiles
    each template once.
    """

    def __init__(self):
        self._code: dict[str, tuple[str, CodeType] | None] = {}  # key -> (source's checksum, code)

    @property
    def _folder(self) -> Path:
        # Newstyle gettext changes the compiled code too (make_environment always asks for it).
        made_with = (f"{jinja2.__version__} {sys.version} {sorted(ENVIRONMENT_OPTIONS.items())}"
                     f" newstyle gettext {code_fingerprint()}")
        return user_cache_folder("templates") / hashlib.sha256(made_with.encode()).hexdigest()[:16]

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key not in self._code:  # the first time in this process: from disk, if there
            bucket.bytecode_from_string(read_cached(self._folder / bucket.key) or b"")
            self._code[bucket.key] = (bucket.checksum, bucket.code) if bucket.code else None
        # Code objects, not their bytes: unmarshalling each template again for each group's
        # environment took longer than rendering a small group's pages.
        found = self._code[bucket.key]
        bucket.code = found[1] if found and found[0] == bucket.checksum else None

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        keep_cached(self._folder / bucket.key, bucket.bytecode_to_string())


COMPILED_TEMPLATES = _CompiledTemplates()


def make_environment(site: Site) -> jinja2.Environment:
    """Templates from the group's templates/ first, then the theme; autoescaped."""
    own_templates = site.folder / "templates"
    if own_templates.is_dir():
        return _environment(site.config.theme, site.wording.language, own_templates)
    environment = _shared_environment(site.config.theme, site.wording.language)
    _forget_changed_templates(environment)
    return environment


def _forget_changed_templates(environment: jinja2.Environment) -> None:
    """Drop the templates whose files changed (the preview, or a theme being worked on).

    Once for each site built, rather than Jinja2's auto_reload looking at every
    template's file for each page and each include (a few percent of rendering a page).
    """
    for key, template in environment.cache.items():
        if not template.is_up_to_date:
            del environment.cache[key]


@lru_cache(maxsize=32)
def _shared_environment(theme: str, language: str) -> jinja2.Environment:
    """One environment for every site of a theme and language in this process: a
    directory's groups each loading the same templates into an environment of their
    own took a tenth of their build. A site with templates of its own gets its own
    (one added while the preview runs must take the place of the theme's at once)."""
    return _environment(theme, language, None)


def _environment(theme: str, language: str, own_templates: Path | None) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(own_templates)] if own_templates else []
    loaders.append(jinja2.FileSystemLoader(theme_folder(theme) / "templates"))
    # `{% extends "default/base.html" %}` reaches a theme's template by name.
    loaders.append(jinja2.PrefixLoader({
        path.name: jinja2.FileSystemLoader(path / "templates")
        for path in sorted(themes_root().iterdir()) if path.is_dir()}))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
        bytecode_cache=COMPILED_TEMPLATES, auto_reload=False,  # see _forget_changed_templates
        **ENVIRONMENT_OPTIONS)
    wording = Wording(language)
    environment.install_gettext_translations(wording.catalogue, newstyle=True)
    environment.globals["_"] = _remembered_gettext(environment.globals["gettext"])
    environment.filters["long_date"] = wording.long_date
    environment.filters["hidden_email"] = hidden_email
    environment.filters["phone_link"] = phone_link
    environment.filters["access_facts"] = access_facts
    environment.filters["social_name"] = social_name
    # A meeting page's links, for the site being rendered (a directory's pages have none).
    environment.filters["share_links"] = _share_links
    environment.filters["google_calendar"] = _google_link
    return environment


def _remembered_gettext(gettext):
    """`_()` for the templates: Jinja2's newstyle gettext, its answers for plain words kept.

    Every page asks for the same few dozen words; Jinja2's own `_` passes each call
    through three calls of the context: a sixth of a page's rendering. Words with
    values, like `_("Time: %(time)s.", time=...)`, are translated afresh each time.
    """
    known: dict[tuple[str, bool], str] = {}

    @jinja2.pass_context
    def remembered(context: jinja2.runtime.Context, message, **values):
        if values or type(message) is not str:  # Markup or Undefined: as Jinja2 does
            return gettext(context, message, **values)
        key = (message, context.eval_ctx.autoescape)  # Markup when autoescaping, else str
        if key not in known:
            known[key] = gettext(context, message)
        return known[key]

    return remembered


@jinja2.pass_context
def _share_links(context: jinja2.runtime.Context, schedule) -> dict[str, str]:
    """WhatsApp, SMS and email links with an invitation to the meeting written in."""
    site = context["site"]
    return share_links(Writer(site.config, site.wording, site.prefix).invitation(schedule))


@jinja2.pass_context
def _google_link(context: jinja2.runtime.Context, schedule) -> str | None:
    # Imported here: icalendar is slow to import, and a group may have no meetings.
    from sitegen.calendar.google import google_calendar_link

    site = context["site"]
    page = Writer(site.config, site.wording, site.prefix).page(schedule)
    return google_calendar_link(schedule, site.config.timezone, page)


def render_page(environment: jinja2.Environment, site: Site, page: Page) -> str:
    """Render one page with links relative to it; a Markdown page's words are made HTML now."""
    if page.words:
        page = dataclasses.replace(page, html=page.words.html(site.folder, page.url))
    return render_template(environment, page.template, _context(site, page))


def _json_ld_block(site: Site, page: Page) -> str | None:
    """One <script type="application/ld+json"> body for the page, or None."""
    data = structured_data(site, page)
    return as_json_ld(data[0] if len(data) == 1 else data) if data else None


def render_template(environment: jinja2.Environment, name: str, context: dict) -> str:
    """Render a template; a mistake in a (group's own) template names its file and line."""
    try:
        return environment.get_template(name).render(context)
    except jinja2.TemplateNotFound as missing:
        raise SiteError([Problem(Path(missing.name), None, None,
                                 "is a template the theme does not have. Check its name, "
                                 "or add it to your templates/ folder.")]) from None
    except jinja2.TemplateSyntaxError as error:
        raise SiteError([Problem(Path(error.filename or name), error.lineno, None,
                                 f"this template has a mistake: {error.message.rstrip('.')}.")]) from None
    except jinja2.UndefinedError as error:
        raise SiteError([Problem(Path(name), _template_line(error), None,
                                 f"this template uses something that does not exist: "
                                 f"{error.message.rstrip('.')}.")]) from None


def _context(site: Site, page: Page | None) -> dict:
    context = {"site": site, "config": site.config, "page": page, "colours": colours(site)}
    if page:
        context.update(url=link_maker(site, page), title=page_title(site, page),
                       description=page_description(site, page),
                       structured_data=_json_ld_block(site, page))
    return context



def _template_line(error: Exception) -> int | None:
    """The template line of the innermost frame Jinja2 attributes to a template file."""
    frame, line = error.__traceback__, None
    while frame:
        if frame.tb_frame.f_code.co_filename.endswith((".html", ".css", ".svg", ".xml")):
            line = frame.tb_lineno
        frame = frame.tb_next
    return line


def link_maker(site: Site, page: Page):
    """Return url(target): a link from this page to another output path.

    Links are relative so the site works at a domain root, under a sub-path and
    from plain files; pages are linked as folder/index.html for the last case.
    The 404 page is served at any depth, so its links start from the site root.
    """
    here = posixpath.dirname(page.output)
    root = urlsplit(site.config.website).path if site.config.website else "/"

    def url(target: str) -> str:
        # "/x" is from the site's root; "x" is in this page's language, unless shared
        # (a page's own url already starts with its language's prefix).
        if not target.startswith(("/", site.prefix)) and not is_shared(target, site.config.theme):
            target = site.prefix + target
        target = target.lstrip("/")
        if target == "" or target.endswith("/"):
            target += "index.html"
        if page.url == "404.html":
            return root + target
        return relative_path(target, here)

    return url


def relative_path(target: str, here: str) -> str:
    """The path from folder `here` to `target`, both from the site's root.

    posixpath.relpath does the same, but looks at the disk's current folder on
    every call; pages make a few thousand links each on a big site.
    """
    target_parts, here_parts = target.split("/"), here.split("/") if here else []
    shared = 0
    for mine, theirs in zip(here_parts, target_parts[:-1]):
        if mine != theirs:
            break
        shared += 1
    return "../" * (len(here_parts) - shared) + "/".join(target_parts[shared:])


# How the services write their own names; others are shown in title case.
_SOCIAL_NAMES = {"facebook": "Facebook", "whatsapp": "WhatsApp", "instagram": "Instagram",
                 "youtube": "YouTube", "tiktok": "TikTok", "linkedin": "LinkedIn", "x": "X",
                 "twitter": "X (Twitter)", "mastodon": "Mastodon", "bluesky": "Bluesky"}


def social_name(key: str) -> str:
    """The name of a social link's service, as it writes it: `whatsapp` -> WhatsApp."""
    return _SOCIAL_NAMES.get(key.lower(), key.replace("_", " ").title())


def phone_link(number: str) -> str:
    """A number for tel: and sms: links: digits and a leading +."""
    return re.sub(r"[^\d+]", "", number)


def is_shared(path: str, theme: str) -> bool:
    """Whether every language's pages use one copy of the file (not one per language)."""
    return path in RENDERED_FILES or path in static_files(theme) or \
        path.startswith(SHARED_FOLDERS) or path.endswith(SHARED_ENDINGS)


@lru_cache(maxsize=None)
def static_files(theme: str) -> dict[str, Path]:
    """The theme's static files by output path, like site.js."""
    folder = theme_folder(theme) / "static"
    return {path.relative_to(folder).as_posix(): path
            for path in sorted(folder.rglob("*")) if path.is_file()}


def colours(site: Site) -> Mapping[str, str]:
    """The brand colour and the pale tint used behind highlighted boxes."""
    return _colours(site.config.colour)


@lru_cache(maxsize=None)
def _colours(brand: str) -> Mapping[str, str]:  # every page's context has them: kept, read-only
    return MappingProxyType({"brand": brand, "tint": tint(brand, 0.9)})
