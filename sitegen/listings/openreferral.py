"""/openreferral/services.json: the group as Open Referral (HSDS 3.0) services, for directories.

Council, family-information and social-prescribing directories in the UK share
Open Referral UK, a profile of the Human Services Data Specification. The file
is a JSON array of services; each is valid against HSDS 3.0's compiled
service schema and against the UK profile's. Where the two differ, the UK
profile is followed (see PROFILE and the README's "Listed in directories"):
schedules hang on the service, linked to their place by service_at_location_id;
each access fact gives both `description` and the UK's `accessibility`; the end
of a meeting series is `valid_to` as well as iCalendar's `until`. Phones and
language codes, which that version of the profile leaves out, keep their
HSDS 3.0 places.

Ids are UUIDs (version 5) made from the website address and the slugs, so they
stay the same from build to build and a directory can tell an update from a
new group.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sitegen.calendar.schedule import Schedule, describe_schedule, end_day
from sitegen.core.config import Config, Venue
from sitegen.core.i18n import Wording, babel_locale
from sitegen.core.slugs import slugify
from sitegen.core.times import TimeRange
from sitegen.listings.meeting_guide import dump, meeting_address, rule_parts
from sitegen.listings.places import address_parts, country_of
from sitegen.web.access import access_facts

HSDS_VERSION = "3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile"  # Open Referral UK, for HSDS 3.0
# Topic terms get the same id in every group, so a directory can gather groups by topic.
TOPICS = uuid.uuid5(uuid.NAMESPACE_URL, PROFILE + "#sitegen-topics")
# The RRULE parts HSDS schedules have fields for.
_SCHEDULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"}
_ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"


class Ids:
    """Stable UUIDs for one group: the same website (or name) and slug give the same id."""

    def __init__(self, config: Config):
        # Without a website, the name and area: two groups of one name are rarely in one town.
        place = slugify(config.area or "")
        root = config.website or f"sitegen-group:{slugify(config.name)}/{place}"
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, root)

    def __call__(self, kind: str, key: str = "") -> str:
        return str(uuid.uuid5(self.namespace, f"{kind}/{key}"))


def services_json(config: Config, schedules: list[Schedule], wording: Wording) -> bytes:
    """Return the group's services as a JSON array (a group is one service)."""
    return dump([group_service(config, schedules, wording)])


def about_json() -> bytes:
    """/openreferral/index.json: which HSDS version and profile, as an HSDS API's root says."""
    return dump({"version": HSDS_VERSION, "profile": PROFILE})


def group_service(config: Config, schedules: list[Schedule], wording: Wording) -> dict:
    """The group as one HSDS service, with its organisation, places and schedules."""
    ids = Ids(config)
    places = _places(config, schedules, ids)
    service = {
        "id": ids("service"), "organization_id": ids("organization"),
        "name": config.name, "description": _description(config),
        "url": config.website, "email": _listed_email(config), "status": "active",
        "phones": _phones(config, ids),
        "schedules": [entry for s in schedules for entry in _schedules(s, places, config, ids,
                                                                        wording)],
        "service_areas": [{"id": ids("area"), "name": config.area}] if config.area else [],
        "service_at_locations": list(places.values()),
        "languages": _languages(config, ids),
        "organization": _organization(config, ids),
        "attributes": [_topic(topic, ids("service")) for topic in config.topics],
    }
    return _without_empty(service)


def _without_empty(fields: dict) -> dict:
    return {key: value for key, value in fields.items() if value not in (None, [], "")}


def _description(config: Config) -> str:
    return "\n\n".join(part.strip() for part in (config.tagline, config.about) if part) \
        or config.name


def _listed_email(config: Config) -> str | None:
    """The address only when the group asks: robots that collect addresses read these files."""
    return config.contact.email if config.contact.email_in_listings else None


def _organization(config: Config, ids: Ids) -> dict:
    """The group is its own organisation: volunteer-run, member-owned."""
    return _without_empty({
        "id": ids("organization"), "name": config.name,
        "description": config.tagline or config.name,
        "email": _listed_email(config), "website": config.website,
        "logo": config.website + config.logo if config.website and config.logo else None,
    })


def _phones(config: Config, ids: Ids) -> list[dict]:
    contact = config.contact
    phones = [{"id": ids("phone", "voice"), "number": contact.phone, "type": "voice"}] \
        if contact.phone else []
    return phones + ([{"id": ids("phone", "text"), "number": contact.text, "type": "text"}]
                     if contact.text else [])


def _languages(config: Config, ids: Ids) -> list[dict]:
    english = babel_locale("en")
    languages = []
    for language in dict.fromkeys([config.language, *config.languages]):
        code = language.split("-")[0].lower()
        languages.append(_without_empty({"id": ids("language", language),
                                         "name": english.languages.get(code), "code": code}))
    return languages


def _topic(topic: str, service_id: str) -> dict:
    term = str(uuid.uuid5(TOPICS, slugify(topic)))
    return {"id": str(uuid.uuid5(uuid.UUID(service_id), "topic/" + slugify(topic))),
            "link_id": service_id, "link_entity": "service", "link_type": "topic",
            "taxonomy_term_id": term,
            "taxonomy_term": {"id": term, "name": topic, "description": f"Groups about {topic}"}}


# ------------------------------------------------------------------ places

def _places(config: Config, schedules: list[Schedule], ids: Ids) -> dict[str, dict]:
    """Each place the group meets, once: {place key: its service_at_location}."""
    places: dict[str, dict] = {}
    for schedule in schedules:
        for key in place_keys(schedule):
            if key not in places:
                location = _location(key, schedule, config, ids)
                places[key] = {"id": ids("service_at_location", key),
                               "service_id": ids("service"), "location_id": location["id"],
                               "location": location}
    return places


