"""The build, stage by stage: load -> validate -> model -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sitegen.core.load import load_group
from sitegen.core.times import build_time
from sitegen.site.model import Site, make_sites
from sitegen.site.printing import PRINTED
from sitegen.core.problems import Problem
from sitegen.site.render import Output, render_sites
from sitegen.site.validate import validate_group
from sitegen.core.write import NewSite, check_output_folder


@dataclass
class BuildResult:
    site: Site
    files: Output
    other_languages: list[Site] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        """How many web pages were built, in every language."""
        return sum(1 for name in self.files if name.endswith(".html"))

    @property
    def pdfs_missing(self) -> bool:
        """Whether a PDF that was asked for could not be made here (a font or library missing)."""
        return any(site.make_pdfs and len(site.poster.printed) < len(PRINTED)
                   for site in (self.site, *self.other_languages))

    @property
    def warnings(self) -> list[Problem]:
        """The group's warnings, then any about one language's pages or poster."""
        return [w for site in (self.site, *self.other_languages) for w in site.warnings]


def build(folder: Path, out: Path | None = None, now: datetime | None = None,
          form_endpoint: str | None = None, pdf: bool = True,
          jobs: int | None = None) -> BuildResult:
    """Build the group folder's site into `out` (default FOLDER/_site).

    `form_endpoint` points the contact form at another address, such as a local
    test server or the preview server, instead of the service in group.yaml.
    `jobs` worker processes make the pages: None for one per core on big sites.
    """
    out = out or folder / "_site"
    check_output_folder(out, folder)
    with NewSite(out) as new_site:  # the pages are written into it as they are rendered
        result = check(folder, now, previous_site=out, form_endpoint=form_endpoint, pdf=pdf,
                       jobs=jobs, new_site=new_site)
        new_site.finish(result.files)
    return result


def check(folder: Path, now: datetime | None = None, previous_site: Path | None = None,
          form_endpoint: str | None = None, pdf: bool = True,
          jobs: int | None = 1, new_site: NewSite | None = None) -> BuildResult:
    """Do every stage but writing; raise SiteError listing all problems.

    With `new_site` (build), the pages are written into it as they are rendered
    instead of held in memory, and the files name them by their path.
    """
    sites = model(folder, now, previous_site, form_endpoint, pdf)
    files = render_sites(sites, jobs, new_site)
    return BuildResult(sites[0], files, sites[1:])


def model(folder: Path, now: datetime | None = None, previous_site: Path | None = None,
          form_endpoint: str | None = None, pdf: bool = True,
          on: date | None = None) -> list[Site]:
    """Load, validate and model the group's site in each of its languages, rendering nothing.

    `on` models the site as it would be at the start of that day in the group's time zone.
    """
    source = load_group(folder, previous_site)
    group = validate_group(source)
    zone = group.config.timezone
    if on:
        now = datetime.combine(on, time(0), ZoneInfo(zone))
    return make_sites(group, now or build_time(zone), form_endpoint, pdf)

