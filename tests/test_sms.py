"""Text message lengths as phones count them: GSM-7 with its extension table, else UCS-2."""

import pytest

from sitegen.remind.sms import fits_one_sms, is_gsm7, shorten, sms_length, sms_limit


@pytest.mark.parametrize("text, gsm7, length", [
    ("Coffee morning, Tuesday 8 December", True, 34),
    ("Café £3 @ Ålesund: ÆØÅ äöüñ à é è ù ì ò Ç ¿¡ §", True, 46),
    # 23 characters, 9 of them from the extension table, which take two places each
    ("Price [€5] {or ~} ^ | \\", True, 32),
    ("Dads’ drop-in", False, 13),  # a curly apostrophe is not in GSM-7
    ("茶聚 下午2:00", False, 9),
    ("چائے کی محفل", False, 12),
    ("Party 🎉", False, 8),  # an emoji is two UTF-16 units
    ("10am – 12 noon", False, 14),  # so is an en dash: it is not GSM-7 at all
    ("ç", False, 1),  # small c-cedilla is not in the alphabet; only capital Ç is
])
def test_the_alphabet_and_the_length_are_the_ones_a_phone_sends(text, gsm7, length):
    assert is_gsm7(text) is gsm7
    assert sms_length(text) == length
    assert sms_limit(text) == (160 if gsm7 else 70)


def test_a_text_of_160_plain_letters_fits_but_one_euro_sign_more_does_not():
    assert fits_one_sms("a" * 160)
    assert not fits_one_sms("a" * 159 + "€")
    assert fits_one_sms("a" * 158 + "€")


def test_seventy_chinese_characters_fit_and_seventy_one_do_not():
    assert fits_one_sms("聚" * 70)
    assert not fits_one_sms("聚" * 71)


def test_shortening_keeps_gsm7_text_in_gsm7_with_three_dots():
    cut = shorten("Riverside Library, upstairs meeting room", 20)
    assert cut == "Riverside Library..."
    assert is_gsm7(cut) and sms_length(cut) <= 20


def test_shortening_other_scripts_ends_with_one_ellipsis_character():
    cut = shorten("ریور سائیڈ کمیونٹی سینٹر", 10)
    assert cut.endswith("…") and sms_length(cut) <= 10


def test_text_that_fits_is_not_shortened():
    assert shorten("Coffee", 6) == "Coffee"
