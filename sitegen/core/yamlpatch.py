"""Write new values into a YAML file and keep every other byte: notes, blank lines, order, quotes.

Editors that load YAML into objects and dump it again lose the volunteer's notes (comments),
reorder keys and change quoting. Our loader already records where each value sits in the
text, so here a change is a splice: the characters of the one value that changed are
replaced, an added key or list item is inserted as new lines beside its neighbours, and a
removed one takes out exactly its own lines.

What to write is given as a tree: text (or None) for a value, a dict for a group of keys
(keys not in the dict are left alone; a `Listing` names every key, so missing ones go), and a
list of `Item`s for a list, each saying which item of the file it was (or None when new).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from sitegen.core.problems import SiteError
from sitegen.core.yamlload import Entry, Mapping, Node, Scalar, Sequence, load_yaml_text


@dataclass
class Item:
    """One item of a list as it should be: which item of the file it was, and its value."""

    origin: int | None  # its position in the file's list; None for a new item
    value: Tree


class Listing(dict):
    """Every key a group of keys should have (venues, social links): the others are removed."""


class Plain(str):
    """A value written without quotes whenever YAML allows: dates, yes/no, whole numbers."""


Tree = Union[str, None, dict, list]


class CannotPatch(Exception):
    """The file is written in a way this change cannot be spliced into (it says where)."""


def patch_yaml(text: str, root: Node, wanted: dict) -> str:
    """Return `text` with the values of `wanted` written in, every other byte as it was."""
    patcher = _Patcher(text)
    if isinstance(root, Mapping) and root.entries:
        patcher.mapping(root, wanted)
    else:  # an empty file: nothing to keep but its notes
        patcher.splices.append((len(text), len(text), _newline_before(text, len(text))
                                + render_mapping(wanted, 0)))
    return apply_splices(text, patcher.splices)


def apply_splices(text: str, splices: list[tuple[int, int, str]], base: int = 0) -> str:
    """Replace text[start:end] by each splice's new text (positions counted from `base`)."""
    pieces, at = [], base
    for start, end, new in sorted(splices, key=lambda s: (s[0], s[1])):
        if start < at:
            raise CannotPatch("two changes overlap")
        pieces += [text[at - base:start - base], new]
        at = end
    pieces.append(text[at - base:])
    return "".join(pieces)


