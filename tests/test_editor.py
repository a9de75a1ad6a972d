"""The browser editor at /edit/, spoken to as a browser without JavaScript: an unchanged form
saves nothing, a change rewrites only its own line, problems stop the save, and forged posts
change nothing."""

from __future__ import annotations

import html
import json
import re
import shutil
import socket
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from conftest import EXAMPLE_GROUP, REPO
from editor_client import fetch, form_fields, press
from sitegen.preview.editor import Editor, Request
from sitegen.preview.keeping import HISTORY_FOLDER, KEEP_VERSIONS, editable_path
from sitegen.preview.serve import PreviewServer
from sitegen.preview.editview import SECTIONS
from sitegen.core.config import Config, document_keys

VALID_SITES = sorted(p for p in (REPO / "tests/sites").iterdir()
                     if p.is_dir() and not p.name.startswith("invalid-"))


def copy_of(folder: Path, tmp_path: Path) -> Path:
    return shutil.copytree(folder, tmp_path / folder.name, ignore=shutil.ignore_patterns("_site"))


@pytest.fixture
def starter(tmp_path):
    group = copy_of(REPO / "sitegen/starter", tmp_path)
    with PreviewServer(group, port=0) as server:
        yield group, server.port


def notices(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", block).strip() for block in
            re.findall(r'<div class="(?:notice|summary)".*?</div>', page, re.S)]


@pytest.mark.parametrize("folder", [EXAMPLE_GROUP, *VALID_SITES], ids=lambda p: p.name)
def test_saving_the_form_unchanged_leaves_group_yaml_byte_identical(folder, tmp_path):
    group = copy_of(folder, tmp_path)
    before = (group / "group.yaml").read_bytes()
    with PreviewServer(group, port=0) as server:
        _, _, page = fetch(server.port, "/edit/")
        status, _, answer = press(server.port, page)
    assert status == 200 and "Nothing was changed, so nothing was saved." in answer
    assert (group / "group.yaml").read_bytes() == before


def test_saving_an_unchanged_form_keeps_crlf_line_ends_and_a_byte_order_mark(tmp_path):
    group = copy_of(REPO / "sitegen/starter", tmp_path)
    config = group / "group.yaml"
    config.write_bytes(b"\xef\xbb\xbf" + config.read_bytes().replace(b"\n", b"\r\n"))
    before = config.read_bytes()
    with PreviewServer(group, port=0) as server:
        _, _, page = fetch(server.port, "/edit/")
        press(server.port, page)
        status, _, _ = press(server.port, page, changes={"tagline": "Tea and talk"})
    assert status == 303
    assert config.read_bytes() == before.replace(
        b"A friendly group for people who share an experience", b"Tea and talk")


def test_every_field_is_named_by_its_key_path_and_every_key_is_in_a_section(starter):
    group, port = starter
    page = fetch(port, "/edit/")[2]
    names = {name for name, _ in form_fields(page)}
    assert 'list="meetings[0].venue-choices"' in page and '<option value="hall">' in page
    assert {"name", "tagline", "contact.phone", "venues.hall.access", "meetings[0].when",
            "poster.tear_off", "colour"} <= names
    in_sections = [key for _, _, keys in SECTIONS for key in keys]
    assert sorted(in_sections) == sorted(doc.path for doc in document_keys(Config)
                                         if "." not in doc.path and "[" not in doc.path)


def test_a_changed_phone_number_is_written_as_text_on_its_own_line(starter):
    group, port = starter
    before = (group / "group.yaml").read_text()
    _, _, page = fetch(port, "/edit/")
    status, headers, _ = press(port, page, changes={"contact.phone": "01234567012"})
    assert status == 303
    after = (group / "group.yaml").read_text()
    assert after == before.replace("phone: 01632 960000", 'phone: "01234567012"')
    assert "Saved." in fetch(port, headers["Location"])[2]


