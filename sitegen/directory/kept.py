"""The directory's own files from earlier builds, each kept under a hash of what it is made of.

Rendering the directory's pages (about 600 at 2,000 groups) took most of a
rebuild in which one group changed, or none. Each file is kept in the
directory's cache under a hash of everything it is made from (site.py says
what that is for each); a build makes only the files whose hash is new, such
as the few pages showing a group that changed, and takes the others as they
are. A kept file is never changed, only deleted once no build uses it, so the
output can hard-link it (write_site's `link_from`).
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Callable, Iterable

from sitegen.core.cache import code_fingerprint, keep_cached


class KeptFiles:
    """The files kept in one folder of the directory's cache, and those this build used."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

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

    def forget_unused(self) -> None:
        """Delete the kept files this build did not use: no later build would."""
        for path in self.folder.iterdir() if self.folder.is_dir() else []:
            if path.name not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()
