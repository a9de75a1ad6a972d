"""Build one group of a directory, in a worker process, through a cache of finished builds.

Each group is built exactly as `sitegen build` builds it alone (pipeline.check),
so nothing of one group can reach another's pages. The finished files go into
the cache beside the output folder (never inside a group folder),
`.sitegen-cache/OUT-NAME/`: each file once, named by the hash of its bytes, in
`files/`, and the group's entry, `groups/SLUG.json`, is the summary the
directory pages are made from, naming each of its files' hash. The next build
reuses that entry while its key is the same: a hash of the group folder's
files, sitegen's code and version, and the build date.

Files named by their bytes, in one folder: every group's style.css, scripts and
other theme files are one file, and no folders are made for a group's pages.
Creating files and folders was the largest part of a group's build (on a busy
disk, more than rendering its pages).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from icalendar import vText
from icalendar.parser import Contentline

from sitegen.calendar.schedule import Schedule, next_dates
from sitegen.core.i18n import Wording
from sitegen.site.pipeline import BuildResult, check
from sitegen.site.printing import says_pdfs_are_off
from sitegen.core.cache import code_fingerprint, files_digest, keep_cached, source_files
from sitegen.core.problems import Problem, SiteError
from sitegen.listings.meeting_guide import dump_items

FILES_FOLDER = "files"  # in the cache: every group's files, named by the hash of their bytes
ENTRIES_FOLDER = "groups"  # in the cache: SLUG.json, each group's summary (its entry)
NEXT_DATES = 3
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SETTLED_NS = 2_000_000_000  # FAT keeps times to 2 s; other file systems to a few ms or less
STATS_TELL_CHANGES = os.name != "nt"  # a change time that only the system sets


@dataclass(frozen=True)
class GroupTask:
    """What a worker needs to build one group (all picklable)."""

    folder: Path
    slug: str
    cache: Path  # the directory's cache: the group's entry and files go in it
    key: str
    language: str  # the directory's: the cards' dates and rules are written in it
    now: datetime | None
    pdf: bool
    previous: Path | None = None  # the group's folder in the last output: its feed and PDFs

    @property
    def entry(self) -> Path:
        return entry_path(self.cache, self.slug)


def group_key(sources: str, build_date: date, language: str, pdf: bool) -> str:
    """Hash everything a group's build depends on: its files (`sources`, their hash from
    SourceHashes), sitegen's code, the build date, the cards' language and the PDFs."""
    return hashlib.sha256(f"{code_fingerprint()}\0{build_date}\0{language}\0{pdf}\0"
                          f"{sources}".encode()).hexdigest()


class SourceHashes:
    """Each group folder's files hashed, remembered between builds with the files' stats.

    Reading and hashing every file of 2,000 groups was a good part of a rebuild in
    which one group changed, and far more when the files were not in the disk's
    cache. A folder whose files have the same names, sizes, modification and change
    times and inode numbers as at the last build keeps the hash found then. The
    change time (ctime) is set by the system at every write and no program can set
    it back, so a file edited to the same size with its modification time put back
    is still read again. Stats taken less than SETTLED_NS after a file changed are
    not kept: a clock with coarse steps could give a second change the same times.
    Where there is no change time (Windows gives the creation time), every folder
    is read.
    """

    def __init__(self, path: Path):
        self.path = path  # where the stats and hashes are kept, in the directory's cache
        try:
            self.known = json.loads(path.read_bytes()) if STATS_TELL_CHANGES else {}
        except (OSError, ValueError):
            self.known = {}
        self.found: dict[str, list[str]] = {}  # folder -> [stamp, hash], for the next build

    def hash(self, folder: Path) -> str:
        """The hash of the folder's files and their names."""
        started = time.time_ns()
        files = source_files(folder)
        stamp = hashlib.sha256(repr([(name, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns,
                                      stat.st_ino) for name, _, stat in files]).encode(
            "utf-8", "surrogateescape")).hexdigest()
        known = self.known.get(str(folder))
        sources = known[1] if known and known[0] == stamp else files_digest(files)
        newest = max((max(stat.st_mtime_ns, stat.st_ctime_ns) for _, _, stat in files), default=0)
        if newest < started - SETTLED_NS:
            self.found[str(folder)] = [stamp, sources]
        return sources

    def save(self) -> None:
        """Keep the settled folders' stats and hashes for the next build."""
        if STATS_TELL_CHANGES:
            keep_cached(self.path, json.dumps(self.found).encode("utf-8", "surrogateescape"))


