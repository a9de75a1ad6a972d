"""The editor's pages for Markdown pages and news posts, and for putting back earlier versions.

A page's front matter is patched like group.yaml (its notes and order kept); its text is
saved exactly as typed. Which file is edited is always one of the files listed from the
group folder, never a path taken as it came from the browser.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from sitegen.core.config import PageMeta
from sitegen.core.load import FRONT_MATTER, PAGE_FOLDERS
from sitegen.core.markdown_html import render_markdown
from sitegen.core.problems import SiteError
from sitegen.core.slugs import slugify
from sitegen.core.yamlload import Mapping, Scalar, load_yaml_text
from sitegen.core.yamlpatch import CannotPatch, patch_yaml, render_mapping
from sitegen.preview.editor import (Editor, Request, Response, file_version, plain_response,
                                    summary_entry)
from sitegen.preview.editview import FormView
from sitegen.preview.formtree import slots, tree_from_node, wanted_tree
from sitegen.preview.keeping import (KEEP_VERSIONS, as_written, check_change, kept_versions,
                                     put_back, read_as_text, save_file, HISTORY_FOLDER)

PAGE_KEYS = ("title", "description", "menu", "order", "draft")
PAGE_SLOTS = [slot for slot in slots(PageMeta) if slot.name in PAGE_KEYS]
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class PageFile:
    path: str  # like pages/about.md
    title: str
    draft: bool


def routes(editor: Editor) -> dict:
    """The editor's addresses for pages, news and history."""
    pages = PagesEditor(editor)
    return {("GET", "/edit/pages/"): pages.list_page, ("GET", "/edit/page"): pages.edit_page,
            ("POST", "/edit/page"): pages.post_page, ("POST", "/edit/new"): pages.new_file,
            ("POST", "/edit/preview"): pages.live_preview,
            ("GET", "/edit/history/"): pages.history, ("POST", "/edit/history/"): pages.put_back}


