"""The previewed site in memory: rebuilt on request, compared file by file, shown with its problems.

The site is served from memory and the group folder is only read. The files
the build generates are also kept in a private temporary folder, passed to
pipeline.check as the previous site: a real build reuses what it can from
there (unchanged poster PDFs, the calendar's change numbers), and so does the
preview, which works the same, only slower, if nothing is reused.
sitegen/preview/serve.py puts this behind a web server; the reload script and problems
banner are added to pages as they are served, never to built files.
"""

from __future__ import annotations

import html
import re
import secrets
import shutil
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from sitegen.directory.build import DirectoryResult, assemble_directory
from sitegen.core.folders import is_directory_folder
from sitegen.site.model import SHARE_CARD
from sitegen.site.pipeline import BuildResult, check
from sitegen.site.printing import says_pdfs_are_off
from sitegen.core.problems import SiteError
from sitegen.site.render import Output
from sitegen.core.themes import themes_root

PREFIX = "__sitegen/"  # the preview's own addresses, beside the site's files
SCRIPT_URL = "/" + PREFIX + "reload.js"
STYLE_URL = "/" + PREFIX + "preview.css"
FORM_PATH = PREFIX + "form"
NOT_FOUND = "404.html"
RELOAD, SWAP = "reload", "swap"  # how an open page catches up: the event RELOAD_JS hears
# Files a page does not load itself: when only these change, an open page takes its new
# content in place, without reloading the stylesheets, scripts and pictures it loaded.
DOCUMENT_SUFFIXES = (".html", ".ics", ".json", ".xml", ".txt", ".pdf", ".webmanifest")
# Forms that never post anywhere keep their own behaviour in the preview.
FORMS_NOT_POSTING = ("email", "none")

RELOAD_JS = b"""\
// sitegen preview only (never part of a built site): keep this page up to date as files are saved.
(function () {
  "use strict";
  var script = document.currentScript;
  var page = script.getAttribute("data-page");
  var status = Number(script.getAttribute("data-status"));

  function listen(version) {
    var events = new EventSource("/__sitegen/events?page=" + encodeURIComponent(page) +
      "&since=" + encodeURIComponent(version));
    events.addEventListener("reload", function () {
      events.close();
      window.location.reload();
    });
    events.addEventListener("swap", function () {
      events.close();
      window.fetch(window.location.href, { cache: "no-store" }).then(function (response) {
        return response.text().then(function (text) {
          swap(response.status, new DOMParser().parseFromString(text, "text/html"));
        });
      }).catch(function () {
        window.location.reload();
      });
    });
  }

  // The stylesheets and scripts a page loads: while they stay the same, a new body is enough.
  function assets(doc) {
    var found = doc.head.querySelectorAll("link[rel~=stylesheet], script[src], style");
    var keys = [];
    for (var i = 0; i < found.length; i++) {
      keys.push(found[i].getAttribute("href") || found[i].getAttribute("src") ||
        found[i].textContent);
    }
    return keys.join("\\n");
  }

  // Only documents changed: put the new body in place of the old, with no reload (nothing
  // fetched again, parsed again or painted from blank). The scroll position stays as it is.
  function swap(newStatus, fresh) {
    var next = fresh.querySelector("script[data-version]");
    if (!next || newStatus !== status || assets(fresh) !== assets(document)) {
      window.location.reload();
      return;
    }
    var focused = document.activeElement && document.activeElement.id;
    document.title = fresh.title;
    ["lang", "dir"].forEach(function (name) {
      var value = fresh.documentElement.getAttribute(name);
      if (value === null) {
        document.documentElement.removeAttribute(name);
      } else {
        document.documentElement.setAttribute(name, value);
      }
    });
    document.documentElement.replaceChild(document.adoptNode(fresh.body), document.body);
    var again = focused && document.getElementById(focused);
    if (again) {
      again.focus({ preventScroll: true });
    }
    runScriptsAgain();
    listen(next.getAttribute("data-version"));
  }

  // The site's scripts run once, on the body they were loaded with: run them on the new one.
  function runScriptsAgain() {
    var scripts = document.head.querySelectorAll("script[src]");
    for (var i = 0; i < scripts.length; i++) {
      if (scripts[i] !== script) {
        var fresh = document.createElement("script");
        fresh.src = scripts[i].getAttribute("src");
        scripts[i].parentNode.replaceChild(fresh, scripts[i]);
      }
    }
  }

  listen(script.getAttribute("data-version"));
})();
"""

# Only the preview shows it (never a built site): the way into the editor at /edit/.
EDIT_BAR = (b'\n<nav class="sitegen-edit-bar" aria-label="Preview">'
            b'<a href="/edit/">Edit this site</a></nav>\n')

