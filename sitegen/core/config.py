"""The group.yaml schema: each key declared once, with its type, default and help.

The dataclasses below are both the schema (read by `validate`, and by the
README test that checks every key is documented) and the validated config
that flows on through the pipeline.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator

from sitegen.core import values
from sitegen.core.colour import parse_colour
from sitegen.core.times import TimeRange, parse_time_range
from sitegen.core.when import Rule, parse_when

MISSING = dataclasses.MISSING


# What a value is, for the invisible characters it may hold (sitegen/core/characters.py):
CODE = "code"  # an address, number or code: none at all
NAME = "name"  # a name: only joiners inside words, as Bengali and Urdu names need
TEXT = "text"  # running text: format characters do real work there


def key(help: str, default: Any = None, *, parse: Callable[[str], Any] | None = None,
        name: str | None = None, required: bool = False, example: str = "",
        words: str | None = None) -> Any:
    """Declare a group.yaml key: what it is for, its default, and how its text is read.

    `words` says what kind of text the value is (CODE, NAME or TEXT); by default a value
    with a parser is a code and any other value running text.
    """
    metadata = {"help": help, "parse": parse, "name": name, "required": required,
                "example": example, "words": words or (CODE if parse else TEXT)}
    if isinstance(default, (list, dict)) or dataclasses.is_dataclass(default):
        return field(default_factory=type(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class Contact:
    email: str | None = key("Email address for the group; the site hides it from spam robots.",
                            parse=values.parse_email, example="hello@example.org")
    phone: str | None = key("Phone number for people who are not online.",
                            example="0115 496 0000", words=CODE)
    text: str | None = key("Mobile number for text messages and WhatsApp.",
                           example="07700 900123", words=CODE)
    form: str = key("Where the contact form sends messages: email (opens the visitor's email "
                    "program), netlify, formspree:FORM_ID, web3forms:KEY, formsubmit:ALIAS, "
                    "an https:// address, or none.", "email", parse=values.parse_form)
    note: str | None = key("How to reach the group without a computer; shown on every page.",
                           example="Not online? Ring Sue, any weekday evening.")
    privacy: str | None = key("Your own words for the privacy notice beside the contact form.")
    email_in_listings: bool = key("Put the email address, as plain text, in the listings for "
                                  "other directories (openreferral/services.json). Off by "
                                  "default: robots that collect addresses for spam read those "
                                  "files too.", False, parse=values.parse_bool)


@dataclass
class Venue:
    name: str = key("The venue's name.", required=True, example="Riverside Community Centre",
                    words=NAME)
    address: str | None = key("Full postal address with postcode.",
                              example="12 Mill Lane, Nottingham NG1 1AA")
    access: str | None = key("Access facts, separated by commas; known ones get a picture: "
                             "step-free, hearing loop, accessible toilet, BSL, quiet room, "
                             "parking, women only, carers welcome, children welcome.",
                             example="Step-free entrance, hearing loop, accessible toilet")
    directions: str | None = key("How to get there: buses, parking, which door.")
    map: str | None = key("A map link of your choice; by default an OpenStreetMap search "
                          "for the address.", parse=values.parse_web_address)


@dataclass
class Cancellation:
    date: date = key("The date that is cancelled.", required=True, parse=values.parse_date)
    reason: str | None = key("Why, in a few words; shown on the site.")


@dataclass
class Meeting:
    name: str = key("What the meeting is called.", required=True, example="Coffee morning",
                    words=NAME)
    when: Rule = key("The repeat rule in plain words.", required=True, parse=parse_when,
                     example="second Tuesday of the month")
    time: TimeRange | None = key("Start and end time.", parse=parse_time_range,
                                 example="10:00-12:00")
    venue: str | None = key("A key of `venues`, or the place in plain text.", words=NAME)
    online: str | None = key("How to join online, if the meeting is online.")
    starts: date | None = key("The first date; needed for every-other-week rules.",
                              name="from", parse=values.parse_date, example="2026-01-08")
    until: date | None = key("The last date, if the meeting ends.", parse=values.parse_date)
    skip: list[date] = key("Dates the meeting does not happen.", [], parse=values.parse_date)
    extra: list[date] = key("Extra one-off dates outside the rule.", [], parse=values.parse_date)
    cancelled: list[Cancellation] = key("Cancelled dates, each with a reason shown on the site.",
                                        [])
    note: str | None = key("Anything else people should know.")


@dataclass
class Event:
    name: str = key("What the event is called.", required=True, example="Christmas social",
                    words=NAME)
    date: date = key("The date.", required=True, parse=values.parse_date, example="2026-12-19")
    time: TimeRange | None = key("Start and end time.", parse=parse_time_range)
    venue: str | None = key("A key of `venues`, or the place in plain text.", words=NAME)
    online: str | None = key("How to join online, if it is online.")
    note: str | None = key("Anything else people should know.")


@dataclass
class Poster:
    headline: str | None = key("The big line at the top; by default the tagline.")
    points: list[str] = key("A few short selling points.", [])
    tear_off: bool = key("Tear-off strips with phone and web address.", True,
                         parse=values.parse_bool)
    discreet: bool = key("Tear-off strips that do not name the topic.", False,
                         parse=values.parse_bool)
    paper: str = key("Paper size: A4, Letter or A5.", "A4", parse=values.parse_paper)


@dataclass
class Translation:
    """The group's own words in one of its other languages."""

    name: str | None = key("The group's name in this language.", words=NAME)
    tagline: str | None = key("The tagline in this language.")
    about: str | None = key("The home page text in this language (Markdown allowed).")
    area: str | None = key("Where the group meets, as people write it in this language.")
    topics: list[str] = key("What people search for, in this language.", [])
    note: str | None = key("How to reach the group without a computer, in this language.")
    headline: str | None = key("The poster's headline in this language.")
    points: list[str] = key("The poster's points in this language.", [])


