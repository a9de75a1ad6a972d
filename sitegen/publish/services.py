"""Files that let GitHub Pages or Netlify build the site themselves, and how to switch them on."""

from __future__ import annotations

import json
import shlex
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sitegen.publish.source import SitegenSource

GITHUB_WORKFLOW = ".github/workflows/sitegen.yml"
GROUP_README = Path(__file__).with_name("group-repository-README.md")
GITIGNORE = "# sitegen writes the website here on each build; GitHub makes its own.\n_site/\n"
NETLIFY_CONFIG = "netlify.toml"
NETLIFY_NIGHTLY = ".github/workflows/netlify-nightly.yml"
HOOK_SECRET = "NETLIFY_BUILD_HOOK"
BUILD_COMMAND = "sitegen build ."
WORKFLOW_NAME = "Build and publish the website"
# The official actions, at their current major versions; action.yml uses the same.
ACTIONS = {
    "checkout": "actions/checkout@v6",
    "setup-python": "actions/setup-python@v6",
    "upload-pages-artifact": "actions/upload-pages-artifact@v5",
    "deploy-pages": "actions/deploy-pages@v5",
}
PYTHON = "3.13"


def install_command(sitegen_from: str) -> str:
    """The pip command that installs sitegen from a git address or another pip requirement."""
    return f"python3 -m pip install {shlex.quote(sitegen_from)}"


def nightly_cron(zone: str) -> str:
    """A daily cron time (in UTC, as GitHub reads it) just after midnight where the group is.

    Taken at the zone's smaller UTC offset of the year, so the build never falls before
    midnight: in summer time it runs an hour later, which is still the right day.
    """
    offsets = [datetime(2026, month, 15, tzinfo=ZoneInfo(zone)).utcoffset() for month in (1, 7)]
    offset = min(offset.total_seconds() for offset in offsets if offset is not None) // 60
    minutes = int(20 - offset) % (24 * 60)  # 00:20 local: off the busy top of the hour
    return f"{minutes % 60} {minutes // 60} * * *"


def github_workflow(source: SitegenSource, zone: str) -> str:
    """The GitHub Actions workflow: build on every push, every night and on request; publish."""
    return f"""\
# Builds the group's website with sitegen and publishes it on GitHub Pages.
# Written by sitegen. It expects the group folder (the one with group.yaml) to be
# the top folder of the repository.
name: {WORKFLOW_NAME}

on:
  push:
  schedule:
    # Every night just after midnight in {zone}, so "next meeting" dates stay current.
    - cron: {json.dumps(nightly_cron(zone))}
  workflow_dispatch:

permissions:
  contents: read

# One publish at a time; a newer one waits instead of cutting an older one off half-way.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: {ACTIONS["checkout"]}
      # sitegen's own Action: installs sitegen, builds the website, and marks any
      # mistake at its line in group.yaml.
      - name: Build the website
        uses: {source.action}

  deploy:
    # Other branches are built (so mistakes show up) but only the main branch goes online.
    if: github.event_name != 'push' || github.ref_name == github.event.repository.default_branch
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: {ACTIONS["deploy-pages"]}
"""


def github_repository_files(source: SitegenSource, zone: str) -> dict[str, str]:
    """A group's own GitHub repository: the workflow, a .gitignore and a README for volunteers."""
    return {GITHUB_WORKFLOW: github_workflow(source, zone), ".gitignore": GITIGNORE,
            "README.md": GROUP_README.read_text("utf-8")}


def github_steps(zone: str) -> list[str]:
    """What a volunteer does on github.com to switch the website on."""
    return [
        "Next, on github.com (free):",
        "  1. Sign in, click + (top right), then New repository. Give it a name, choose Public, "
        "and click Create repository.",
        "  2. Put this folder's files in it: click 'uploading an existing file' and drag in "
        "everything inside the group folder (group.yaml, pages/, .github/ and the rest; not "
        "_site/). If your computer hides the .github folder, click Add file > Create new file "
        f"instead, type {GITHUB_WORKFLOW} as the name, paste in that file's text, and click "
        "Commit changes.",
        "  3. Click Settings, then Pages (on the left). Under 'Build and deployment', set "
        "Source to GitHub Actions.",
        f"  4. Click Actions (at the top), then '{WORKFLOW_NAME}', then Run "
        "workflow. After a minute or two, Settings > Pages shows your website's address.",
        "  5. Put that address in group.yaml as website: so search engines find every page.",
        f"From then on the site is rebuilt each time you change a file on GitHub, and every "
        f"night just after midnight ({zone}) so the next meeting dates stay current.",
        "In a public repository GitHub pauses the nightly run after 60 days with no changes; "
        "it emails you first, and one click on Enable workflow (Actions tab) starts it again.",
    ]


