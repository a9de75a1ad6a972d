"""Access facts about a venue, picked out of what the volunteer wrote, each with an icon.

`access: Step-free entrance, hearing loop, accessible toilet` stays in the
volunteer's words; each item that names a known fact also gets its icon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each fact, with words that name it (lower case, matched as parts of an item).
FACTS: dict[str, tuple[str, ...]] = {
    "step-free": ("step-free", "step free", "wheelchair", "level access", "ramp", "lift",
                  "ground floor"),
    "hearing-loop": ("hearing loop", "induction loop", "loop system"),
    "accessible-toilet": ("accessible toilet", "disabled toilet", "accessible loo",
                          "accessible wc", "changing places"),
    "bsl": ("bsl", "sign language", "signer", "interpreter"),
    "quiet-room": ("quiet room", "quiet space", "calm room", "quiet area"),
    "parking": ("parking", "car park"),
    "women-only": ("women only", "women-only", "ladies only"),
    "carers-welcome": ("carers welcome", "carers are welcome", "carer welcome", "carers"),
    "children-welcome": ("children welcome", "children are welcome", "kids welcome",
                         "children", "playroom", "creche", "crèche"),
}
_SEPARATORS = re.compile(r"\s*(?:[,;•\n]|\.\s)\s*")


@dataclass(frozen=True)
class AccessFact:
    text: str  # as the volunteer wrote it
    fact: str | None  # a key of FACTS, when the words name one


def access_facts(text: str | None) -> list[AccessFact]:
    """Split the access notes into items, naming the fact each one is about."""
    items = [item.strip(" .") for item in _SEPARATORS.split(text or "")]
    return [AccessFact(item[0].upper() + item[1:], _fact_named(item)) for item in items if item]


def _fact_named(item: str) -> str | None:
    lower = item.lower()
    return next((fact for fact, words in FACTS.items() if any(w in lower for w in words)), None)
