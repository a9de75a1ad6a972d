"""Keep the volunteer's files safe while the browser editor changes them.

A change is checked first, by the real build (`check`) run on a copy of the group folder
with the changed file in it; nothing is written while any problem remains. Then the file is
written atomically (a hidden file beside it, swapped into place), and the version it replaces
is kept under .sitegen/history/ (the last 20 of each file), where "put back" finds it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.core.problems import Problem, SiteError
from sitegen.site.pipeline import check

WORK_FOLDER = ".sitegen"
HISTORY_FOLDER = WORK_FOLDER + "/history"
KEEP_VERSIONS = 20
EDITABLE_FOLDERS = ("pages", "news")
_NAME_SEPARATOR = "--"


@dataclass(frozen=True)
class Kept:
    """An earlier version of a file, under .sitegen/history/."""

    name: str  # its file name there
    file: str  # the file it was, like group.yaml or pages/about.md
    saved: datetime

    @property
    def when(self) -> str:
        """When it was replaced, in words."""
        return f"{self.saved:%A} {self.saved.day} {self.saved:%B %Y} at {self.saved:%H:%M:%S}"


def editable_path(folder: Path, relative: str) -> Path:
    """The file `relative` names, if the editor may write it: group.yaml, or a Markdown file
    in pages/ or news/ that stays inside the group folder. Raise ValueError otherwise."""
    parts = Path(relative).parts
    allowed = relative == "group.yaml" or (
        len(parts) in (2, 3) and parts[0] in EDITABLE_FOLDERS and relative.endswith(".md")
        and not any(part.startswith(".") or part in ("..", "") for part in parts))
    path = folder / relative
    if not allowed or "\\" in relative or not path.resolve().is_relative_to(folder.resolve()):
        raise ValueError(f"{relative} is not a file the editor changes.")
    return path


def check_change(folder: Path, relative: str, content: bytes | None) -> list[Problem]:
    """Run the build's check on a copy of the folder holding the changed file (None: without
    it); return the warnings, or raise SiteError with every problem (files named as in
    the real folder)."""
    # Outside the group folder, so the preview's file watcher does not follow the copy.
    copy_root = Path(tempfile.mkdtemp(prefix="sitegen-check-"))
    try:
        copy = copy_root / folder.name
        shutil.copytree(folder, copy, copy_function=_link_or_copy, symlinks=True,
                        ignore=shutil.ignore_patterns(".*", "_site", "__pycache__"))
        target = copy / relative
        target.unlink(missing_ok=True)  # a hard link: writing into it would change the original
        if content is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        try:
            result = check(copy, pdf=False)
        except SiteError as error:
            raise SiteError([_in_real_folder(p, copy, folder) for p in error.problems]) from None
        return [_in_real_folder(p, copy, folder) for p in result.warnings]
    finally:
        shutil.rmtree(copy_root, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # checking only reads the copy; a link is instant (same disk)
    except OSError:
        shutil.copy2(source, target)


def _in_real_folder(problem: Problem, copy: Path, folder: Path) -> Problem:
    try:
        real = folder / Path(problem.file).relative_to(copy)
    except ValueError:
        return problem
    return Problem(real, problem.line, problem.column, problem.message, problem.key,
                   problem.warning)


def save_file(folder: Path, relative: str, content: bytes) -> None:
    """Keep the file's current version in the history, then write `content` atomically."""
    path = editable_path(folder, relative)
    if path.exists():
        _keep(folder, relative, path.read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".sitegen-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _keep(folder: Path, relative: str, content: bytes) -> None:
    history = folder / HISTORY_FOLDER
    history.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    (history / f"{stamp}{_NAME_SEPARATOR}{relative.replace('/', '~')}").write_bytes(content)
    for old in [kept for kept in kept_versions(folder) if kept.file == relative][KEEP_VERSIONS:]:
        (history / old.name).unlink(missing_ok=True)


def kept_versions(folder: Path) -> list[Kept]:
    """The kept versions, newest first."""
    history = folder / HISTORY_FOLDER
    found = []
    for path in history.iterdir() if history.is_dir() else []:
        stamp, _, file = path.name.partition(_NAME_SEPARATOR)
        try:
            saved = datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue
        found.append(Kept(path.name, file.replace("~", "/"), saved))
    return sorted(found, key=lambda kept: kept.saved, reverse=True)


def put_back(folder: Path, name: str) -> tuple[Kept, list[Problem]]:
    """Check a kept version, then make it the file again (the current one is kept too)."""
    kept = next((k for k in kept_versions(folder) if k.name == name), None)
    if kept is None:
        raise ValueError("That earlier version is not kept any more.")
    content = (folder / HISTORY_FOLDER / kept.name).read_bytes()
    warnings = check_change(folder, kept.file, content)
    save_file(folder, kept.file, content)
    return kept, warnings


def read_as_text(path: Path) -> tuple[str, bytes]:
    """A file's text with plain newlines (as the loader reads it), and its bytes."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return text, raw


def as_written(text: str, original: bytes) -> bytes:
    """Encode new text the way the original file was: its byte-order mark and line endings."""
    if b"\r\n" in original and original.count(b"\n") == original.count(b"\r\n"):
        text = text.replace("\n", "\r\n")
    bom = "\ufeff" if original.startswith(b"\xef\xbb\xbf") else ""
    return (bom + text).encode("utf-8")