def is_empty(value: Tree) -> bool:
    """Whether a value would write nothing: no text, or only empty parts."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, dict):  # {} asks for nothing; a group whose every value is cleared goes
        return bool(value) and not isinstance(value, Listing) and all(map(is_empty, value.values()))
    return all(item.origin is None and is_empty(item.value) for item in value)


class _Patcher:
    def __init__(self, text: str):
        self.text = text
        self.splices: list[tuple[int, int, str]] = []

    def mapping(self, node: Mapping, wanted: dict) -> None:
        order = list(wanted)
        for key, value in wanted.items():
            entry = node.get(key)
            if entry is None:
                if not is_empty(value) and value != {}:
                    self._insert_entry(node, key, value, order)
            elif is_empty(value) and not isinstance(value, Listing) and not _is_block_list(entry):
                if not _is_null(entry.value):
                    self._remove_entry(entry)
            else:
                self.value(entry.value, value, entry)
        if isinstance(wanted, Listing):
            for entry in node.entries:
                if entry.key not in wanted:
                    self._remove_entry(entry)

    def value(self, node: Node, wanted: Tree, entry: Entry | None, indent: int | None = None
              ) -> None:
        indent = self._column(entry.start) if entry else indent
        if isinstance(wanted, dict):
            if isinstance(node, Mapping):
                return self.mapping(node, wanted)
            if _is_null(node) and entry:
                return self._fill(entry, render_mapping(wanted, indent + 2))
        elif isinstance(wanted, list):
            if isinstance(node, Sequence):
                return self.sequence(node, wanted)
            if isinstance(node, Scalar):
                return self._list_for_scalar(node, wanted, entry, indent)
        elif isinstance(node, Scalar):
            return self.scalar(node, wanted, indent)
        raise CannotPatch(f"line {node.line} holds a different kind of value than the form")

    def scalar(self, node: Scalar, wanted: str | None, indent: int) -> None:
        wanted = wanted or ""
        if _same_text(node, wanted):
            return
        if node.style in ("|", ">"):
            return self._block_scalar(node, wanted, indent)
        if "\n" in wanted.strip():  # becomes a block: any note after it moves onto its first line
            line_end = self._line_after(node.end)
            rest = self.text[node.end:line_end].rstrip("\n")
            block = "|" + rest + "\n" + _block_lines(wanted, indent + 2)
            return self.splices.append((node.start, line_end, block))
        self.splices.append((node.start, node.end, render_scalar(wanted, node.style)))

    def sequence(self, node: Sequence, wanted: list[Item]) -> None:
        if node.flow:
            return self._flow_sequence(node, wanted)
        kept = [item for item in wanted if item.origin is not None]
        slots = sorted(item.origin for item in kept)
        reordered = [item.origin for item in kept] != slots
        for origin in range(len(node.items)):
            if origin not in slots:
                self.splices.append(self._slot(node, origin) + ("",))
        for item, slot in zip(kept, slots):
            if reordered:
                self._move_into(node, item, slot)
            else:
                self.value(node.items[item.origin], item.value, None,
                           self._dash_column(node, slot) + 2)
        self._insert_new_items(node, wanted, dict(zip((id(i) for i in kept), slots)))

    def _move_into(self, node: Sequence, item: Item, slot: int) -> None:
        inner = _Patcher(self.text)
        inner.value(node.items[item.origin], item.value, None,
                    self._dash_column(node, item.origin) + 2)
        start, end = self._slot(node, item.origin)
        self.splices.append(self._slot(node, slot) + (
            apply_splices(self.text[start:end], inner.splices, base=start),))

    def _insert_new_items(self, node: Sequence, wanted: list[Item], slot_of: dict) -> None:
        dash = self._dash_column(node, 0)
        after_all = self._slot(node, len(node.items) - 1)[1]
        for position, item in enumerate(wanted):
            if item.origin is not None or is_empty(item.value):
                continue
            later = [slot_of[id(i)] for i in wanted[position:] if id(i) in slot_of]
            at = self._slot(node, later[0])[0] if later else after_all
            self.splices.append((at, at, _newline_before(self.text, at)
                                 + render_item(item.value, dash)))

    def _flow_sequence(self, node: Sequence, wanted: list[Item]) -> None:
        if [i.origin for i in wanted] == list(range(len(node.items))) and all(
                isinstance(old, Scalar) and _same_text(old, item.value)
                for old, item in zip(node.items, wanted)):
            return
        self.splices.append((node.start, node.end, self._flow_list(node.items, wanted)))

    def _flow_list(self, old_items: list[Node], wanted: list[Item]) -> str:
        """`[a, b]`, keeping each unchanged item exactly as it was written."""
        shown = []
        for item in wanted:
            old = old_items[item.origin] if item.origin is not None else None
            if isinstance(old, Scalar) and _same_text(old, item.value):
                shown.append(self.text[old.start:old.end])
            elif isinstance(item.value, str) and not is_empty(item.value):
                shown.append(render_scalar(item.value, old.style if old else None, flow=True))
            elif not is_empty(item.value):
                raise CannotPatch(f"line {old_items[0].line}: a list written in [brackets] "
                                  "holds groups of keys")
        return "[" + ", ".join(shown) + "]"

    def _list_for_scalar(self, node: Scalar, wanted: list[Item], entry: Entry | None,
                         indent: int) -> None:
        """A single value where a list goes (`skip: 2026-12-08`), or an empty one (`events:`)."""
        if node.text is not None:
            if not (len(wanted) == 1 and wanted[0].origin == 0 and
                    _same_text(node, wanted[0].value)):
                self.splices.append((node.start, node.end, self._flow_list([node], wanted)))
            return
        if is_empty(wanted):
            return
        if all(isinstance(item.value, str) for item in wanted) and entry:
            colon = self._colon_after(entry)
            return self.splices.append((colon, colon, " " + self._flow_list([], wanted)))
        if entry is None:
            raise CannotPatch(f"line {node.line}: an empty list item")
        self._fill(entry, "".join(render_item(i.value, indent + 2) for i in wanted
                                  if not is_empty(i.value)))

    def _block_scalar(self, node: Scalar, wanted: str, indent: int) -> None:
        """Rewrite a `|` block's lines; the blank lines after it stay where they are."""
        old = self.text[node.start:node.end]
        header_end = old.find("\n") + 1 or len(old)
        content = old[header_end:].rstrip()
        end = min(node.start + header_end + len(content) + 1, node.end)
        old_indent = len(content) - len(content.lstrip(" "))
        if "\n" in wanted.strip():
            new = old[:header_end] + _block_lines(wanted, max(old_indent, indent + 2))
        else:
            new = render_scalar(wanted, None) + self._rest_of_header(old[:header_end]) + "\n"
        self.splices.append((node.start, end, new))

    @staticmethod
    def _rest_of_header(header: str) -> str:
        """A note after `|` on the header line, kept when the value becomes one line."""
        comment = header.find("#")
        return "  " + header[comment:].rstrip("\n") if comment >= 0 else ""

    def _insert_entry(self, node: Mapping, key: str, value: Tree, order: list[str]) -> None:
        if node.flow:
            raise CannotPatch(f"line {node.line}: keys written in {{braces}}")
        before = [e for e in node.entries if e.key in order[:order.index(key)]]
        after = before[-1] if before else node.entries[-1]
        at = self._skip_own_notes(self._line_after(self._end_of(after.value)),
                                  self._column(node.start))
        lines = render_entry(key, value, self._column(node.entries[0].start))
        self.splices.append((at, at, _newline_before(self.text, at) + lines))

    def _remove_entry(self, entry: Entry) -> None:
        line_start = self.text.rfind("\n", 0, entry.start) + 1
        if self.text[line_start:entry.start].strip():
            raise CannotPatch(f"line {entry.line}: `{entry.key}` shares its line with a - or {{")
        self.splices.append((line_start, self._line_after(self._end_of(entry.value)), ""))

    def _fill(self, entry: Entry, lines: str) -> None:
        """Put lines under a key that has no value yet (`events:`)."""
        at = self._line_after(entry.start)
        self.splices.append((at, at, _newline_before(self.text, at) + lines))

    def _colon_after(self, entry: Entry) -> int:
        return self.text.index(":", entry.start + len(entry.key)) + 1

    def _slot(self, node: Sequence, index: int) -> tuple[int, int]:
        """The lines of one `- ` item, from its dash to the end of its value."""
        dash = self._dash(node, index)
        return (self.text.rfind("\n", 0, dash) + 1,
                self._line_after(self._end_of(node.items[index])))

    def _dash(self, node: Sequence, index: int) -> int:
        at = node.items[index].start - 1
        while at > 0 and self.text[at] in " \n":
            at -= 1
        if self.text[at] != "-":
            raise CannotPatch(f"line {node.line}: a list item without its dash")
        return at

    def _dash_column(self, node: Sequence, index: int) -> int:
        return self._column(self._dash(node, index))

    def _end_of(self, node: Node) -> int:
        """Where a value's last character is (a block's trailing blank lines not counted)."""
        if isinstance(node, Scalar):
            if node.style in ("|", ">"):
                return node.start + len(self.text[node.start:node.end].rstrip()) - 1
            return max(node.end - 1, node.start)
        if node.flow:
            return node.end - 1
        children = [e.value for e in node.entries] if isinstance(node, Mapping) else node.items
        return self._end_of(children[-1]) if children else node.start

    def _line_after(self, at: int) -> int:
        newline = self.text.find("\n", at)
        return len(self.text) if newline < 0 else newline + 1

    def _skip_own_notes(self, at: int, indent: int) -> int:
        """Step over note lines indented deeper than `indent`: they belong to the key above."""
        while at < len(self.text):
            line = self.text[at:self._line_after(at)]
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) <= indent:
                break
            at = self._line_after(at)
        return at

    def _column(self, at: int) -> int:
        return at - (self.text.rfind("\n", 0, at) + 1)


