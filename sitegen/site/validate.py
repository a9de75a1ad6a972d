"""Check group.yaml against the schema, collecting every problem before stopping."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.calendar.schedule import dates_around
from sitegen.core.colour import darker_shade_that_passes, readable_on_white
from sitegen.core.characters import hidden_characters
from sitegen.core.config import (NAME, TEXT, Config, Meeting, PageMeta, default_of, item_schema,
                                 key_name, schema_hints)
from sitegen.core.load import GroupSource, SourcePage
from sitegen.core.problems import Problem, SiteError, collect
from sitegen.core.spelling import nearest
from sitegen.core.yamlload import Mapping, Node, Scalar, Sequence, hidden_character_message

_SHAPE_WORDS = {Mapping: "a group of `key: value` lines", Sequence: "a list of `- ` items",
                Scalar: "a single value"}


class SchemaReader:
    """Read nodes into schema dataclasses, noting problems instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: Any, where: str, message: str, warning: bool = False) -> None:
        """Note a problem at a node's position."""
        self.problems.append(Problem(self.path, node.line, node.column, message,
                                     where or None, warning))

    def read(self, schema: type, node: Node, where: str = "") -> Any:
        """Return an instance of `schema` from a mapping node (None if it is not one)."""
        if not self._expect(Mapping, node, where):
            return None
        fields = {key_name(spec): spec for spec in dataclasses.fields(schema)}
        self._report_unknown_keys(node, fields, where)
        hints = schema_hints(schema)
        found = {spec.name: self._read_field(spec, hints[spec.name], node, where)
                 for spec in fields.values()}
        return schema(**found)

    def _read_field(self, spec, hint, mapping: Mapping, where: str) -> Any:
        name = key_name(spec)
        entry = mapping.get(name)
        path = f"{where}.{name}" if where else name
        if entry is None or _is_empty(entry.value):
            if spec.metadata["required"]:
                self._report_missing(spec, hint, entry or mapping, path)
            return default_of(spec)
        return self._read_value(hint, spec, entry.value, path)

    def _read_value(self, hint, spec, node: Node, where: str) -> Any:
        inner, suffix = item_schema(hint)
        nested = spec.metadata["parse"] is None and dataclasses.is_dataclass(inner)
        if suffix == "[]":
            return self._read_list(inner, spec, nested, node, where)
        if suffix == ".KEY":
            entries = node.entries if self._expect(Mapping, node, where) else []
            return {e.key: self._read_value(inner, spec, e.value, f"{where}.{e.key}")
                    for e in entries}
        if nested:
            return self.read(inner, node, where)
        return self._read_scalar(spec, node, where)

    def _read_list(self, inner, spec, nested: bool, node: Node, where: str) -> list:
        # A single value where a list of values is expected is a list of one.
        if isinstance(node, Scalar) and not nested:
            items = [node]
        else:
            items = node.items if self._expect(Sequence, node, where) else []
        read = (self._read_value(inner, spec, item, f"{where}[{i}]")
                for i, item in enumerate(items) if not _is_empty(item))
        return [value for value in read if value is not None]

    def _read_scalar(self, spec, node: Node, where: str) -> Any:
        if not self._expect(Scalar, node, where) or self._hides_characters(spec, node, where):
            return None
        parse = spec.metadata["parse"]
        if parse is None:
            return node.text.strip()
        try:
            return parse(node.text)
        except ValueError as error:
            self.problem(node, where, str(error))
            return None

    def _hides_characters(self, spec, node: Scalar, where: str) -> bool:
        """Refuse invisible characters in codes and names (running text may hold them)."""
        words = spec.metadata["words"]
        if words == TEXT:
            return False
        hidden = hidden_characters(node.text, allow_joiners=words == NAME)
        if not hidden:
            return False
        char = node.text[hidden[0]]
        line, column = node.position_of(char)
        self.problems.append(Problem(self.path, line, column, hidden_character_message(
            "this value", char, column), where or None))
        return True

    def _expect(self, shape: type, node: Node, where: str) -> bool:
        if isinstance(node, shape):
            return True
        subject = "" if where else "this file's settings "  # the whole file, or front matter
        self.problem(node, where, f"{subject}should be {_SHAPE_WORDS[shape]}, "
                                  f"but {'are' if subject else 'is'} {_SHAPE_WORDS[type(node)]}. "
                                  + _shape_fix(shape, node))
        return False

    def _report_unknown_keys(self, mapping: Mapping, fields: dict, where: str) -> None:
        for entry in mapping.entries:
            if entry.key in fields:
                continue
            close = difflib.get_close_matches(entry.key.lower(), fields, n=1, cutoff=0.6)
            hint = f'Did you mean "{close[0]}"?' if close else \
                "The keys here are: " + ", ".join(fields) + "."
            path = f"{where}.{entry.key}" if where else entry.key
            self.problems.append(Problem(self.path, entry.line, entry.column,
                                         f"sitegen does not know this key. {hint}", path))

    def _report_missing(self, spec, hint, node: Any, path: str) -> None:
        example = spec.metadata["example"]
        fix = f" Add it, like `{key_name(spec)}: {example}`." if example else ""
        inner = _example_key(item_schema(hint)[0]) if not example else None
        if inner:  # a group of keys, like contact: show one line that goes under it
            fix = f" Add it, with a line under it indented by two spaces, like `{inner}`."
        self.problem(node, path, f"is missing.{fix}")