PREVIEW_CSS = b"""\
/* sitegen preview only: the problems banner, the editor's bar, the contact form's stand-in. */
.sitegen-edit-bar { margin: 0; padding: 0.5rem 1.25rem; background: #0b0c0c;
  font: 1.125rem/1.5 system-ui, sans-serif; }
.sitegen-edit-bar a { display: inline-block; padding: 0.5rem 0.25rem; color: #fff;
  font-weight: bold; text-decoration: underline; }
.sitegen-edit-bar a:focus { outline: 3px solid #ffdd00; outline-offset: 2px; }
.sitegen-problems { position: sticky; top: 0; z-index: 2147483647; margin: 0;
  padding: 1rem 1.25rem; max-height: 60vh; overflow: auto; background: #fff4f2;
  color: #0b0c0c; border-bottom: 6px solid #d4351c; font: 1rem/1.5 system-ui, sans-serif; }
.sitegen-problems strong { display: block; font-size: 1.2rem; }
.sitegen-problems pre { margin: 0.5rem 0; white-space: pre-wrap; overflow-wrap: anywhere;
  font: 0.95rem/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
.sitegen-form { max-width: 40rem; margin: 2rem auto; padding: 0 1rem;
  font: 1rem/1.5 system-ui, sans-serif; color: #0b0c0c; }
.sitegen-form dd { margin: 0 0 1rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.sitegen-form dt { font-weight: bold; }
"""

CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
                 ".json": "application/json", ".ics": "text/calendar; charset=utf-8",
                 ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
                 ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
                 ".ico": "image/x-icon", ".woff2": "font/woff2", ".woff": "font/woff",
                 ".webmanifest": "application/manifest+json"}
HTML = CONTENT_TYPES[".html"]

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


