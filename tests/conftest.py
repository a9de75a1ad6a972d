"""Shared fixtures: write small group folders from a dict of dedented files."""

from __future__ import annotations

import json
import os
import textwrap
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_GROUP = REPO / "example-group"
# Builds in tests happen "now" = this moment, so expected dates never drift.
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/London"))

MINIMAL_YAML = """\
name: Riverside Parents Together
contact:
  phone: 0115 496 0000
"""


@pytest.fixture(autouse=True)
def not_in_github_actions(monkeypatch):
    """Tests run as on any computer, even when GitHub Actions runs them (it sets this)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write each `relative path: text` (dedented) under root; return root."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(autouse=True, scope="session")
def private_user_cache(tmp_path_factory):
    """Builds keep their cache (compiled templates ...) in a folder of the test run's own."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if saved is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture
def make_group(tmp_path):
    """Return a function that writes a group folder from {path: text} and returns it."""
    def make(files: dict[str, str] | None = None, name: str = "group") -> Path:
        files = {"group.yaml": MINIMAL_YAML, **(files or {})}
        return write_files(tmp_path / name, files)
    return make


def read_search_index(site: Path) -> list[dict]:
    """A directory's search-index.json, its compact entries spelled out: slug, name, tagline,
    area, lang, and the slugs of its topics, areas and days."""
    index = json.loads((site / "search-index.json").read_bytes())
    labels = index["labels"]
    return [{"slug": g[0], "name": g[1], "tagline": g[2], "area": g[3], "lang": g[7],
             **{kind: [labels[kind][n][0] for n in g[column]]
                for kind, column in (("topics", 4), ("areas", 5), ("days", 6))}}
            for g in index["groups"]]
