"""Read a group folder from disk: group.yaml, Markdown pages and static files."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.folders import CONFIG_FILE
from sitegen.core.problems import Problem, SiteError, collect
from sitegen.core.yamlload import (Mapping, Node, control_character_problems, load_yaml_file,
                                  load_yaml_text)

PAGE_FOLDERS = ("pages", "news")
STATIC_FOLDERS = ("images",)
# The last build's PDFs, reused when what they show has not changed (sitegen/site/printing.py).
PRINTED_FILES = ("poster.pdf", "leaflet.pdf")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)


@dataclass
class SourcePage:
    """A Markdown file as written: its front matter nodes, and where its body starts.

    The body itself is not kept: a big site's bodies would take more memory than
    the rest of its build, so each is read again (read_body) when it is needed.
    """

    path: Path
    kind: str  # "pages" or "news"
    front_matter: Node
    body_line: int  # the line of the file the body starts on
    digest: str  # of the file as read, so that the body read again is the text checked now
    language: str | None = None  # for pages/ur/about.md: ur; None for the main language

    def read_body(self) -> str:
        return read_body(self.path, self.digest)


@dataclass
class GroupSource:
    """Everything read from a group folder, before any checking."""

    folder: Path
    config_path: Path
    config: Node
    pages: list[SourcePage] = field(default_factory=list)
    static_files: dict[str, Path] = field(default_factory=dict)  # output path -> source
    previous_feed: bytes | None = None  # the last build's meetings.ics, to number changes
    previous_print: dict[str, bytes] = field(default_factory=dict)  # its poster.pdf ...


def load_group(folder: Path, previous_site: Path | None = None) -> GroupSource:
    """Read the group folder (and the last build's feed and PDFs); raise SiteError on problems."""
    folder = folder.resolve()
    config_path = folder / CONFIG_FILE
    if not config_path.is_file():
        raise SiteError([Problem(config_path, None, None,
                                 "is missing: this is not a group folder. Make one with "
                                 "`sitegen new FOLDER`, or give the folder that holds group.yaml.")])
    problems: list[Problem] = []
    config = collect(problems, load_yaml_file, config_path)
    # pages/about.md is in the main language, pages/ur/about.md in Urdu.
    pages = [collect(problems, _read_page, path, kind)
             for kind in PAGE_FOLDERS for pattern in ("*.md", "*/*.md")
             for path in _files_in(folder, kind, pattern, problems)]
    static = {path.relative_to(folder).as_posix(): path
              for name in STATIC_FOLDERS for path in _files_in(folder, name, "**/*", problems)}
    if problems:
        raise SiteError(problems)
    feed = previous_site / "meetings.ics" if previous_site else None
    previous_feed = feed.read_bytes() if feed and feed.is_file() else None
    previous_print = _previous_print(previous_site) if previous_site else {}
    return GroupSource(folder, config_path, config, pages, static, previous_feed, previous_print)


def _previous_print(site: Path) -> dict[str, bytes]:
    """The last build's PDFs by path: poster.pdf, and ur/poster.pdf for each other language."""
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for name in PRINTED_FILES for path in (*site.glob(name), *site.glob("*/" + name))
            if path.is_file()}


def read_body(path: Path, digest: str) -> str:
    """A page's body (the text after its front matter), read again from its file.

    Refused when the file changed after load_group read it: the page's front
    matter, title and warnings were worked out from the text as it was then.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    if raw is None or _digest(raw) != digest:
        raise SiteError([Problem(path, None, None, "changed, moved or was deleted while the "
                                 "site was being built. Build again.")])
    text = _decoded(raw, path)
    match = FRONT_MATTER.match(text)
    return text[match.end():] if match else text


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _decoded(raw: bytes, path: Path) -> str:
    """The text of a UTF-8 file's bytes (with or without BOM, any line endings)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1  # as group.yaml's message does
        raise SiteError([Problem(path, line, None, "is not saved as UTF-8 text. "
                                 "Save it again choosing the UTF-8 encoding.")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_page(path: Path, kind: str) -> SourcePage:
    raw = path.read_bytes()
    text = _decoded(raw, path)
    problems = control_character_problems(text, path)
    if problems:
        raise SiteError(problems)
    match = FRONT_MATTER.match(text)
    language = path.parent.name if path.parent.name != kind else None
    if not match:
        return SourcePage(path, kind, Mapping(), 1, _digest(raw), language)
    front_matter = load_yaml_text(match.group(1) or "", path, first_line=2)
    body_line = text[: match.end()].count("\n") + 1
    return SourcePage(path, kind, front_matter, body_line, _digest(raw), language)


def _files_in(folder: Path, name: str, pattern: str, problems: list[Problem]) -> list[Path]:
    """List files under folder/name, refusing links that lead outside the group folder."""
    base = folder / name
    found = []
    for path in sorted(base.glob(pattern)) if base.is_dir() else []:
        if not path.resolve().is_relative_to(folder):
            problems.append(Problem(path, None, None, "is a link to a file outside the group "
                                    "folder. Copy the file into the folder instead."))
        elif path.is_file() and not path.name.startswith("."):
            found.append(path)
    return found

