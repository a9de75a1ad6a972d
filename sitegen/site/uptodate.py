"""Whether a build would write exactly what the last one wrote, so that it can be skipped.

A finished build is recorded in the user's cache, by output folder: a key made
of everything its output depends on (the group folder's files, sitegen's code,
themes and libraries, the options, the installed fonts), the day it was made
for in the group's time zone (the site shows the next dates from that day),
the files it wrote with their sizes and times, and what it said. The next
`sitegen build` of the same folder into the same output, with the same key on
the same day and every file still as written, says so and stops instead of
building again: a volunteer who runs it twice, or a script that runs it every
hour, waits a fraction of a second, and sees the same warnings. A build that
could not make a PDF it was asked for (a font or library missing) is not
recorded: the volunteer told to install it and build again must get a real build.
Anything different, or any doubt, and the site is built as usual.

Nothing here imports the pipeline: deciding must cost far less than building.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sitegen.core.cache import code_fingerprint, folder_digest, keep_cached, read_cached, \
    user_cache_folder
from sitegen.core.times import build_time
from sitegen.printed.fonts import font_folders_stamp


@dataclass
class LastBuild:
    """What a finished build made and said."""

    key: str
    zone: str  # the group's time zone
    day: str  # the build's date there, ISO
    pages: int
    files: dict[str, list[int]]  # output path -> [size, time in ns], as written
    warnings: str  # the warnings, as the build printed them
    reminders: str  # this week's reminders, as the build printed them


def build_key(folder: Path, out: Path, pdf: bool) -> str:
    """Hash everything a build of `folder` into `out` depends on, but the date."""
    # The current folder too: the warnings name files relative to it.
    parts = (code_fingerprint(), str(folder.resolve()), str(out.resolve()), f"pdf={pdf}",
             os.getcwd(), os.environ.get("SOURCE_DATE_EPOCH", ""), font_folders_stamp(),
             folder_digest(folder, leave_out=out.resolve()))
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def unchanged_build(key: str, out: Path) -> LastBuild | None:
    """The last build into `out`, if it had this key, was for today and its files are intact."""
    last = _read_record(out)
    if not last or last.key != key or build_time(last.zone).date().isoformat() != last.day:
        return None
    return last if _written_files(out) == last.files else None


def remember_build(key: str, out: Path, zone: str, day: str, pages: int, warnings: str,
                   reminders: str) -> None:
    """Record a build that has just finished (key: made before it began, so that a file
    changed while it ran makes the next build build again)."""
    last = LastBuild(key, zone, day, pages, _written_files(out), warnings, reminders)
    keep_cached(_record_path(out), json.dumps(asdict(last)).encode("utf-8"))


def _read_record(out: Path) -> LastBuild | None:
    try:
        return LastBuild(**json.loads(read_cached(_record_path(out)) or b""))
    except (ValueError, TypeError):  # none, or written by another version
        return None


def _record_path(out: Path) -> Path:
    name = hashlib.sha256(str(out.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return user_cache_folder("builds") / name


def _written_files(out: Path) -> dict[str, list[int]]:
    """Every file in the output folder, with its size and time (a file that vanishes while
    this looks is left out: the folder then differs from the record, as it should)."""
    found, start = {}, len(str(out)) + 1
    for root, _, files in os.walk(out):
        for name in files:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                stat = os.stat(path)
                found[path[start:]] = [stat.st_size, stat.st_mtime_ns]
    return found