def test_a_when_typo_shows_the_checks_words_beside_the_field_and_writes_nothing(starter):
    group, port = starter
    before = (group / "group.yaml").read_bytes()
    _, _, page = fetch(port, "/edit/")
    status, _, answer = press(port, page, changes={"meetings[0].when": "frist Monday"})
    assert status == 200
    assert (group / "group.yaml").read_bytes() == before
    field = re.search(r'<p class="problem" id="meetings\[0\]\.when-problem1">(.*?)</p>', answer)
    assert '"frist Monday" is not a rule sitegen understands' in html.unescape(field.group(1))
    assert 'value="frist Monday"' in answer  # what was typed stays in the form
    assert not (group / HISTORY_FOLDER).exists()


def test_adding_a_meeting_changes_only_the_form_until_save(starter):
    group, port = starter
    before = (group / "group.yaml").read_bytes()
    _, _, page = fetch(port, "/edit/")
    status, _, page = press(port, page, "add|meetings")
    assert status == 200 and (group / "group.yaml").read_bytes() == before
    assert 'id="meetings[1].name"' in page and "autofocus" in page
    status, _, _ = press(port, page, changes={"meetings[1].name": "Walk and talk",
                                              "meetings[1].when": "last Saturday",
                                              "meetings[1].time": "19:30"})
    assert status == 303  # the new meeting goes under the first one, before the notes after it
    assert ('    venue: hall\n  - name: Walk and talk\n    when: last Saturday\n'
            '    time: "19:30"\n') in (group / "group.yaml").read_text()


def test_what_sitegen_understood_comes_as_json_in_the_checks_words(starter):
    _, port = starter
    query = urlencode({"kind": "meeting", "when": "second Tuesday of the month",
                       "time": "10am-12 noon", "skip": ""})
    found = json.loads(fetch(port, "/edit/understood?" + query)[2])
    assert found["sentence"].startswith("Second Tuesday of every month, 10am to 12 noon. Next: ")
    found = json.loads(fetch(port, "/edit/understood?when=every+other+Tuesday")[2])
    assert found["problems"]["when"].startswith('"every other Tuesday" is counted from a first')


def test_a_post_without_the_token_gets_403_and_changes_nothing(starter):
    group, port = starter
    before = (group / "group.yaml").read_bytes()
    _, _, page = fetch(port, "/edit/")
    fields = [(n, v) for n, v in form_fields(page) if n != "token"] + [("tagline", "Hacked")]
    status, _, _ = fetch(port, "/edit/", "POST", urlencode(fields).encode())
    assert status == 403
    assert (group / "group.yaml").read_bytes() == before


def test_a_post_from_another_origin_gets_403_and_changes_nothing(starter):
    group, port = starter
    before = (group / "group.yaml").read_bytes()
    _, _, page = fetch(port, "/edit/")
    fields = urlencode(form_fields(page) + [("tagline", "Hacked")]).encode()
    status, _, _ = fetch(port, "/edit/", "POST", fields, {"Origin": "http://evil.example"})
    assert status == 403
    status, _, _ = fetch(port, "/edit/", "POST", fields, host="evil.example")
    assert status == 400
    assert (group / "group.yaml").read_bytes() == before


def test_a_body_over_one_megabyte_is_refused(starter):
    group, port = starter
    before = (group / "group.yaml").read_bytes()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(f"POST /edit/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Content-Length: 1000001\r\n\r\ntagline=x".encode())
        answer = connection.recv(200).decode()
    assert answer.startswith("HTTP/1.0 413")
    assert (group / "group.yaml").read_bytes() == before


@pytest.mark.parametrize("relative", ["../outside.md", "pages/../../outside.md", "/etc/passwd",
                                      "pages/.hidden.md", "images/logo.md", "pages/a.txt",
                                      "pages\\..\\x.md"])
def test_no_path_from_the_form_leads_outside_the_editable_files(relative, tmp_path):
    with pytest.raises(ValueError):
        editable_path(tmp_path, relative)


