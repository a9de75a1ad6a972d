"""The values of the group.yaml form as a tree, read from the file or from what was posted.

The schema (sitegen/core/config.py) says what each key holds. A tree has text for a value,
a dict for a group of keys, a `Listing` for keys the volunteer names (venues, social links)
and a list of `Item`s for a list, each remembering which item of the file it was. The same
tree is shown as the form, changed by its Add, Remove and Move buttons, and handed to the
YAML patcher; `wanted_tree` first puts back the file's own text wherever the volunteer's
value means the same (`yes` for `true`), so an unchanged form changes no byte.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from sitegen.core import values
from sitegen.core.config import Config, default_of, item_schema, key_name, schema_hints
from sitegen.core.yamlload import Mapping, Node, Scalar, Sequence
from sitegen.core.yamlpatch import Item, Listing, Plain, is_empty

MISSING = object()
# Values of these kinds are written without quotes, as volunteers write them.
PLAIN_PARSERS = (values.parse_date, values.parse_bool, values.parse_whole_number)
NEW_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Slot:
    """What one key holds: text, a group of keys, or a list or named set of either."""

    spec: dataclasses.Field
    name: str  # as written in group.yaml (`from`, not `starts`)
    container: str  # "" for one value, "list" or "dict"
    schema: type | None  # the dataclass of each value, or None for text
    parse: Callable[[str], Any] | None

    @property
    def default_text(self) -> str:
        """The default as the form shows it."""
        default = default_of(self.spec)
        if isinstance(default, bool):
            return "true" if default else "false"
        return default if isinstance(default, str) else ""


def slots(schema: type) -> list[Slot]:
    """The keys of a schema dataclass, in the order the schema declares them."""
    hints = schema_hints(schema)
    found = []
    for spec in dataclasses.fields(schema):
        inner, suffix = item_schema(hints[spec.name])
        parse = spec.metadata["parse"]
        nested = inner if parse is None and dataclasses.is_dataclass(inner) else None
        container = {"[]": "list", ".KEY": "dict"}.get(suffix, "")
        found.append(Slot(spec, key_name(spec), container, nested, parse))
    return found


def slot_at(path: str, schema: type = Config) -> Slot:
    """The slot a key path names: `meetings[0].skip` is Meeting's skip."""
    steps, slot = steps_of(path), None
    while steps:
        step = steps.pop(0)
        slot = next(s for s in slots(schema) if s.name == step)
        if slot.container and steps:
            steps.pop(0)  # the item's position or key
        schema = slot.schema
    return slot


def steps_of(path: str) -> list[str | int]:
    """`meetings[0].skip` as ["meetings", 0, "skip"]."""
    return [int(index) if index else key for key, index in _STEP.findall(path)]


# ---- from the file

def tree_from_node(schema: type, node: Node | None) -> dict:
    """The form's values as the file has them, defaults where a key is not given."""
    return {slot.name: _slot_tree(slot, _child(node, slot.name)) for slot in slots(schema)}


def _slot_tree(slot: Slot, node: Node | None) -> Any:
    if slot.container == "list":
        return [Item(i, _value_tree(slot, item)) for i, item in enumerate(list_items(node))]
    if slot.container == "dict":
        entries = node.entries if isinstance(node, Mapping) else []
        return Listing({e.key: _value_tree(slot, e.value) for e in entries})
    if _is_null(node) and not slot.schema:
        return slot.default_text
    return _value_tree(slot, node)


def _value_tree(slot: Slot, node: Node | None) -> Any:
    if slot.schema:
        return tree_from_node(slot.schema, node)
    return node.text or "" if isinstance(node, Scalar) else ""


def list_items(node: Node | None) -> list[Node]:
    """A list's items; a single value where a list goes is a list of one (as the build reads it)."""
    if isinstance(node, Sequence):
        return node.items
    return [] if _is_null(node) or not isinstance(node, Scalar) else [node]


def _child(node: Node | None, key: str) -> Node | None:
    entry = node.get(key) if isinstance(node, Mapping) else None
    return entry.value if entry else None


def _is_null(node: Node | None) -> bool:
    return node is None or isinstance(node, Scalar) and node.text is None


# ---- from the form

def tree_from_post(schema: type, fields: dict[str, str], prefix: str = "") -> dict:
    """The tree the posted fields describe; keys the form did not show are left out."""
    tree = {}
    for slot in slots(schema):
        value = _posted_slot(slot, fields, prefix + slot.name)
        if value is not MISSING:
            tree[slot.name] = value
    return tree


def _posted_slot(slot: Slot, fields: dict[str, str], name: str) -> Any:
    if slot.container and "@" + name not in fields:
        return MISSING
    if slot.container == "list":
        items, index = [], 0
        while f"@{name}[{index}]" in fields:
            origin = fields[f"@{name}[{index}]"]
            items.append(Item(int(origin) if origin.isdigit() else None,
                              _posted_value(slot, fields, f"{name}[{index}]", "")))
            index += 1
        return items
    if slot.container == "dict":
        keys = _json_list(fields["@" + name])
        return Listing({key: _posted_value(slot, fields, f"{name}.{key}", "") for key in keys})
    return _posted_value(slot, fields, name, MISSING)


def _posted_value(slot: Slot, fields: dict[str, str], name: str, absent: Any) -> Any:
    if slot.schema:
        return tree_from_post(slot.schema, fields, name + ".")
    return fields.get(name, absent)


