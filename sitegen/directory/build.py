"""Many groups from one folder: each group's site under /<group>/, and a directory at the root.

    read directory.yaml ──▶ build every group (all cores, through the cache)
      ──▶ directory pages, search index, combined feeds, booklet ──▶ write, all at once

A group with problems never stops the others: its problems are reported, and
the build still writes the rest. When it built well before, its last good site
stays and so does its card, marked as possibly out of date; a group that never
built is listed as "not shown".
"""

from __future__ import annotations

import contextlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from sitegen.directory.booklet import BOOKLET, make_booklet
from sitegen.directory.config import DirectoryConfig, GroupFolder, read_directory
from sitegen.directory.groups import (GroupTask, SourceHashes, build_group, cached_summary,
                                      group_key, problem_from, prune_cache, stored_file)
from sitegen.directory.kept import KeptFiles
from sitegen.directory.site import Directory, make_directory, render_directory
from sitegen.core.load import load_group
from sitegen.core.times import build_time
from sitegen.core.problems import Problem, SiteError
from sitegen.site.render import Output, Outputs, make_environment
from sitegen.site.validate import validate_group
from sitegen.core.cache import keep_cached
from sitegen.core.write import check_output_folder, write_site

CACHE_FOLDER = ".sitegen-cache"
SOURCES_FILE = "sources.json"  # in the cache: each group folder's file stats and hash
WRITTEN_FILE = "written.json"  # in the cache: the summary each group's output folder was made from
KEPT_FOLDER = "directory"  # in the cache: the directory's own files (kept.py)


@dataclass
class DirectoryResult:
    """What a directory build did: the groups on the site, those not shown, and the files."""

    directory: Directory
    failed: list[dict]  # {"slug", "folder", "errors"} for each group with problems
    rebuilt: list[str]  # slugs of the groups built this time; the others came from the cache
    files: Output = field(default_factory=dict)

    @property
    def kept(self) -> list[str]:
        """The failed groups whose last good site and card stay, marked as out of date."""
        return [card["slug"] for card in self.directory.cards if card.get("stale")]

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every group that could not be built."""
        return [problem_from(p) for group in self.failed for p in group["errors"]]

    def problems_by_group(self) -> dict[str, list[Problem]]:
        """The problems of each group that could not be built, by its slug."""
        return {group["slug"]: [problem_from(p) for p in group["errors"]]
                for group in self.failed}

    @property
    def warnings(self) -> list[Problem]:
        """The directory's warnings, and those of the groups built this time."""
        fresh = [card for card in self.directory.cards
                 if card["slug"] in self.rebuilt and not card.get("stale")]
        return self.directory.warnings + [problem_from(p) for card in fresh
                                          for p in card["warnings"]]


def build_directory(folder: Path, out: Path | None = None, now: datetime | None = None,
                    jobs: int | None = None, pdf: bool = True,
                    progress: Callable[[str], None] | None = None) -> DirectoryResult:
    """Build every group of the directory folder, and the directory, into `out`."""
    out = (out or folder / "_site").resolve()
    _, groups = read_directory(folder)
    check_directory_output(out, folder, groups)
    cache = cache_folder(out)
    result = assemble_directory(folder, cache, now, jobs, pdf, progress, previous_site=out)
    cards = result.directory.cards
    unchanged = unchanged_groups(out, cache, cards)
    (cache / WRITTEN_FILE).unlink(missing_ok=True)  # until the new output is in place
    write_site(result.files, out, link_from=cache, unchanged=unchanged)  # linked, not copied
    keep_cached(cache / WRITTEN_FILE, json.dumps({c["slug"]: c["digest"] for c in cards}).encode())
    return result


def unchanged_groups(out: Path, cache: Path, cards: list[dict]) -> list[str]:
    """The groups whose folder in the output is their summary's build already: the last
    build wrote it from the same summary (it names every file by its bytes' hash), and its
    first file is still a hard link to that file in the cache."""
    try:
        written = json.loads((cache / WRITTEN_FILE).read_bytes())
    except (OSError, ValueError):
        return []
    same = []
    for card in cards:
        first = next(iter(sorted(card["files"].items())), None)
        with contextlib.suppress(OSError):
            if first and written.get(card["slug"]) == card["digest"] and \
                    (out / card["slug"] / first[0]).samefile(stored_file(cache, first[1])):
                same.append(card["slug"])
    return same


def assemble_directory(folder: Path, cache: Path, now: datetime | None = None,
                       jobs: int | None = None, pdf: bool = True,
                       progress: Callable[[str], None] | None = None,
                       previous_site: Path | None = None) -> DirectoryResult:
    """Build the groups into the cache and render the directory, writing no output: the
    result's files are bytes, or paths into the cache (the preview serves them as they are).
    `previous_site` is the last output, if any: its booklet, and each group's feed and PDFs
    (to number changed meetings, and to keep PDFs whose content did not change)."""
    config, groups = read_directory(folder)
    moment = now or build_time(config.timezone)
    tasks = group_tasks(groups, cache, config, now, moment, pdf, previous_site)
    summaries = build_groups(tasks, jobs, progress or (lambda message: None))
    result = directory_result(config, folder, summaries, tasks, moment)
    kept = KeptFiles(cache / KEPT_FOLDER)
    previous_booklet = previous_site / BOOKLET if previous_site else None
    result.files = directory_files(result, cache, kept, previous_booklet, pdf)
    kept.finish()
    prune_cache(cache, {group.slug for group in groups}, result.directory.cards)
    return result


