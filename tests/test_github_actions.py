"""sitegen on GitHub: the Action (action.yml), its steps run as GitHub runs them, and the report.

The Action's first two steps (setup-python, pip install from the Action's own checkout)
need the network; the test runs the steps after them against the sitegen under test,
with the environment GitHub sets.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_YAML, NOW, REPO, write_files
from sitegen.core.problems import Problem
from sitegen.publish.github_actions import GitHubRun, failed_build_summary, workflow_command
from sitegen.publish.services import ACTIONS, PYTHON

ACTION = REPO / "action.yml"
GOOD_GROUP = """\
name: Riverside Parents Together
contact:
  phone: 0115 496 0000
meetings:
  - name: Coffee morning
    when: second Tuesday of the month
    time: 10:00-12:00
"""


def action() -> dict:
    return yaml.safe_load(ACTION.read_text("utf-8"))


def steps_after_install() -> list[dict]:
    steps = action()["runs"]["steps"]
    [install] = [index for index, step in enumerate(steps) if step.get("name") == "Install sitegen"]
    return steps[install + 1:]


def evaluate(text: str, inputs: dict[str, str]) -> str:
    """Fill in ${{ inputs.NAME }}, the only expression the Action's run steps may use."""
    filled = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda found: inputs[found[1]], text)
    assert "${{" not in filled, f"an expression the test cannot fill in: {text}"
    return filled


@pytest.fixture
def run_action(tmp_path):
    """Run the Action's run steps in a repository holding `files`, as GitHub's runner would."""
    def run(files: dict[str, str], folder: str = ".") -> dict:
        workspace = write_files(tmp_path / "repository", files)
        github = tmp_path / "github"
        shim = github / "bin" / "sitegen"  # `sitegen` on PATH: the sitegen under test
        shim.parent.mkdir(parents=True)
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sitegen "$@"\n')
        shim.chmod(0o755)
        environment = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace),
                       "GITHUB_STEP_SUMMARY": str(github / "summary.md"),
                       "GITHUB_OUTPUT": str(github / "output"), "GITHUB_REPOSITORY": "sue/our-group",
                       "GITHUB_SHA": "0123abc", "GITHUB_SERVER_URL": "https://github.com",
                       "GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main",
                       "GITHUB_ACTION_PATH": str(REPO), "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())),
                       "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}
        inputs = {name: spec.get("default", "") for name, spec in action()["inputs"].items()}
        inputs["folder"] = folder
        printed, status = "", 0
        for step in (step for step in steps_after_install() if "run" in step):
            assert step["shell"] == "bash"
            script = github / "step.sh"
            script.write_text(evaluate(step["run"], inputs))
            step_environment = {name: evaluate(value, inputs)
                                for name, value in step.get("env", {}).items()}
            done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                                  cwd=workspace, env={**environment, **step_environment},
                                  capture_output=True, text=True, timeout=300)
            printed += done.stdout + done.stderr
            status = done.returncode
            if status:
                break
        read = (lambda name: (github / name).read_text("utf-8") if (github / name).exists() else "")
        return {"status": status, "printed": printed, "summary": read("summary.md"),
                "output": read("output"), "workspace": workspace}
    return run


def test_on_a_good_group_the_summary_names_the_group_its_next_dates_and_address(run_action):
    ran = run_action({"group.yaml": GOOD_GROUP})

    assert ran["status"] == 0, ran["printed"]
    assert "## Riverside Parents Together: the website is built" in ran["summary"]
    assert "- Tuesday 8 December 2026, 10:00: Coffee morning" in ran["summary"]
    assert "- Tuesday 9 February 2027, 10:00: Coffee morning" in ran["summary"]
    assert "https://sue.github.io/our-group/" in ran["summary"]
    assert ran["output"].splitlines() == ["address=https://sue.github.io/our-group/",
                                          f"pages={len(list(ran['workspace'].rglob('_site/**/*.html')))}"]
    assert "::error" not in ran["printed"]


def test_the_summary_has_this_weeks_reminders_ready_to_copy(run_action):
    weekly = GOOD_GROUP + """\
  - name: Evening chat
    when: every Monday
    time: 8pm-9pm
    online: Zoom link sent by email
"""
    summary = run_action({"group.yaml": weekly})["summary"]
    reminders = summary.split("### This week's reminders, ready to copy\n", 1)[1]
    assert "~~~text\n*Evening chat*\n*Monday 30 November 2026, 8pm to 9pm*\n" \
           "Online: Zoom link sent by email\nQuestions? Ring 0115 496 0000\n~~~" in reminders
    assert "Coffee morning" not in reminders  # 8 December is more than a week away


def test_a_week_without_meetings_adds_no_reminders_to_the_summary(run_action):
    summary = run_action({"group.yaml": GOOD_GROUP})["summary"]
    assert "Next meeting dates" in summary and "reminders" not in summary


def test_on_a_group_with_a_time_past_midnight_github_marks_its_line(run_action):
    broken = GOOD_GROUP.replace("time: 10:00-12:00", "time: 25:00-26:00")
    line = broken.splitlines().index("    time: 25:00-26:00") + 1

    ran = run_action({"group.yaml": broken})

    assert ran["status"] == 1
    assert (f'::error file=group.yaml,line={line},col=11,title=sitegen::meetings[0].time: '
            '"25:00" is not a time. Write it like 19:30 or 7.30pm.') in ran["printed"].splitlines()
    assert ran["summary"].startswith("## The website was not built: 1 problem to fix")
    assert (f"[group.yaml, line {line}](https://github.com/sue/our-group/blob/0123abc/"
            f"group.yaml#L{line})") in ran["summary"]
    assert ("7.30pm. ([change it](https://github.com/sue/our-group/edit/main/group.yaml))"
            in ran["summary"])
    assert not (ran["workspace"] / "_site").exists()


