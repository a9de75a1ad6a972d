"""sitegen's folder in the user's cache: work kept between builds that is safe to lose.

Everything kept here is found again by a key made from what it was made from,
so a stale entry is never used, only ignored; deleting the folder at any time
only makes the next build slower. When the folder cannot be written (a
read-only home, a full disk), builds go on without it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


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