def entry_path(cache: Path, slug: str) -> Path:
    """Where a group's entry (its last good build's summary) is kept in the cache."""
    return cache / ENTRIES_FOLDER / f"{slug}.json"


def stored_file(cache: Path, digest: str) -> Path:
    """A group's file in the cache, by the hash its summary names it by."""
    return cache / FILES_FOLDER / digest


def cached_summary(entry: Path, key: str | None = None) -> dict | None:
    """The summary of a group's last good build (None if none, or if made with another key)."""
    try:
        summary = _with_digest(entry.read_bytes())
    except (OSError, ValueError):
        return None
    return summary if key is None or summary.get("key") == key else None


def _with_digest(text: bytes) -> dict:
    """A summary from its JSON, with the hash of that JSON as its `digest`: the directory's
    pages showing the group are made again only when it changes."""
    return {**json.loads(text), "digest": hashlib.sha256(text).hexdigest()}


def prune_cache(cache: Path, slugs: set[str], summaries: list[dict]) -> None:
    """Forget the builds of groups that are no longer in the directory, and every file no
    summary in `summaries` (each group's newest, and failed groups' last good ones) names."""
    entries = cache / ENTRIES_FOLDER
    for entry in entries.iterdir() if entries.is_dir() else []:
        if entry.suffix == ".json" and entry.stem not in slugs:
            entry.unlink(missing_ok=True)
    named = {digest for summary in summaries for digest in summary.get("files", {}).values()}
    with contextlib.suppress(OSError), os.scandir(cache / FILES_FOLDER) as stored:
        for file in stored:
            if file.name not in named:
                with contextlib.suppress(OSError):
                    os.unlink(file.path)


def build_group(task: GroupTask) -> dict:
    """Build one group into the cache; return its summary, or its problems."""
    try:
        result = check(task.folder, task.now, previous_site=task.previous, pdf=task.pdf)
        summary = summarise(result, task)
        summary["files"] = store_files(result.files, task.cache / FILES_FOLDER)
        text = json.dumps(summary).encode()
        keep_entry(task.entry, text)
        return _with_digest(text)
    except SiteError as error:
        return {"slug": task.slug, "folder": str(task.folder),
                "errors": [_problem_fields(p) for p in error.problems]}
    except Exception as error:  # a bug in sitegen: this group fails, the others still build
        first = traceback.format_exception_only(type(error), error)[-1].strip()
        return {"slug": task.slug, "folder": str(task.folder), "errors": [_problem_fields(
            Problem(task.folder, None, None, f"sitegen failed on this group ({first}). "
                    "This is a bug in sitegen; please report it with this message."))]}


def store_files(files: dict[str, bytes | Path], store: Path) -> dict[str, str]:
    """Put each file into the store under the hash of its bytes, unless it is there already;
    return the hash of each, by its path in the site."""
    store.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for relative, content in sorted(files.items()):
        data = content.read_bytes() if isinstance(content, Path) else content
        digest = hashlib.sha256(data).hexdigest()
        if not (store / digest).is_file():
            _write_whole(store / digest, data)
        hashes[relative] = digest
    return hashes


def keep_entry(entry: Path, text: bytes) -> None:
    """Replace a group's entry with `text`, whole: its files are in the store already."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    _write_whole(entry, text)


def _write_whole(path: Path, data: bytes) -> None:
    """Write a file under a temporary name and rename it: another worker storing the same
    file, or a build reading it, sees the whole file or none."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def summarise(result: BuildResult, task: GroupTask) -> dict:
    """What the directory shows of a group: its facts, meetings and next dates."""
    site, w = result.site, Wording(task.language)
    config = site.config
    contact = config.contact
    feed = result.files.get("meetings.ics")
    listed, services = result.files["meetings.json"], result.files["openreferral/services.json"]
    return {
        "key": task.key, "slug": task.slug, "folder": str(task.folder),
        "name": config.name, "tagline": config.tagline, "topics": config.topics,
        "area": config.area, "language": config.language, "direction": site.direction,
        "website": config.website,
        "contact": {"phone": contact.phone, "text": contact.text, "email": contact.email,
                    "note": contact.note},
        "days": meeting_days(site.schedules),
        "meetings": [_meeting(s, w) for s in site.schedules],
        "next": [_next(s, o, w) for s, o in next_dates(site.schedules, NEXT_DATES)],
        "feed": _feed_parts(feed, task.slug, config.name) if feed else {},
        "listed": json.loads(listed),  # Meeting Guide's array (sitegen/listings/)
        "services": dump_items(json.loads(services)),  # Open Referral's, as text to join
        "warnings": [_problem_fields(p) for p in result.warnings
                     if task.pdf or not says_pdfs_are_off(p)],
    }


