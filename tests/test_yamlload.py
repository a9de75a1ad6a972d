from pathlib import Path

import pytest
import yaml

from sitegen.core.problems import SiteError
from sitegen.core.yamlload import Mapping, Scalar, Sequence, load_yaml_file, load_yaml_text

FILE = Path("group.yaml")


def messages(text: str) -> list[str]:
    with pytest.raises(SiteError) as caught:
        load_yaml_text(text, FILE)
    return [p.format() for p in caught.value.problems]


def value(text: str, key: str):
    return load_yaml_text(text, FILE).get(key).value


@pytest.mark.parametrize("typed", ["19:30", "01234567012", "NO", "yes", "1e3", "0x1F", "~",
                                   "2026-12-08", "3.10"])
def test_plain_values_stay_as_the_text_typed(typed):
    assert value(f"x: {typed}\n", "x").text == typed


def test_an_empty_value_is_none_but_empty_quotes_are_text():
    assert value("x:\n", "x").text is None
    assert value('x: ""\n', "x").text == ""


def test_positions_are_one_based_line_and_column():
    node = value("name: A\nmeetings:\n  - time: 7pm\n", "meetings")
    assert isinstance(node, Sequence)
    time = node.items[0].get("time")
    assert (time.line, time.column) == (3, 5)
    assert (time.value.line, time.value.column) == (3, 11)


def test_a_duplicate_key_names_both_lines():
    assert messages("name: A\nphone: 1\nname: B\n") == [
        "group.yaml:3:1: `name` is written twice, here and on line 1. Keep one of them."]


def test_python_tags_are_refused():
    assert messages("x: !!python/object/apply:os.system [ls]\n") == [
        "group.yaml:1:4: this value has the tag !!python/object/apply:os.system, which "
        "sitegen does not allow. Remove the tag and write the value as plain text."]


def test_aliases_are_refused_before_they_can_multiply():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "anchor (&a)" in messages(bomb)[0]


def test_a_tab_in_indentation_gets_plain_words():
    assert messages("contact:\n\tphone: 1\n") == [
        "group.yaml:2:1: the line starts with a tab. Indent with ordinary spaces only "
        "(two per level)."]


def test_a_non_breaking_space_after_a_colon_gets_plain_words():
    assert messages("name:\u00a0Riverside\n") == [
        "group.yaml:1:6: there is a non-breaking space after the colon. "
        "Replace it with an ordinary space."]


def test_an_unclosed_quote_points_where_it_opened():
    assert messages('name: "Riverside\nphone: 1\n') == [
        "group.yaml:1:7: a quote is opened but never closed. Add the closing quote."]


def test_bom_and_windows_line_endings_are_read(tmp_path):
    path = tmp_path / "group.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: Riverside\r\ntime: 19:30\r\n")
    node = load_yaml_file(path)
    assert isinstance(node, Mapping)
    assert [e.key for e in node.entries] == ["name", "time"]
    assert node.get("time").value == Scalar("19:30", 2, 7)


def test_a_file_not_in_utf8_says_how_to_save_it(tmp_path):
    path = tmp_path / "group.yaml"
    path.write_bytes("name: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(SiteError) as caught:
        load_yaml_file(path)
    assert "Save it again choosing the UTF-8 encoding" in caught.value.problems[0].message


def test_front_matter_lines_count_from_where_it_starts():
    with pytest.raises(SiteError) as caught:
        load_yaml_text("title: A\ntitle: B\n", FILE, first_line=2)
    assert caught.value.problems[0].line == 3


def test_a_missing_space_after_a_colon_is_named_on_its_own_line():
    # YAML reads `name:Hillside` as text and only stumbles on the next line.
    assert messages("name:Hillside\ncontact:\n  phone: 1\n") == [
        "group.yaml:1:6: there is no space after `name:`. Put one there, like `name: ...`."]
    assert messages("name: A\nwebsite:https://example.org\n") == [
        "group.yaml:2:9: there is no space after `website:`. Put one there, "
        "like `website: ...`."]


def test_a_colon_inside_a_value_is_not_mistaken_for_a_missing_space():
    assert messages("name: A\nabout: |\n  Time:7pm\ntagline: x\n  bad: 1\n") == [
        "group.yaml:5:6: a colon (:) is in the wrong place. If the value contains ': ', put "
        "it in quotes, like note: \"Time: 7pm\"; otherwise check the indentation of this line."]


def test_a_key_indented_less_than_the_keys_above_is_told_to_line_up():
    assert messages("meetings:\n  - name: Coffee\n    when: daily\n   time: 7pm\n") == [
        "group.yaml:4:4: this line does not line up with the lines above it. Start it with "
        "as many spaces as the key above."]


def test_a_key_without_its_colon_is_named_where_it_is_written():
    assert messages("name: A\nwebsite\ncontact:\n  phone: 1\n") == [
        "group.yaml:2:1: a `key: value` line is missing its colon, or the line above is "
        "indented wrongly."]


def test_an_indented_first_line_gets_plain_words():
    assert messages("  name: A\ncontact:\n  phone: 1\n") == [
        "group.yaml:2:1: this line starts further left than the first line of the file. "
        "Start every top-level key, like `name:`, at the very left, with no spaces before it."]


def test_three_dashes_in_the_middle_of_group_yaml_get_plain_words():
    assert messages("name: A\n---\ncontact: x\n") == [
        "group.yaml:2:1: a line of three dashes (---) ends the settings here. Remove it, or "
        "make it a note by starting it with #."]


REPO = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(path for path in REPO.glob("**/*.yaml")
                    if not {".cache", "node_modules", ".git"} & set(path.parts))


def read_without_libyaml(monkeypatch, text: str):
    with monkeypatch.context() as patch:
        patch.setattr(yaml, "__with_libyaml__", False)
        return load_yaml_text(text, Path("group.yaml"))


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML here has no libyaml")
@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_libyaml_reads_every_file_exactly_as_pyyaml_does(path, monkeypatch):
    text = path.read_text(encoding="utf-8", errors="replace")  # one is not UTF-8, on purpose
    try:
        slow = read_without_libyaml(monkeypatch, text)
    except SiteError as error:
        with pytest.raises(SiteError) as fast:
            load_yaml_text(text, Path("group.yaml"))
        assert fast.value.problems == error.problems
    else:
        assert load_yaml_text(text, Path("group.yaml")) == slow


@pytest.mark.parametrize("text", [
    "name: Riverside\ncontact:\n  phone: 0115\t496 0000\n",  # libyaml alone would take it
    "name: 'Riverside\n",
    "name: Riverside\n  tagline: x\n",
])
def test_a_mistake_is_described_as_without_libyaml(text, monkeypatch):
    with pytest.raises(SiteError) as without:
        read_without_libyaml(monkeypatch, text)
    with pytest.raises(SiteError) as with_libyaml:
        load_yaml_text(text, Path("group.yaml"))

    assert with_libyaml.value.problems == without.value.problems