def check_directory_output(out: Path, folder: Path, groups: list[GroupFolder]) -> None:
    """Refuse an output folder that a build would destroy, or that is inside a group."""
    check_output_folder(out, folder)
    for group in groups:
        if out.is_relative_to(group.folder.resolve()):
            raise SiteError([Problem(out, None, None, f"is inside the group folder "
                                     f"{group.folder.name}, which would then change with every "
                                     "build. Choose a folder outside the groups, like "
                                     f"{folder / '_site'}.")])


def cache_folder(out: Path) -> Path:
    """Where finished group builds are kept: next to the output, never in a group folder."""
    return out.parent / CACHE_FOLDER / out.name


def group_tasks(groups: list[GroupFolder], cache: Path, config: DirectoryConfig,
                now: datetime | None, moment: datetime, pdf: bool,
                previous_site: Path | None) -> list[GroupTask]:
    build_date = moment.astimezone(ZoneInfo(config.timezone)).date()
    sources = SourceHashes(cache / SOURCES_FILE)
    tasks = [GroupTask(group.folder, group.slug, cache,
                       group_key(sources.hash(group.folder), build_date, config.language, pdf),
                       config.language, now, pdf,
                       previous_site / group.slug if previous_site else None)
             for group in groups]
    sources.save()
    return tasks


def build_groups(tasks: list[GroupTask], jobs: int | None,
                 progress: Callable[[str], None]) -> list[dict]:
    """Each group's summary (or problems): from the cache, else built on every core."""
    cached = {task.slug: cached_summary(task.entry, task.key) for task in tasks}
    todo = [task for task in tasks if cached[task.slug] is None]
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    progress(f"{len(tasks) - len(todo)} of {len(tasks)} groups are unchanged since the last "
             f"build; building {len(todo)}" + (f" with {workers} processes." if workers > 1 else "."))
    if workers <= 1:
        built = [build_group(task) for task in todo]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            built = list(pool.map(build_group, todo))
    for summary in built:
        summary["rebuilt"] = True
    fresh = {summary["slug"]: summary for summary in built}
    return [cached[task.slug] or fresh[task.slug] for task in tasks]


def directory_result(config: DirectoryConfig, folder: Path, summaries: list[dict],
                     tasks: list[GroupTask], moment: datetime) -> DirectoryResult:
    """The cards of the good groups, and of the failed ones from their last good build."""
    entries = {task.slug: task.entry for task in tasks}
    good = [s for s in summaries if "errors" not in s]
    failed = [s for s in summaries if "errors" in s]
    last_good = {s["slug"]: cached_summary(entries[s["slug"]]) for s in failed}
    stale = [stale_card(last_good[s["slug"]], moment) for s in failed if last_good[s["slug"]]]
    never_built = [Path(s["folder"]).name for s in failed if not last_good[s["slug"]]]
    directory = make_directory(config, folder.resolve(), good + stale, never_built, moment)
    return DirectoryResult(directory, failed, [s["slug"] for s in summaries if s.get("rebuilt")])


def stale_card(summary: dict, moment: datetime) -> dict:
    """A failed group's card from its last good build: marked, and without passed dates."""
    upcoming = [date for date in summary["next"]
                if datetime.fromisoformat(date["over_at"]) > moment]
    return {**summary, "stale": True, "next": upcoming,
            "digest": " ".join([summary["digest"], "stale", *(d["over_at"] for d in upcoming)])}


def directory_files(result: DirectoryResult, cache: Path, kept: KeptFiles,
                    previous_booklet: Path | None, pdf: bool) -> Output:
    """The directory's own files, then each group's from the cache."""
    directory = result.directory
    outputs = Outputs()
    if directory.config.booklet and pdf and directory.cards:
        previous = previous_booklet if previous_booklet and previous_booklet.is_file() else None
        booklet = make_booklet(directory, make_environment(directory),
                               previous.read_bytes() if previous else None)
        if booklet:
            outputs.claim(BOOKLET, booklet, "the directory's booklet")
            directory.booklet = True
    render_directory(directory, outputs, kept)
    for card in directory.cards:  # a stale card's files are its last good build's
        _claim_group(outputs, card["slug"], cache, card["files"])
    return outputs.files


def _claim_group(outputs: Outputs, slug: str, cache: Path, files: dict[str, str]) -> None:
    for relative, digest in files.items():
        outputs.claim(f"{slug}/{relative}", stored_file(cache, digest), f"the group folder {slug}")


def check_directory(folder: Path) -> list[tuple[GroupFolder, list[Problem]]]:
    """Check each group's group.yaml and pages, writing nothing: its problems, or warnings."""
    _, groups = read_directory(folder)
    return [(group, _check_group(group.folder)) for group in groups]


def _check_group(folder: Path) -> list[Problem]:
    try:
        return validate_group(load_group(folder)).warnings
    except SiteError as error:
        return error.problems
