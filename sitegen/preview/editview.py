"""The group.yaml form as the page shows it: sections of labelled fields, made from the schema.

Each field's `name` is its key path as `sitegen keys` prints it (`contact.phone`,
`meetings[0].when`); its help is the schema's one line and example. Hidden `@` fields carry
which item of the file each list item was, so Save can tell a moved item from a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sitegen.core import values
from sitegen.core.config import Config
from sitegen.core.themes import theme_names
from sitegen.core.yamlpatch import Item
from sitegen.preview.formtree import ITEM_NOUNS, Slot, marker_value, slots
from sitegen.preview.understood import Understood, understand_event, understand_meeting

# The sections of the form, in the README's order; every key of the schema is in one.
SECTIONS = [
    ("group", "The group", ["name", "tagline", "about", "topics", "area", "website",
                            "timezone"]),
    ("contact", "Getting in touch", ["contact", "social"]),
    ("venues", "Venues", ["venues"]),
    ("meetings", "Meetings", ["meetings"]),
    ("events", "Events", ["events"]),
    ("poster", "Poster", ["poster"]),
    ("look", "Look", ["theme", "colour", "logo", "easy_read"]),
    ("languages", "Languages", ["language", "languages", "translations"]),
]
TEXTAREAS = {"about"}
INPUT_TYPES = {values.parse_date: "date", values.parse_email: "email",
               values.parse_web_address: "url", values.parse_website: "url"}
PHONES = {"phone", "text"}


@dataclass
class Control:
    """One input with its label, help and problems."""

    name: str
    label: str
    help: str
    value: str
    kind: str  # text, textarea, date, email, url, tel, select
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, words)
    problems: list[str] = field(default_factory=list)
    focus: bool = False
    suggestions: list[str] = field(default_factory=list)  # offered as the field is typed in
    part: str = "control"


@dataclass
class Box:
    """A group of keys (contact, one meeting) in a fieldset."""

    name: str
    legend: str
    help: str
    children: list[Any]
    problems: list[str] = field(default_factory=list)
    understood: Understood | None = None
    understood_kind: str = ""  # "meeting" or "event": what the script asks about
    part: str = "box"


@dataclass
class One:
    """One item of a list or named set, with its buttons."""

    name: str  # meetings[1] or venues.hall
    marker: str  # the hidden field saying which item of the file it was
    origin: str
    key: str  # the list's path, as the buttons name it
    which: str  # the position, or the name in a named set
    position: int
    count: int
    content: Any
    part: str = "one"


@dataclass
class Many:
    """A list (meetings, skip dates) or a named set (venues), and its Add button."""

    name: str
    label: str
    help: str
    noun: str
    keyed: bool
    marker: str
    items: list[One]
    problems: list[str] = field(default_factory=list)
    new_key: str = ""
    new_key_problem: str = ""
    focus: str = ""
    part: str = "many"

    @property
    def a_noun(self) -> str:
        """`a meeting`, `an event`."""
        return ("an " if self.noun[0] in "aeiou" else "a ") + self.noun


@dataclass
class Section:
    id: str
    title: str
    parts: list[Any]


class FormView:
    """Turn a tree into sections, marking problems (by key path) and the field to focus."""

    def __init__(self, problems: dict[str, list[str]], focus: str, language: str, today: date,
                 new_keys: dict[str, str] | None = None, key_problem: tuple[str, str] = ("", "")):
        self.problems, self.focus = problems, focus
        self.language, self.today = language, today
        self.new_keys, self.key_problem = new_keys or {}, key_problem
        self.shown: set[str] = set()
        self.venue_keys: list[str] = []

    def sections(self, tree: dict) -> list[Section]:
        """The whole form, section by section."""
        self.venue_keys = list(tree.get("venues") or {})
        by_name = {slot.name: slot for slot in slots(Config)}
        return [Section(id_, title, [self.part(by_name[key], tree[key], key) for key in keys])
                for id_, title, keys in SECTIONS]

    def part(self, slot: Slot, value: Any, name: str) -> Any:
        """The control, box or list for one key."""
        if slot.container:
            return self.many(slot, value, name)
        if slot.schema:
            return self.box(slot.schema, value, name, _label(slot.name), slot.spec.metadata["help"])
        return self.control(slot, value, name, _label(slot.name))

    def control(self, slot: Slot, value: str, name: str, label: str) -> Control:
        kind, choices = _kind(slot, value)
        return Control(name, label, _help(slot), value, kind, choices, self._problems(name),
                       focus=self.focus == name,
                       suggestions=self.venue_keys if slot.name == "venue" else [])

    def box(self, schema: type, value: dict, name: str, legend: str, help: str) -> Box:
        children = [self.part(slot, value[slot.name], f"{name}.{slot.name}")
                    for slot in slots(schema) if slot.name in value]
        box = Box(name, legend, help, children, self._problems(name))
        if "when" in value and "time" in value:
            box.understood_kind = "meeting"
            box.understood = understand_meeting(_plain(value), self.language, self.today)
        elif "date" in value and "time" in value:
            box.understood_kind = "event"
            box.understood = understand_event(_plain(value), self.language)
        return box

    def many(self, slot: Slot, value: Any, name: str) -> Many:
        noun = ITEM_NOUNS.get(slot.name, "item")
        keyed = slot.container == "dict"
        pairs = list(value.items()) if keyed else list(enumerate(value))
        items = [self.one(slot, name, which, item, position, len(pairs), noun, keyed)
                 for position, (which, item) in enumerate(pairs)]
        marker = marker_value(value) if keyed else ""
        problem = self.key_problem[1] if self.key_problem[0] == name else ""
        return Many(name, _label(slot.name), _help(slot), noun, keyed, marker, items,
                    self._problems(name), self.new_keys.get(name, ""), problem,
                    self.focus if self.focus.endswith("|" + name) or
                    self.focus.startswith(("up|" + name + "|", "down|" + name + "|")) else "")

    def one(self, slot: Slot, path: str, which, item: Any, position: int, count: int,
            noun: str, keyed: bool) -> One:
        name = f"{path}.{which}" if keyed else f"{path}[{which}]"
        value = item if keyed else item.value
        origin = "" if keyed else ("new" if item.origin is None else str(item.origin))
        title = f"{noun.capitalize()}: {which}" if keyed else f"{noun.capitalize()} {position + 1}"
        if slot.schema:
            shown_name = value.get("name") if isinstance(value.get("name"), str) else ""
            legend = f"{title}: {shown_name}" if shown_name and not keyed else title
            content = self.box(slot.schema, value, name, legend, "")
        else:
            content = self.control(slot, value, name, which if keyed else title)
            content.help = ""
        return One(name, "@" + name, origin, path, str(which), position, count, content)

    def _problems(self, name: str) -> list[str]:
        found = self.problems.get(name, [])
        if found:
            self.shown.add(name)
        return found


def _plain(value: dict) -> dict:
    """A meeting's or event's values as text, for what sitegen understood."""
    return {key: [i.value for i in item] if isinstance(item, list) and item and
            isinstance(item[0], Item) else item for key, item in value.items()}


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _help(slot: Slot) -> str:
    example = slot.spec.metadata["example"]
    words = slot.spec.metadata["help"].replace("`", "")  # as `sitegen keys` prints it
    return words + (f" Example: {example}" if example else "")


def _kind(slot: Slot, value: str) -> tuple[str, list[tuple[str, str]]]:
    choices = _choices(slot)
    if choices:
        if value not in [c for c, _ in choices]:  # the file's own spelling stays possible
            choices = [(value, value)] + choices
        return "select", choices
    if slot.name in TEXTAREAS:
        return "textarea", []
    if slot.parse is values.parse_date and value and not _is_iso_date(value):
        return "text", []  # a date input cannot show "8 December 2026"
    return INPUT_TYPES.get(slot.parse, "tel" if slot.name in PHONES else "text"), []


def _choices(slot: Slot) -> list[tuple[str, str]]:
    if slot.parse is values.parse_bool:
        return [("true", "Yes"), ("false", "No")]
    if slot.parse is values.parse_paper:
        return [(size, size) for size in values.PAPER_SIZES]
    if slot.parse is values.parse_theme:
        return [(name, name) for name in theme_names()]
    return []


def _is_iso_date(text: str) -> bool:
    try:
        return date.fromisoformat(text.strip()).isoformat() == text.strip()
    except ValueError:
        return False
