"""directory.yaml: a folder of group folders, with the directory's own name, area and contact.

The schema is declared the way group.yaml's is (sitegen/core/config.py): each key
once, with its help, default and how its text is read. A folder with no
directory.yaml is a directory too when its subfolders hold group.yaml files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.core import values
from sitegen.core.colour import parse_colour
from sitegen.core.config import key
from sitegen.core.folders import CONFIG_FILE, DIRECTORY_FILE, found_group_folders
from sitegen.core.problems import Problem, SiteError
from sitegen.core.reference import reference_markdown, reference_text
from sitegen.core.slugs import slugify
from sitegen.site.validate import SchemaReader, find_node, in_file_order
from sitegen.core.yamlload import Mapping, load_yaml_file

# Addresses the directory site itself uses: a group folder may not take them.
RESERVED = {"topics", "areas", "days", "images", "404", "index", "meetings", "search-index",
            "booklet", "style", "directory", "openreferral", "page"}


@dataclass
class DirectoryContact:
    email: str | None = key("Email address of the people who keep the directory.",
                            parse=values.parse_email, example="groups@example.org")
    phone: str | None = key("Phone number for people who are not online.",
                            example="0115 496 0000")
    address: str | None = key("A postal address or a place to drop in.")
    note: str | None = key("How to reach the directory without a computer; on every page and "
                           "in the booklet.", example="Ring us on weekday mornings")


@dataclass
class DirectoryConfig:
    name: str = key("The directory's name.", required=True,
                    example="Nottingham Self-Help Groups")
    tagline: str | None = key("One line saying what the directory is.")
    about: str | None = key("A few sentences for the top of the directory (Markdown allowed).")
    area: str | None = key("The area the directory covers.", example="Nottinghamshire")
    language: str = key("The directory's language, as a BCP 47 code.", "en",
                        parse=values.parse_language)
    timezone: str = key("The time zone the build date is taken in.", "Europe/London",
                        parse=values.parse_timezone)
    website: str | None = key("The address the directory will live at.",
                              parse=values.parse_website, example="https://groups.example.org")
    contact: DirectoryContact = key("How people reach the directory's keepers.",
                                    DirectoryContact())
    groups: list[str] = key("The group folders in the directory, by folder name; by default "
                            "every folder beside directory.yaml that has a group.yaml.", [],
                            example="[riverside-parents, clifton-carers]")
    booklet: bool = key("Make the printable booklet, booklet.pdf (A5 pages).", True,
                        parse=values.parse_bool)
    theme: str = key("The look of the directory: the name of a built-in theme.", "default",
                     parse=values.parse_theme)
    colour: str = key("One brand colour; it must be dark enough for white text.", "#1d70b8",
                      parse=parse_colour)


@dataclass(frozen=True)
class GroupFolder:
    """One group of the directory: its folder and the address its site gets."""

    folder: Path
    slug: str


def directory_reference(markdown: bool) -> str:
    """Return the reference of directory.yaml's keys, as `sitegen keys` prints it."""
    if markdown:
        return f"### {DIRECTORY_FILE}\n\n{reference_markdown(DirectoryConfig)}"
    return f"{DIRECTORY_FILE} (a folder of group folders)\n\n{reference_text(DirectoryConfig)}"


def read_directory(folder: Path) -> tuple[DirectoryConfig, list[GroupFolder]]:
    """Read directory.yaml (or make a plain one) and find the group folders; raise SiteError."""
    folder = folder.resolve()
    path = folder / DIRECTORY_FILE
    if not path.is_file():
        config = DirectoryConfig(name=folder.name.replace("-", " ").replace("_", " ").title())
        return config, _with_slugs(list(found_group_folders(folder)), path)
    root = load_yaml_file(path)
    reader = SchemaReader(path)
    config = reader.read(DirectoryConfig, root)
    listed = _listed_group_folders(reader, root, folder, config.groups) if config else []
    errors = [p for p in reader.problems if not p.warning]
    if errors or config is None:
        raise SiteError(in_file_order(errors))
    folders = listed if config.groups else list(found_group_folders(folder))
    return config, _with_slugs(folders, path)


def _listed_group_folders(reader: SchemaReader, root: Mapping, folder: Path,
                          names: list[str]) -> list[Path]:
    found = []
    for index, name in enumerate(names):
        child = (folder / name).resolve()
        if not (child / CONFIG_FILE).is_file():
            reader.problem(find_node(root, "groups", index), f"groups[{index}]",
                           f'"{name}" is not a group folder: there is no {name}/{CONFIG_FILE}. '
                           "Check the folder's name.")
        elif not child.is_relative_to(folder):
            reader.problem(find_node(root, "groups", index), f"groups[{index}]",
                           f'"{name}" is outside the directory folder. Move it in.')
        else:
            found.append(child)
    return found


def _with_slugs(folders: list[Path], path: Path) -> list[GroupFolder]:
    """Each group's site goes under /<folder-name>/; two folders may not share one."""
    groups, problems, seen = [], [], {}
    for folder in folders:
        slug = slugify(folder.name)
        if slug in RESERVED:
            problems.append(Problem(folder, None, None, f"cannot be called {folder.name}: the "
                                    f"directory uses /{slug}/ itself. Rename the folder."))
        elif slug in seen:
            problems.append(Problem(folder, None, None, f"would have the address /{slug}/, "
                                    f"like {seen[slug].name}. Rename one of the folders."))
        else:
            seen[slug] = folder
            groups.append(GroupFolder(folder, slug))
    if problems:
        raise SiteError(problems)
    return groups