def place_keys(schedule: Schedule) -> list[str]:
    """Where a meeting happens: its venue (by key) or place, and online."""
    item = schedule.meeting or schedule.event
    where = [f"venue:{item.venue}" if schedule.venue else f"place:{schedule.place}"] \
        if item.venue else []
    return where + ([f"online:{schedule.online}"] if schedule.online else [])


def _location(key: str, schedule: Schedule, config: Config, ids: Ids) -> dict:
    location_id = ids("location", key)
    if key.startswith("online:"):
        link = schedule.online if schedule.online.startswith("https://") else None
        return _without_empty({"id": location_id, "location_type": "virtual", "name": "Online",
                               "description": schedule.online, "url": link})
    if schedule.venue:
        return _venue(schedule.venue, location_id, config, ids)
    return {"id": location_id, "location_type": "physical", "name": schedule.place}


def _venue(venue: Venue, location_id: str, config: Config, ids: Ids) -> dict:
    """A venue with its address in parts (when they can be told apart) and its access facts."""
    parts = address_parts(venue.address, country_of(config.timezone))
    address = [{"id": ids("address", location_id), "location_id": location_id,
                "address_1": parts.street, "city": parts.town,
                "state_province": "",  # UK addresses have none; HSDS requires the field
                "postal_code": parts.postal_code, "country": parts.country,
                "address_type": "physical"}] if parts else []
    # An address that could not be split is kept whole, in words.
    description = [venue.address if venue.address and not parts else None, venue.directions]
    return _without_empty({
        "id": location_id, "location_type": "physical", "name": venue.name,
        "description": "\n".join(part for part in description if part),
        "addresses": address,
        "accessibility": [{"id": ids("accessibility", f"{location_id}/{n}"),
                           "location_id": location_id, "description": fact.text,
                           "accessibility": fact.text}
                          for n, fact in enumerate(access_facts(venue.access), start=1)],
    })


# --------------------------------------------------------------- schedules

def _schedules(schedule: Schedule, places: dict[str, dict], config: Config,
               ids: Ids, wording: Wording) -> list[dict]:
    """One HSDS schedule for each place a meeting happens at (one without a place if none)."""
    fields = schedule_fields(schedule, ZoneInfo(config.timezone))
    fields["description"] = describe_schedule(schedule, wording)
    fields["schedule_link"] = meeting_address(config, schedule)
    fields["notes"] = schedule.note
    keys = place_keys(schedule) or [""]
    return [_without_empty({"id": ids("schedule", f"{schedule.slug}/{key}"),
                            "service_id": ids("service"),
                            "service_at_location_id": places[key]["id"] if key else None,
                            **fields}) for key in keys]


def schedule_fields(schedule: Schedule, zone: ZoneInfo) -> dict:
    """The rule as HSDS's iCalendar fields, and the times with the UTC offset of the next date.

    A one-off event is a start date with no repeat, as in iCalendar. A rule HSDS
    has no fields for (every 3 days, once a year) keeps only its description.
    """
    item = schedule.meeting or schedule.event
    day = schedule.next.day if schedule.next else schedule.first_day
    fields = _clock_fields(item.time, day, zone) if day and item.time else {}
    if schedule.event:
        same_day = schedule.event.date.isoformat()
        return {"dtstart": same_day, "valid_from": same_day, "valid_to": same_day, **fields}
    recurrence = _recurrence(schedule)
    if recurrence and schedule.first_day:
        recurrence["dtstart"] = schedule.first_day.isoformat()
    return {**recurrence, **fields}


def _recurrence(schedule: Schedule) -> dict:
    parts = rule_parts(schedule.meeting.when.rrule)
    if parts["FREQ"] == "DAILY" and parts.get("INTERVAL", "1") == "1" \
            and "BYMONTHDAY" not in parts:
        # Every day is every week on each day it allows: HSDS repeats weekly or monthly only.
        parts = {**parts, "FREQ": "WEEKLY", "BYDAY": parts.get("BYDAY", _ALL_DAYS)}
    if parts["FREQ"] not in ("WEEKLY", "MONTHLY") or not set(parts) <= _SCHEDULE_PARTS:
        return {}
    fields = {"freq": parts["FREQ"], "interval": int(parts.get("INTERVAL", "1")),
              "byday": parts.get("BYDAY"), "bymonthday": parts.get("BYMONTHDAY"),
              "count": int(parts["COUNT"]) if "COUNT" in parts else None,
              "wkst": parts.get("WKST")}
    last = _last_day(parts.get("UNTIL"), schedule.meeting.until)
    if last:  # `until` is iCalendar's end; the UK profile has only `valid_to`
        fields.update(until=last.isoformat(), valid_to=last.isoformat())
    return {key: value for key, value in fields.items() if value is not None}


def _last_day(rule_until: str | None, meeting_until: date | None) -> date | None:
    """The earlier of the rule's own UNTIL (20261231 or 20261231T235959Z) and `until:`."""
    days = [meeting_until] if meeting_until else []
    if rule_until:
        days.append(date(int(rule_until[:4]), int(rule_until[4:6]), int(rule_until[6:8])))
    return min(days) if days else None


def _clock_fields(times: TimeRange, day: date, zone: ZoneInfo) -> dict:
    """opens_at and closes_at as HH:MM with the UTC offset on `day` (clocks change twice a year)."""
    fields = {"opens_at": _clock(day, times.start, zone)}
    if times.end:
        fields["closes_at"] = _clock(end_day(day, times), times.end, zone)
    return fields


def _clock(day: date, moment: time, zone: ZoneInfo) -> str:
    offset = datetime.combine(day, moment, tzinfo=zone).strftime("%z")  # +0100
    return f"{moment.strftime('%H:%M')}{offset[:3]}:{offset[3:]}"
