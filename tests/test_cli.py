"""cli: the `sitegen` command's exit codes, and what each command writes (or does not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from sitegen import __version__, cli
from sitegen.core.config import document_keys
from sitegen.directory.config import DirectoryConfig
from sitegen.site import pipeline

SUMMARY = "Nothing was written; the previous site is unchanged."


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


@pytest.fixture
def fixed_time(monkeypatch):
    """Builds from the command line happen at the tests' fixed moment."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795683600")  # 2026-11-26 09:00 in London


def test_building_a_good_folder_exits_0_and_says_where_the_site_is(make_group, capsys,
                                                                    monkeypatch, fixed_time):
    folder = make_group()
    monkeypatch.chdir(folder)

    assert cli.main(["build", "."]) == 0

    out = capsys.readouterr().out
    assert out.startswith("Built ") and out.rstrip().endswith("into _site/.")
    assert (folder / "_site" / "index.html").is_file()


def test_building_a_broken_folder_exits_1_and_says_nothing_was_written(make_group, capsys,
                                                                       monkeypatch):
    folder = make_group({"group.yaml": "name: A\n"})
    monkeypatch.chdir(folder)

    assert cli.main(["build"]) == 1  # the folder defaults to the one you are in

    err = capsys.readouterr().err
    assert err.startswith("group.yaml:1:1: contact: is missing.")
    assert err.endswith(f"\n\n1 problem found. {SUMMARY}\n")
    assert not (folder / "_site").exists()


def test_a_folder_without_group_yaml_exits_1(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "nowhere"]) == 1
    assert capsys.readouterr().err.startswith(
        "nowhere/group.yaml: is missing: this is not a group folder.")


def test_new_then_build_makes_a_site(tmp_path, capsys, monkeypatch, fixed_time):
    monkeypatch.chdir(tmp_path)

    assert cli.main(["new", "my-group"]) == 0
    assert "sitegen build my-group" in capsys.readouterr().out
    assert cli.main(["build", "my-group"]) == 0

    assert (tmp_path / "my-group" / "group.yaml").is_file()
    assert (tmp_path / "my-group" / "_site" / "index.html").is_file()
    assert "Our Group" in (tmp_path / "my-group" / "_site" / "index.html").read_text("utf-8")


def test_the_new_folder_checks_clean_of_problems(tmp_path, capsys, monkeypatch, fixed_time):
    monkeypatch.chdir(tmp_path)
    cli.main(["new", "my-group"])
    assert cli.main(["check", "my-group"]) == 0


def test_new_refuses_a_folder_that_already_has_files(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-group").mkdir()
    (tmp_path / "my-group" / "notes.txt").write_text("mine")

    assert cli.main(["new", "my-group"]) == 1

    assert capsys.readouterr().err.startswith(
        "my-group: already exists and is not empty. Choose a new folder name.")
    assert snapshot(tmp_path / "my-group") == {"notes.txt": b"mine"}


def test_new_may_fill_an_empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-group").mkdir()
    assert cli.main(["new", "my-group"]) == 0
    assert (tmp_path / "my-group" / "group.yaml").is_file()


def test_check_writes_nothing(make_group, capsys, monkeypatch, fixed_time):
    folder = make_group({"pages/about.md": "# About\n"})
    monkeypatch.chdir(folder)
    before = snapshot(folder.parent)

    assert cli.main(["check", "."]) == 0

    assert snapshot(folder.parent) == before
    assert "group.yaml and its pages are fine" in capsys.readouterr().out


def test_check_of_a_broken_folder_exits_1_and_writes_nothing(make_group, capsys, monkeypatch):
    folder = make_group({"group.yaml": "name: A\ncontact:\n  phone: 1\ncolour: '#ffff00'\n"})
    monkeypatch.chdir(folder)
    before = snapshot(folder.parent)

    assert cli.main(["check"]) == 1

    assert snapshot(folder.parent) == before
    assert capsys.readouterr().err.startswith('group.yaml:4:9: colour: "#ffff00" is too light')


def test_warnings_are_printed_but_the_build_still_succeeds(make_group, capsys, monkeypatch,
                                                           fixed_time):
    folder = make_group({"pages/help.md": "# Help\n\n<script>track()</script>\n"})
    monkeypatch.chdir(folder)

    assert cli.main(["build", "."]) == 0

    assert ("pages/help.md:3:1: warning: a <script> was removed: scripts in pages could track "
            "visitors or break the site.") in capsys.readouterr().err.splitlines()


def test_out_writes_the_site_somewhere_else(make_group, tmp_path, monkeypatch, fixed_time):
    folder = make_group()
    monkeypatch.chdir(tmp_path)

    assert cli.main(["build", "group", "--out", "public"]) == 0

    assert (tmp_path / "public" / "index.html").is_file()
    assert not (folder / "_site").exists()


def test_out_refuses_a_folder_of_other_files(make_group, tmp_path, capsys, monkeypatch):
    make_group()
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "minutes.docx").write_bytes(b"precious")
    monkeypatch.chdir(tmp_path)

    assert cli.main(["build", "group", "--out", "documents"]) == 1

    assert capsys.readouterr().err.startswith("documents: already holds files that sitegen "
                                              "did not write")
    assert snapshot(tmp_path / "documents") == {"minutes.docx": b"precious"}