def test_a_page_chosen_by_a_path_outside_the_list_is_not_found(starter):
    group, port = starter
    (group.parent / "secret.md").write_text("secret")
    for name in ("../secret.md", "pages/../../secret.md", "group.yaml"):
        assert fetch(port, "/edit/page?file=" + quote(name))[0] == 404


def test_editing_a_page_keeps_its_front_matter_notes_and_saves_the_text_as_typed(starter):
    group, port = starter
    page_file = group / "pages/about.md"
    page_file.write_text("---\n# a note\ntitle: About us\n---\nOld text.\n")
    _, _, page = fetch(port, "/edit/page?file=pages/about.md")
    status, _, _ = press(port, page, changes={"body": "New text\r\n\r\n* one\r\n",
                                              "description": "Who we are"},
                         action="/edit/page")
    assert status == 303
    assert page_file.read_text() == ("---\n# a note\ntitle: About us\ndescription: Who we are\n"
                                     "---\nNew text\n\n* one\n")


def test_a_news_post_gets_a_dated_file_name(starter):
    group, port = starter
    _, _, page = fetch(port, "/edit/pages/")
    status, headers, _ = press(port, page, button="",
                               changes={"title": "Summer picnic!", "date": "2027-07-01"},
                               action="/edit/new")
    assert status == 303 and "news/2027-07-01-summer-picnic.md" in headers["Location"]
    assert (group / "news/2027-07-01-summer-picnic.md").read_text().startswith(
        "---\ntitle: Summer picnic!\n---\n")


def test_each_save_keeps_the_previous_version_and_put_back_restores_it(starter):
    group, port = starter
    original = (group / "group.yaml").read_bytes()
    for number in range(KEEP_VERSIONS + 2):
        _, _, page = fetch(port, "/edit/")
        assert press(port, page, changes={"tagline": f"Version {number}"})[0] == 303
    assert len(list((group / HISTORY_FOLDER).iterdir())) == KEEP_VERSIONS
    _, _, history = fetch(port, "/edit/history/")
    oldest = form_fields(history, "/edit/history/")  # the first form is the newest version
    status, _, _ = fetch(port, "/edit/history/", "POST", urlencode(oldest).encode(),
                         {"Origin": f"http://127.0.0.1:{port}"})
    assert status == 303
    assert (group / "group.yaml").read_text() == original.decode().replace(
        "A friendly group for people who share an experience", f"Version {KEEP_VERSIONS}")


def test_beyond_this_computer_the_editor_asks_for_the_code_printed_in_the_terminal(tmp_path):
    said = []
    editor = Editor(copy_of(REPO / "sitegen/starter", tmp_path), ask_code=True,
                    announce=said.append)
    host = {"host": "192.168.1.5:8000"}
    assert editor.respond(Request("GET", "/edit/", host)).status == 403
    code = said[-1].rsplit(" ", 1)[1]
    body = urlencode({"token": editor.token, "code": code}).encode()
    answer = editor.respond(Request("POST", "/edit/code", host, body))
    assert answer.status == 303
    cookie = dict(answer.headers)["Set-Cookie"].split(";")[0]
    assert editor.respond(Request("GET", "/edit/", {**host, "cookie": cookie})).status == 200
    again = editor.respond(Request("POST", "/edit/code", host, body))  # used once only
    assert again.status == 403


def test_the_preview_adds_the_edit_bar_but_the_built_site_never_has_it(starter, tmp_path):
    group, port = starter
    assert 'href="/edit/">Edit this site</a>' in fetch(port, "/")[2]
    from sitegen.site.pipeline import build
    build(group, tmp_path / "out", pdf=False)
    assert not any("Edit this site" in p.read_text() for p in (tmp_path / "out").rglob("*.html"))


def test_with_another_host_and_no_edit_flag_there_is_no_editor(tmp_path):
    group = copy_of(REPO / "sitegen/starter", tmp_path)
    with PreviewServer(group, port=0, editing=False) as server:
        assert fetch(server.port, "/edit/")[0] == 404
        assert "Edit this site" not in fetch(server.port, "/")[2]
