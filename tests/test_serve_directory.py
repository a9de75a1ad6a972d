"""`sitegen serve` on a folder of groups: the directory and every group's site, a change
rebuilding only that group, and each group's problems on its pages and on the directory."""

from __future__ import annotations

import importlib.util
import re
import time
import urllib.error
import urllib.request

import pytest

from conftest import REPO
from sitegen.preview.serve import PreviewServer

_spec = importlib.util.spec_from_file_location("make_groups", REPO / "benchmarks" / "make_groups.py")
make_groups_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_groups_module)
DIRECTORY_OWN = re.compile(r"(index\.html|404\.html|page/.*|topics/.*|areas/.*|days/.*|"
                           r"search-index\.json|meetings\.(ics|json)|openreferral/.*|robots\.txt|"
                           r"sitemap\.xml)$")


def fetch(server: PreviewServer, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server.url + path.lstrip("/"), timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def set_tagline(group, words: str) -> None:
    yaml = group / "group.yaml"
    yaml.write_text(re.sub(r"^tagline: .*$", f'tagline: "{words}"', yaml.read_text(), flags=re.M))


def next_rebuild(log: list, seen: int, timeout: float = 120):
    """Wait for the watcher's rebuild after the `seen` ones so far; return the last report,
    with the files every rebuild since changed (one save can make two rebuilds)."""
    deadline = time.monotonic() + timeout
    while len(log) <= seen:
        assert time.monotonic() < deadline, "the preview did not rebuild after the edit"
        time.sleep(0.1)
    time.sleep(1)
    report = log[-1]
    report.changed = sorted({path for later in log[seen:] for path in later.changed})
    return report


@pytest.fixture
def served(tmp_path):
    groups = make_groups_module.make_groups(tmp_path / "groups", 4, seed=9)
    log = []
    with PreviewServer(tmp_path / "groups", port=0, log=log.append) as server:
        yield server, groups, log


def test_the_preview_of_a_folder_of_groups_shows_the_directory_and_every_group(served):
    server, groups, _ = served
    status, page = fetch(server, "/")
    assert status == 200
    for group in groups:
        assert f'id="group-{group.name}"' in page
        status, own = fetch(server, f"/{group.name}/")
        assert status == 200 and "<h1" in own
    assert "/__sitegen/reload.js" in page  # it reloads itself like a group's preview


def test_a_change_rebuilds_only_that_group_and_the_directory_pages_showing_it(served):
    server, groups, log = served
    set_tagline(groups[1], "Brand new words")
    report = next_rebuild(log, len(log))
    assert report.changed and not report.problems
    others = {g.name for g in groups} - {groups[1].name}
    touched = {path.split("/", 1)[0] for path in report.changed if "/" in path}
    assert not touched & others, report.changed
    assert all(path.startswith(groups[1].name + "/") or DIRECTORY_OWN.match(path)
               for path in report.changed), report.changed
    assert "Brand new words" in fetch(server, "/")[1]
    assert "Brand new words" in fetch(server, f"/{groups[1].name}/")[1]


def test_a_groups_problems_show_on_its_pages_and_on_the_directory_only(served):
    server, groups, log = served
    yaml = groups[0] / "group.yaml"
    yaml.write_text(yaml.read_text().replace("when: ", "when: every blue moon #", 1))
    report = next_rebuild(log, len(log))
    assert any("is not a rule sitegen understands" in line for line in report.warnings)
    status, own = fetch(server, f"/{groups[0].name}/")
    assert status == 200  # its last good site, under the banner
    assert 'class="sitegen-problems"' in own and "every blue moon" in own
    directory = fetch(server, "/")[1]
    assert 'class="sitegen-problems"' in directory and "every blue moon" in directory
    assert "may be out of date" in directory
    other = fetch(server, f"/{groups[2].name}/")[1]
    assert 'class="sitegen-problems"' not in other
    seen = len(log)
    yaml.write_text(yaml.read_text().replace("every blue moon #", ""))
    next_rebuild(log, seen)
    assert 'class="sitegen-problems"' not in fetch(server, "/")[1]