@dataclass
class Rebuild:
    """What one rebuild did, for the terminal."""

    changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # as the command line prints them
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Preview:
    """The last good site as {path: content}, the latest problems, and which files changed when."""

    def __init__(self, folder: Path, form_endpoint: str | None = None):
        self.folder = folder.resolve()
        self.form_endpoint = form_endpoint
        self.files: Output = {}
        self.problems: list[str] = []  # empty when the latest build worked
        # A folder of groups: each group's problems, by its address (its slug), shown on its
        # own pages and on the directory's while the rest of the directory builds.
        self.directory = is_directory_folder(self.folder)
        self.group_problems: dict[str, list[str]] = {}
        self.stopped = False
        self._boot = secrets.token_hex(4)  # a restarted server reloads every page
        self._version = 0
        self._signatures: dict[str, object] = {}
        self._changed_at: dict[str, int] = {}
        self._assets_changed_at = 0
        self._problems_changed_at = 0
        self._form_posts = True
        self._changes = threading.Condition()
        self._last_build = Path(tempfile.mkdtemp(prefix="sitegen-preview-"))
        # Files may be served from here; a directory's group files, from its cache.
        self.roots = (self.folder, themes_root().resolve(), self._last_build.resolve())

    @property
    def version(self) -> str:
        """This state of the site, as the pages served now carry it."""
        return f"{self._boot}-{self._version}"

    def rebuild(self) -> Rebuild:
        """Build the site again; keep the last good one if this build fails."""
        started = time.perf_counter()
        try:
            result = self._check()
        except SiteError as error:
            report = self._failed([p.format() for p in error.problems]
                                  + ["", _count(error.problems, "problem") + " found."])
        except Exception as error:  # a bug in sitegen must not stop the preview
            traceback.print_exc()
            report = self._failed([f"{type(error).__name__}: {error}", "",
                                   "This is a mistake in sitegen itself, not in your files. "
                                   "`sitegen --debug check` shows the details."])
        else:
            by_group = group_problem_lines(result) if self.directory else {}
            report = self._succeeded(result.files, by_group)
            report.warnings = [warning.format() for warning in result.warnings
                               if not says_pdfs_are_off(warning)]  # never made here
            report.warnings += [line for lines in by_group.values() for line in lines]
        report.seconds = time.perf_counter() - started
        return report

    def _check(self) -> BuildResult | DirectoryResult:
        """Check with the form posting here, unless the group's form never posts anywhere.
        A folder of groups is built as a directory: the groups that changed, through a
        cache of finished builds, and the directory's pages."""
        if self.directory:
            # One process: forking workers from a server with threads running is not safe.
            return assemble_directory(self.folder, self._last_build / "cache", pdf=False, jobs=1)
        endpoint = self.form_endpoint if self._form_posts else None
        # No PDFs: printing them takes seconds, and the preview must answer at once.
        result = check(self.folder, previous_site=self._last_build, form_endpoint=endpoint,
                       pdf=False)
        posts = result.site.config.contact.form not in FORMS_NOT_POSTING
        if self.form_endpoint and posts != self._form_posts:
            self._form_posts = posts
            result = check(self.folder, previous_site=self._last_build,
                           form_endpoint=self.form_endpoint if posts else None, pdf=False)
        return result

    def _remember(self, files: Output, changed: list[str]) -> None:
        """Keep the generated files of the last good build where check() looks for them."""
        try:
            for path in changed:
                target = self._last_build / path
                if isinstance(files.get(path), bytes):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(files[path])
                else:
                    target.unlink(missing_ok=True)
        except OSError:  # only a shortcut: without it the next build does everything again
            shutil.rmtree(self._last_build, ignore_errors=True)
            self._last_build.mkdir(exist_ok=True)

    def _succeeded(self, files: Output, group_problems: dict[str, list[str]]) -> Rebuild:
        signatures = {path: _signature(content) for path, content in files.items()}
        # Only rebuilds change _signatures, and they run one at a time.
        changed = sorted(path for path in signatures.keys() | self._signatures.keys()
                         if signatures.get(path) != self._signatures.get(path))
        if not self.directory:  # a directory's cache is its own memory of the last build
            self._remember(files, changed)
        with self._changes:
            had_problems = bool(self.problems) or group_problems != self.group_problems
            self.files, self._signatures, self.problems = files, signatures, []
            self.group_problems = group_problems
            if changed or had_problems:
                self._version += 1
                for path in changed:
                    self._changed_at[path] = self._version
                    if loaded_by_pages(path):
                        self._assets_changed_at = self._version
                if had_problems:
                    self._problems_changed_at = self._version
                self._changes.notify_all()
        return Rebuild(changed=changed)

    def _failed(self, problems: list[str]) -> Rebuild:
        with self._changes:
            different = problems != self.problems
            if different:
                self.problems = problems
                self._version += 1
                self._problems_changed_at = self._version
                self._changes.notify_all()
        return Rebuild(problems=problems)

    def update_for(self, page: str, since: str) -> str | None:
        """What `page`, as served at version `since`, needs to look as it would now: None
        (nothing), SWAP (its new content put in place) or RELOAD (files it loads changed)."""
        boot, _, number = since.partition("-")
        if boot != self._boot or not number.isdigit() or self._assets_changed_at > int(number):
            return RELOAD
        latest = max(self._changed_at.get(page, 0), self._problems_changed_at)
        if page not in self.files:  # it was served as the not-found page
            latest = max(latest, self._changed_at.get(NOT_FOUND, 0))
        return SWAP if latest > int(number) else None

    def wait_for_update(self, page: str, since: str, timeout: float) -> str | None:
        """Block until `page` is out of date (return its update_for), or timeout or stop (None)."""
        with self._changes:
            self._changes.wait_for(lambda: self.stopped or self.update_for(page, since), timeout)
            return None if self.stopped else self.update_for(page, since)

    def stop(self) -> None:
        """Release every waiting event stream; forget the last build."""
        with self._changes:
            self.stopped = True
            self._changes.notify_all()
        shutil.rmtree(self._last_build, ignore_errors=True)

    def snapshot(self, page: str = "") -> tuple[Output, list[str], str]:
        """The files, the problems to show on `page` and the version, all of one moment (a
        page must not claim a version newer than its content, or it would miss its reload)."""
        with self._changes:
            return self.files, self.problems or self._group_problems_on(page), self.version

    def _group_problems_on(self, page: str) -> list[str]:
        """A group's pages show its own problems; the directory's pages every group's."""
        slug = page.split("/", 1)[0]
        if slug in self.group_problems:
            return self.group_problems[slug]
        if "/" in page and slug not in _DIRECTORY_FOLDERS:  # a good group's own page
            return []
        return [line for lines in self.group_problems.values() for line in lines]

    def read(self, files: Output, path: str) -> bytes | Path | None:
        """Return a file of the site: bytes, or a file on disk inside the site."""
        content = files.get(path)
        if isinstance(content, Path):
            return content if inside(content, self.roots) else None
        return content


_DIRECTORY_FOLDERS = {"page", "topics", "areas", "days"}  # the directory's own pages


def loaded_by_pages(path: str) -> bool:
    """Whether pages may load the file (a stylesheet, a script, a picture), so that a change
    to it needs them reloaded. Not documents, nor the link preview card: other sites show it."""
    folders, _, name = path.rpartition("/")
    share_card = name == SHARE_CARD and "images" not in folders.split("/")  # not the group's own
    return not (path.endswith(DOCUMENT_SUFFIXES) or share_card)


