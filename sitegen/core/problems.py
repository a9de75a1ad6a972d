"""Problems found in a group folder, reported together in plain words."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a file the volunteer wrote."""

    file: Path
    line: int | None
    column: int | None
    message: str
    key: str | None = None
    warning: bool = False

    def format(self) -> str:
        """Return `file:line:column: key: message`, the path relative to the working folder."""
        where = _display_path(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        label = "warning: " if self.warning else ""
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {label}{key}{self.message}"


class SiteError(Exception):
    """The group folder cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems

    def __reduce__(self):
        """Travel whole from a worker process (the default would keep only the message)."""
        return SiteError, (self.problems,)


def _display_path(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith(".." + os.sep + "..") else relative


def collect(problems: list[Problem], step, *args):
    """Run one step; on SiteError add its problems to the list and return None."""
    try:
        return step(*args)
    except SiteError as error:
        problems.extend(error.problems)
        return None
