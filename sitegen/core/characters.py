"""Characters nobody can see: control and format characters, found and named for messages.

A RIGHT-TO-LEFT OVERRIDE pasted into an email address shows it reversed; an ESCAPE
pasted from a terminal stops YAML. Where a value is a name, a key, an address or a
number, any of them is refused. In running text format characters do real work (a
ZERO WIDTH JOINER shapes Bengali and Urdu words, marks order mixed scripts) and stay.
"""

from __future__ import annotations

import unicodedata

# unicodedata has no names for control characters: these are their Unicode name aliases.
_CONTROL_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
    "ENQUIRY", "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
    "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
    "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}
_JOINERS = {"\u200c", "\u200d"}  # ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER
# What a joiner may sit between: letters and marks (Bengali, Urdu...) and symbols (emoji).
_JOINABLE = ("L", "M", "So")


def describe(char: str) -> str:
    """Name a character as Unicode does, like `U+202E RIGHT-TO-LEFT OVERRIDE`."""
    code = ord(char)
    name = unicodedata.name(char, None)
    if name is None:
        if code < 0x20:
            name = _CONTROL_NAMES[code]
        elif code == 0x7F:
            name = "DELETE"
        elif code == 0x85:
            name = "NEXT LINE"
        elif is_noncharacter(char):
            name = "NONCHARACTER"
        else:
            name = "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "UNNAMED"
    return f"U+{code:04X} {name}"


def is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def is_invisible(char: str) -> bool:
    """A control, format, separator, surrogate or private character, or a noncharacter."""
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or is_noncharacter(char)


def hidden_characters(text: str, allow_joiners: bool = False) -> list[int]:
    """Where the invisible characters are, other than line ends and tabs; with
    `allow_joiners`, a joiner inside a word is fine."""
    return [index for index, char in enumerate(text) if is_invisible(char) and char not in "\n\t"
            and not (allow_joiners and char in _JOINERS and _inside_word(text, index))]


def _inside_word(text: str, index: int) -> bool:
    def joinable(char: str) -> bool:
        return unicodedata.category(char).startswith(_JOINABLE)
    return 0 < index < len(text) - 1 and joinable(text[index - 1]) and joinable(text[index + 1])
