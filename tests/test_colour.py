"""colour: the brand colour, read as typed and checked against WCAG contrast."""

from __future__ import annotations

import colorsys

import pytest

from sitegen.core.colour import (WHITE, contrast_ratio, darker_shade_that_passes, parse_colour,
                            readable_on_white, tint)


@pytest.mark.parametrize("text, colour", [
    ("#1d70b8", "#1d70b8"), ("#1D70B8", "#1d70b8"), ("1d70b8", "#1d70b8"),
    ("#17b", "#1177bb"), (" #000 ", "#000000"),
])
def test_colours_are_read_as_six_small_hex_digits(text, colour):
    assert parse_colour(text) == colour


@pytest.mark.parametrize("text", ["blue", "#12345", "#ggg", "rgb(0, 0, 255)", "#1d70b8ff", ""])
def test_anything_but_a_hex_colour_is_refused_with_an_example(text):
    with pytest.raises(ValueError) as caught:
        parse_colour(text)
    assert str(caught.value) == f'"{text}" is not a colour. Write it like "#1d70b8", in quotes.'


# Ratios as published by the WebAIM contrast checker and the WCAG examples.
@pytest.mark.parametrize("colour, ratio", [
    ("#767676", 4.54),  # the lightest grey that passes AA on white
    ("#777777", 4.48),  # one step lighter fails
    ("#808080", 3.95),
    ("#0000ff", 8.59),
    ("#ff0000", 4.00),
    ("#008000", 5.14),
    ("#1d70b8", 5.17),  # the default brand colour (GOV.UK blue)
])
def test_contrast_against_white_matches_known_wcag_values(colour, ratio):
    assert contrast_ratio(colour, WHITE) == pytest.approx(ratio, abs=0.005)


def test_contrast_runs_from_one_to_twenty_one_whichever_colour_comes_first():
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, "#000000") == pytest.approx(21)
    assert contrast_ratio("#1d70b8", "#1d70b8") == pytest.approx(1)


@pytest.mark.parametrize("colour, readable", [
    ("#767676", True), ("#777777", False), ("#1d70b8", True), ("#ffcc00", False),
    ("#000000", True), ("#ffffff", False),
])
def test_readable_on_white_is_the_aa_line_of_four_and_a_half(colour, readable):
    assert readable_on_white(colour) is readable


@pytest.mark.parametrize("colour", ["#ffcc00", "#ffff00", "#ff0000", "#777777", "#ffffff",
                                    "#00ff00", "#87ceeb"])
def test_the_darker_shade_offered_passes_and_is_darker(colour):
    shade = darker_shade_that_passes(colour)
    assert readable_on_white(shade)
    assert contrast_ratio(shade, WHITE) > contrast_ratio(colour, WHITE)


def test_the_darker_shade_offered_keeps_the_hue():
    hue_of = lambda c: colorsys.rgb_to_hls(*(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0]
    assert hue_of(darker_shade_that_passes("#ffcc00")) == pytest.approx(hue_of("#ffcc00"),
                                                                       abs=0.01)


def test_the_darker_shade_offered_is_only_just_dark_enough():
    shade = darker_shade_that_passes("#ffcc00")
    assert shade == "#8f7200"
    assert contrast_ratio(shade, WHITE) < 4.7


def test_a_tint_mixes_towards_white():
    assert tint("#000000", 0.9) == "#e6e6e6"
    assert tint("#1d70b8", 0) == "#1d70b8"
    assert tint("#1d70b8", 1) == "#ffffff"
    assert contrast_ratio(tint("#1d70b8", 0.9), WHITE) < 1.2  # pale enough behind text
