"""The directory's own files from earlier builds, each kept under a hash of what it is made of.

Rendering the directory's pages (about 600 at 2,000 groups) took most of a
rebuild in which one group changed, or none. Each file is kept in the
directory's cache under a hash of everything it is made from (site.py says
what that is for each); a build makes only the files whose hash is new, such
as the few pages showing a group that changed, and takes the others as they
are. A kept file is never changed, only deleted once no build uses it, so the
output can hard-link it (write_site's `link_from`).

The combined files (every group's meetings in one meetings.json, say) are
made again whenever any group changes; each group's part of them is kept as
text in one file, PARTS, so that only the changed group's part is written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable

from sitegen.core.cache import code_fingerprint, keep_cached

PARTS = "parts.json"


class KeptFiles:
    """The files kept in one folder of the directory's cache, and those this build used."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()
        self._parts: dict[str, str] | None = None  # read only when a combined file is made
        self._parts_used: dict[str, str] = {}

    def get(self, parts: Iterable[str], make: Callable[[], bytes]) -> bytes | Path:
        """The kept file made from `parts` (which must name all that make() depends on),
        else what make() gives, kept for the next build. sitegen's code and themes are
        always part of the hash."""
        digest = hashlib.sha256("\0".join((code_fingerprint(), *parts)).encode(
            "utf-8", "surrogateescape")).hexdigest()
        path = self.folder / digest
        self.used.add(digest)
        if path.is_file():
            return path
        content = make()
        keep_cached(path, content)
        # The same file every time once kept: the preview sees an unchanged path as unchanged.
        return path if path.is_file() else content

    def part(self, key: str, make: Callable[[], str]) -> str:
        """The text kept under `key` (which must name all that make() depends on), else
        what make() gives, kept for the next build."""
        if self._parts is None:
            self._parts = _read_parts(self.folder / PARTS)
        text = self._parts[key] if key in self._parts else make()
        self._parts_used[key] = text
        return text

    def finish(self) -> None:
        """Keep the parts this build used for the next, and delete the kept files it did
        not use: no later build would."""
        if self._parts is not None:  # else no combined file was made: the parts still hold
            keep_cached(self.folder / PARTS, json.dumps(
                {"code": code_fingerprint(), "parts": self._parts_used}).encode())
        for path in self.folder.iterdir() if self.folder.is_dir() else []:
            if path.name not in self.used and path.name != PARTS:
                with contextlib.suppress(OSError):
                    path.unlink()


def _read_parts(path: Path) -> dict[str, str]:
    """The parts kept by the last build, unless sitegen's code has changed since."""
    try:
        kept = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return kept["parts"] if kept.get("code") == code_fingerprint() else {}
