"""Which kind of folder a command was given: one group's, or a directory of many groups.

Kept apart from reading either kind, so that a command can tell cheaply.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

CONFIG_FILE = "group.yaml"
DIRECTORY_FILE = "directory.yaml"


def is_directory_folder(folder: Path) -> bool:
    """A folder with directory.yaml, or with no group.yaml but group folders inside."""
    if (folder / DIRECTORY_FILE).is_file():
        return True
    return folder.is_dir() and not (folder / CONFIG_FILE).is_file() and \
        any(found_group_folders(folder))


def found_group_folders(folder: Path) -> Iterator[Path]:
    """Subfolders holding a group.yaml, in name order; hidden and _underscored ones skipped."""
    for child in sorted(folder.iterdir()) if folder.is_dir() else []:
        if child.name.startswith((".", "_")) or not child.is_dir():
            continue
        if (child / CONFIG_FILE).is_file():
            yield child
