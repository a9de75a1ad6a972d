"""Put the site online: GitHub Pages, Netlify, an FTP/SFTP web host, or a zip to upload by hand."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen.directory.build import assemble_directory, build_directory, cache_folder
from sitegen.directory.build import check_directory
from sitegen.core.folders import is_directory_folder
from sitegen.directory.config import read_directory
from sitegen.site import pipeline
from sitegen.core.problems import Problem, SiteError
from sitegen.publish.ftp import parse_address
from sitegen.publish.remote import read_content, read_password, upload_site
from sitegen.publish.source import SitegenSource, sitegen_requirement, sitegen_source
from sitegen.publish.services import (GITHUB_WORKFLOW, NETLIFY_CONFIG, NETLIFY_NIGHTLY,
                                      github_repository_files, github_steps, github_workflow,
                                      netlify_nightly_workflow, netlify_steps, netlify_toml)

TARGETS = ("github-pages, netlify, zip, or a web host's address like "
           "ftp://sue@ftp.example.org/public_html (ftps:// and sftp:// too)")
REMOTE_SCHEMES = ("ftp://", "ftps://", "sftp://")
ZIP_NAME = "site.zip"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the same bytes every time


@dataclass
class PublishResult:
    """What publishing did (or would do), in lines for the volunteer, and any warnings."""

    lines: list[str]
    warnings: list[Problem] = field(default_factory=list)
    # Groups of a directory that could not be built: the rest is published all the same,
    # with their last good sites, and the command exits 1 so the problems are noticed.
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Built:
    """A site built to publish: its files, and what the build had to say."""

    files: dict[str, bytes | Path]
    warnings: list[Problem]
    problems: list[Problem] = field(default_factory=list)


def publish(folder: Path, target: str, dry_run: bool = False, out: Path | None = None,
            sitegen_from: str | None = None, now: datetime | None = None) -> PublishResult:
    """Publish the group folder's site to `target`; with `dry_run`, only say what would change."""
    if out is not None and target != "zip":
        raise _problem(out, "--out is only for --to zip.")
    if target == "github-pages":
        return _publish_github_pages(folder, sitegen_source(sitegen_from), dry_run, now)
    if target == "netlify":
        return _publish_netlify(folder, sitegen_requirement(sitegen_from), dry_run, now)
    if target == "zip":
        return _publish_zip(folder, out or folder / ZIP_NAME, dry_run, now)
    if target.lower().startswith(REMOTE_SCHEMES):
        address = parse_address(target)
        password = read_password(address)  # asked first: the build takes a few seconds
        result = _build(folder, dry_run, now)
        return PublishResult(upload_site(result.files, address, password, dry_run),
                             result.warnings, result.problems)
    raise _problem(Path(target), f"is not a place sitegen can publish to. Use {TARGETS}.")


def _build(folder: Path, dry_run: bool, now: datetime | None) -> Built:
    """Build into FOLDER/_site; a dry run builds in memory only, writing nothing (for a
    folder of groups, nothing but its cache of finished group builds beside _site)."""
    site = folder / "_site"
    if is_directory_folder(folder):
        if dry_run:
            result = assemble_directory(folder, cache_folder(site.resolve()), now,
                                        previous_site=site.resolve())
        else:
            result = build_directory(folder, site, now)
        return Built(result.files, result.warnings, result.problems)
    result = pipeline.check(folder, now, previous_site=site) if dry_run else \
        pipeline.build(folder, site, now)
    return Built(result.files, result.warnings)


@dataclass
class Checked:
    """What a service needs to know to build the site itself: it builds without problems."""

    timezone: str
    content_security_policy: str | None  # one for every page, or None when pages differ
    warnings: list[Problem]


def _check_for_service(folder: Path, now: datetime | None) -> Checked:
    """Make sure the service's own build can work, as sitegen build would do it there."""
    if not is_directory_folder(folder):
        result = pipeline.check(folder, now)
        return Checked(result.site.config.timezone, result.site.content_security_policy,
                       result.warnings)
    config, _ = read_directory(folder)
    checked = check_directory(folder)
    problems = [p for _, found in checked for p in found]
    if any(not problem.warning for problem in problems):
        raise SiteError(problems)
    # Each group's pages carry their own policy (their contact forms post to different
    # places), so the directory sends none as a header.
    return Checked(config.timezone, None, problems)


