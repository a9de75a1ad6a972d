"""Broken group folders: each prints exactly its expected.txt and leaves the last site alone.

Each tests/sites/invalid-*/ folder is a mistake a volunteer really makes. Its
expected.txt holds the problem lines the build must print, with paths relative
to the group folder (the build runs inside it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen import cli
from sitegen.core.write import write_site

SITES = Path(__file__).resolve().parent / "sites"
INVALID = sorted(path.name for path in SITES.glob("invalid-*") if path.is_dir())
SUMMARY = "Nothing was written; the previous site is unchanged."


def expected_lines(name: str) -> list[str]:
    return (SITES / name / "expected.txt").read_text(encoding="utf-8").splitlines()


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder`, with each file's bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def last_good_site(tmp_path_factory) -> Path:
    """A site as sitegen wrote it last week (write_site adds the marker that allows rebuilds).

    Written directly rather than built, so these tests of bad input do not depend on the
    theme rendering; test_write.py covers a really built site surviving a failed build.
    """
    out = tmp_path_factory.mktemp("last-good") / "_site"
    write_site({"index.html": b"<h1>Hillside Carers' Circle</h1>\n",
                "about/index.html": b"<h1>About us</h1>\n",
                "sentinel.txt": b"built last week\n"}, out)
    return out


@pytest.fixture
def broken_group(tmp_path, last_good_site, monkeypatch):
    """Copy an invalid folder, put the last good site in it, and work inside it."""
    def copy(name: str) -> Path:
        group = tmp_path / name
        shutil.copytree(SITES / name, group, symlinks=True)
        (group / "expected.txt").unlink()
        shutil.copytree(last_good_site, group / "_site")
        monkeypatch.chdir(group)
        return group
    return copy


def problem_lines(stderr: str) -> list[str]:
    """The problem lines: everything before the blank line and the summary."""
    problems, _, summary = stderr.partition("\n\n")
    assert SUMMARY in summary
    return problems.splitlines()


def test_there_are_enough_broken_folders_each_with_its_expected_message():
    assert len(INVALID) >= 12
    for name in INVALID:
        assert (SITES / name / "group.yaml").is_file(), name
        assert expected_lines(name), f"{name}/expected.txt is empty"


@pytest.mark.parametrize("name", INVALID)
def test_a_broken_folder_prints_its_expected_problems_and_keeps_the_previous_site(
        name, broken_group, capsys):
    group = broken_group(name)
    before = snapshot(group)

    status = cli.main(["build", "."])

    out, err = capsys.readouterr()
    assert status == 1
    assert problem_lines(err) == expected_lines(name)
    assert f"{len(expected_lines(name))} problem" in err.rsplit("\n\n", 1)[-1]
    assert "Traceback" not in out + err
    assert snapshot(group) == before  # the old _site, its sentinel, and no temporary folders


@pytest.mark.parametrize("name", INVALID)
def test_check_prints_the_same_problems_as_build(name, tmp_path, capsys, monkeypatch):
    group = shutil.copytree(SITES / name, tmp_path / name)
    monkeypatch.chdir(group)

    status = cli.main(["check", "."])

    out, err = capsys.readouterr()
    assert status == 1
    assert problem_lines(err) == expected_lines(name)
    assert not (group / "_site").exists()


def test_problems_are_named_from_the_folder_the_build_runs_in(tmp_path, capsys, monkeypatch):
    shutil.copytree(SITES / "invalid-bad-time", tmp_path / "hillside")
    monkeypatch.chdir(tmp_path)

    assert cli.main(["build", "hillside"]) == 1

    assert problem_lines(capsys.readouterr().err) == [
        "hillside/" + line for line in expected_lines("invalid-bad-time")]


def test_debug_shows_the_traceback_for_the_same_failure(broken_group, capsys):
    group = broken_group("invalid-bad-time")
    before = snapshot(group)

    status = cli.main(["build", ".", "--debug"])

    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback (most recent call last):" in err
    assert "sitegen.core.problems.SiteError" in err
    assert err.startswith(expected_lines("invalid-bad-time")[0])
    assert snapshot(group) == before


def test_debug_before_the_command_also_shows_the_traceback(broken_group, capsys):
    broken_group("invalid-bad-time")

    assert cli.main(["--debug", "build", "."]) == 1

    assert "Traceback (most recent call last):" in capsys.readouterr().err
