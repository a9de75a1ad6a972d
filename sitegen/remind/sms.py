"""How long a text message is, as phones count it, and shortening one to fit a single SMS.

A message in GSM-7 (the basic alphabet plus its extension table, whose
characters take two places) fits in 160; one character outside it makes the
phone send UCS-2, 70 UTF-16 units.
"""

from __future__ import annotations

# 3GPP TS 23.038: the basic character set (LF and CR included) ...
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
# ... and the extension table, each sent as an escape plus the character.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
_GSM7 = GSM7_BASIC | GSM7_EXTENSION
GSM7_LIMIT = 160
UCS2_LIMIT = 70


def is_gsm7(text: str) -> bool:
    """Whether the whole text can be sent in the GSM 7-bit alphabet."""
    return _GSM7.issuperset(text)  # in C: shorten() asks for every character it cuts


def sms_length(text: str) -> int:
    """The places the text takes: GSM-7 septets, or UTF-16 units for UCS-2."""
    if is_gsm7(text):  # counted in C: shortening a meeting's share link asks many times
        return len(text) + sum(text.count(char) for char in GSM7_EXTENSION)
    return len(text.encode("utf-16-le")) // 2


def sms_limit(text: str) -> int:
    """160 for GSM-7 text, 70 for text in other scripts."""
    return GSM7_LIMIT if is_gsm7(text) else UCS2_LIMIT


def fits_one_sms(text: str) -> bool:
    return sms_length(text) <= sms_limit(text)


def shorten(text: str, room: int, ellipsis: str | None = None) -> str:
    """Cut text to take at most `room` places, ending in an ellipsis the alphabet has.

    "..." keeps a GSM-7 text in GSM-7; other scripts get the one-place "…". A text
    that goes into a message in UCS-2 anyway can be given "…" too.
    """
    ellipsis = ellipsis or ("..." if is_gsm7(text) else "…")
    if sms_length(text) <= room:
        return text
    while text and sms_length(text.rstrip(_TRAILING) + ellipsis) > room:
        text = text[:-1]
    text = text.rstrip(_TRAILING)
    return text + ellipsis if text else ""


_TRAILING = " ,.;:،，。"  # not left dangling before the ellipsis