def test_a_group_folder_below_the_top_is_named_from_the_top_of_the_repository(run_action):
    broken = GOOD_GROUP.replace("time: 10:00-12:00", "time: 25:00-26:00")

    ran = run_action({"groups/riverside/group.yaml": broken}, folder="groups/riverside")

    assert "::error file=groups/riverside/group.yaml,line=7,col=11," in ran["printed"]


def test_warnings_are_marked_and_listed_in_the_summary_while_the_site_is_built(run_action):
    skipping = GOOD_GROUP + "    skip: [2026-12-09]\n"

    ran = run_action({"group.yaml": skipping})

    assert ran["status"] == 0
    assert "::warning file=group.yaml,line=8,col=12,title=sitegen::meetings[0].skip[0]: " \
           "2026-12-09 is not a day" in ran["printed"]
    assert "### Worth a look" in ran["summary"]
    assert "[group.yaml, line 8](https://github.com/sue/our-group/blob/0123abc/group.yaml#L8): " \
           "meetings[0].skip[0]: 2026-12-09 is not a day" in ran["summary"]


# The report, piece by piece -------------------------------------------------------------

def github_run(workspace: Path) -> GitHubRun:
    return GitHubRun(workspace, "sue/our-group", "0123abc", "https://github.com", "main", None,
                     None)


def test_workflow_commands_escape_percent_signs_newlines_and_property_separators(tmp_path):
    problem = Problem(tmp_path / "pages" / "a,b:c.md", 3, 4, "100% sure\r\nsecond line",
                      key="title")

    command = workflow_command(problem, github_run(tmp_path))

    assert command == ("::error file=pages/a%2Cb%3Ac.md,line=3,col=4,title=sitegen::"
                       "title: 100%25 sure%0D%0Asecond line")


def test_a_problem_outside_the_repository_keeps_its_name_in_the_message(tmp_path):
    problem = Problem(Path("--sitegen-from"), None, None, "is missing.", warning=True)

    command = workflow_command(problem, github_run(tmp_path / "repository"))

    assert command == "::warning title=sitegen::--sitegen-from: is missing."


def test_html_in_a_message_stays_words_in_the_summary(tmp_path):
    page = write_files(tmp_path, {"pages/a.md": "# A\n"}) / "pages/a.md"
    problem = Problem(page, 2, 1, "<script> was removed.")

    summary = failed_build_summary([problem], github_run(tmp_path))

    assert "&lt;script&gt; was removed." in summary and "<script>" not in summary


def test_a_repository_named_after_its_owners_pages_site_is_served_at_the_top():
    assert github_run(Path(".")).default_address() == "https://sue.github.io/our-group/"
    top = GitHubRun(Path("."), "Sue/sue.github.io", "", "https://github.com", None, None, None)
    assert top.default_address() == "https://sue.github.io/"


def test_outside_github_actions_the_build_prints_no_workflow_commands(make_group, tmp_path):
    group = make_group({"group.yaml": MINIMAL_YAML + "unknown_key: 1\n"})
    environment = {name: value for name, value in os.environ.items() if name != "GITHUB_ACTIONS"}

    done = subprocess.run([sys.executable, "-m", "sitegen", "build", group], env=environment,
                          capture_output=True, text=True, timeout=300)

    assert done.returncode == 1
    assert "unknown_key" in done.stderr and "::" not in done.stdout + done.stderr


# action.yml ---------------------------------------------------------------------------

def check_action_schema(path: Path) -> subprocess.CompletedProcess:
    """SchemaStore's schema for action.yml, shipped inside check-jsonschema: no network."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-actions", path], capture_output=True, text=True,
                          timeout=120)


def test_action_yml_passes_the_github_actions_schema():
    done = check_action_schema(ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_refuses_a_run_step_without_a_shell(tmp_path):
    broken = tmp_path / "action.yml"
    broken.write_text(ACTION.read_text("utf-8").replace("      shell: bash\n", "", 1))

    assert check_action_schema(broken).returncode == 1


def test_the_action_sets_up_python_installs_itself_builds_and_uploads_the_pages_artifact():
    steps = action()["runs"]["steps"]

    assert action()["runs"]["using"] == "composite"
    assert [step.get("uses") for step in steps] == [
        ACTIONS["setup-python"], None, None, ACTIONS["upload-pages-artifact"]]
    assert '"$GITHUB_ACTION_PATH"' in steps[1]["run"]  # this Action's own checkout
    assert steps[2]["run"] == 'sitegen build "$FOLDER"'
    assert steps[3]["with"]["path"] == "${{ inputs.folder }}/_site"
    assert action()["inputs"]["python-version"]["default"] == PYTHON  # as Netlify's builds


@pytest.mark.parametrize("variables, branch", [
    ({"GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main"}, "main"),
    ({"GITHUB_REF": "refs/pull/7/merge", "GITHUB_REF_NAME": "7/merge",
      "GITHUB_HEAD_REF": "new-times"}, "new-times"),
    ({"GITHUB_REF": "refs/tags/v1", "GITHUB_REF_NAME": "v1"}, None),
])
def test_fixes_are_offered_on_the_branch_that_was_built(variables, branch):
    run = GitHubRun.from_environment({"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": "/w",
                                      **variables})

    assert run.branch == branch


def test_outside_github_actions_there_is_no_run():
    assert GitHubRun.from_environment({"GITHUB_WORKSPACE": "/w"}) is None
