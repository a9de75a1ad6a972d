"""Write the site to disk all at once: a failed build never leaves a half-written site."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Collection
from pathlib import Path

from sitegen.core.problems import Problem, SiteError

# Left in every folder sitegen writes, so a rebuild knows it may replace the folder.
MARKER = ".sitegen-output"


def check_output_folder(out: Path, group_folder: Path) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    out, group_folder = out.resolve(), group_folder.resolve()
    dangerous = {Path("/"), Path.home().resolve(), group_folder, *group_folder.parents}
    if out in dangerous:
        raise SiteError([Problem(out, None, None, "cannot be the output folder: building "
                                 "replaces it completely. Choose an empty folder, like "
                                 f"{group_folder / '_site'}.")])
    if out.exists() and not out.is_dir():
        raise SiteError([Problem(out, None, None, "is a file, not a folder. Choose another "
                                 "output folder.")])
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError([Problem(out, None, None, "already holds files that sitegen did not "
                                 "write, so it will not replace them. Choose an empty folder, "
                                 "or empty this one first.")])


def write_site(files: dict[str, bytes | Path], out: Path, link_from: Path | None = None,
               unchanged: Collection[str] = ()) -> None:
    """Write every file into a sibling temporary folder, then swap it in for `out`.

    Files given as paths inside `link_from` are hard-linked where the disk allows
    it, not copied: only for a folder whose files are replaced, never changed in
    place (a directory's cache of finished group builds), as the two are then one file.
    `unchanged` names folders at the top of `out` that already hold what `files`
    has under them: they are moved into the new site whole, not written again
    (moved back if writing fails), so a directory's unchanged groups cost one
    rename each instead of a link and a delete for every file.
    """
    with NewSite(out) as site:
        site.finish(files, link_from, unchanged)


class NewSite:
    """The next site, written into a temporary folder beside `out`, then swapped in whole.

    Files may be written into it early (write_now), as a big site's pages are
    rendered, so that they are never all held in memory at once. If the build
    fails before finish() swaps the folder in, the folder is removed with
    whatever it holds, and `out` is left as it was.
    """

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.folder: Path | None = None

    def __enter__(self) -> NewSite:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-new-", dir=self.out.parent))
        return self

    def __exit__(self, *failure) -> None:
        if self.folder:  # not swapped in: the build failed
            shutil.rmtree(self.folder, ignore_errors=True)

    def write_now(self, relative: str, content: bytes) -> Path:
        """Write one file of the new site now; return the path it has in `out` once finish()
        has swapped the site in (give it to finish() as that file's content).

        Safe from worker processes: each writes its own files.
        """
        _write_file(self.folder / relative, content, link=False)
        return self.out / relative

    def finish(self, files: dict[str, bytes | Path], link_from: Path | None = None,
               unchanged: Collection[str] = ()) -> None:
        """Write the rest of `files` (as write_site does), then swap the new site in for `out`.

        A file written early (write_now) is given as its own path in `out`: it is there already.
        """
        staging, moved = self.folder, []  # folders of `out` moved into the new site
        try:
            for folder in sorted(unchanged):
                if (self.out / folder).is_dir() and not (self.out / folder).is_symlink():
                    os.replace(self.out / folder, staging / folder)
                    moved.append(folder)
            kept = set(moved)
            for relative, content in sorted(files.items()):
                if relative.split("/", 1)[0] in kept or self._written_early(relative, content):
                    continue
                link = link_from is not None and isinstance(content, Path) and \
                    content.is_relative_to(link_from)
                _write_file(staging / relative, content, link)
            (staging / MARKER).write_text("This folder is written by sitegen; "
                                          "each build replaces it.\n", encoding="utf-8")
            _swap_in(staging, self.out)
            self.folder, moved = None, []  # part of the site now: nothing to remove or give back
        finally:
            for folder in moved:  # the write failed: the old site gets them back
                with contextlib.suppress(OSError):
                    os.replace(staging / folder, self.out / folder)

    def _written_early(self, relative: str, content: bytes | Path) -> bool:
        # Nothing else names a file in `out`: check_output_folder keeps the group out of it.
        return isinstance(content, Path) and content == self.out / relative


def _write_file(target: Path, content: bytes | Path, link: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Path):
        if link:  # the source is never changed in place, so one file can be both
            try:
                os.link(content, target)
                return
            except OSError:  # another disk, or a file system without hard links
                pass
        shutil.copyfile(content, target)
    else:
        target.write_bytes(content)


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with `staging` by two renames, so the old site stays until the new is ready."""
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if not out.exists():
        os.replace(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    os.replace(out, retired / out.name)
    os.replace(staging, out)
    shutil.rmtree(retired, ignore_errors=True)