def netlify_toml(sitegen_from: str, content_security_policy: str | None) -> str:
    """netlify.toml: Netlify's build command, the folder to publish and the safety headers.
    Without a policy (a directory, whose groups' pages each carry their own) none is sent."""
    command = f"{install_command(sitegen_from)} && {BUILD_COMMAND}"
    if content_security_policy:
        policy = ("# The same Content-Security-Policy the pages carry, as a real header, and no\n"
                  "# referrer: a visitor's next site is not told they came from a support group.\n")
        header = f"    Content-Security-Policy = {json.dumps(content_security_policy)}\n"
    else:
        policy = ("# No referrer: a visitor's next site is not told they came from a support\n"
                  "# group. Each group's pages carry their own Content-Security-Policy.\n")
        header = ""
    return f"""\
# How Netlify builds and serves the website.
# Written by `sitegen publish --to netlify`.
[build]
  command = {json.dumps(command)}
  publish = "_site"

[build.environment]
  PYTHON_VERSION = {json.dumps(PYTHON)}

{policy}[[headers]]
  for = "/*"
  [headers.values]
{header}    Referrer-Policy = "no-referrer"
    X-Content-Type-Options = "nosniff"
"""


def netlify_nightly_workflow(zone: str) -> str:
    """A GitHub Actions job that asks Netlify for a fresh build every night."""
    return f"""\
# Asks Netlify to rebuild the website every night, so "next meeting" dates stay
# current. Written by `sitegen publish --to netlify`. It needs the repository
# secret {HOOK_SECRET}: the address of a Netlify build hook.
name: Nightly Netlify rebuild

on:
  schedule:
    # Every night just after midnight in {zone}.
    - cron: {json.dumps(nightly_cron(zone))}
  workflow_dispatch:

permissions: {{}}

jobs:
  rebuild:
    runs-on: ubuntu-latest
    steps:
      - name: Call the Netlify build hook
        env:
          HOOK: ${{{{ secrets.{HOOK_SECRET} }}}}
        run: curl --fail --silent --show-error -X POST -d '{{}}' "$HOOK"
"""


def netlify_steps(zone: str) -> list[str]:
    """What a volunteer does on netlify.com, and for the nightly rebuild."""
    return [
        "Next, on netlify.com (free):",
        "  1. Put the group folder on GitHub (or GitLab) as its own repository, with "
        f"{NETLIFY_CONFIG} at the top.",
        "  2. On Netlify: Add new project > Import an existing project, pick that repository "
        "and click Deploy. Netlify reads netlify.toml, so leave the build settings empty.",
        "Every night, so the next meeting dates stay current:",
        "  3. On Netlify: Project configuration > Build & deploy > Continuous deployment > "
        "Build hooks > Add build hook. Call it nightly, choose your main branch, Save, and "
        "copy the address it shows (https://api.netlify.com/build_hooks/...).",
        "  4. On GitHub, in the repository: Settings > Secrets and variables > Actions > New "
        f"repository secret. Name: {HOOK_SECRET}. Secret: paste that address. Add secret.",
        f"  5. {NETLIFY_NIGHTLY} (written just now; upload it too) then calls the hook every "
        f"night just after midnight ({zone}). Test it: Actions > Nightly Netlify rebuild > "
        "Run workflow, and watch a new deploy start on Netlify.",
        "  Not on GitHub? Any scheduled job can call the hook instead, such as this line in "
        "the crontab of a computer that is always on (00:20 by its clock): "
        "20 0 * * * curl -X POST -d {} HOOK_ADDRESS",
    ]
