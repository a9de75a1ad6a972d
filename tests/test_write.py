"""write: the site is swapped in whole, and never over something sitegen did not write."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from conftest import NOW, write_files
from sitegen.site import pipeline
from sitegen.core import write
from sitegen.core.problems import SiteError
from sitegen.core.write import MARKER, check_output_folder, write_site


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


def refusal(out: Path, group: Path) -> str:
    with pytest.raises(SiteError) as caught:
        check_output_folder(out, group)
    [problem] = caught.value.problems
    return problem.message


@pytest.fixture
def old_site(tmp_path):
    """A site sitegen wrote before, with a page and the marker."""
    out = tmp_path / "_site"
    write_site({"index.html": b"old home", "about/index.html": b"old about"}, out)
    return out


def test_every_file_is_written_with_the_marker(tmp_path):
    picture = tmp_path / "logo.png"
    picture.write_bytes(b"\x89PNG")
    out = tmp_path / "_site"

    write_site({"index.html": b"<h1>Hi</h1>", "images/logo.png": picture}, out)

    assert snapshot(out) == {MARKER: (out / MARKER).read_bytes(), "images": None,
                             "images/logo.png": b"\x89PNG", "index.html": b"<h1>Hi</h1>"}


def test_a_rebuild_replaces_the_whole_folder_and_leaves_no_temporary_folders(old_site):
    write_site({"index.html": b"new home"}, old_site)

    assert (old_site / "index.html").read_bytes() == b"new home"
    assert not (old_site / "about").exists()  # a page removed from the group is gone
    assert sorted(p.name for p in old_site.parent.iterdir()) == ["_site"]


def test_the_written_folder_can_be_read_by_a_web_server(tmp_path):
    out = tmp_path / "_site"
    write_site({"index.html": b"hi"}, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_a_folder_that_does_not_exist_yet_is_made_with_its_parents(tmp_path):
    out = tmp_path / "public" / "www"
    write_site({"index.html": b"hi"}, out)
    assert (out / "index.html").read_bytes() == b"hi"


def test_a_failure_while_writing_leaves_the_old_site_and_no_temporary_folder(old_site,
                                                                            monkeypatch):
    before = snapshot(old_site)
    real_write = write._write_file
    written = []

    def fail_on_second_file(target, content, *how):
        if written:
            raise OSError(28, "No space left on device")
        written.append(target)
        real_write(target, content, *how)

    monkeypatch.setattr(write, "_write_file", fail_on_second_file)
    with pytest.raises(OSError):
        write_site({"index.html": b"new home", "about/index.html": b"new about"}, old_site)

    assert snapshot(old_site) == before
    assert sorted(p.name for p in old_site.parent.iterdir()) == ["_site"]


def test_a_failed_build_leaves_the_previous_site_untouched(make_group):
    group = make_group()
    pipeline.build(group, now=NOW)
    before = snapshot(group / "_site")
    # The render fails: the group's own template has a mistake.
    write_files(group, {"templates/home.html": "{% extends 'default/home.html' %}{{ oops }\n"})

    with pytest.raises(SiteError):
        pipeline.build(group, now=NOW)

    assert snapshot(group / "_site") == before
    assert sorted(p.name for p in group.iterdir()) == ["_site", "group.yaml", "templates"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_failing_on_a_late_page_leaves_the_previous_site_and_no_temporary_folder(
        make_group, monkeypatch, jobs):
    group = make_group({f"pages/page-{n:03}.md": f"# Page {n}\n\nWords of page {n}.\n"
                        for n in range(150)})
    pipeline.build(group, now=NOW, pdf=False, jobs=jobs)
    before = snapshot(group / "_site")
    # Pages are written into the new site as they are rendered, until page 140 fails.
    write_files(group, {"templates/page.html": """\
        {% extends "default/page.html" %}
        {% block main %}{% if page.title == "Page 140" %}{{ page.no_such_thing.at_all }}{% endif %}
        {{ super() }}{% endblock %}
        """})
    written_here = []
    write_now = write.NewSite.write_now
    monkeypatch.setattr(write.NewSite, "write_now", lambda site, relative, content: (
        written_here.append(relative), write_now(site, relative, content))[1])

    with pytest.raises(SiteError) as raised:
        pipeline.build(group, now=NOW, pdf=False, jobs=jobs)

    [problem] = raised.value.problems
    assert problem.file.name == "page.html" and "does not exist" in problem.message
    if jobs == 1:  # workers write in other processes, where this list is not seen
        assert "page-139/index.html" in written_here
    assert snapshot(group / "_site") == before
    assert sorted(p.name for p in group.iterdir()) == ["_site", "group.yaml", "pages", "templates"]


def test_the_root_folder_is_refused(tmp_path):
    assert refusal(Path("/"), tmp_path).startswith("cannot be the output folder: building "
                                                   "replaces it completely.")


def test_the_home_folder_is_refused(tmp_path, monkeypatch):
    home = tmp_path / "home" / "sue"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    group = home / "riverside"
    group.mkdir()
    assert "cannot be the output folder" in refusal(home, group)


def test_the_group_folder_itself_is_refused_and_the_usual_place_suggested(tmp_path):
    group = tmp_path / "riverside"
    group.mkdir()
    assert refusal(group, group) == (
        "cannot be the output folder: building replaces it completely. Choose an empty "
        f"folder, like {group.resolve() / '_site'}.")


@pytest.mark.parametrize("levels_up", [1, 2])
def test_a_folder_holding_the_group_folder_is_refused(tmp_path, levels_up):
    group = tmp_path / "groups" / "riverside"
    group.mkdir(parents=True)
    assert "cannot be the output folder" in refusal(group.parents[levels_up - 1], group)


def test_the_group_folder_written_another_way_is_still_refused(tmp_path, monkeypatch):
    group = tmp_path / "riverside"
    (group / "pages").mkdir(parents=True)
    monkeypatch.chdir(group / "pages")
    assert "cannot be the output folder" in refusal(Path(".."), group)


def test_a_folder_of_other_files_without_the_marker_is_refused(tmp_path):
    out = tmp_path / "my-documents"
    out.mkdir()
    (out / "accounts.xlsx").write_bytes(b"precious")
    assert refusal(out, tmp_path / "group") == (
        "already holds files that sitegen did not write, so it will not replace them. Choose "
        "an empty folder, or empty this one first.")


def test_a_file_is_refused_as_the_output_folder(tmp_path):
    out = tmp_path / "site.html"
    out.write_text("hello")
    assert refusal(out, tmp_path / "group") == \
        "is a file, not a folder. Choose another output folder."


@pytest.mark.parametrize("prepare", ["missing", "empty", "marked"])
def test_a_new_an_empty_or_a_marked_folder_is_accepted(tmp_path, prepare):
    out = tmp_path / "_site"
    if prepare != "missing":
        out.mkdir()
    if prepare == "marked":
        (out / MARKER).write_text("written by sitegen\n")
        (out / "index.html").write_text("old")
    check_output_folder(out, tmp_path / "group")


def test_a_refused_output_folder_is_left_exactly_as_it_was(make_group):
    group = make_group()
    out = group.parent / "my-documents"
    out.mkdir()
    (out / "accounts.xlsx").write_bytes(b"precious")

    with pytest.raises(SiteError):
        pipeline.build(group, out=out, now=NOW)

    assert snapshot(out) == {"accounts.xlsx": b"precious"}
