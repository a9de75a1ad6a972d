"""Where a workflow gets sitegen from: a copy of sitegen on GitHub, at a branch or tag."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.problems import Problem, SiteError

DEFAULT_REF = "main"
# pyproject.toml carries this owner until the project has a public home on GitHub.
PLACEHOLDER_OWNER = "OWNER"
NO_HOME_YET = ("is missing, and this sitegen does not know its own home on GitHub yet: give "
               "the GitHub address of the sitegen the workflow should use, like "
               "--sitegen-from https://github.com/YOUR-NAME/sitegen")
# https://github.com/OWNER/REPO, git+https://github.com/OWNER/REPO.git, OWNER/REPO (the
# form `uses:` takes), each with an optional @BRANCH-OR-TAG.
GITHUB_ADDRESS = re.compile(r"(?:(?:git\+)?https://github\.com/)?(?P<owner>[A-Za-z0-9-]+)/"
                            r"(?P<repository>[A-Za-z0-9._-]+?)(?:\.git)?/?"
                            r"(?:@(?P<ref>[A-Za-z0-9._/-]+))?")


@dataclass(frozen=True)
class SitegenSource:
    """A copy of sitegen on GitHub, at a branch or tag."""

    owner: str
    repository: str
    ref: str = DEFAULT_REF

    @property
    def action(self) -> str:
        """The Action's address, as a workflow's `uses:` names it."""
        return f"{self.owner}/{self.repository}@{self.ref}"

    @property
    def requirement(self) -> str:
        """What pip installs to get this sitegen."""
        return f"git+https://github.com/{self.owner}/{self.repository}.git@{self.ref}"


def parse_github_address(text: str) -> SitegenSource | None:
    """Read a GitHub address of sitegen; None when it is not one."""
    found = GITHUB_ADDRESS.fullmatch(text.strip())
    if not found:
        return None
    return SitegenSource(found["owner"], found["repository"], found["ref"] or DEFAULT_REF)


def project_source_url() -> str | None:
    """The `Source` address in [project.urls] of pyproject.toml, as the installed package has it."""
    from importlib import metadata  # 20 ms to import: only for workflows, not every build

    try:
        urls = metadata.metadata("sitegen").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return None
    labelled = dict(url.split(", ", 1) for url in urls if ", " in url)
    return labelled.get("Source")


def sitegen_source(sitegen_from: str | None) -> SitegenSource:
    """The sitegen a GitHub workflow uses: --sitegen-from, else this sitegen's own home."""
    if sitegen_from is not None:
        source = parse_github_address(sitegen_from)
        if source is None:
            raise _problem(f"{sitegen_from!r} is not a GitHub address. Give the address of "
                           "sitegen on GitHub, like https://github.com/YOUR-NAME/sitegen "
                           "(add @BRANCH or @TAG to pick one; the default is main).")
        return source
    source = parse_github_address(project_source_url() or "")
    if source is None or source.owner == PLACEHOLDER_OWNER:
        raise _problem(NO_HOME_YET + ".")
    return source


def sitegen_requirement(sitegen_from: str | None) -> str:
    """What pip installs for a build elsewhere: a GitHub address as above, or any requirement."""
    # Never plain `sitegen` by default: on PyPI that name is an unrelated old project.
    if sitegen_from is None or parse_github_address(sitegen_from):
        return sitegen_source(sitegen_from).requirement
    if not sitegen_from.strip() or sitegen_from.startswith("-") or any(
            character in sitegen_from for character in "\n\r\t\0"):
        raise _problem(f"{sitegen_from!r} is not something pip can install. Give a package "
                       "name, or a GitHub address like https://github.com/YOUR-NAME/sitegen.")
    return sitegen_from.strip()


def _problem(message: str) -> SiteError:
    return SiteError([Problem(Path("--sitegen-from"), None, None, message)])
