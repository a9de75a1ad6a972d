"""sitegen's folder in the user's cache: work kept between builds that is safe to lose.

Everything kept here is found again by a key made from what it was made from,
so a stale entry is never used, only ignored; deleting the folder at any time
only makes the next build slower. When the folder cannot be written (a
read-only home, a full disk), builds go on without it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from sitegen import __version__


def user_cache_folder(name: str) -> Path:
    """sitegen's folder `name` in the user's cache (XDG_CACHE_HOME on Linux)."""
    return _cache_root() / "sitegen" / name


def _cache_root() -> Path:
    configured = os.environ.get("XDG_CACHE_HOME")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"])
    return Path.home() / ".cache"


def read_cached(path: Path) -> bytes | None:
    """The bytes kept at `path`, or None when there are none (or they cannot be read)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def keep_cached(path: Path, content: bytes) -> None:
    """Keep `content` at `path`, whole or not at all; say nothing if that is impossible."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-")
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)  # another build reading it sees the old file or the new
    except OSError:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def remembered(kind: str, parts: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
    """What make() gives, kept in the folder `kind` of the cache under a hash of `parts`.

    The hash also covers sitegen's own code, so an entry made by other code is
    never used. `parts` must name everything make() depends on.
    """
    path = cache_entry(kind, parts)
    found = read_cached(path)
    if found is None:
        found = make()
        keep_cached(path, found)
    return found


def cache_entry(kind: str, parts: tuple[str, ...]) -> Path:
    """The file in the cache's folder `kind` for what is made from `parts` by this code."""
    digest = hashlib.sha256("\0".join((code_fingerprint(), *parts)).encode(
        "utf-8", "surrogateescape")).hexdigest()
    return user_cache_folder(kind) / digest[:2] / digest


def file_stamp(path: Path) -> str:
    """A file's name, size and time, for a key that must change when the file does."""
    try:
        stat = path.stat()
    except OSError:
        return f"{path} missing"
    return f"{path} {stat.st_size} {stat.st_mtime_ns}"


# Left out of a group folder's hash: its own output (by default) and Python's leftovers.
_NOT_SOURCES = {"_site", "__pycache__"}


def folder_digest(folder: Path, leave_out: Path | None = None) -> str:
    """A hash of a group folder's files, their names and contents: hidden files, the
    default _site output and `leave_out` (another output folder inside it) left out."""
    return files_digest(source_files(folder, leave_out))


SourceFile = tuple[str, str, os.stat_result]  # name from the group folder, path, stat


def source_files(folder: Path, leave_out: Path | None = None) -> list[SourceFile]:
    """A group folder's files as (name from the folder, path, stat), by name, leaving out
    what folder_digest does. Found with os.scandir: os.walk and a Path for each file
    took longer than reading and hashing a small group's files."""
    if leave_out:
        folder, leave_out = folder.resolve(), leave_out.resolve()
    found, waiting = [], [("", str(folder))]
    while waiting:
        prefix, here = waiting.pop()
        for entry in _entries(here):
            if entry.name.startswith(".") or (not prefix and entry.name in _NOT_SOURCES):
                continue
            if entry.is_dir():  # a linked folder is left out, as os.walk leaves it
                if not entry.is_symlink() and entry.path != str(leave_out):
                    waiting.append((prefix + entry.name + "/", entry.path))
            else:
                with contextlib.suppress(OSError):  # a link to nothing has nothing to read
                    found.append((prefix + entry.name, entry.path, entry.stat()))
    return sorted(found, key=lambda file: file[0])


def _entries(folder: str) -> list[os.DirEntry]:
    """The folder's entries; none for a folder that is not there or cannot be read, as
    os.walk has it (the build then says what is wrong with the group folder)."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def files_digest(files: list[SourceFile]) -> str:
    """A hash of the files' names and contents, the files as source_files gives them."""
    digest = hashlib.sha256()
    for name, path, _ in files:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as file:
            digest.update(hashlib.sha256(file.read()).digest())
    return digest.hexdigest()


# Libraries whose work ends up in a site (by their import names): a new version may change it.
_LIBRARIES = ("markdown", "nh3", "jinja2", "yaml", "bs4", "dateutil", "icalendar", "babel",
              "PIL", "segno", "weasyprint", "pydyf", "fontTools")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of everything besides the group's own files that a build's output depends on.

    sitegen's version and its code, catalogues and themes, Python's version and
    the libraries': each file's size and time (a file changed in a checkout
    counts; reading them all would cost more than a quiet rebuild), and for a
    library its first file's, which a new version replaces. No library is imported.
    """
    from sitegen.core.themes import themes_root

    package = Path(__file__).resolve().parent.parent  # sitegen/, every subpackage
    files = [path for base in (package, themes_root()) for path in sorted(base.rglob("*"))
             if "__pycache__" not in path.parts and path.is_file()]
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        files.append(Path(spec.origin) if spec and spec.origin else Path(name))
    stamps = "\n".join([__version__, sys.version, *map(file_stamp, files)])
    return hashlib.sha256(stamps.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def forget_old_entries(days: int = 30) -> None:
    """Delete entries made more than `days` ago (at most once a day), so that the folder
    does not grow for ever with every version of every page; those still needed are made
    again by the next build."""
    root = user_cache_folder("")
    stamp = root / ".last-cleaned"
    now = time.time()
    try:
        if now - stamp.stat().st_mtime < 24 * 3600:
            return
    except OSError:
        pass
    keep_cached(stamp, b"")
    for path in root.rglob("*"):
        try:
            if path.is_file() and now - path.stat().st_mtime > days * 24 * 3600:
                path.unlink()
        except OSError:
            pass
