"""Upload a built site to a web host, sending only what changed, in an order that keeps it whole.

The server keeps a manifest, `.sitegen-manifest.json`: the sha256 of every file
sitegen put there. Comparing it with the new build says which files are new,
changed or gone, without reading the files back. The order of work:

1. upload each new or changed file under a temporary name (the slow part;
   if it fails, the live site is as it was and the temporary files are removed);
2. rename them into place, one quick command each;
3. delete the files the new build no longer has;
4. write the manifest last, so a run cut short is simply finished by the next.

Files the manifest does not list (the host's own, say) are never touched.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import posixpath
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.problems import Problem, SiteError
from sitegen.publish.ftp import PASSWORD_VARIABLE, Address, RemoteError, open_ftp
from sitegen.publish.sftp import open_sftp

MANIFEST = ".sitegen-manifest.json"
TEMPORARY = ".sitegen-new-"  # prefix of a file's name while it is being uploaded
UNCHANGED_SITE = "The site online was left as it was."


class PartlyPublished(RemoteError):
    """A failure after the first file went live: the site online is part old, part new."""


@dataclass
class Plan:
    """What an upload changes on the server."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    new_folders: list[str] = field(default_factory=list)
    old_folders: list[str] = field(default_factory=list)  # deepest first

    @property
    def uploads(self) -> list[str]:
        return sorted(self.new + self.changed)

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.changed or self.removed)


def upload_site(files: dict[str, bytes | Path], address: Address, password: str | None,
                dry_run: bool = False) -> list[str]:
    """Bring the site at `address` up to date with `files`; return lines to show the volunteer."""
    hashes = {path: sha256(content) for path, content in files.items()}
    try:
        with open_connection(address, password, create_folder=not dry_run) as server:
            plan = make_plan(hashes, read_manifest(server.read(MANIFEST)))
            if not dry_run and not plan.is_empty:
                apply_plan(server, plan, files, hashes)
    except PartlyPublished as error:
        raise _problem(address, str(error)) from error
    except RemoteError as error:
        raise _problem(address, f"{error} {UNCHANGED_SITE}") from error
    return describe_plan(plan, address, dry_run)


@contextmanager
def open_connection(address: Address, password: str | None, create_folder: bool):
    """Log in and go to the site's folder (made if missing and `create_folder`); close after."""
    connection = (open_sftp if address.scheme == "sftp" else open_ftp)(
        address, password, create_folder)
    try:
        yield connection
    finally:
        connection.close()


def read_password(address: Address) -> str | None:
    """The password from SITEGEN_PASSWORD, or typed at a prompt when there is someone to ask."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    if sys.stdin is not None and sys.stdin.isatty():
        hint = "  (press Enter if you log in with an SSH key)" if address.scheme == "sftp" else ""
        return getpass.getpass(f"Password for {address.user} at {address.host}{hint}: ") or None
    if address.scheme == "sftp":
        return None  # an SSH key or agent may still let us in
    raise _problem(address, f"no password: set {PASSWORD_VARIABLE} to it, or run sitegen "
                            "publish in a terminal so it can ask you. " + UNCHANGED_SITE)


def sha256(content: bytes | Path) -> str:
    """The sha256 of a file's content, as hex."""
    return hashlib.sha256(read_content(content)).hexdigest()


def read_content(content: bytes | Path) -> bytes:
    """A rendered file's bytes: rendered in memory, or a file to copy."""
    return content.read_bytes() if isinstance(content, Path) else content


def read_manifest(data: bytes | None) -> dict[str, str]:
    """The files sitegen put on the server last time, with their sha256; {} if unknown."""
    try:
        listed = json.loads(data)["files"] if data else {}
    except (ValueError, KeyError, TypeError):
        return {}  # unreadable: upload everything and delete nothing, the safe way round
    if not isinstance(listed, dict):
        return {}
    return {path: digest for path, digest in listed.items()
            if isinstance(digest, str) and is_safe_path(path)}


