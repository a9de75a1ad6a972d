"""Read YAML the way a volunteer meant it: every value kept as the text they typed.

PyYAML follows YAML 1.1, where `19:30` is the number 1170, `01234567012` is an
octal number and `NO` is false. We compose the document into nodes (which keep
line and column) and resolve nothing: each scalar stays a string, and the
schema decides later what a key's text means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitegen.core.characters import describe, hidden_characters
from sitegen.core.problems import Problem, SiteError

# Characters that look like spaces but that YAML does not treat as such.
_LOOKALIKE_SPACES = {
    "\t": "a tab",
    "\u00a0": "a non-breaking space",
    "\u2007": "a figure space",
    "\u202f": "a narrow non-breaking space",
}


# Every node also keeps where it sits in the text it was read from (character offsets, and how
# it was written), so the browser editor can rewrite one value and leave every other byte.
def _span(default=0):
    return field(default=default, compare=False, repr=False)


@dataclass
class Scalar:
    """A single value, kept as typed (None when left empty)."""

    text: str | None
    line: int
    column: int
    start: int = _span()
    end: int = _span()
    style: str | None = _span(None)  # None when plain, else ' " | or >
    # Where invisible characters sit in the file: (character, line, column).
    hidden: list[tuple[str, int, int]] = field(default_factory=list, compare=False, repr=False)

    def position_of(self, char: str) -> tuple[int, int]:
        """Where `char` is in the file; the value's start when it is written as an escape."""
        return next(((line, column) for found, line, column in self.hidden if found == char),
                    (self.line, self.column))


@dataclass
class Entry:
    """One `key: value` line of a mapping."""

    key: str
    line: int
    column: int
    value: Node
    start: int = _span()  # where the key starts


@dataclass
class Mapping:
    entries: list[Entry] = field(default_factory=list)
    line: int = 1
    column: int = 1
    start: int = _span()
    end: int = _span()
    flow: bool = _span(False)  # written {like: this} rather than as indented lines

    def get(self, key: str) -> Entry | None:
        """Return the entry for `key`, or None."""
        return next((e for e in self.entries if e.key == key), None)


@dataclass
class Sequence:
    items: list[Node] = field(default_factory=list)
    line: int = 1
    column: int = 1
    start: int = _span()
    end: int = _span()
    flow: bool = _span(False)  # written [like, this] rather than as `- ` lines


Node = Scalar | Mapping | Sequence


class _TextOnlyResolver(yaml.resolver.BaseResolver):
    """Resolve no implicit types: plain scalars stay strings."""


class _Composer(yaml.composer.Composer):
    def compose_node(self, parent, index):
        # Refuse aliases before PyYAML follows them: `*name` can multiply one
        # node into billions (the "billion laughs" attack), and volunteers never need it.
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, f"this value is an alias (*{event.anchor}), which "
                           "sitegen does not allow. Write the value out in full instead.")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, f"this value has an anchor (&{event.anchor}), which "
                           "sitegen does not allow. Remove it and write values out in full.")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(event.start_mark, f"this value has the tag {shown}, which sitegen "
                           "does not allow. Remove the tag and write the value as plain text.")
        return super().compose_node(parent, index)


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Composer,
              _TextOnlyResolver):
    """PyYAML's own parser, in Python: its messages are the ones sitegen explains."""

    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _Composer.__init__(self)
        _TextOnlyResolver.__init__(self)


if yaml.__with_libyaml__:
    class _FastLoader(_Composer, yaml.cyaml.CParser, _TextOnlyResolver):
        """libyaml's parser, in C, with the same composer: the same nodes, ten times sooner."""

        def __init__(self, text: str):
            yaml.cyaml.CParser.__init__(self, text)
            _Composer.__init__(self)
            _TextOnlyResolver.__init__(self)