@dataclass
class Config:
    name: str = key("The group's name.", required=True, example="Riverside Parents Together",
                    words=NAME)
    tagline: str | None = key("One line saying what the group is.")
    about: str | None = key("A few sentences for the home page (Markdown allowed).")
    topics: list[str] = key("What people search for: the condition or situation.", [])
    area: str | None = key("Where the group meets, as people search for it.",
                           example="Riverside, Nottingham")
    language: str = key("The site's language, as a BCP 47 code (en, zh-Hans, ur, bn, pa, pl).",
                        "en", parse=values.parse_language)
    languages: list[str] = key("Every language the site is in, like [en, ur]. Each language "
                               "after `language` gets its own copy of the site under /ur/ "
                               "(pages from pages/ur/), with a language switch.", [],
                               parse=values.parse_language, example="[en, ur]")
    translations: dict[str, Translation] = key("The group's own words in its other languages, "
                                               "under each language code.", {})
    timezone: str = key("The time zone of the meetings.", "Europe/London",
                        parse=values.parse_timezone)
    website: str | None = key("The address the site will live at.", parse=values.parse_website,
                              example="https://riversideparents.org.uk")
    logo: str | None = key("A logo image inside the group folder.", example="images/logo.png",
                           words=CODE)
    contact: Contact = key("How people get in touch; at least one of email, phone or text.",
                           required=True)
    social: dict[str, str] = key("Links to the group elsewhere (plain links, never embeds).",
                                 {}, parse=values.parse_web_address)
    venues: dict[str, Venue] = key("Places the group meets, each under a short key.", {})
    meetings: list[Meeting] = key("Repeating meetings.", [])
    events: list[Event] = key("One-off dates.", [])
    poster: Poster = key("The printable poster.", Poster())
    easy_read: bool = key("Easy read: larger text, more space, and the meeting facts as short "
                          "sentences with pictures, for aphasia and learning-disability groups.",
                          False, parse=values.parse_bool)
    theme: str = key("The look of the site: the name of a built-in theme.", "default",
                     parse=values.parse_theme)
    colour: str = key("One brand colour; it must be dark enough for white text.", "#1d70b8",
                      parse=parse_colour)


@dataclass
class PageMeta:
    title: str | None = key("The page title; by default the first # heading.", words=NAME)
    description: str | None = key("One sentence for search engines and link previews.")
    order: int = key("Position in the menu (smaller comes first).", 100,
                     parse=values.parse_whole_number)
    menu: bool = key("Show the page in the menu.", True, parse=values.parse_bool)
    draft: bool = key("A draft is not published.", False, parse=values.parse_bool)
    slug: str | None = key("The page's address, like meet-us.", parse=values.parse_slug)


@dataclass(frozen=True)
class KeyDoc:
    path: str
    help: str
    default: Any
    required: bool
    example: str


def key_name(spec: dataclasses.Field) -> str:
    """Return the name a volunteer writes for a field (`from` for `starts`)."""
    return spec.metadata.get("name") or spec.name


def default_of(spec: dataclasses.Field) -> Any:
    """Return a fresh default value for a field."""
    if spec.default_factory is not MISSING:
        return spec.default_factory()
    return spec.default


def document_keys(schema: type = Config, prefix: str = "") -> Iterator[KeyDoc]:
    """Yield every key of a schema dataclass, nested ones as `contact.email`, `meetings[].when`."""
    hints = schema_hints(schema)
    for spec in dataclasses.fields(schema):
        path = prefix + key_name(spec)
        meta = spec.metadata
        yield KeyDoc(path, meta["help"], default_of(spec), meta["required"], meta["example"])
        inner, suffix = item_schema(hints[spec.name])
        if dataclasses.is_dataclass(inner) and meta["parse"] is None:
            yield from document_keys(inner, path + suffix + ".")


@functools.lru_cache(maxsize=None)
def schema_hints(schema: type) -> dict[str, Any]:
    """The types of a schema dataclass's fields, by name; worked out once per process, as
    every group of a directory reads the same schemas (do not change the dict)."""
    return typing.get_type_hints(schema)


def item_schema(hint: Any) -> tuple[Any, str]:
    """Return the type of one item of a field, and how a path names it ([] or .KEY)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        return args[0], "[]"
    if origin is dict:
        return args[1], ".KEY"
    if args and type(None) in args:  # X | None
        return next(a for a in args if a is not type(None)), ""
    return hint, ""
