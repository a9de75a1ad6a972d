"""Pages made in worker processes are byte for byte the pages one process makes."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from conftest import EXAMPLE_GROUP, NOW, write_files
from sitegen.core.parallel import in_workers, meanwhile_in_workers
from sitegen.core.problems import SiteError
from sitegen.core.write import MARKER
from sitegen.publish.remote import read_content
from sitegen.site.pipeline import build, check


def many_pages(count: int) -> dict[str, str]:
    """A group with `count` pages of varied Markdown (headings, lists, tables, links) and news."""
    files = {"group.yaml": """\
        name: Many Pages Group
        tagline: A group with a lot to say
        area: Riverside, Nottingham
        website: https://many.example.org/
        contact:
          email: hello@many.example.org
        meetings:
          - name: Coffee morning
            when: second Tuesday of the month
            time: 10am-12noon
        """}
    for number in range(count):
        files[f"pages/page-{number:03}.md"] = f"""\
            ---
            title: Page {number} about the *group* & friends
            order: {number % 7}
            ---
            Paragraph {number} with **bold**, _italics_, a [link](https://example.org/{number})
            and an email <hello@many.example.org>.

            ## Section {number % 5}

            - one item
            - two items, with `code`

            | A | B |
            |---|---|
            | {number} | “quoted” — dash |
            """
    for day in range(1, 4):
        files[f"news/2026-11-{day:02}-news-{day}.md"] = f"# News {day}\n\nSomething <b>new</b>.\n"
    return files


def built_both_ways(folder, pdf=False):
    one = check(folder, NOW, pdf=pdf, jobs=1).files
    two = check(folder, NOW, pdf=pdf, jobs=2).files
    return one, two


def test_workers_are_other_processes():
    assert set(in_workers(lambda _: os.getpid(), range(8), jobs=2)) - {os.getpid()}


def test_workers_started_meanwhile_end_with_their_work_not_with_the_with():
    # Kept waiting until the `with` ended, a 10,000-page build's PDF workers held 80 MB.
    with meanwhile_in_workers(lambda _: os.getpid(), range(2), jobs=2) as results:
        workers = set(results()) - {os.getpid()}
        give_up = time.monotonic() + 30  # not a speed test: only a limit for a broken pool
        while workers & running() and time.monotonic() < give_up:
            time.sleep(0.05)

        assert workers and not workers & running()


def running() -> set[int]:
    return {process.pid for process in multiprocessing.active_children()}


def test_the_example_site_is_the_same_from_workers_and_from_one_process():
    one, two = built_both_ways(EXAMPLE_GROUP, pdf=True)

    assert "poster.pdf" in one
    assert list(one) == list(two) and one == two


def test_a_site_of_200_pages_is_the_same_from_workers_and_from_one_process(tmp_path):
    folder = write_files(tmp_path / "group", many_pages(200))

    one, two = built_both_ways(folder)

    assert sum(name.endswith(".html") for name in one) > 200
    assert list(one) == list(two) and one == two


def test_a_site_built_to_disk_by_workers_is_the_site_one_process_makes_in_memory(tmp_path):
    folder = write_files(tmp_path / "group", many_pages(200))
    in_memory = check(folder, NOW, pdf=False, jobs=1).files

    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}"
        built = build(folder, out, NOW, pdf=False, jobs=jobs).files

        # Pages are named by their file in the output folder (publishing reads them there).
        assert built["page-007/index.html"] == out.resolve() / "page-007" / "index.html"
        assert list(built) == list(in_memory)
        on_disk = {path.relative_to(out).as_posix(): path.read_bytes()
                   for path in out.rglob("*") if path.is_file() and path.name != MARKER}
        assert on_disk == {name: read_content(content) for name, content in in_memory.items()}


def test_a_mistake_in_a_template_is_reported_from_a_worker_as_from_one_process(tmp_path):
    files = many_pages(3)
    files["templates/page.html"] = "<p>{{ page.no_such_thing.at_all }}</p>\n"
    folder = write_files(tmp_path / "group", files)

    messages = []
    for jobs in (1, 2):
        with pytest.raises(SiteError) as raised:
            check(folder, NOW, pdf=False, jobs=jobs)
        messages.append([problem.format() for problem in raised.value.problems])

    assert messages[0] == messages[1] and "does not exist" in messages[0][0]
