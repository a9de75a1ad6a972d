"""The brand colour: reading it, checking its contrast, and shades made from it."""

from __future__ import annotations

import colorsys
import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5  # WCAG 2.2 AA contrast for ordinary text


def parse_colour(text: str) -> str:
    """Read a colour written as #1d70b8 (or #17b) and return it as #rrggbb."""
    match = _HEX.match(text.strip())
    if not match:
        raise ValueError(f'"{text}" is not a colour. Write it like "#1d70b8", in quotes.')
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on_white(colour: str) -> bool:
    """Tell whether white text on the colour (and the colour as text on white) passes AA."""
    return contrast_ratio(colour, WHITE) >= AA_NORMAL_TEXT


def darker_shade_that_passes(colour: str) -> str:
    """Return the closest darker shade of the colour that passes AA against white."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_channels(colour))
    while lightness > 0:
        lightness = max(0.0, lightness - 0.01)
        shade = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
        if readable_on_white(shade):
            return shade
    return "#000000"


def tint(colour: str, amount: float) -> str:
    """Mix the colour with white; amount 0.9 is a pale background."""
    return _hex(tuple(c + (1 - c) * amount for c in _channels(colour)))


def _channels(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def _hex(channels) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in channels)


def _luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