def _publish_github_pages(folder: Path, source: SitegenSource, dry_run: bool,
                          now: datetime | None) -> PublishResult:
    checked = _check_for_service(folder, now)  # GitHub will build it: make sure that can work
    zone = checked.timezone
    lines = write_text_files(folder, {GITHUB_WORKFLOW: github_workflow(source, zone)}, dry_run)
    return PublishResult(lines + ([] if dry_run else github_steps(zone)), checked.warnings)


def start_github_repository(folder: Path, source: SitegenSource) -> PublishResult:
    """Add what a group's own GitHub repository needs: the workflow, .gitignore and a README."""
    result = pipeline.check(folder, pdf=False)  # the starter's time zone, for the nightly build
    zone = result.site.config.timezone
    lines = write_text_files(folder, github_repository_files(source, zone), dry_run=False)
    return PublishResult(lines + github_steps(zone), result.warnings)


def _publish_netlify(folder: Path, sitegen_from: str, dry_run: bool,
                     now: datetime | None) -> PublishResult:
    checked = _check_for_service(folder, now)  # Netlify will build it: make sure that can work
    zone = checked.timezone
    files = {NETLIFY_CONFIG: netlify_toml(sitegen_from, checked.content_security_policy),
             NETLIFY_NIGHTLY: netlify_nightly_workflow(zone)}
    lines = write_text_files(folder, files, dry_run)
    return PublishResult(lines + ([] if dry_run else netlify_steps(zone)), checked.warnings)


def write_text_files(folder: Path, files: dict[str, str], dry_run: bool) -> list[str]:
    """Write each file into the group folder, but never over a different file someone made."""
    different = [folder / name for name, text in files.items()
                 if (folder / name).is_file() and (folder / name).read_text("utf-8") != text]
    if different:
        raise SiteError([Problem(path, None, None, "is already there and differs from what "
                                 "sitegen would write, so it was left alone. Move or delete it, "
                                 "then run this again to get a fresh one.") for path in different])
    lines = []
    for name, text in sorted(files.items()):
        path = folder / name
        if path.is_file():
            lines.append(f"{path} is already up to date.")
        elif dry_run:
            lines.append(f"Dry run: would write {path}.")
        else:
            _replace_file(path, text.encode("utf-8"))
            lines.append(f"Wrote {path}.")
    return lines


def _publish_zip(folder: Path, archive: Path, dry_run: bool,
                 now: datetime | None) -> PublishResult:
    if archive.resolve().is_relative_to((folder / "_site").resolve()):
        raise _problem(archive, "is inside the _site folder, which each build replaces. "
                                f"Choose another place, like {folder / ZIP_NAME}.")
    result = _build(folder, dry_run, now)
    if dry_run:
        return PublishResult([f"Dry run: would write {archive} with {len(result.files)} files; "
                              "nothing was changed."], result.warnings, result.problems)
    data = zip_bytes(result.files)
    _replace_file(archive, data)
    return PublishResult([
        f"Wrote {archive} ({len(result.files)} files, {len(data) // 1024 + 1} KB).",
        "Upload it on your web host's upload page (many unpack a zip for you), or unzip it and "
        "drag the files into Netlify Drop (app.netlify.com/drop).",
    ], result.warnings, result.problems)


def zip_bytes(files: dict[str, bytes | Path]) -> bytes:
    """Zip the site: sorted, with fixed dates and permissions, so a site always zips the same."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, on every computer, so the permissions below hold
            info.external_attr = 0o644 << 16
            archive.writestr(info, read_content(files[path]), compresslevel=9)
    return buffer.getvalue()


def _replace_file(path: Path, data: bytes) -> None:
    """Write through a temporary file beside it, so a failure never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _problem(where: Path, message: str) -> SiteError:
    return SiteError([Problem(where, None, None, message)])