def validate_config(node: Node, path: Path) -> tuple[Config, list[Problem]]:
    """Return the checked Config and any warnings; raise SiteError listing every problem."""
    reader = SchemaReader(path)
    config = reader.read(Config, node)
    if config is not None:
        _check_contact(reader, node, config)
        _check_meetings(reader, node, config.meetings)
        _warn_venue_slips(reader, node, config)
        _check_colour(reader, node, config.colour)
        _warn_unfindable(reader, node, config)
        _check_languages(reader, node, config)
    errors = [p for p in reader.problems if not p.warning]
    if errors or config is None:
        raise SiteError(in_file_order(errors))
    return config, in_file_order([p for p in reader.problems if p.warning])


def find_node(node: Node, *steps: str | int) -> Node:
    """Follow keys and list positions to a node, stopping at the deepest one that exists."""
    for step in steps:
        if isinstance(node, Mapping) and isinstance(step, str) and node.get(step):
            node = node.get(step).value
        elif isinstance(node, Sequence) and isinstance(step, int) and step < len(node.items):
            node = node.items[step]
        else:
            break
    return node


def _check_contact(reader: SchemaReader, root: Node, config: Config) -> None:
    contact = config.contact
    already_said = any((p.key or "").startswith("contact.") for p in reader.problems)
    if contact and not (contact.email or contact.phone or contact.text or already_said):
        reader.problem(find_node(root, "contact"), "contact",
                       "give at least one way in: email, phone or text, like "
                       "`email: hello@example.org`.")


def _check_meetings(reader: SchemaReader, root: Node, meetings: list[Meeting]) -> None:
    for index, meeting in enumerate(meetings):
        where = f"meetings[{index}]"
        if missing_start(meeting):
            reader.problem(find_node(root, "meetings", index, "when"), where + ".when",
                           missing_start(meeting))
        if meeting.starts and meeting.until and meeting.until < meeting.starts:
            reader.problem(find_node(root, "meetings", index, "until"), where + ".until",
                           "is before `from`. Check the two dates.")
        elif meeting.when and (meeting.starts or not meeting.when.needs_start):
            _warn_off_rule_dates(reader, root, meeting, index)


def missing_start(meeting: Meeting) -> str | None:
    """The problem with a rule counted from a first date when `from` is not given."""
    if meeting.when and meeting.when.needs_start and not meeting.starts:
        return (f'"{meeting.when.text}" is counted from a first date. Add `from:` with the '
                "date of any one of these meetings, like `from: 2026-01-08`.")
    return None


def _warn_venue_slips(reader: SchemaReader, root: Node, config: Config) -> None:
    """`venue: hal` beside a venue key `hall` is surely meant as the key, not a place "hal"."""
    keys = list(config.venues)
    for kind, items in (("meetings", config.meetings), ("events", config.events)):
        for index, item in enumerate(items):
            meant = item.venue and item.venue not in keys and nearest(item.venue, keys)
            if meant:
                reader.problem(find_node(root, kind, index, "venue"), f"{kind}[{index}].venue",
                               f'"{item.venue}" is not one of the venues, so it is shown as a '
                               f'place called "{item.venue}". Did you mean "{meant}"?',
                               warning=True)