class _Refused(Exception):
    def __init__(self, mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


def load_yaml_file(path: Path) -> Node:
    """Read a YAML file into nodes; raise SiteError naming file, line and column."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SiteError([Problem(path, None, None, f"cannot be read: {error.strerror}.")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SiteError([Problem(path, line, None, "is not saved as UTF-8 text. "
                                 "Save it again choosing the UTF-8 encoding.")])
    return load_yaml_text(text, path)


def load_yaml_text(text: str, path: Path, first_line: int = 1) -> Node:
    """Parse YAML text into nodes; `first_line` is where it starts in `path`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    offset = first_line - 1
    problems = _lookalike_space_problems(text, path, offset) + \
        control_character_problems(text, path, offset)
    if problems:
        raise SiteError(problems)
    try:
        node = _compose(text)
    except _Refused as refused:
        raise SiteError([_problem_at(path, refused.mark, offset, refused.message)])
    except yaml.MarkedYAMLError as error:
        raise SiteError([_syntax_problem(path, error, text, offset)])
    except yaml.YAMLError as error:
        raise SiteError([Problem(path, None, None, f"is not valid YAML ({error}).")])
    if node is None:
        return Mapping(line=first_line)
    return _Converter(path, offset, text).convert(node)


def _compose(text: str) -> yaml.Node | None:
    """The text's nodes: by libyaml where it is installed (reading group.yaml was a
    tenth of a preview's rebuild), and by PyYAML's Python parser for a text with a
    mistake, so the problem is always described in the same words. libyaml also
    takes tabs where the Python parser refuses them: a text with a tab goes to the
    Python parser, so that a file is read the same with or without libyaml."""
    if yaml.__with_libyaml__ and "\t" not in text:
        loader = _FastLoader(text)
        try:
            return loader.get_single_node()
        except yaml.YAMLError:
            pass  # described below
        finally:
            loader.dispose()
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@dataclass
class _Converter:
    """Turn PyYAML's nodes into ours, with each position counted in the whole file."""

    path: Path
    offset: int  # lines of the file before the YAML text (a page's front matter)
    text: str

    def convert(self, node: yaml.Node) -> Node:
        line, column = node.start_mark.line + 1 + self.offset, node.start_mark.column + 1
        start, end = node.start_mark.index, node.end_mark.index
        if isinstance(node, yaml.ScalarNode):
            style = node.style or None  # libyaml says "" for plain, PyYAML None
            empty = node.value == "" and style is None
            return Scalar(None if empty else node.value, line, column, start, end, style,
                          self._hidden(start, end))
        if isinstance(node, yaml.SequenceNode):
            return Sequence([self.convert(item) for item in node.value], line, column,
                            start, end, bool(node.flow_style))
        return _convert_mapping(node, self)

    def _hidden(self, start: int, end: int) -> list[tuple[str, int, int]]:
        return [(self.text[start + i], *self.position(start + i))
                for i in hidden_characters(self.text[start:end])]

    def position(self, index: int) -> tuple[int, int]:
        """The line and column in the file of a character of the YAML text."""
        line_start = self.text.rfind("\n", 0, index) + 1
        return self.text.count("\n", 0, index) + 1 + self.offset, index - line_start + 1


def _convert_mapping(node: yaml.MappingNode, converter: _Converter) -> Mapping:
    path, offset = converter.path, converter.offset
    mapping = Mapping(line=node.start_mark.line + 1 + offset, column=node.start_mark.column + 1,
                      start=node.start_mark.index, end=node.end_mark.index,
                      flow=bool(node.flow_style))
    problems = []
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        key_column = key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "":
            problems.append(Problem(path, key_line, key_column,
                                    "this key is not a plain name. Write it like `name: value`."))
            continue
        hidden = hidden_characters(key_node.value)
        if hidden:
            char = key_node.value[hidden[0]]
            line, column = converter.convert(key_node).position_of(char)
            problems.append(Problem(path, line, column, hidden_character_message(
                "this key", char, column)))
            continue
        earlier = mapping.get(key_node.value)
        if earlier:
            problems.append(Problem(
                path, key_line, key_column,
                f"`{key_node.value}` is written twice, here and on line {earlier.line}. "
                "Keep one of them."))
            continue
        value = converter.convert(value_node)
        mapping.entries.append(Entry(key_node.value, key_line, key_column, value,
                                     key_node.start_mark.index))
    if problems:
        raise SiteError(problems)
    return mapping


def hidden_character_message(what: str, char: str, column: int) -> str:
    """Say which invisible character is where, and how to be rid of it."""
    return (f"{what} has an invisible character, {describe(char)}, at column {column}. "
            "Delete it: if you cannot find it, type the text around it again.")


# What YAML cannot read, and what YAML 1.1 takes for a line end where editors do not (every
# line number after it would be off).
_UNSEEN = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern + "|[\x85\u2028\u2029]")


