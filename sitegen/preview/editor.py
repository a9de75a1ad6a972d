"""The browser editor at /edit/, served by `sitegen serve` only: the web side.

Every request comes here as a plain `Request` and leaves as a `Response`, so the server
(sitegen/preview/serve.py) only hands /edit/ over. Safety first: every POST needs this
run's form token and an Origin (when the browser sends one) naming this server, or it gets
403 and changes nothing. When the preview listens beyond this computer (--host with --edit),
the editor first asks for a one-time code printed in the terminal.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import jinja2

from sitegen.core.config import Config
from sitegen.core.folders import CONFIG_FILE
from sitegen.core.problems import Problem, SiteError
from sitegen.core.yamlload import Mapping, Node, load_yaml_text
from sitegen.core.yamlpatch import CannotPatch, patch_yaml
from sitegen.preview.editview import FormView
from sitegen.preview.formtree import apply_action, tree_from_node, tree_from_post, wanted_tree
from sitegen.preview.keeping import as_written, check_change, read_as_text, save_file
from sitegen.preview.understood import understand_event, understand_meeting

EDITOR_FILES = Path(__file__).resolve().parent / "editor"
HTML = "text/html; charset=utf-8"
STATIC = {"editor.css": "text/css; charset=utf-8", "editor.js": "text/javascript; charset=utf-8"}
SECURITY_HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; "
     "connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin")]
COOKIE = "sitegen-editor"
CODE_TRIES = 5  # wrong codes before a new one is printed


@dataclass
class Request:
    method: str
    target: str  # as sent, like /edit/page?file=pages/about.md
    headers: dict[str, str]  # names in lower case
    body: bytes = b""

    @property
    def path(self) -> str:
        """The address without its query, like /edit/pages/."""
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.target).query, keep_blank_values=True))

    def form(self) -> list[tuple[str, str]]:
        """The posted fields in order (browsers send forms url-encoded)."""
        return parse_qsl(self.body.decode("utf-8", errors="replace"), keep_blank_values=True)


@dataclass
class Response:
    status: int
    media_type: str
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)


def is_editor_address(target: str) -> bool:
    """Whether a request target belongs to the editor."""
    path = urlsplit(target).path
    return path == "/edit" or path.startswith("/edit/")


class Editor:
    """The editor for one group folder."""

    def __init__(self, folder: Path, ask_code: bool = False,
                 announce: Callable[[str], None] = print):
        self.folder = folder.resolve()
        self.token = secrets.token_urlsafe(32)
        self.ask_code, self.announce = ask_code, announce
        self.code, self.wrong_codes, self.sessions = "", 0, set()
        self.notices: dict[str, list[str]] = {}
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(EDITOR_FILES),
                                            autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.templates.globals["describers"] = _describers
        if ask_code:
            self.new_code()
        from sitegen.preview import editpages  # its routes need the Editor, so it comes second
        self.routes = {("GET", "/edit/"): self.group_form, ("POST", "/edit/"): self.group_post,
                       ("GET", "/edit/understood"): self.understood,
                       ("POST", "/edit/code"): self.enter_code, **editpages.routes(self)}

    def new_code(self) -> None:
        """Make and print a new one-time code (the last one stops working)."""
        self.code, self.wrong_codes = f"{secrets.randbelow(10 ** 6):06d}", 0
        self.announce(f"To edit from another device, open /edit/ there and type this code: "
                      f"{self.code}")

    def respond(self, request: Request) -> Response:
        """Answer one request to /edit/..."""
        path = "/edit/" if request.path == "/edit" else request.path
        name = path.removeprefix("/edit/")
        if request.method == "GET" and name in STATIC:
            return Response(200, STATIC[name], (EDITOR_FILES / name).read_bytes())
        if request.method == "POST" and not self._genuine(request):
            return plain_response(403, "This form did not come from this editor, so nothing was "
                          "changed. Open /edit/ again and use the form there.")
        if self.ask_code and not self._signed_in(request) and path != "/edit/code":
            return self.page("code.html", "Type the code", {}, status=403)
        route = self.routes.get((request.method, path))
        if route is None:
            return plain_response(404 if request.method == "GET" else 405,
                                  "The editor has no such page.")
        return route(request)

    def _genuine(self, request: Request) -> bool:
        """A POST from this editor's own form: the token, and the right Origin if any."""
        fields = dict(request.form())
        origin = request.headers.get("origin")
        host = request.headers.get("host", "")
        if origin is not None and origin != f"http://{host}":
            return False
        return hmac.compare_digest(fields.get("token", ""), self.token)

    def _signed_in(self, request: Request) -> bool:
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        return COOKIE in cookie and cookie[COOKIE].value in self.sessions

    def enter_code(self, request: Request) -> Response:
        """Check the one-time code; the right one signs this browser in."""
        typed = dict(request.form()).get("code", "").strip()
        if self.code and hmac.compare_digest(typed, self.code):
            session = secrets.token_urlsafe(32)
            self.sessions.add(session)
            self.new_code()
            cookie = f"{COOKIE}={session}; Path=/edit/; HttpOnly; SameSite=Strict"
            return Response(303, HTML, b"", [("Location", "/edit/"), ("Set-Cookie", cookie)])
        self.wrong_codes += 1
        if self.wrong_codes >= CODE_TRIES:
            self.new_code()
        return self.page("code.html", "Type the code", {"wrong": True}, status=403)

    # ---- group.yaml

    def group_form(self, request: Request) -> Response:
        """The form for group.yaml, as the file is now."""
        text, raw, root = self.read_config()
        if root is None:
            return self._unreadable(text)
        notice = self.notices.pop(request.query.get("done", ""), [])
        return self._group_page(tree_from_node(Config, root), file_version(raw), notice,
                                saved=bool(notice))

    def group_post(self, request: Request) -> Response:
        """Save, or an Add, Remove or Move button (which change the form, not the file)."""
        fields = dict(request.form())
        text, raw, root = self.read_config()
        if root is None:
            return self._unreadable(text)
        tree = {**tree_from_node(Config, root), **tree_from_post(Config, fields)}
        action = fields.get("do", "save")
        if fields.get("version") != file_version(raw):
            return self._group_page(tree, fields.get("version", ""), [], summary=[(
                "", "", "group.yaml was changed by another program after this page was opened. "
                "Copy anything you typed, then open Group details again.")])
        if action != "save":
            return self._button(tree, action, fields)
        return self._save(tree, text, raw, root)

    def _button(self, tree: dict, action: str, fields: dict) -> Response:
        path = action.partition("|")[2].partition("|")[0]
        new_key = fields.get("new." + path, "")
        try:
            focus, said = apply_action(tree, action, new_key)
        except (ValueError, KeyError, StopIteration) as error:
            words = str(error) if isinstance(error, ValueError) else "That button does not fit " \
                "this form any more. Nothing was changed."
            return self._group_page(tree, fields.get("version", ""), [], focus=action,
                                    key_problem=(path, words), new_keys={path: new_key})
        return self._group_page(tree, fields["version"], [said, "Nothing is saved until you "
                                                          "press Save."], focus=focus)

    def _save(self, tree: dict, text: str, raw: bytes, root: Node) -> Response:
        version = file_version(raw)
        try:
            new_text = patch_yaml(text, root, wanted_tree(Config, tree, root))
        except CannotPatch as error:
            return self._group_page(tree, version, [], summary=[("", "", "The editor cannot change "
                                    f"this part of group.yaml ({error}). Change it in a text "
                                    "editor, or put it back as it was.")])
        if new_text == text:
            return self._group_page(tree, version, ["Nothing was changed, so nothing was saved."])
        content = as_written(new_text, raw)
        try:
            warnings = check_change(self.folder, CONFIG_FILE, content)
        except SiteError as error:
            return self._group_page(tree, version, [], problems=error.problems)
        save_file(self.folder, CONFIG_FILE, content)
        return self.done("/edit/", ["Saved."] + [w.format() for w in warnings])

    def done(self, address: str, notice: list[str]) -> Response:
        """Send the browser on to a page that says what was done (so Reload does not post again)."""
        ticket = secrets.token_urlsafe(8)
        self.notices[ticket] = notice
        joiner = "&" if "?" in address else "?"
        return Response(303, HTML, b"", [("Location", f"{address}{joiner}done={ticket}")])

    def _group_page(self, tree: dict, version: str, notice: list[str], *, saved=False, focus="",
                    problems: list[Problem] = (), summary=None, key_problem=("", ""),
                    new_keys=None) -> Response:
        by_key = {}
        for problem in problems:
            if problem.key and Path(problem.file).name == CONFIG_FILE:
                by_key.setdefault(problem.key, []).append(problem.message)
        view = FormView(by_key, focus, self.language(tree), self.today(tree), new_keys,
                        key_problem)
        sections = view.sections(tree)
        listed = summary or [summary_entry(p, self.folder, CONFIG_FILE, view.shown)
                             for p in problems]
        return self.page("group.html", "Group details", {
            "sections": sections, "version": version, "notice": notice, "saved": saved,
            "summary": listed, "here": "group"}, status=200)

    def read_config(self) -> tuple[str, bytes, Node | None]:
        """group.yaml's text, bytes and nodes (None, with the problems as text, if unreadable)."""
        path = self.folder / CONFIG_FILE
        try:
            text, raw = read_as_text(path)
            return text, raw, load_yaml_text(text, path)
        except SiteError as error:
            return "\n".join(p.format() for p in error.problems), b"", None
        except (OSError, UnicodeDecodeError) as error:
            return f"{path}: cannot be read ({error}).", b"", None

    def _unreadable(self, problems: str) -> Response:
        return self.page("message.html", "group.yaml needs fixing first", {
            "lines": ["The editor cannot read group.yaml. Fix this in a text editor and open "
                      "this page again:", problems]}, status=200)

    # ---- what sitegen understood

    def understood(self, request: Request) -> Response:
        """JSON: what sitegen reads from a meeting's when and time (or an event's date)."""
        pairs = parse_qsl(urlsplit(request.target).query, keep_blank_values=True)
        query = dict(pairs)
        values = {**query, "skip": [value for key, value in pairs if key == "skip"]}
        language, today = self.language(None), self.today(None)
        found = understand_event(values, language) if query.get("kind") == "event" \
            else understand_meeting(values, language, today)
        return Response(200, "application/json", json.dumps(found.as_json()).encode())

    def language(self, tree: dict | None) -> str:
        """The site's language, for dates in what sitegen understood."""
        if tree and isinstance(tree.get("language"), str) and tree["language"].strip():
            return tree["language"].strip()
        _, _, root = self.read_config()
        entry = root.get("language") if isinstance(root, Mapping) else None
        return (getattr(entry.value, "text", None) or "en") if entry else "en"

    def today(self, tree: dict | None) -> datetime.date:
        """Today where the group meets."""
        zone = (tree or {}).get("timezone") or "Europe/London"
        try:
            return datetime.now(ZoneInfo(zone.strip())).date()
        except (ValueError, KeyError, OSError):
            return datetime.now().date()

    # ---- pages

    def page(self, template: str, title: str, values: dict, status: int = 200) -> Response:
        """Render one of the editor's pages."""
        body = self.templates.get_template(template).render(
            title=title, token=self.token, **{"notice": [], "summary": [], "here": "", **values})
        return Response(status, HTML, body.encode(), list(SECURITY_HEADERS))


def _describers(control, extra: str = "") -> str:
    """The ids that describe a field: its help, its problems, what sitegen understood."""
    ids = [control.name + "-help"] if control.help else []
    ids += [f"{control.name}-problem{n}" for n in range(1, len(control.problems) + 1)]
    return " ".join(ids + ([extra] if extra else []))


def summary_entry(problem: Problem, folder: Path, editing: str, shown: set[str]) -> tuple:
    """One line of the list of problems: (the field to link to, where, what is wrong), in the
    words of `sitegen check`; problems in other files than the one edited name that file."""
    where = Path(problem.file)
    try:
        where = where.relative_to(folder)
    except ValueError:
        pass
    same_file = where.as_posix() == editing
    place = problem.key or "" if same_file else \
        f"{where}{f':{problem.line}' if problem.line else ''} {problem.key or ''}".strip()
    link = problem.key if same_file and problem.key in shown else ""
    return link, place, ("warning: " if problem.warning else "") + problem.message


def file_version(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def plain_response(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message + "\n").encode())