def _is_block_list(entry: Entry) -> bool:
    """A list of `- ` lines: emptied, its key stays (with the notes around it, like a heading)."""
    return isinstance(entry.value, Sequence) and not entry.value.flow


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.text is None


def _same_text(node: Scalar, wanted: Tree) -> bool:
    if not isinstance(wanted, str):
        return False
    return (node.text or "").strip() == wanted.replace("\r\n", "\n").strip()


def _newline_before(text: str, at: int) -> str:
    """A file that does not end with a newline gets one before anything added at its end."""
    return "\n" if at == len(text) and text and not text.endswith("\n") else ""


def render_mapping(wanted: dict, indent: int) -> str:
    """New `key: value` lines, for keys that are not in the file yet."""
    return "".join(render_entry(key, value, indent) for key, value in wanted.items()
                   if not is_empty(value))


def render_entry(key: str, value: Tree, indent: int) -> str:
    """One new key with its value, as indented lines."""
    head = " " * indent + render_scalar(key, None) + ":"
    if isinstance(value, dict):
        return head + "\n" + render_mapping(value, indent + 2)
    if isinstance(value, list):
        items = [item for item in value if not is_empty(item.value)]
        if all(isinstance(item.value, str) for item in items):
            return head + " [" + ", ".join(render_scalar(i.value, None, flow=True)
                                           for i in items) + "]\n"
        return head + "\n" + "".join(render_item(item.value, indent + 2) for item in items)
    if "\n" in value.strip():
        return head + " |\n" + _block_lines(value, indent + 2)
    return head + " " + render_scalar(value, None) + "\n"


