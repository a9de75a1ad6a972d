"""A message as WhatsApp, SMS or email text, and as links that open a phone's apps with it."""

from __future__ import annotations

from urllib.parse import quote

from sitegen.remind.lines import ALWAYS, Line, Message
from sitegen.remind.sms import fits_one_sms, is_gsm7, shorten, sms_length, sms_limit

SEPARATOR = "\n---\n"  # between messages, on a line of its own
SHORTEST_CUT = 6  # places a line keeps while another line can still be cut


def as_whatsapp(message: Message) -> str:
    """Lines with WhatsApp's *bold*, the page link last."""
    lines = [f"*{line.text}*" if line.bold else line.text for line in message.lines]
    return "\n".join(lines + _link(message))


def as_email(message: Message) -> str:
    """A `Subject:` line, a blank line, then the body."""
    return f"Subject: {message.subject}\n\n{email_body(message)}"


def email_body(message: Message) -> str:
    """The email's text: every line, the page link, and the group's name to sign it."""
    return "\n".join([line.text for line in message.lines] + _link(message)
                     + ["", message.sender])


def as_sms(message: Message) -> str:
    """One text message: 160 places in GSM-7, else 70, keeping the most useful lines that fit.

    Tried in turn until one fits: every line that must stay, whole; then in their
    short forms; then with the link written without its https:// (phones still
    show it as a link). Other lines go in by how much they matter while they fit.
    As a last resort the longest of the lines that must stay is cut short.
    The page link itself is never cut: it says everything the message leaves out.
    """
    tries = [(link, short) for link in _link_forms(message) for short in (False, True)]
    for link, short in tries:
        lines = _fill(message, link, short)
        if fits_one_sms(_sms_text(lines, link)):
            return _sms_text(lines, link)
    link = tries[-1][0]
    lines = _fill(message, link, True)
    while not fits_one_sms(_sms_text(lines, link)) and lines:
        lines = _cut_one(lines, link)
    return _sms_text(lines, link)


def _fill(message: Message, link: str | None, short: bool) -> list[Line]:
    """The lines that must stay (short forms if asked), then others by importance while they fit."""
    kept = {i: _short(line) if short else line
            for i, line in enumerate(message.lines) if line.keep >= ALWAYS}
    for i, line in sorted(enumerate(message.lines), key=lambda pair: -pair[1].keep):
        for version in () if i in kept else (line, _short(line)):
            if fits_one_sms(_sms_text(_in_order({**kept, i: version}), link)):
                kept[i] = version
                break
    return _in_order(kept)


def _short(line: Line) -> Line:
    return Line(line.short, line.keep, line.bold) if line.short else line


def _in_order(chosen: dict[int, Line]) -> list[Line]:
    return [chosen[i] for i in sorted(chosen)]


def _link_forms(message: Message) -> list[str | None]:
    if not message.link:
        return [None]
    return [message.link, message.link.removeprefix("https://")]


def _sms_text(lines: list[Line], link: str | None) -> str:
    return "\n".join([line.text for line in lines] + ([link] if link else []))


def _cut_one(lines: list[Line], link: str | None) -> list[Line]:
    """Cut the least important line that is still long by what the message is over.

    Lines are cut to no less than a few letters while another can give more: the
    date matters more than the name (which the page link often says), but
    "Coffee…" beats no name at all.
    """
    text = _sms_text(lines, link)
    over = sms_length(text) - sms_limit(text)
    long_lines = [line for line in lines if sms_length(line.text) > SHORTEST_CUT]
    chosen = min(long_lines, key=lambda line: (line.keep, -sms_length(line.text))) \
        if long_lines else max(lines, key=lambda line: sms_length(line.text))
    floor = SHORTEST_CUT if long_lines else 0
    ellipsis = "..." if is_gsm7(text) else "…"
    cut = shorten(chosen.text, max(sms_length(chosen.text) - over, floor), ellipsis)
    if cut == chosen.text:  # the ellipsis moved the text to UCS-2: cut harder
        cut = shorten(chosen.text, sms_length(chosen.text) - 1, ellipsis)
    index = lines.index(chosen)
    return lines[:index] + ([Line(cut, chosen.keep, chosen.bold)] if cut else []) \
        + lines[index + 1:]


def _link(message: Message) -> list[str]:
    return [message.link] if message.link else []


FORMATS = {"whatsapp": as_whatsapp, "sms": as_sms, "email": as_email}


def share_links(message: Message) -> dict[str, str]:
    """Links that open WhatsApp, the phone's messages or the email program with the text in.

    Plain links: nothing is sent anywhere until the visitor chooses to.
    """
    return {
        "whatsapp": "https://wa.me/?text=" + _encoded(as_whatsapp(message)),
        # sms:?&body= is the form both iOS and Android fill in without a number.
        "sms": "sms:?&body=" + _encoded(as_sms(message)),
        # RFC 6068: line breaks in a mailto body are CRLF.
        "email": "mailto:?subject=" + _encoded(message.subject) + "&body="
                 + _encoded(email_body(message).replace("\n", "\r\n")),
    }


def _encoded(text: str) -> str:
    return quote(text, safe="")
