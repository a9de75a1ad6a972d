"""What the printable poster and leaflet show: few words, large print, QR code, tear-off strips."""

from __future__ import annotations

import base64
import functools
import mimetypes
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from sitegen.calendar.schedule import Occurrence, Schedule, next_dates
from sitegen.core.config import Config, Venue
from sitegen.printed.fonts import FontChoice, choose_fonts

MOST_POINTS = 4  # more would not be read from across a corridor
MOST_MEETINGS = 3
NEXT_DATES = 3
MOST_VENUES = 2


@dataclass(frozen=True)
class Paper:
    """A sheet the poster is printed on, with sizes in millimetres."""

    name: str
    css: str  # for @page size
    width: float
    height: float
    root_pt: float  # 1rem on this paper: everything else is sized from it
    strips: int  # tear-off strips along the bottom
    strip_height: float


PAPERS = {
    "A4": Paper("A4", "A4", 210, 297, 12, strips=10, strip_height=50),
    "Letter": Paper("Letter", "letter", 215.9, 279.4, 11.6, strips=10, strip_height=48),
    "A5": Paper("A5", "A5", 148, 210, 8.6, strips=8, strip_height=38),
}
MARGIN = 10  # mm round the poster; most printers cannot print closer to the edge
FEWEST_STRIPS = 8  # a poster with fewer gets used up before anyone has rung


def direction_of(text: str) -> str | None:
    """Return ltr or rtl from the first letter that has a direction (None when none has).

    An English address on an Urdu poster keeps its own order this way: without it,
    the house number jumps to the other end of the line.
    """
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


@dataclass
class PosterContent:
    """Everything the poster and leaflet templates show, worked out once."""

    headline: str
    points: list[str]
    meetings: list[Schedule]
    next_dates: list[tuple[Schedule, Occurrence]]
    venues: list[Venue]
    paper: Paper
    fonts: FontChoice
    short_address: str | None  # riversideparents.org.uk, for the strips and under the QR code
    qr_svg: Markup | None
    logo: str | None  # a data: address, so the PDF needs no files and its hash sees the image
    strip_lines: list[str] = field(default_factory=list)  # phone and web address on each strip
    tear_off: bool = True
    discreet: bool = False
    printed: list[str] = field(default_factory=list)  # the PDFs this build has, for /poster/
    direction_of = staticmethod(direction_of)  # for the templates: p.direction_of(text)

    @property
    def strip_count(self) -> int:
        """How many tear-off strips: the fewest, so wider, for two lines of tall Nastaliq."""
        return FEWEST_STRIPS if self.fonts.script.line_height >= 2 else self.paper.strips

    @property
    def strip_width(self) -> float:
        """The width of one tear-off strip in mm."""
        return round((self.paper.width - 2 * MARGIN) / self.strip_count, 2)


def make_poster(config: Config, schedules: list[Schedule], folder: Path) -> PosterContent:
    """Work out the poster's content from the group's facts and meeting dates."""
    poster, contact = config.poster, config.contact
    meetings = [s for s in schedules if s.meeting][:MOST_MEETINGS]
    short = short_address(config.website) if config.website else None
    return PosterContent(
        headline=poster.headline or config.tagline or config.name,
        points=poster.points[:MOST_POINTS],
        meetings=meetings,
        next_dates=next_dates(schedules, NEXT_DATES),
        venues=_venues(meetings or schedules)[:MOST_VENUES],
        paper=PAPERS[poster.paper],
        fonts=choose_fonts(config.language),
        short_address=short,
        qr_svg=qr_code_svg(config.website) if config.website else None,
        logo=logo_data_address(folder / config.logo) if config.logo else None,
        strip_lines=[line for line in (contact.phone or contact.text, short or contact.email)
                     if line],
        tear_off=poster.tear_off,
        discreet=poster.discreet,
    )


def short_address(website: str) -> str:
    """Write a web address the short way people type it: riversideparents.org.uk/help."""
    parts = urlsplit(website)
    return (parts.netloc + parts.path).rstrip("/")


@functools.lru_cache(maxsize=16)
def qr_code_svg(address: str) -> Markup:
    """Return an inline SVG QR code for the address, sized by CSS (worked out once: choosing
    the code's mask took longer than the rest of a preview's rebuild)."""
    import segno  # slow to import (it brings urllib.request): only sites with a website

    code = segno.make(address, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                          svgclass="qr", title=None)
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QR code" ', 1))


def logo_data_address(path: Path) -> str | None:
    """Return the logo as a data: address, or None when the file is not there."""
    if not path.is_file():
        return None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _venues(schedules: list[Schedule]) -> list[Venue]:
    """The venues the meetings use, each once, in order."""
    seen: dict[int, Venue] = {}
    for schedule in schedules:
        if schedule.venue is not None:
            seen.setdefault(id(schedule.venue), schedule.venue)
    return list(seen.values())
