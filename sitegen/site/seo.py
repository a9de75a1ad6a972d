"""What search engines read: titles, descriptions and schema.org structured data.

People find groups by typing the place and the topic ("Riverside autism
group"), so both go into the home page's title and description.
"""

from __future__ import annotations

import html
import json
import re

from sitegen.calendar.schedule import Occurrence, Schedule
from sitegen.site.model import Page, Site

DESCRIPTION_LENGTH = 155  # about what search results show
EVENTS_PER_MEETING = 6
_UK_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\s*$", re.I)
# The first paragraph of a page's HTML, and any tag in it. The HTML comes from the sanitiser,
# so it is well formed: attribute values are in double quotes, paragraphs never nest.
_FIRST_PARAGRAPH = re.compile(r"<p(?:\s(?:[^>\"]|\"[^\"]*\")*)?>(.*?)</p>", re.S)
_TAG = re.compile(r"<(?:[^>\"]|\"[^\"]*\")*>")
_COUNTRY_BY_ZONE = {"Europe/London": "GB", "Europe/Dublin": "IE", "Europe/Warsaw": "PL"}


def page_title(site: Site, page: Page) -> str:
    """`About us – Riverside Parents Together`; the home page names its topic and place."""
    config, w = site.config, site.wording
    if page.url != "":
        return f"{page.title} – {config.name}"
    if config.topics and config.area:
        return w._("%(name)s – %(topic)s support group in %(area)s", name=config.name,
                   topic=config.topics[0], area=config.area)
    return f"{config.name} – {config.tagline}" if config.tagline else config.name


def page_description(site: Site, page: Page) -> str:
    """The page's own description, else its first paragraph, else the group's."""
    if page.description and page.url != "":
        return page.description
    if page.url == "":
        return _home_description(site)
    text = " ".join(first_paragraph_text(page.html).split())
    return _shorten(text) if text else f"{page.title} – {site.config.name}."


def first_paragraph_text(page_html: str) -> str:
    """The text of the first <p> of sanitised HTML, entities decoded ("" when it has none).

    String work rather than an HTML parser: parsing every page took longer than
    the rest of working out its description, and importing one slowed every build.
    """
    match = _FIRST_PARAGRAPH.search(page_html)
    return html.unescape(_TAG.sub("", match.group(1))) if match else ""


def _home_description(site: Site) -> str:
    config, w = site.config, site.wording
    parts = [config.tagline or config.name]
    if config.area:
        parts.append(w._("A free, friendly group meeting in %(area)s.", area=config.area))
    if config.contact.phone:
        parts.append(w._("Call %(phone)s.", phone=config.contact.phone))
    return _shorten(" ".join(parts))


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def structured_data(site: Site, page: Page) -> list[dict]:
    """The JSON-LD objects for a page: the group on the home page, events on meeting pages."""
    if page.url == "":
        return [organization(site)]
    if page.schedule:
        return [event(site, page, page.schedule, o)
                for o in page.schedule.upcoming[:EVENTS_PER_MEETING] if not o.skipped]
    return []


def as_json_ld(data: dict | list[dict]) -> str:
    """Compact JSON safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def organization(site: Site) -> dict:
    """The group as a schema.org NGO."""
    config = site.config
    data = {"@context": "https://schema.org", "@type": "NGO", "name": config.name,
            "description": config.tagline or page_description(site, site.pages[0])}
    if config.website:
        data["url"] = config.website
        data["@id"] = config.website + "#group"
    if config.logo and config.website:
        data["logo"] = config.website + config.logo
    if config.area:
        data["areaServed"] = {"@type": "Place", "name": config.area}
    if config.topics:
        data["knowsAbout"] = config.topics
    if config.contact.phone:
        # The email address stays out: harvesters read structured data too.
        data["contactPoint"] = {"@type": "ContactPoint", "contactType": "enquiries",
                                "telephone": config.contact.phone}
    if config.social:
        data["sameAs"] = list(config.social.values())
    return data


def event(site: Site, page: Page, schedule: Schedule, occurrence: Occurrence) -> dict:
    """One date of a meeting as a schema.org Event, as Google's event guidelines ask."""
    start = occurrence.start.isoformat() if occurrence.start else occurrence.day.isoformat()
    data = {
        "@context": "https://schema.org", "@type": "Event",
        "name": schedule.name, "startDate": start,
        "description": schedule.note or page_description(site, page),
        "eventStatus": "https://schema.org/" + ("EventScheduled" if occurrence.happening
                                                else "EventCancelled"),
        "eventAttendanceMode": "https://schema.org/" + _attendance(schedule),
        "location": _locations(site, page, schedule),
        "organizer": {"@type": "Organization", "name": site.config.name,
                      **({"url": site.config.website} if site.config.website else {})},
        "isAccessibleForFree": True,
    }
    if occurrence.end:
        data["endDate"] = occurrence.end.isoformat()
    if site.address_of(page.url):
        data["url"] = site.address_of(page.url)
    return data


def _attendance(schedule: Schedule) -> str:
    in_person = bool(schedule.venue or schedule.place)
    if in_person and schedule.online:
        return "MixedEventAttendanceMode"
    return "OnlineEventAttendanceMode" if schedule.online else "OfflineEventAttendanceMode"


def _locations(site: Site, page: Page, schedule: Schedule) -> dict | list[dict]:
    places = []
    if schedule.venue:
        places.append({"@type": "Place", "name": schedule.venue.name,
                       "address": postal_address(schedule.venue.address or "",
                                                 site.config.timezone)})
    elif schedule.place:
        places.append({"@type": "Place", "name": schedule.place,
                       "address": postal_address(schedule.place, site.config.timezone)})
    if schedule.online:
        # How to join is sent privately; the meeting's page says how to ask for it.
        places.append({"@type": "VirtualLocation",
                       "url": site.address_of(page.url) or schedule.online})
    return places[0] if len(places) == 1 else places


def postal_address(address: str, timezone: str) -> dict:
    """Split `12 Mill Lane, Nottingham NG1 1AA` into the parts a PostalAddress has."""
    data: dict[str, str] = {"@type": "PostalAddress"}
    text = address.strip().rstrip(",")
    postcode = _UK_POSTCODE.search(text)
    if postcode:
        data["postalCode"] = postcode.group(1).upper()
        text = text[: postcode.start()].strip().rstrip(",")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1:
        data["addressLocality"] = parts.pop()
    if parts:
        data["streetAddress"] = ", ".join(parts)
    if timezone in _COUNTRY_BY_ZONE:
        data["addressCountry"] = _COUNTRY_BY_ZONE[timezone]
    return data
