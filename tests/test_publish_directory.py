"""publish on a folder of groups: the whole directory to an FTP server (only what changed the
second time), in a zip, and the files that let GitHub Pages or Netlify build it every night."""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import NOW, REPO
from publish_servers import PASSWORD, FtpServer
from sitegen import cli
from sitegen.publish.remote import MANIFEST, temporary_name
from sitegen.publish.targets import publish

pytestmark = pytest.mark.slow  # each build prints two groups' posters and the booklet

_spec = importlib.util.spec_from_file_location("make_groups", REPO / "benchmarks" / "make_groups.py")
make_groups_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_groups_module)
SITEGEN_SOURCE = "git+https://example.org/sitegen.git"


def site_files(folder: Path) -> dict[str, bytes]:
    """What a build puts online: every file in _site but sitegen's marker."""
    return {path.relative_to(folder / "_site").as_posix(): path.read_bytes()
            for path in sorted((folder / "_site").rglob("*"))
            if path.is_file() and path.name != ".sitegen-output"}


def online(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def groups(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_PASSWORD", PASSWORD)
    made = make_groups_module.make_groups(tmp_path / "groups", 2, seed=8)
    (tmp_path / "groups" / "directory.yaml").write_text(
        "name: Nottingham Groups\ntimezone: America/New_York\n", encoding="utf-8")
    return tmp_path / "groups", made


def test_a_directory_goes_to_ftp_whole_then_only_what_changed(groups, tmp_path):
    folder, made = groups
    (tmp_path / "server").mkdir()
    with FtpServer(tmp_path / "server") as ftp:
        publish(folder, ftp.url(), now=NOW)
        there = online(ftp.root)
        manifest = json.loads(there.pop(MANIFEST))
        assert there == site_files(folder)
        assert sorted(manifest["files"]) == sorted(site_files(folder))
        assert {f"{made[0].name}/index.html", "index.html", "booklet.pdf"} <= set(there)

        ftp.stored.clear()
        yaml_file = made[1] / "group.yaml"
        yaml_file.write_text(re.sub(r"^tagline: .*$", 'tagline: "Brand new words"',
                                    yaml_file.read_text(), flags=re.M))
        lines = publish(folder, ftp.url(), now=NOW).lines
        uploaded = {name.replace(".sitegen-new-", "") for name in ftp.stored}
        assert temporary_name(f"{made[1].name}/index.html") in ftp.stored
        assert temporary_name("index.html") in ftp.stored
        assert not [name for name in ftp.stored if name.startswith(made[0].name + "/")], uploaded
        assert b"Brand new words" in (ftp.root / made[1].name / "index.html").read_bytes()
        there = online(ftp.root)
        there.pop(MANIFEST)
        assert there == site_files(folder)
        assert any(line.startswith(f"Published to {ftp.url()} (") for line in lines)

        ftp.stored.clear()
        publish(folder, ftp.url(), now=NOW)
        assert ftp.stored == []


def test_a_directory_zips_whole_and_a_broken_group_exits_1_with_its_last_good_site(groups,
                                                                                   capsys):
    folder, made = groups
    assert cli.main(["publish", str(folder), "--to", "zip"]) == 0
    with zipfile.ZipFile(folder / "site.zip") as archive:
        assert archive.namelist() == sorted(site_files(folder))
    yaml_file = made[0] / "group.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("when: ", "when: every blue moon #", 1))
    capsys.readouterr()
    assert cli.main(["publish", str(folder), "--to", "zip"]) == 1
    err = capsys.readouterr().err
    assert "is not a rule sitegen understands" in err and "Published all the same" in err
    with zipfile.ZipFile(folder / "site.zip") as archive:
        assert f"{made[0].name}/index.html" in archive.namelist()  # its last good site


def test_github_pages_builds_the_directory_nightly_where_it_is(groups):
    folder, _ = groups
    lines = publish(folder, "github-pages", sitegen_from="https://github.com/example/sitegen",
                    now=NOW).lines
    workflow = yaml.safe_load((folder / ".github/workflows/sitegen.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["schedule"] == [{"cron": "20 5 * * *"}]  # 00:20 in New York, in winter
    # The same workflow as a group's: sitegen's Action runs `sitegen build FOLDER`, which
    # builds a folder of groups as a directory, and uploads FOLDER/_site.
    action = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    runs = [step.get("run", "") for step in action["runs"]["steps"]]
    assert 'sitegen build "$FOLDER"' in runs
    assert [step["uses"] for step in workflow["jobs"]["build"]["steps"]][-1] == \
        "example/sitegen@main"
    assert any("set Source to GitHub Actions" in line for line in lines)


def test_netlify_builds_the_directory_and_leaves_each_groups_policy_to_its_pages(groups):
    folder, _ = groups
    publish(folder, "netlify", sitegen_from=SITEGEN_SOURCE, now=NOW)
    config = tomllib.loads((folder / "netlify.toml").read_text("utf-8"))
    assert config["build"]["publish"] == "_site"
    assert config["build"]["command"].endswith("sitegen build .")
    [rule] = config["headers"]
    assert rule["values"] == {"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}
    assert (folder / ".github/workflows/netlify-nightly.yml").is_file()


def test_a_service_is_not_set_up_for_a_directory_with_a_broken_group(groups, capsys):
    folder, made = groups
    (made[0] / "group.yaml").write_text("name: Oops\n")
    assert cli.main(["publish", str(folder), "--to", "netlify", "--sitegen-from",
                     SITEGEN_SOURCE]) == 1
    assert "group.yaml" in capsys.readouterr().err
    assert not (folder / "netlify.toml").exists()
