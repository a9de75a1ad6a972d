"""Tell GitHub Actions about a build: each problem marked at its line, and a job summary.

Used only where GitHub runs sitegen (GITHUB_ACTIONS=true), so a volunteer who edits
group.yaml on github.com sees what is wrong, and where, beside the red cross.
See docs.github.com/actions: "Workflow commands" and "Adding a job summary".
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.core.problems import Problem

if TYPE_CHECKING:  # every command imports this module: it must not import the pipeline
    from sitegen.site.pipeline import BuildResult

DATES_SHOWN = 3


@dataclass(frozen=True)
class GitHubRun:
    """The workflow run sitegen is part of, as the environment GitHub sets describes it."""

    workspace: Path  # the repository's top folder: paths in annotations are relative to it
    repository: str  # OWNER/NAME
    commit: str
    server: str
    branch: str | None  # where a fix is committed; None for a tag
    summary_file: Path | None
    output_file: Path | None

    @classmethod
    def from_environment(cls, environ=os.environ) -> GitHubRun | None:
        """The current run, or None outside GitHub Actions."""
        if environ.get("GITHUB_ACTIONS") != "true":
            return None
        optional = (lambda name: Path(environ[name]) if environ.get(name) else None)
        on_branch = environ.get("GITHUB_REF", "").startswith("refs/heads/")
        branch = environ.get("GITHUB_HEAD_REF") or (environ.get("GITHUB_REF_NAME") if on_branch
                                                    else None)  # HEAD_REF: a pull request's
        return cls(Path(environ.get("GITHUB_WORKSPACE") or os.getcwd()),
                   environ.get("GITHUB_REPOSITORY", ""), environ.get("GITHUB_SHA", ""),
                   environ.get("GITHUB_SERVER_URL", "https://github.com"), branch,
                   optional("GITHUB_STEP_SUMMARY"), optional("GITHUB_OUTPUT"))

    def path_of(self, file: Path) -> str | None:
        """The file's path from the repository's top, or None when it is not in the repository."""
        try:
            return file.resolve().relative_to(self.workspace.resolve()).as_posix()
        except ValueError:
            return None

    def link_to(self, problem: Problem) -> str | None:
        """The address of the problem's line in this commit on GitHub."""
        path = self._repository_path(problem)
        line = f"#L{problem.line}" if problem.line else ""
        return path and f"{self.server}/{self.repository}/blob/{self.commit}/{path}{line}"

    def edit_link(self, problem: Problem) -> str | None:
        """The address of GitHub's editor for the problem's file, on the branch built.

        The line's own page is of one commit, where GitHub's pencil is greyed out.
        """
        path = self._repository_path(problem)
        return path and self.branch and f"{self.server}/{self.repository}/edit/{self.branch}/{path}"

    def _repository_path(self, problem: Problem) -> str | None:
        path = self.path_of(problem.file)
        return path if path and problem.file.is_file() and self.repository else None

    def default_address(self) -> str:
        """Where GitHub Pages serves this repository, unless it has a domain of its own."""
        owner, _, name = self.repository.partition("/")
        host = f"{owner.lower()}.github.io"
        return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def annotate(problems: list[Problem]) -> None:
    """On GitHub, print each problem as a workflow command, so GitHub marks its line."""
    run = GitHubRun.from_environment()
    for problem in problems if run else []:
        print(workflow_command(problem, run), flush=True)


def report_build(result: BuildResult) -> None:
    """On GitHub, after a good build: the job summary, and the address and page count as outputs."""
    run = GitHubRun.from_environment()
    if run is None:
        return
    _append(run.summary_file, good_build_summary(result, run))
    _append(run.output_file, f"address={site_address(result, run)}\npages={result.page_count}\n")


def report_failure(problems: list[Problem]) -> None:
    """On GitHub, after a failed build: a job summary listing the problems with links."""
    run = GitHubRun.from_environment()
    if run is not None:
        _append(run.summary_file, failed_build_summary(problems, run))


