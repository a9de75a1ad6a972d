"""load: reading a group folder as the volunteer's computer saved it."""

from __future__ import annotations

import os

import pytest

from sitegen.core.load import load_group
from sitegen.core.problems import SiteError
from sitegen.core.yamlload import Mapping


def problems_of(folder) -> list:
    with pytest.raises(SiteError) as caught:
        load_group(folder)
    return caught.value.problems


def test_a_folder_without_group_yaml_says_how_to_make_one(tmp_path):
    [problem] = problems_of(tmp_path)
    assert problem.file == tmp_path.resolve() / "group.yaml"
    assert problem.message == ("is missing: this is not a group folder. Make one with "
                               "`sitegen new FOLDER`, or give the folder that holds group.yaml.")


def test_pages_and_news_are_read_in_name_order(make_group):
    folder = make_group({"pages/b.md": "# B\n", "pages/a.md": "# A\n",
                         "news/2026-11-02-social.md": "# Social\n"})
    source = load_group(folder)
    assert [(page.kind, page.path.name) for page in source.pages] == [
        ("pages", "a.md"), ("pages", "b.md"), ("news", "2026-11-02-social.md")]


def test_only_markdown_files_are_pages(make_group):
    folder = make_group({"pages/about.md": "# About\n", "pages/notes.txt": "draft",
                         "pages/about.docx": "binary"})
    assert [page.path.name for page in load_group(folder).pages] == ["about.md"]


def test_images_are_copied_by_their_path_and_hidden_files_left_out(make_group):
    folder = make_group({"images/logo.png": "png", "images/people/sue.jpg": "jpg",
                         "images/.DS_Store": "mac"})
    assert sorted(load_group(folder).static_files) == ["images/logo.png",
                                                       "images/people/sue.jpg"]


def test_a_page_without_front_matter_is_all_body(make_group):
    folder = make_group({"pages/about.md": "# About us\n\nWe meet.\n"})
    [page] = load_group(folder).pages
    assert page.front_matter == Mapping()
    assert (page.read_body(), page.body_line) == ("# About us\n\nWe meet.\n", 1)


def test_front_matter_is_read_and_the_body_starts_after_it(make_group):
    folder = make_group({"pages/about.md": "---\ntitle: About us\norder: 1\n---\nWe meet.\n"})
    [page] = load_group(folder).pages
    assert [(e.key, e.value.text, e.line) for e in page.front_matter.entries] == [
        ("title", "About us", 2), ("order", "1", 3)]
    assert (page.read_body(), page.body_line) == ("We meet.\n", 5)


def test_empty_front_matter_is_allowed(make_group):
    folder = make_group({"pages/about.md": "---\n---\nWe meet.\n"})
    [page] = load_group(folder).pages
    assert page.front_matter == Mapping(line=2)
    assert (page.read_body(), page.body_line) == ("We meet.\n", 3)


def test_three_dashes_later_in_a_page_are_a_line_not_front_matter(make_group):
    folder = make_group({"pages/about.md": "# About\n\n---\n\ntitle: not a setting\n---\n"})
    [page] = load_group(folder).pages
    assert page.front_matter == Mapping()
    assert page.read_body().startswith("# About")


def test_a_page_saved_with_a_bom_and_windows_line_endings_reads_the_same(make_group):
    folder = make_group()
    (folder / "pages").mkdir()
    (folder / "pages" / "about.md").write_bytes(
        b"\xef\xbb\xbf---\r\ntitle: About us\r\n---\r\n# Hello\r\n\r\nWe meet.\r\n")
    [page] = load_group(folder).pages
    assert page.front_matter.get("title").value.text == "About us"
    assert (page.read_body(), page.body_line) == ("# Hello\n\nWe meet.\n", 4)


def test_old_mac_line_endings_are_read_too(make_group):
    folder = make_group()
    (folder / "pages").mkdir()
    (folder / "pages" / "about.md").write_bytes(b"---\rtitle: About\r---\rWe meet.\r")
    [page] = load_group(folder).pages
    assert page.front_matter.get("title").value.text == "About"
    assert page.read_body() == "We meet.\n"


def test_front_matter_problems_name_the_line_in_the_page_file(make_group):
    folder = make_group({"pages/about.md": "---\ntitle: About\ntitle: Us\n---\n"})
    [problem] = problems_of(folder)
    assert (problem.file.name, problem.line, problem.column) == ("about.md", 3, 1)
    assert problem.message == "`title` is written twice, here and on line 2. Keep one of them."


def test_a_page_not_saved_as_utf8_names_the_line_of_the_first_odd_character(make_group):
    folder = make_group()
    (folder / "pages").mkdir()
    (folder / "pages" / "about.md").write_bytes(b"# About\n\nWe\x92re friendly.\n")
    [problem] = problems_of(folder)
    assert (problem.file.name, problem.line) == ("about.md", 3)
    assert problem.message == ("is not saved as UTF-8 text. Save it again choosing the UTF-8 "
                               "encoding.")


def test_every_unreadable_file_is_reported_together(make_group):
    folder = make_group({"group.yaml": "name: A\nname: B\n",
                         "pages/a.md": "---\ntitle: 'open\n---\n",
                         "news/2026-01-01-b.md": "---\nx: 1\nx: 2\n---\n"})
    assert [(p.file.name, p.line) for p in problems_of(folder)] == [
        ("group.yaml", 2), ("a.md", 2), ("2026-01-01-b.md", 3)]


@pytest.mark.parametrize("where", ["pages/secrets.md", "images/secrets.png"])
def test_a_link_to_a_file_outside_the_group_folder_is_refused(make_group, tmp_path, where):
    outside = tmp_path / "private" / "passwords.txt"
    outside.parent.mkdir()
    outside.write_text("hunter2")
    folder = make_group()
    (folder / where).parent.mkdir()
    os.symlink(outside, folder / where)

    [problem] = problems_of(folder)

    assert problem.file == folder.resolve() / where
    assert problem.message == ("is a link to a file outside the group folder. Copy the file "
                               "into the folder instead.")


def test_a_linked_folder_leading_outside_is_refused_too(make_group, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "photo.jpg").write_bytes(b"jpg")
    folder = make_group()
    os.symlink(outside, folder / "images")
    assert "outside the group folder" in problems_of(folder)[0].message


def test_a_link_that_stays_inside_the_group_folder_is_fine(make_group):
    folder = make_group({"pages/about.md": "# About\n"})
    os.symlink(folder / "pages" / "about.md", folder / "pages" / "about-us.md")
    assert [page.path.name for page in load_group(folder).pages] == ["about-us.md", "about.md"]