def is_safe_path(path: object) -> bool:
    """Only plain paths inside the site's folder: a damaged manifest must not delete elsewhere."""
    if not isinstance(path, str) or not path or path.startswith("/") or "\\" in path:
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts) and path != MANIFEST


def manifest_bytes(hashes: dict[str, str]) -> bytes:
    """The manifest to leave on the server, sorted so the same site gives the same bytes."""
    text = json.dumps({"generator": "sitegen", "files": dict(sorted(hashes.items()))}, indent=1)
    return (text + "\n").encode("utf-8")


def make_plan(local: dict[str, str], remote: dict[str, str]) -> Plan:
    """Compare the new build's hashes with the server's manifest."""
    plan = Plan()
    for path, digest in sorted(local.items()):
        if path not in remote:
            plan.new.append(path)
        elif remote[path] != digest:
            plan.changed.append(path)
        else:
            plan.unchanged += 1
    plan.removed = sorted(set(remote) - set(local))
    local_folders, remote_folders = _folders(local), _folders(remote)
    plan.new_folders = sorted(local_folders - remote_folders, key=_depth)
    plan.old_folders = sorted(remote_folders - local_folders, key=_depth, reverse=True)
    return plan


def _folders(paths) -> set[str]:
    folders = set()
    for path in paths:
        folder = posixpath.dirname(path)
        while folder:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return folders


def _depth(folder: str) -> tuple[int, str]:
    return folder.count("/"), folder


def apply_plan(server, plan: Plan, files: dict[str, bytes | Path], hashes: dict[str, str]) -> None:
    """Upload, swap in, delete, then write the manifest: the live site is mixed only briefly."""
    _stage_uploads(server, plan, files)
    try:
        for path in plan.uploads:
            server.rename(temporary_name(path), path)
        for path in plan.removed:
            server.delete(path)
        for folder in plan.old_folders:
            server.remove_folder(folder)
        _put(server, MANIFEST, manifest_bytes(hashes))
    except RemoteError as error:
        raise PartlyPublished(f"{error} Part of the site may be updated and part not: run sitegen "
                          "publish again to finish.") from error


def _stage_uploads(server, plan: Plan, files: dict[str, bytes | Path]) -> None:
    """Upload every new and changed file under a temporary name; on failure remove them again."""
    staged = []
    try:
        for folder in plan.new_folders:
            server.make_folder(folder)
        for path in plan.uploads:
            staged.append(temporary_name(path))
            server.write(staged[-1], read_content(files[path]))
    except RemoteError:
        for name in staged:
            _try(server.delete, name)
        raise


def _put(server, path: str, data: bytes) -> None:
    server.write(temporary_name(path), data)
    server.rename(temporary_name(path), path)


def _try(step, *args) -> None:
    try:
        step(*args)
    except RemoteError:
        pass  # tidying up after a failure: the first failure is the one to report


def temporary_name(path: str) -> str:
    """The name a file has while it is uploaded: hidden, beside where it will go."""
    folder, name = posixpath.split(path)
    return posixpath.join(folder, TEMPORARY + name)


def describe_plan(plan: Plan, address: Address, dry_run: bool) -> list[str]:
    """Lines saying what was (or, in a dry run, would be) changed on the server."""
    if plan.is_empty:
        return [("Dry run: " if dry_run else "")
                + f"{address} is up to date: all {plan.unchanged} files are unchanged."]
    verb = {"new": "would upload", "changed": "would replace", "removed": "would delete"} \
        if dry_run else {"new": "uploaded", "changed": "replaced", "removed": "deleted"}
    lines = [f"  {verb[kind]}: {path}" for kind in ("new", "changed", "removed")
             for path in getattr(plan, kind)]
    summary = (f"{len(plan.new)} new, {len(plan.changed)} changed, {len(plan.removed)} removed, "
               f"{plan.unchanged} unchanged")
    if dry_run:
        return [f"Dry run: nothing was changed. Publishing to {address} would do this "
                f"({summary}):", *lines]
    return [*lines, f"Published to {address} ({summary})."]


def _problem(address: Address, message: str) -> SiteError:
    return SiteError([Problem(Path(address.host), None, None, message)])