def _json_list(text: str) -> list[str]:
    try:
        keys = json.loads(text)
    except ValueError:
        return []
    return [key for key in keys if isinstance(key, str)] if isinstance(keys, list) else []


def marker_value(keys) -> str:
    """The hidden field that lists a named set's keys, in order."""
    return json.dumps(list(keys), ensure_ascii=False)


# ---- what to write

def wanted_tree(schema: type, posted: dict, node: Node | None) -> dict:
    """The posted tree, with the file's own text wherever the posted value means the same."""
    return {slot.name: _wanted_slot(slot, posted[slot.name], _child(node, slot.name))
            for slot in slots(schema) if slot.name in posted}


def _wanted_slot(slot: Slot, value: Any, old: Node | None) -> Any:
    if slot.container == "list":
        olds, items, used = list_items(old), [], set()
        for item in value:
            origin = item.origin if item.origin is not None and item.origin < len(olds) \
                and item.origin not in used else None
            used.add(origin)
            wanted = _wanted_value(slot, item.value, olds[origin] if origin is not None else None,
                                   in_list=True)
            if slot.schema or not is_empty(wanted):  # a cleared date takes its item away
                items.append(Item(origin, wanted))
        return items
    if slot.container == "dict":
        olds = {e.key: e.value for e in old.entries} if isinstance(old, Mapping) else {}
        return Listing({key: _wanted_value(slot, item, olds.get(key), in_list=True)
                        for key, item in value.items()})
    return _wanted_value(slot, value, old, in_list=False)


def _wanted_value(slot: Slot, value: Any, old: Node | None, in_list: bool) -> Any:
    if slot.schema:
        return wanted_tree(slot.schema, value, old)
    old_text = old.text if isinstance(old, Scalar) else None
    if old_text is not None and same_meaning(slot.parse, value, old_text):
        return old_text
    if old_text is None and (not value.strip() or not in_list and
                             same_meaning(slot.parse, value, slot.default_text)):
        return None
    return Plain(value.strip()) if slot.parse in PLAIN_PARSERS else value


def same_meaning(parse: Callable | None, typed: str, written: str) -> bool:
    """Whether two texts say the same: equal but for spaces, or read as the same value."""
    if typed.replace("\r\n", "\n").strip() == written.strip():
        return True
    if parse is None or not typed.strip() or not written.strip():
        return False
    try:
        return parse(typed) == parse(written)
    except ValueError:
        return False


# ---- the Add, Remove and Move buttons

def apply_action(tree: dict, action: str, new_key: str = "") -> tuple[str, str]:
    """Change the tree as a button asks; return (the field to focus, a sentence saying what
    happened). Raise ValueError with a message when the button cannot do it."""
    verb, _, rest = action.partition("|")
    path, _, which = rest.partition("|")
    slot = slot_at(path)
    container = container_at(tree, path)
    if verb == "add":
        return _add(container, slot, path, new_key)
    if slot.container == "dict":
        if verb == "remove" and which in container:
            del container[which]
            return f"add|{path}", f"Removed {which}. It goes from the file when you save."
    elif which.isdigit() and int(which) < len(container):
        return _list_action(container, verb, int(which), path, _noun(slot))
    raise ValueError("That button does not fit this form any more. Nothing was changed.")


def container_at(tree: dict, path: str) -> Any:
    """The list or named set at a key path, made empty in the tree if it is not there."""
    steps, node = steps_of(path), tree
    for step in steps[:-1]:
        node = node[step].value if isinstance(step, int) else node[step]
    last = steps[-1]
    if last not in node:
        node[last] = Listing() if slot_at(path).container == "dict" else []
    return node[last]


def _add(container, slot: Slot, path: str, new_key: str) -> tuple[str, str]:
    blank = tree_from_node(slot.schema, None) if slot.schema else ""
    noun = _noun(slot)
    if slot.container == "dict":
        key = new_key.strip()
        if not NEW_KEY.match(key):
            raise ValueError(f'"{key}" cannot be the short name of a {noun}. Use letters, digits '
                             "and dashes only, like village-hall.")
        if key in container:
            raise ValueError(f'There is already a {noun} called "{key}". Choose another name.')
        container[key] = blank
        first = f".{slots(slot.schema)[0].name}" if slot.schema else ""
        return f"{path}.{key}{first}", f"Added the {noun} {key}. Fill it in, then press Save."
    container.append(Item(None, blank))
    first = f".{slots(slot.schema)[0].name}" if slot.schema else ""
    return f"{path}[{len(container) - 1}]{first}", \
        f"Added a {noun} at the end. Fill it in, then press Save."


def _list_action(items: list, verb: str, index: int, path: str, noun: str) -> tuple[str, str]:
    if verb == "remove":
        del items[index]
        return f"add|{path}", f"Removed {noun} {index + 1}. It goes from the file when you save."
    to = index - 1 if verb == "up" else index + 1
    if verb not in ("up", "down") or not 0 <= to < len(items):
        raise ValueError(f"That {noun} cannot move further. Nothing was changed.")
    items[index], items[to] = items[to], items[index]
    return f"{verb}|{path}|{to}", f"Moved {noun} {index + 1} {verb} to place {to + 1}."


ITEM_NOUNS = {"meetings": "meeting", "events": "event", "venues": "place", "skip": "date",
              "extra": "date", "cancelled": "cancelled date", "points": "point",
              "topics": "topic", "languages": "language", "social": "link",
              "translations": "language"}


def _noun(slot: Slot) -> str:
    return ITEM_NOUNS.get(slot.name, "item")