def workflow_command(problem: Problem, run: GitHubRun) -> str:
    """`::error file=group.yaml,line=12,col=11,title=sitegen::message` (or ::warning)."""
    path = run.path_of(problem.file)
    properties = {"file": path, "line": problem.line, "col": problem.column, "title": "sitegen"}
    listed = ",".join(f"{name}={_escape_property(str(value))}"
                      for name, value in properties.items() if value is not None)
    message = _words(problem)
    if path is None:  # not a file in the repository: keep its name in the words instead
        message = f"{problem.file}: {message}"
    return f"::{'warning' if problem.warning else 'error'} {listed}::{_escape_data(message)}"


def site_address(result: BuildResult, run: GitHubRun) -> str:
    """The website's address: `website` in group.yaml, else where GitHub Pages serves it."""
    return result.site.config.website or run.default_address()


def good_build_summary(result: BuildResult, run: GitHubRun) -> str:
    """The job summary after a good build, in Markdown."""
    parts = [f"## {_text(result.site.config.name)}: the website is built",
             f"Its address: {site_address(result, run)} (the new version is there a minute or "
             f"two after this).  \n{result.page_count} pages were built.",
             "### Next meeting dates\n" + _next_dates(result), *_reminders(result)]
    if result.warnings:
        parts.append("### Worth a look\nThe website was built, but please check these:\n"
                     + _problem_list(result.warnings, run))
    return "\n\n".join(parts) + "\n"


def failed_build_summary(problems: list[Problem], run: GitHubRun) -> str:
    """The job summary after a failed build, in Markdown: each problem with a link to its line."""
    errors = [problem for problem in problems if not problem.warning]
    count = f"{len(errors)} problem" + ("" if len(errors) == 1 else "s")
    return (f"## The website was not built: {count} to fix\n\n"
            "The website online stays as it was. Click each problem to see its line, and "
            "*change it* to put it right in GitHub's editor. After you commit the change, "
            "GitHub tries again.\n\n"
            + _problem_list(problems, run) + "\n")


def _next_dates(result: BuildResult) -> str:
    from sitegen.calendar.schedule import next_dates  # only after a build: see the imports

    coming = next_dates(result.site.schedules, DATES_SHOWN)
    if not coming:
        return "No meeting dates are coming up. Add a meeting or an event to group.yaml."
    return "\n".join(f"- {_date_words(occurrence)}: {_text(schedule.name)}"
                     for schedule, occurrence in coming)


def _reminders(result: BuildResult) -> list[str]:
    """This week's reminders for WhatsApp, each in a box GitHub gives a copy button."""
    from sitegen.remind.formats import as_whatsapp  # only after a build: see the imports
    from sitegen.remind.messages import Writer

    site = result.site
    messages = Writer(site.config, site.wording).this_week(site.schedules, site.today)
    if not messages:
        return []
    boxes = "\n\n".join(f"~~~text\n{as_whatsapp(message)}\n~~~" for message in messages)
    return ["### This week's reminders, ready to copy\nFor WhatsApp; `sitegen remind --as sms` "
            "or `--as email` writes them as text messages or emails.\n\n" + boxes]


def _date_words(occurrence) -> str:
    day = occurrence.day
    words = f"{day:%A} {day.day} {day:%B %Y}"
    return f"{words}, {occurrence.start:%H:%M}" if occurrence.start else words


def _problem_list(problems: list[Problem], run: GitHubRun) -> str:
    return "\n".join(f"- {_where(problem, run)}: {_text(_words(problem))}{_edit(problem, run)}"
                     for problem in problems)


def _edit(problem: Problem, run: GitHubRun) -> str:
    link = run.edit_link(problem)
    return f" ([change it]({link}))" if link else ""


def _words(problem: Problem) -> str:
    return f"{problem.key}: {problem.message}" if problem.key else problem.message


def _where(problem: Problem, run: GitHubRun) -> str:
    path = run.path_of(problem.file) or str(problem.file)
    words = f"{path}, line {problem.line}" if problem.line else path
    link = run.link_to(problem)
    return f"[{_text(words)}]({link})" if link else _text(words)


def _text(words: str) -> str:
    """Plain words as Markdown: no HTML tags from a message (such as <script>) come alive."""
    return html.escape(words, quote=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _append(file: Path | None, text: str) -> None:
    if file is not None:
        with open(file, "a", encoding="utf-8") as stream:
            stream.write(text)