def render_item(value: Tree, indent: int) -> str:
    """One new `- ` item of a list."""
    if isinstance(value, dict):
        lines = render_mapping(value, indent + 2)
        return " " * indent + "- " + lines[indent + 2:]
    if isinstance(value, str) and "\n" in value.strip():
        return " " * indent + "- |\n" + _block_lines(value, indent + 2)
    return " " * indent + "- " + render_scalar(value, None) + "\n"


def render_scalar(text: str, old_style: str | None, flow: bool = False) -> str:
    """Write one value so that sitegen reads back exactly the text typed."""
    plain = isinstance(text, Plain)
    text = text.replace("\r\n", "\n").strip()
    if old_style not in ("'", '"') and _plain_reads_back(text, flow) and (
            plain or _yaml_reads_as_text(text)):
        return text
    if old_style == "'" or ('"' in text or "\\" in text) and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def _plain_reads_back(text: str, flow: bool) -> bool:
    if not text or "\n" in text:
        return False
    document = f"k: [{text}]" if flow else f"k: {text}"
    try:
        node = load_yaml_text(document, Path("-")).get("k").value
    except (SiteError, AttributeError):
        return False
    if flow:
        node = node.items[0] if isinstance(node, Sequence) and len(node.items) == 1 else None
    return isinstance(node, Scalar) and node.style is None and node.text == text


def _yaml_reads_as_text(text: str) -> bool:
    """Whether other YAML readers (YAML 1.1, like PyYAML) also see text, not 1170 or false."""
    try:
        return isinstance(yaml.safe_load("k: " + text)["k"], str)
    except yaml.YAMLError:
        return False


def _block_lines(text: str, indent: int) -> str:
    lines = text.replace("\r\n", "\n").strip("\n").rstrip().split("\n")
    if lines[0][:1] == " ":  # a block cannot start with spaces without an indentation number
        lines[0] = lines[0].lstrip()
    return "".join((" " * indent + line.rstrip() if line.strip() else "") + "\n"
                   for line in lines)
