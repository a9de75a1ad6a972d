"""`sitegen build` with nothing changed says so and stops; any change builds again."""

from __future__ import annotations

import os

import pytest

from sitegen import cli
from sitegen.site import pipeline, printing, uptodate

FIXED_EPOCH = 1795683600  # 2026-11-26 09:00 in London, a Thursday
WEEKLY = """\
name: Riverside Parents Together
contact:
  phone: 0115 496 0000
meetings:
  - name: Coffee morning
    when: every Saturday
    time: 10am to 12 noon
    online: https://meet.example.org/riverside
"""


@pytest.fixture
def group(make_group, monkeypatch):
    """A group with a meeting this week, built "now" at a fixed moment, from its folder."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_EPOCH))
    folder = make_group({"group.yaml": WEEKLY, "pages/about.md": "# About us\n\nWe meet.\n"})
    monkeypatch.chdir(folder)
    return folder


def build(capsys, *options: str) -> str:
    assert cli.main(["build", ".", *options]) == 0
    return capsys.readouterr().out


def stamps(site) -> dict[str, int]:
    return {str(path): path.stat().st_mtime_ns for path in site.rglob("*") if path.is_file()}


def test_a_second_build_with_nothing_changed_writes_nothing_and_says_so(group, capsys):
    first = build(capsys)
    before = stamps(group / "_site")

    second = build(capsys)

    assert first.startswith("Built ")
    assert second.startswith("Nothing has changed since the last build")
    assert "pages in _site/ are up to date" in second
    assert stamps(group / "_site") == before
    # This week's reminders are said again, word for word.
    reminders = first[first.index("\nThis week's reminders"):]
    assert "Coffee morning" in reminders
    assert second.endswith(reminders)


@pytest.mark.parametrize("change", [
    lambda folder: (folder / "pages" / "about.md").write_text("# About us\n\nWe meet weekly.\n"),
    lambda folder: (folder / "pages" / "new.md").write_text("# New\n\nA new page.\n"),
    lambda folder: (folder / "pages" / "about.md").unlink(),
    lambda folder: (folder / "images").mkdir() or (folder / "images" / "x.txt").write_text("x"),
], ids=["page edited", "page added", "page deleted", "file added"])
def test_any_change_to_the_group_folder_builds_again(group, capsys, change):
    build(capsys)
    change(group)

    assert build(capsys).startswith("Built ")


def test_an_edit_that_keeps_the_size_and_time_is_still_noticed(group, capsys):
    build(capsys)
    page = group / "pages" / "about.md"
    before = page.stat()
    page.write_text(page.read_text().replace("We meet.", "We eat."))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))

    assert build(capsys).startswith("Built ")


def test_a_changed_or_missing_output_file_is_built_again(group, capsys):
    build(capsys)
    (group / "_site" / "about" / "index.html").unlink()
    (group / "_site" / "index.html").write_text("broken")

    assert build(capsys).startswith("Built ")
    assert (group / "_site" / "about" / "index.html").is_file()
    assert "broken" not in (group / "_site" / "index.html").read_text()


def test_the_next_day_builds_again(group, capsys, monkeypatch):
    build(capsys)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_EPOCH + 24 * 3600))

    assert build(capsys).startswith("Built ")


def test_force_builds_again(group, capsys):
    build(capsys)

    assert build(capsys, "--force").startswith("Built ")


def test_another_output_folder_or_other_options_build_again(group, capsys):
    build(capsys)

    assert build(capsys, "--out", "elsewhere").startswith("Built ")
    assert build(capsys, "--no-pdf").startswith("Built ")


def test_new_sitegen_code_or_fonts_build_again(group, capsys, monkeypatch):
    build(capsys)
    monkeypatch.setattr(uptodate, "code_fingerprint", lambda: "another version")
    assert build(capsys).startswith("Built ")

    monkeypatch.setattr(uptodate, "font_folders_stamp", lambda: "a font was installed")
    assert build(capsys).startswith("Built ")
    assert build(capsys).startswith("Nothing has changed")


def test_the_warnings_are_said_again(group, capsys):
    assert cli.main(["build", ".", "--no-pdf"]) == 0
    first = capsys.readouterr()
    assert cli.main(["build", ".", "--no-pdf"]) == 0
    second = capsys.readouterr()

    assert second.out.startswith("Nothing has changed")
    assert "poster.pdf and leaflet.pdf were not made" in first.err
    assert second.err == first.err


def test_a_build_that_could_not_make_its_pdfs_is_never_skipped(group, capsys, monkeypatch):
    monkeypatch.setattr(printing, "kept_print", lambda key: None)
    monkeypatch.setattr(printing, "_why_unable",
                        lambda site: "{name} {were} not made: no fonts here.")
    for _ in range(2):
        assert cli.main(["build", "."]) == 0
        captured = capsys.readouterr()
        assert captured.out.startswith("Built ") and "no fonts here" in captured.err

    monkeypatch.undo()
    monkeypatch.chdir(group)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_EPOCH))
    assert build(capsys).startswith("Built ")
    assert (group / "_site" / "poster.pdf").is_file()


def test_a_file_saved_during_a_build_makes_the_next_build_build_again(group, capsys,
                                                                      monkeypatch):
    real_build = pipeline.build

    def saved_meanwhile(*args, **kwargs):
        result = real_build(*args, **kwargs)
        (group / "pages" / "about.md").write_text("# About us\n\nSaved while building.\n")
        return result

    monkeypatch.setattr(pipeline, "build", saved_meanwhile)
    build(capsys)
    monkeypatch.setattr(pipeline, "build", real_build)

    assert build(capsys).startswith("Built ")
    assert "Saved while building" in (group / "_site" / "about" / "index.html").read_text()


def test_a_failed_build_keeps_the_last_good_site_and_the_next_good_one_is_not_skipped(
        group, capsys):
    build(capsys)
    yaml = (group / "group.yaml").read_text()
    (group / "group.yaml").write_text(yaml + "colour: not a colour\n")
    assert cli.main(["build", "."]) == 1
    capsys.readouterr()
    (group / "group.yaml").write_text(yaml.replace("Riverside", "Riverbank"))

    assert build(capsys).startswith("Built ")
    assert "Riverbank" in (group / "_site" / "index.html").read_text()