def test_keys_lists_every_key(capsys):
    assert cli.main(["keys"]) == 0
    out = capsys.readouterr().out
    assert "contact.email" in out and "meetings[].when" in out


def test_keys_lists_the_directory_yaml_keys_with_the_readmes_help(capsys):
    assert cli.main(["keys", "--markdown"]) == 0
    directory_part = capsys.readouterr().out.split("### directory.yaml\n\n", 1)[1]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = [line for line in directory_part.splitlines() if line.startswith("| `")]
    assert len(rows) == len(list(document_keys(DirectoryConfig))) > 10
    assert all(row in readme for row in rows)
    assert cli.main(["keys"]) == 0
    out = capsys.readouterr().out
    assert "booklet  (True)\n    Make the printable booklet, booklet.pdf (A5 pages)." in out


def test_version_prints_the_version(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"sitegen {__version__}"


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main([])
    assert caught.value.code == 2
    assert "usage: sitegen" in capsys.readouterr().err


def test_ctrl_c_exits_130_without_a_traceback(make_group, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    monkeypatch.chdir(make_group())

    assert cli.main(["build", "."]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_jobs_sets_how_many_processes_build_a_single_group(make_group, capsys, monkeypatch,
                                                           fixed_time):
    folder = make_group()
    asked = []
    real_check = pipeline.check
    monkeypatch.setattr(pipeline, "check",
                        lambda *args, **kwargs: asked.append(kwargs["jobs"]) or
                        real_check(*args, **kwargs))

    assert cli.main(["build", str(folder), "--jobs", "2"]) == 0

    assert asked == [2] and "Built " in capsys.readouterr().out


def test_jobs_must_be_one_or_more(make_group, capsys):
    with pytest.raises(SystemExit):
        cli.main(["build", str(make_group()), "--jobs", "0"])
    assert "give 1 or more" in capsys.readouterr().err


def _fails_inside_sitegen(*args, **kwargs):
    raise RuntimeError("a stage broke")


@pytest.mark.parametrize("command, stage, doing", [
    (["build", "."], "sitegen.site.pipeline.build", "building the site from ."),
    (["check", "."], "sitegen.site.pipeline.check", "checking ."),
    (["serve", "."], "sitegen.preview.serve.serve", "previewing ."),
    (["publish", ".", "--to", "zip"], "sitegen.publish.targets.publish", "publishing ."),
])
def test_a_fault_inside_sitegen_is_one_paragraph_and_exit_status_2(
        command, stage, doing, make_group, capsys, monkeypatch):
    monkeypatch.setattr(stage, _fails_inside_sitegen)
    monkeypatch.chdir(make_group())

    assert cli.main(command) == 2

    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    [paragraph] = err.strip().split("\n")
    assert paragraph.startswith(f"sitegen stopped while {doing}: ")
    assert "(RuntimeError: a stage broke)" in paragraph
    assert "a fault in sitegen, not in your group's files" in paragraph
    assert f"run `sitegen --debug {' '.join(command)}` and send everything it prints" in paragraph


def test_debug_shows_the_traceback_of_a_fault_inside_sitegen(make_group, capsys, monkeypatch):
    monkeypatch.setattr(pipeline, "build", _fails_inside_sitegen)
    monkeypatch.chdir(make_group())

    assert cli.main(["--debug", "build", "."]) == 2

    err = capsys.readouterr().err
    assert err.startswith("sitegen stopped while building the site from .: ")
    assert "run `sitegen --debug build .`" in err
    assert "Traceback (most recent call last):" in err
    assert err.rstrip().endswith("RuntimeError: a stage broke")