class PagesEditor:
    def __init__(self, editor: Editor):
        self.editor, self.folder = editor, editor.folder

    def files(self) -> list[PageFile]:
        """Every Markdown page and news post, as the build finds them."""
        found = []
        for kind in PAGE_FOLDERS:
            for pattern in ("*.md", "*/*.md"):
                for path in sorted((self.folder / kind).glob(pattern)):
                    if path.is_file() and not path.name.startswith(".") and \
                            path.resolve().is_relative_to(self.folder):
                        found.append(self._describe(path))
        return found

    def _describe(self, path: Path) -> PageFile:
        relative = path.relative_to(self.folder).as_posix()
        try:
            text = read_as_text(path)[0]
        except (OSError, UnicodeDecodeError):
            return PageFile(relative, path.stem, False)
        front, _, body = split_page(text)
        meta = _front_values(front)
        heading = _HEADING.search(body)
        title = meta.get("title") or (heading.group(1) if heading else path.stem)
        return PageFile(relative, title, meta.get("draft", "").lower() in ("true", "yes", "on"))

    def list_page(self, request: Request, problems=None, typed=None) -> Response:
        """Every page and news post, and forms to add one."""
        files = self.files()
        groups = [(kind, {"pages": "Pages", "news": "News"}[kind],
                   [f for f in files if f.path.startswith(kind + "/")]) for kind in PAGE_FOLDERS]
        notice = self.editor.notices.pop(request.query.get("done", ""), [])
        return self.editor.page("pages.html", "Pages and news", {
            "groups": groups, "today": date.today().isoformat(), "problems": problems or {},
            "typed": typed or {}, "here": "pages", "notice": notice, "saved": bool(notice)},
            status=400 if problems else 200)

    def _chosen(self, name: str) -> Path | None:
        """The file the browser names, if it is one of the listed ones."""
        listed = {f.path for f in self.files()}
        return self.folder / name if name in listed else None

    def edit_page(self, request: Request) -> Response:
        """The form for one page: front matter fields, the text, and a preview."""
        name = request.query.get("file", "")
        path = self._chosen(name)
        if path is None:
            return plain_response(404, "There is no such page in the pages or news folder.")
        text, raw = read_as_text(path)
        front, _, body = split_page(text)
        tree = tree_from_node(PageMeta, _front_node(front, path))
        notice = self.editor.notices.pop(request.query.get("done", ""), [])
        return self._form(name, tree, body, file_version(raw), notice=notice, saved=bool(notice))

    def post_page(self, request: Request) -> Response:
        """Show the preview, or save the page."""
        fields = dict(request.form())
        name = fields.get("file", "")
        path = self._chosen(name)
        if path is None:
            return plain_response(404, "There is no such page in the pages or news folder.")
        text, raw = read_as_text(path)
        posted = {slot.name: fields.get(slot.name, "") for slot in PAGE_SLOTS}
        body = fields.get("body", "").replace("\r\n", "\n")
        version = fields.get("version", "")
        if version != file_version(raw):
            return self._form(name, posted, body, version, summary=[(
                "", "", f"{name} was changed by another program after this page was opened. "
                "Copy anything you typed, then open the page again.")])
        if fields.get("do") == "preview":
            return self._form(name, posted, body, version)
        try:
            new_text = page_text(text, posted, body, path)
        except (CannotPatch, SiteError) as error:
            return self._form(name, posted, body, version, summary=[("", "", "The editor cannot "
                              f"change this page's settings ({error}). Change them in a text "
                              "editor.")])
        if new_text == text:
            return self._form(name, posted, body, version,
                              notice=["Nothing was changed, so nothing was saved."])
        return self._check_and_save(name, new_text, raw, posted, body, version)

    def _check_and_save(self, name, new_text, raw, posted, body, version) -> Response:
        content = as_written(new_text, raw)
        try:
            warnings = check_change(self.folder, name, content)
        except SiteError as error:
            return self._form(name, posted, body, version, problems=error.problems)
        save_file(self.folder, name, content)
        return self.editor.done(f"/edit/page?file={quote(name)}",
                                ["Saved."] + [w.format() for w in warnings])

    def _form(self, name: str, tree: dict, body: str, version: str, *, notice=(), saved=False,
              problems=(), summary=None) -> Response:
        mine = [p for p in problems if Path(p.file) == self.folder / name]
        by_key = {}
        for problem in mine:
            by_key.setdefault(problem.key or "body", []).append(problem.message)
        view = FormView(by_key, "", "en", date.today())
        controls = [view.control(slot, tree.get(slot.name, ""), slot.name, slot.name.capitalize())
                    for slot in PAGE_SLOTS]
        listed = summary or [summary_entry(p, self.folder, name, view.shown) for p in problems]
        preview, _ = render_markdown(body)
        return self.editor.page("page.html", f"Edit {self._title(name, tree, body)}", {
            "file": name, "controls": controls, "body": body, "preview": preview,
            "version": version, "notice": list(notice), "saved": saved, "summary": listed,
            "body_problems": by_key.get("body", []), "here": "pages"})

    @staticmethod
    def live_preview(request: Request) -> Response:
        """The page's text as HTML (made safe as the build does), for the script's live preview."""
        body = dict(request.form()).get("body", "").replace("\r\n", "\n")
        return Response(200, "text/html; charset=utf-8", render_markdown(body)[0].encode())

    @staticmethod
    def _title(name: str, tree: dict, body: str) -> str:
        heading = _HEADING.search(body)
        return (tree.get("title") or "").strip() or (heading.group(1) if heading else name)

    def new_file(self, request: Request) -> Response:
        """Add a news post (its file name dated) or a page, then open it."""
        fields = dict(request.form())
        kind = "news" if fields.get("kind") == "news" else "pages"
        title = fields.get("title", "").strip()
        if not title:
            return self.list_page(request, {kind: "Give it a title first."}, {kind: title})
        try:
            day = date.fromisoformat(fields.get("date", "")) if kind == "news" else None
        except ValueError:
            return self.list_page(request, {kind: "The date is not a date. Write it like "
                                            "2026-12-08."}, {kind: title})
        name = self._free_name(kind, slugify(title), day)
        content = ("---\n" + render_mapping({"title": title}, 0) + "---\n\n"
                   "Write your text here.\n").encode()
        try:
            check_change(self.folder, name, content)
        except SiteError as error:
            return self.list_page(request, {kind: " ".join(p.message for p in error.problems)},
                                  {kind: title})
        save_file(self.folder, name, content)
        return self.editor.done(f"/edit/page?file={quote(name)}", [f"Added {name}."])

    def _free_name(self, kind: str, slug: str, day: date | None) -> str:
        stem = f"{day.isoformat()}-{slug}" if day else slug
        name, number = f"{kind}/{stem}.md", 1
        while (self.folder / name).exists():
            number += 1
            name = f"{kind}/{stem}-{number}.md"
        return name

    def history(self, request: Request) -> Response:
        """The kept versions, newest first, each with a Put back button."""
        kept = [{"name": k.name, "file": k.file, "when": k.when,
                 "changes": self._changes(k.name, k.file)} for k in kept_versions(self.folder)]
        notice = self.editor.notices.pop(request.query.get("done", ""), [])
        return self.editor.page("history.html", "Earlier versions", {
            "kept": kept, "keep": KEEP_VERSIONS, "here": "history", "notice": notice})

    def _changes(self, name: str, file: str) -> str:
        try:
            old = (self.folder / HISTORY_FOLDER / name).read_text(encoding="utf-8-sig")
            now = (self.folder / file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return ""
        lines = difflib.unified_diff(old.splitlines(), now.splitlines(), "kept", "now",
                                     n=1, lineterm="")
        return "\n".join(list(lines)[2:])

    def put_back(self, request: Request) -> Response:
        """Make a kept version the file again, if it passes the check."""
        name = dict(request.form()).get("name", "")
        try:
            kept, warnings = put_back(self.folder, name)
        except ValueError as error:
            return self.editor.done("/edit/history/", [str(error)])
        except SiteError as error:
            return self.editor.done("/edit/history/", ["That version was not put back, because "
                                    "of these problems:"] + [p.format() for p in error.problems])
        said = [f"Put back {kept.file} as it was until {kept.when}."]
        return self.editor.done("/edit/history/", said + [w.format() for w in warnings])


def split_page(text: str) -> tuple[str | None, str, str]:
    """A page's front matter (None if it has none), its --- lines, and its text."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, "", text
    front = match.group(1) or ""
    return front, text[:match.end()], text[match.end():]


def page_text(text: str, posted: dict, body: str, path: Path) -> str:
    """The page with the front matter values patched in and the new text."""
    front, head, _ = split_page(text)
    node = _front_node(front, path)
    wanted = wanted_tree(PageMeta, posted, node)
    if front is None:
        lines = render_mapping(wanted, 0)
        return (f"---\n{lines}---\n" if lines else "") + body
    new_front = patch_yaml(front, node, wanted)
    opening = head[:head.index("\n") + 1]
    closing = head[len(opening) + len(front):]
    return opening + new_front + closing + body


def _front_node(front: str | None, path: Path):
    if front is None:
        return Mapping()
    return load_yaml_text(front, path, first_line=2)


def _front_values(front: str | None) -> dict[str, str]:
    try:
        node = load_yaml_text(front or "", Path("-"))
    except SiteError:
        return {}
    if not isinstance(node, Mapping):
        return {}
    return {e.key: e.value.text for e in node.entries
            if isinstance(e.value, Scalar) and e.value.text}