def _warn_off_rule_dates(reader: SchemaReader, root: Node, meeting: Meeting, index: int) -> None:
    """A skipped or cancelled date the rule never gives is almost always a typing slip."""
    dated = [("skip", i, day) for i, day in enumerate(meeting.skip)] + \
        [("cancelled", i, c.date) for i, c in enumerate(meeting.cancelled) if c.date]
    for key, position, day in dated:
        around = dates_around(meeting, day)
        if around is None:
            continue
        steps = ("meetings", index, key, position) + (("date",) if key == "cancelled" else ())
        where = f"meetings[{index}].{key}[{position}]" + (".date" if key == "cancelled" else "")
        nearest = " and ".join(f"{d:%A} {d.day} {d:%B %Y}" for d in around if d)
        reader.problem(find_node(root, *steps), where,
                       f'{day.isoformat()} is not a day "{meeting.when.text}" falls on, so it '
                       f"changes nothing. The nearest meeting days are {nearest}.", warning=True)


def _check_colour(reader: SchemaReader, root: Node, colour: str | None) -> None:
    if colour and not readable_on_white(colour):
        reader.problem(find_node(root, "colour"), "colour",
                       f'"{colour}" is too light for white text (WCAG AA needs a contrast of '
                       f'4.5:1). Try the darker shade "{darker_shade_that_passes(colour)}".')


# What search engines lose without a key: people search "[place] [topic] group".
_FINDABILITY = {
    "website": "`website` is not set, so the site has no sitemap, canonical addresses or "
               "link previews. Add it once you know it, like `website: https://our-group.org.uk`.",
    "area": "`area` is not set, so search engines cannot show the group to people searching "
            "for their town. Add it, like `area: Riverside, Nottingham`.",
    "topics": "`topics` is not set, so search engines do not know what the group is about. "
              "Add it, like `topics: [autism, parents]`.",
}


def _warn_unfindable(reader: SchemaReader, root: Node, config: Config) -> None:
    for key, message in _FINDABILITY.items():
        if not getattr(config, key):
            reader.problem(root, "", message, warning=True)


def site_languages(config: Config) -> list[str]:
    """The main language first, then the others listed in `languages`."""
    return [config.language, *(code for code in dict.fromkeys(config.languages)
                               if code != config.language)]


def _check_languages(reader: SchemaReader, root: Node, config: Config) -> None:
    others = site_languages(config)[1:]
    for code in config.translations:
        if code not in others:
            reader.problem(find_node(root, "translations", code), f"translations.{code}",
                           f'"{code}" is not one of the site\'s other languages. Add it to '
                           f"`languages`, like `languages: [{config.language}, {code}]`.")


def _check_page_languages(source: GroupSource, config: Config) -> list[Problem]:
    others = site_languages(config)[1:]
    return [Problem(page.path.parent, None, None,
                    f'is a folder for the language "{page.language}", which is not in '
                    f"`languages`. Add it there, like `languages: [{config.language}, "
                    f"{page.language}]`, or move the page up a folder.")
            for page in source.pages if page.language and page.language not in others]


def _is_empty(node: Node) -> bool:
    return isinstance(node, Scalar) and node.text is None


def _shape_fix(shape: type, node: Node) -> str:
    # `phone:0115 496 0000` is one piece of text to YAML, not a key and its value.
    squeezed = re.match(r"\s*([A-Za-z_][\w-]*):(?=\S)", node.text or "") \
        if shape is Mapping and isinstance(node, Scalar) else None
    if squeezed:
        return f"Put a space after `{squeezed[1]}:`, like `{squeezed[1]}: ...`."
    return "Check the indentation."


def _example_key(schema: Any) -> str | None:
    """Return `key: example` for the first key of a schema class that has an example."""
    if not dataclasses.is_dataclass(schema):
        return None
    return next((f"{key_name(f)}: {f.metadata['example']}" for f in dataclasses.fields(schema)
                 if f.metadata.get("example")), None)


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Sort problems by file, then line and column, so they read top to bottom."""
    return sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.column or 0))


@dataclass
class CheckedGroup:
    """A group folder whose config and pages passed every check."""

    source: GroupSource
    config: Config
    pages: list[tuple[SourcePage, PageMeta]]
    warnings: list[Problem]


def validate_group(source: GroupSource) -> CheckedGroup:
    """Check group.yaml and every page's front matter; raise SiteError listing all problems."""
    problems: list[Problem] = []
    config, warnings = collect(problems, validate_config, source.config,
                               source.config_path) or (None, [])
    pages = []
    for page in source.pages:
        reader = SchemaReader(page.path)
        meta = reader.read(PageMeta, page.front_matter)
        problems.extend(in_file_order(reader.problems))
        pages.append((page, meta))
    if config:
        problems.extend(_check_page_languages(source, config))
    if problems:
        raise SiteError(problems)
    return CheckedGroup(source, config, pages, warnings)

