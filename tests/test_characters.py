"""characters: invisible characters refused in codes, names, keys and slugs, kept in text."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from conftest import NOW
from sitegen.core.characters import describe, hidden_characters
from sitegen.core.problems import SiteError
from sitegen.site.pipeline import check

RLO = "\u202e"
ZWJ, ZWNJ, ZWSP = "\u200d", "\u200c", "\u200b"
# Bengali "র‍্যাব" (RAB) needs a ZWJ for its ra-phala; Urdu "می‌خواہم" a ZWNJ inside the word.
BENGALI_NAME = f"র{ZWJ}্যাব সহায়তা দল"
URDU_TEXT = f"ہم می{ZWNJ}خواہیم کہ آپ آئیں۔"


def problems_of(make_group, group_yaml: str, pages: dict[str, str] | None = None) -> list[str]:
    folder = make_group({"group.yaml": group_yaml, **(pages or {})})
    with pytest.raises(SiteError) as caught:
        check(folder, now=NOW, pdf=False)
    return [replace(problem, file=problem.file.relative_to(folder.resolve())).format()
            for problem in caught.value.problems]


@pytest.mark.parametrize("char, named", [
    (RLO, "U+202E RIGHT-TO-LEFT OVERRIDE"), ("\x1b", "U+001B ESCAPE"), ("\x00", "U+0000 NULL"),
    ("\x7f", "U+007F DELETE"), (ZWSP, "U+200B ZERO WIDTH SPACE"), ("\ufffe", "U+FFFE NONCHARACTER"),
])
def test_each_character_is_named_as_unicode_names_it(char, named):
    assert describe(char) == named


def test_a_joiner_inside_a_word_is_allowed_only_where_asked():
    assert hidden_characters(BENGALI_NAME) == [1]
    assert hidden_characters(BENGALI_NAME, allow_joiners=True) == []
    assert hidden_characters(f"{ZWJ}word", allow_joiners=True) == [0]
    assert hidden_characters(f"a{RLO}b", allow_joiners=True) == [1]


def test_an_override_in_the_email_is_refused_naming_it_and_its_column(make_group):
    assert problems_of(make_group, f"name: Hillside\ncontact:\n  email: hello@{RLO}gro.elpmaxe\n") \
        == ["group.yaml:3:16: contact.email: this value has an invisible character, U+202E "
            "RIGHT-TO-LEFT OVERRIDE, at column 16. Delete it: if you cannot find it, type the "
            "text around it again."]


def test_a_zero_width_space_in_a_phone_number_is_refused(make_group):
    [problem] = problems_of(make_group, f"name: Hillside\ncontact:\n  phone: 0115{ZWSP} 496 0000\n")
    assert problem.startswith("group.yaml:3:14: contact.phone: this value has an invisible "
                              "character, U+200B ZERO WIDTH SPACE, at column 14.")


def test_a_hidden_character_in_a_name_is_refused_even_when_written_as_an_escape(make_group):
    [problem] = problems_of(make_group, 'name: "Hillside\\u202e Carers"\n'
                                        "contact:\n  phone: 0115 496 0000\n")
    assert problem.startswith("group.yaml:1:7: name: this value has an invisible character, "
                              "U+202E RIGHT-TO-LEFT OVERRIDE, at column 7.")


def test_a_hidden_character_in_a_key_is_refused(make_group):
    [problem] = problems_of(make_group, f"name: Hillside\ncon{ZWSP}tact:\n  phone: 0115 496 0000\n")
    assert problem.startswith("group.yaml:2:4: this key has an invisible character, "
                              "U+200B ZERO WIDTH SPACE, at column 4.")


def test_a_hidden_character_in_a_venue_key_is_refused(make_group):
    [problem] = problems_of(make_group, "name: Hillside\ncontact:\n  phone: 0115 496 0000\n"
                                        f"venues:\n  ha{RLO}ll:\n    name: St Anne's Hall\n")
    assert problem.startswith("group.yaml:5:5: this key has an invisible character, U+202E")


def test_a_hidden_character_in_a_slug_is_refused(make_group):
    [problem] = problems_of(make_group, "name: Hillside\ncontact:\n  phone: 0115 496 0000\n",
                            {"pages/about.md": f"---\nslug: meet{ZWSP}-us\n---\n# About\n"})
    assert problem.startswith("pages/about.md:2:11: slug: this value has an invisible "
                              "character, U+200B ZERO WIDTH SPACE, at column 11.")


def test_a_control_character_anywhere_in_a_page_front_matter_is_named(make_group):
    [problem] = problems_of(make_group, "name: Hillside\ncontact:\n  phone: 0115 496 0000\n",
                            {"pages/about.md": "---\ntitle: About\x07 us\n---\n# About\n"})
    assert problem.startswith("pages/about.md:2:13: this line has an invisible character, "
                              "U+0007 BELL, at column 13.")


def test_joiners_inside_bengali_and_urdu_words_are_kept_in_names_and_text(make_group):
    folder = make_group({"group.yaml": textwrap.dedent(f"""\
        name: {BENGALI_NAME}
        tagline: {URDU_TEXT}
        about: |
          {URDU_TEXT} Bidi marks in text stay too: {RLO}abc
        contact:
          phone: 0115 496 0000
        meetings:
          - name: {BENGALI_NAME}
            when: every Monday
            time: 7pm
        """)})

    files = check(folder, now=NOW, pdf=False).files

    home = files["index.html"].decode("utf-8")
    assert BENGALI_NAME in home and URDU_TEXT in home


def test_a_name_written_over_several_lines_is_kept_and_drawn_on_the_preview_card(make_group):
    # Line ends are not hidden characters; Pillow once refused to measure such a name.
    folder = make_group({"group.yaml": "name: |\n  Hillside\n  Carers\ncontact:\n"
                                       "  phone: 0115 496 0000\n"
                                       "website: https://hillside.example.org\n"})  # a card
    result = check(folder, now=NOW, pdf=False)
    assert result.site.config.name == "Hillside\nCarers"
    assert result.files["share.png"].startswith(b"\x89PNG")


def test_a_control_character_in_a_pages_text_is_named_with_its_line_and_column(make_group):
    # Web pages and the news feed may not hold it (HTML and XML forbid it).
    [problem] = problems_of(make_group, "name: Hillside\ncontact:\n  phone: 0115 496 0000\n",
                            {"pages/about.md": "# About\n\nWe meet\x00 on Mondays.\n"})
    assert problem == ("pages/about.md:3:8: this line has an invisible character, U+0000 NULL, "
                       "at column 8. Delete it: if you cannot find it, type the text around it "
                       "again.")


@pytest.mark.parametrize("char, named", [("\x85", "U+0085 NEXT LINE"),
                                         ("\u2028", "U+2028 LINE SEPARATOR")])
def test_a_character_yaml_takes_for_a_line_end_is_named_before_it_shifts_line_numbers(
        make_group, char, named):
    # Found by the mutation test: YAML counted a line more than the file has, and sitegen failed.
    [problem] = problems_of(make_group, f"name: Hillside\ncontact:\n  phone: 0115{char} 496\n"
                                        "  email: hello@example\n")
    assert problem.startswith(f"group.yaml:3:14: this line has an invisible character, {named}")