def group_problem_lines(result: DirectoryResult) -> dict[str, list[str]]:
    """Each failed group's problems as the command line prints them, ending with what the
    directory does about it."""
    kept = set(result.kept)
    lines = {}
    for slug, problems in result.problems_by_group().items():
        fate = ("Its last good site and card are shown, marked as possibly out of date."
                if slug in kept else "It is not shown on the directory until it is fixed.")
        lines[slug] = [problem.format() for problem in problems] + [
            f"The group {slug} has {_count(problems, 'problem')}. {fate}"]
    return lines


def _signature(content: bytes | Path) -> object:
    """What to compare between builds: the bytes, or a copied file's size and time."""
    if isinstance(content, bytes):
        return content
    try:
        stat = content.stat()
    except OSError:
        return None
    return (str(content), stat.st_size, stat.st_mtime_ns)


def inside(path: Path, roots: tuple[Path, ...]) -> bool:
    """Whether `path`, links followed, is a file in one of `roots` (no symlinks out)."""
    real = path.resolve()
    return real.is_file() and any(real.is_relative_to(root) for root in roots)


def request_path(target: str) -> str | None:
    """Turn a request target into a site path like about/index.html; None if it is unsafe."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    lowered = path.lower()
    if not path.startswith("/") or "\\" in path or any(
            code in lowered for code in ("%2f", "%5c", "%00")):
        return None  # encoded slashes or NULs have no business in a page's address
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    parts = decoded.split("/")[1:]
    if any(part in (".", "..") for part in parts) or "\x00" in decoded:
        return None
    key = "/".join(parts)
    return key + "index.html" if key == "" or key.endswith("/") else key


def content_type(path: str) -> str:
    """The Content-Type header for a file of the site."""
    return CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def preview_page(page_html: bytes, page: str, version: str, problems: list[str],
                 edit_bar: bool = False, status: int = 200) -> bytes:
    """Add the reload script, the problems banner if any, and the editor's bar to a page."""
    head = (f'<link rel="stylesheet" href="{STYLE_URL}">\n<script src="{SCRIPT_URL}" '
            f'data-page="{html.escape(page)}" data-version="{version}" '
            f'data-status="{status}"></script>\n').encode()
    page_html = _insert(_HEAD_END, page_html, head, before=True)
    if problems:
        page_html = _insert(_BODY_START, page_html, problems_banner(problems, True).encode(),
                            before=False)
    if edit_bar:
        page_html = _insert(_BODY_START, page_html, EDIT_BAR, before=False)
    return page_html


def _insert(pattern: re.Pattern, text: bytes, addition: bytes, before: bool) -> bytes:
    match = pattern.search(text)
    if not match:
        return addition + text
    at = match.start() if before else match.end()
    return text[:at] + addition + text[at:]


def problems_banner(problems: list[str], site_below: bool) -> str:
    """The problems exactly as the command line words them, escaped, in a banner."""
    after = ("Below is the last version that worked." if site_below
             else "There is no site to show until it is fixed.")
    return ('\n<div class="sitegen-problems" role="alert">\n'
            "<strong>The site could not be rebuilt</strong>\n"
            f"<pre>{html.escape(chr(10).join(problems))}</pre>\n"
            f"<p>Fix it and save: this page updates by itself. {after}</p>\n</div>\n")


def problems_page(problems: list[str], page: str, version: str, edit_bar: bool = False) -> bytes:
    """A page for when no build has worked yet."""
    document = ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                "<title>The site could not be built</title>\n</head>\n<body>\n</body>\n</html>\n")
    return preview_page(document.encode(), page, version, problems, edit_bar, 500).replace(
        problems_banner(problems, True).encode(), problems_banner(problems, False).encode())


def form_fields(body: bytes, media_type: str) -> list[tuple[str, str]]:
    """Read a posted form's fields, in order."""
    text = body.decode("utf-8", errors="replace")
    if media_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
        return parse_qsl(text, keep_blank_values=True)
    return [("(the whole message)", text)]


def form_page(fields: list[tuple[str, str]]) -> bytes:
    """Show what the contact form would send, without sending it anywhere."""
    rows = "".join(f"<dt>{html.escape(name)}</dt>\n<dd>{html.escape(value) or '(empty)'}</dd>\n"
                   for name, value in fields)
    return ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>This is what would be sent</title>\n"
            f'<link rel="stylesheet" href="{STYLE_URL}">\n'
            '</head>\n<body>\n<main class="sitegen-form">\n<h1>This is what would be sent</h1>\n'
            "<p>This is the preview, so the message went nowhere. On your published site, "
            "the contact form sends these fields to the service in group.yaml.</p>\n"
            f"<dl>\n{rows}</dl>\n"
            '<p><a href="/">Back to the site</a></p>\n</main>\n</body>\n</html>\n').encode()


def _count(items, word: str) -> str:
    return f"{len(items)} {word}" + ("" if len(items) == 1 else "s")