def control_character_problems(text: str, path: Path, offset: int = 0) -> list[Problem]:
    """Control characters (ESC, NUL...) that YAML cannot read and web pages may not hold,
    pasted from a terminal or an old document: one problem a line, naming the first."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1 + offset):
        found = _UNSEEN.search(line)
        if found:
            problems.append(Problem(path, number, found.start() + 1, hidden_character_message(
                "this line", found.group(), found.start() + 1)))
    return problems


def _lookalike_space_problems(text: str, path: Path, offset: int) -> list[Problem]:
    """Find tabs and odd spaces where YAML reads indentation or separates a key."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1 + offset):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped[:1] in _LOOKALIKE_SPACES:
            name = _LOOKALIKE_SPACES[stripped[0]]
            problems.append(Problem(path, number, indent + 1,
                                    f"the line starts with {name}. "
                                    "Indent with ordinary spaces only (two per level)."))
            continue
        colon = stripped.find(":")
        after = stripped[colon + 1: colon + 2] if colon > 0 else ""
        if after in _LOOKALIKE_SPACES and after != "\t":
            problems.append(Problem(path, number, indent + colon + 2,
                                    f"there is {_LOOKALIKE_SPACES[after]} after the colon. "
                                    "Replace it with an ordinary space."))
    return problems


_PLAIN_WORDS = {
    "found character '\\t' that cannot start any token":
        "there is a tab here. Use ordinary spaces instead.",
    "mapping values are not allowed here":
        "a colon (:) is in the wrong place. If the value contains ': ', put it in quotes, "
        "like note: \"Time: 7pm\"; otherwise check the indentation of this line.",
    "could not find expected ':'":
        "a `key: value` line is missing its colon, or the line above is indented wrongly.",
    "found undefined alias":
        "a value starts with *, which YAML reads as an alias. Put the value in quotes.",
    "found unexpected end of stream":
        "a quote is opened but never closed. Add the closing quote.",
    "expected <block end>, but found '-'":
        "a list item (-) is indented differently from the items above it. Line them up.",
    # PyYAML says this of a key indented less than the keys above it but more than their parent.
    "expected <block end>, but found '<block mapping start>'":
        "this line does not line up with the lines above it. Start it with as many spaces "
        "as the key above.",
    "expected <block end>, but found '<block sequence start>'":
        "a list item (-) is indented differently from the items above it. Line them up.",
    "expected <block end>, but found '<scalar>'":
        "this line does not fit the indentation around it. Check the spaces at its start.",
    # The first lines are indented, so a key further left looks like a second document.
    "expected '<document start>', but found '<block mapping start>'":
        "this line starts further left than the first line of the file. Start every top-level "
        "key, like `name:`, at the very left, with no spaces before it.",
    "but found another document":
        "a line of three dashes (---) ends the settings here. Remove it, or make it a note "
        "by starting it with #.",
    "found character '@' that cannot start any token":
        "a value starts with @. Put the value in quotes.",
    "found character '`' that cannot start any token":
        "a value starts with `. Put the value in quotes.",
    "found character '%' that cannot start any token":
        "a value starts with %. Put the value in quotes.",
}


# `name:Hillside` is one piece of text to YAML, so the error shows only at a later line.
_NO_SPACE_AFTER_COLON = re.compile(r"^ *(?:- +)?([A-Za-z_][\w-]*):(?! |$|//)")
_SWALLOWED_TEXT_ERRORS = ("mapping values are not allowed here", "could not find expected ':'")


def _syntax_problem(path: Path, error: yaml.MarkedYAMLError, text: str,
                    offset: int) -> Problem:
    problem = error.problem or "this is not valid YAML"
    if problem in _SWALLOWED_TEXT_ERRORS and error.problem_mark:
        squeezed = _missing_space_after_colon(text, error.problem_mark.line)
        if squeezed:
            line, column, key = squeezed
            return Problem(path, line + 1 + offset, column, f"there is no space after "
                           f"`{key}:`. Put one there, like `{key}: ...`.")
    message = _PLAIN_WORDS.get(problem)
    if message is None:
        message = f"this is not valid YAML ({problem}). Check the quotes, colons and indentation."
    # An unclosed quote, or a key without its colon, is found lines later; point at its start.
    starts_earlier = problem in ("found unexpected end of stream", "could not find expected ':'")
    mark = error.context_mark if starts_earlier else None
    return _problem_at(path, mark or error.problem_mark or error.context_mark, offset, message)


def _missing_space_after_colon(text: str, error_line: int) -> tuple[int, int, str] | None:
    """Find a `key:value` line that YAML swallowed as text: (line from 0, column, key)."""
    lines = text.split("\n")
    for number in range(error_line, -1, -1):
        line = lines[number]
        if match := _NO_SPACE_AFTER_COLON.match(line):
            return number, match.end(1) + 2, match[1]
        # Text swallowed that way runs on to the error without any normal `key: value` line.
        if number < error_line and (": " in line or line.rstrip().endswith(":")):
            return None
    return None


def _problem_at(path: Path, mark, offset: int, message: str) -> Problem:
    if mark is None:
        return Problem(path, None, None, message)
    return Problem(path, mark.line + 1 + offset, mark.column + 1, message)