def meeting_days(schedules: list[Schedule]) -> list[str]:
    """The weekdays a group meets on (RRULE codes), from its rules, else from its dates."""
    meetings = [s for s in schedules if s.meeting] or schedules
    days = set()
    for schedule in meetings:
        rule = dict(p.split("=", 1) for p in schedule.meeting.when.rrule.split(";") if "=" in p) \
            if schedule.meeting else {}
        by_day = [entry[-2:] for entry in rule.get("BYDAY", "").split(",") if entry]
        days.update(by_day or (_DAYS[o.day.weekday()] for o in schedule.upcoming if o.happening))
    return [day for day in _DAYS if day in days]


def _meeting(schedule: Schedule, w: Wording) -> dict:
    item = schedule.meeting or schedule.event
    return {"name": schedule.name,
            "when": w.rule(schedule.meeting.when) if schedule.meeting else
            w.long_date(schedule.event.date),
            "time": w.time_range(item.time) if item.time else None,
            "where": _where(schedule, w),
            "address": schedule.venue.address if schedule.venue else None,
            "online": schedule.online}


def _next(schedule: Schedule, occurrence, w: Wording) -> dict:
    return {"name": schedule.name, "day": occurrence.day.isoformat(),
            "date": w.long_date(occurrence.day),
            "time": w.time(occurrence.start.time()) if occurrence.start else None,
            "where": _where(schedule, w), "over_at": occurrence.over_at.isoformat()}


def _where(schedule: Schedule, w: Wording) -> str | None:
    if schedule.venue:
        return schedule.venue.name
    return schedule.place or (w._("Online") if schedule.online else None)


def _feed_parts(feed: bytes, slug: str, name: str) -> dict:
    """The group's VEVENTs with UIDs made unique across groups, and its time zones.

    Worked on as text: parsing the feed with icalendar only to print it again
    took longer than the rest of the summary. Each part is a whole component,
    unfolded, changed on its UID and SUMMARY lines, and folded again.
    """
    text = feed.decode("utf-8")
    events = [_relabelled(block, slug, name) for block in _components(text, "VEVENT")]
    zones = {re.search(r"^TZID:([^\r\n]*)", block, re.M).group(1): block
             for block in (_unfolded(z) for z in _components(text, "VTIMEZONE"))}
    return {"events": events, "timezones": {tzid: _folded(block) for tzid, block in zones.items()}}


def _components(text: str, kind: str) -> list[str]:
    return re.findall(rf"^BEGIN:{kind}\r\n.*?^END:{kind}\r\n", text, re.S | re.M)


def _relabelled(block: str, slug: str, name: str) -> str:
    lines = []
    for line in _unfolded(block).split("\r\n"):
        if line.startswith("UID:"):  # slugs have no dots: unique in the directory
            line = f"UID:{slug}.{line[4:]}"
        elif re.match(r"SUMMARY[:;]", line):
            line += " – " + vText(name).to_ical().decode("utf-8")
        lines.append(line)
    return _folded("\r\n".join(lines))


def _unfolded(block: str) -> str:
    return re.sub(r"\r\n[ \t]", "", block)


def _folded(block: str) -> str:
    return "\r\n".join(Contentline(line).to_ical().decode("utf-8") if line else line
                       for line in block.split("\r\n"))


def _problem_fields(problem: Problem) -> dict:
    fields = asdict(problem)
    fields["file"] = str(problem.file)
    return fields


def problem_from(fields: dict) -> Problem:
    """A Problem back from the plain fields a worker or the cache sends."""
    return Problem(**{**fields, "file": Path(fields["file"])})

