"""`sitegen serve`: preview the site in a browser, rebuilt and reloaded on every save.

A standard-library web server on 127.0.0.1 serves the site from memory
(sitegen/preview/preview.py), so the group folder is never written to. watchdog
watches the group folder and the themes; as soon as a save is complete the
site is rebuilt (saves during a rebuild make one more), and open pages whose
files changed hear of it through server-sent events at once: they put their new
content in place, or reload when the stylesheets, scripts or pictures they load changed.
"""

from __future__ import annotations

import http.server
import ipaddress
import re
import socket
import sys
import threading
import time
import webbrowser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from sitegen.preview.preview import (FORM_PATH, HTML, NOT_FOUND, PREFIX, PREVIEW_CSS, RELOAD_JS,
                             Preview, Rebuild, content_type, form_fields, form_page,
                             preview_page, problems_page, request_path)
from sitegen.core.problems import Problem, SiteError
from sitegen.core.themes import themes_root
from sitegen.preview.editor import Editor, Request, is_editor_address

LOCALHOST = "127.0.0.1"
DEFAULT_PORT = 8000
KEEPALIVE_SECONDS = 15  # an idle event stream writes a comment this often, to notice closed tabs
MAX_FORM_BYTES = 1_000_000
# Edits, as the watcher reports them. inotify (Linux) also says when a file written to is
# closed: the save is complete then, so a rebuild never reads half a file; elsewhere
# "modified" is all there is. (inotify also reports files opened and read: not edits.)
COMPLETE_EDITS = {"closed", "deleted", "moved"}
EDIT_EVENTS = COMPLETE_EDITS | {"created", "modified"}
PREVIEW_FILES = {PREFIX + "reload.js": ("text/javascript; charset=utf-8", RELOAD_JS),
                 PREFIX + "preview.css": ("text/css; charset=utf-8", PREVIEW_CSS)}
_IP_LITERAL = re.compile(r"[0-9.]+|\[[0-9a-f:.]+\]")


def serve(folder: Path, port: int = DEFAULT_PORT, host: str | None = None,
          open_browser: bool = False, edit: bool = False) -> int:
    """Preview the group folder until Ctrl+C; return the exit status."""
    remote = bool(host) and not _is_loopback(host)
    if remote:
        print(f"Warning: with --host {host}, other computers on your network can see this "
              "preview. Use it only on a network you trust."
              + (" The editor asks for the code printed below." if edit else
                 " The editor at /edit/ is off; add --edit to turn it on."),
              file=sys.stderr, flush=True)
    server = PreviewServer(folder, host or LOCALHOST, port, log=print_rebuild,
                           editing=edit or not remote)
    try:
        url = server.start()
        print(f"Previewing {folder} at {url}\nSave a change to any file and the page in your "
              "browser updates by itself. Press Ctrl+C to stop.\nThe preview makes no "
              "poster or leaflet PDFs, to keep up with you: `sitegen build` makes them.",
              flush=True)
        if server.editor:
            print(f"To change the site in your browser instead: {url}edit/", flush=True)
        if open_browser:
            webbrowser.open(url)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    except OSError as error:
        if server.url:  # not the port: something after it
            raise
        print(f"Cannot preview on {host or LOCALHOST} port {port}: {error.strerror or error}. "
              f"Try another port, like: sitegen serve --port {port + 1}", file=sys.stderr)
        return 1
    finally:
        server.stop()
    return 0


class PreviewServer:
    """The preview web server, its file watcher and its rebuilds; start() then stop()."""

    def __init__(self, folder: Path, host: str = LOCALHOST, port: int = DEFAULT_PORT,
                 log=lambda rebuild: None, editing: bool = True):
        if not folder.is_dir():
            raise SiteError([Problem(folder, None, None, "is not a folder. Give the folder "
                                     "that holds group.yaml.")])
        self.folder, self.host, self.port, self.log = folder.resolve(), host, port, log
        self.url = ""
        self.editing = editing  # the editor at /edit/; it asks for a code beyond this computer
        self.editor: Editor | None = None
        self.preview: Preview | None = None
        self._httpd: _HTTPServer | None = None
        self._rebuilder: Rebuilder | None = None
        self._serving: threading.Thread | None = None

    def start(self) -> str:
        """Build once, start serving and watching; return the address to open."""
        self._httpd = _HTTPServer(self.host, self.port)
        self.port = self._httpd.server_address[1]
        self.url = f"http://{_url_host(self.host)}:{self.port}/"
        self.preview = Preview(self.folder, form_endpoint=self.url + FORM_PATH)
        self.log(self.preview.rebuild())
        if self.editing:
            self.editor = Editor(self.folder, ask_code=not _is_loopback(self.host),
                                 announce=lambda line: print(line, flush=True))
        self._httpd.configure(self.preview, self.host, self.port, self.url, self.editor)
        self._rebuilder = Rebuilder(self.preview, [self.folder, themes_root()], self.log)
        self._rebuilder.start()
        self._serving = threading.Thread(target=self._httpd.serve_forever,
                                         name="sitegen-serve", daemon=True)
        self._serving.start()
        return self.url

    def stop(self) -> None:
        """Stop watching and serving (however far start() got); open event streams end."""
        if self._rebuilder:
            self._rebuilder.stop()
        if self.preview:
            self.preview.stop()
        if self._serving:
            self._httpd.shutdown()
        if self._httpd:
            self._httpd.server_close()

    @property
    def address(self) -> tuple:
        """The address the server listens on."""
        return self._httpd.server_address

    def __enter__(self) -> PreviewServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


class Rebuilder:
    """Rebuild as soon as a file is saved; saves during a rebuild make one more, after it.

    No waiting for a quiet spell first: a single save is shown at once, and a
    burst of saves (an editor saving several files, or a rebuild that takes
    longer than the typing between saves) costs one rebuild after the current one.
    """

    def __init__(self, preview: Preview, folders: list[Path], log):
        self.preview, self.folders, self.log = preview, [f.resolve() for f in folders], log
        self._pending = False
        self._stopping = False
        self._wake = threading.Condition()
        self._observer = Observer()
        self._thread = threading.Thread(target=self._run, name="sitegen-rebuild", daemon=True)

    def start(self) -> None:
        """Start watching the folders."""
        complete_only = type(self._observer).__name__ == "InotifyObserver"
        for folder in self.folders:
            self._observer.schedule(_Edits(folder, self.changed, complete_only), str(folder),
                                    recursive=True)
        self._observer.start()
        self._thread.start()

    def changed(self) -> None:
        """Note a change: rebuild now, or after the rebuild under way."""
        with self._wake:
            self._pending = True
            self._wake.notify()

    def stop(self) -> None:
        """Stop watching; let a rebuild under way finish."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._stopping or self._pending)
                if self._stopping:
                    return
                self._pending = False  # edits from here on make the next rebuild
            self.log(self.preview.rebuild())


class _Edits(FileSystemEventHandler):
    """Pass on edits under `root`, skipping the built site, hidden files and editor backups.

    With `complete_only`, a file counts once it is closed after writing (or moved
    or deleted), not at each write while it is being saved.
    """

    def __init__(self, root: Path, notice, complete_only: bool = False):
        self.root, self.notice = root, notice
        self.events = COMPLETE_EDITS if complete_only else EDIT_EVENTS

    def on_any_event(self, event) -> None:
        if event.event_type not in self.events:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(path and self._counts(Path(_text(path))) for path in paths):
            self.notice()

    def _counts(self, path: Path) -> bool:
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            return True
        ignored = any(part.startswith(".") or part.endswith("~") or part == "__pycache__"
                      for part in parts)
        return not ignored and (not parts or parts[0] != "_site")


def _text(path: str | bytes) -> str:
    return path.decode(errors="surrogateescape") if isinstance(path, bytes) else path


class HostCheck:
    """Which Host headers the preview answers: this computer's names, against DNS rebinding."""

    def __init__(self, host: str, port: int):
        self.port = port
        self.any_address = host in ("0.0.0.0", "::", "")
        names = {"127.0.0.1", "localhost", "[::1]", _url_host(host).lower()}
        self.names = {f"{name}:{port}" for name in names} | (names if port == 80 else set())

    def allows(self, header: str) -> bool:
        """Whether a request with this Host header may be answered."""
        host = header.strip().lower()
        return host in self.names or (self.any_address and self._address(host))

    def _address(self, host: str) -> bool:
        """With a --host such as 0.0.0.0, any address written as numbers (which no DNS
        rebinding can use); the name then goes into pages, so nothing else."""
        name, _, port = host.rpartition(":")
        if port != str(self.port) or not _IP_LITERAL.fullmatch(name):
            return False
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return True


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # a reloading page asks for several files at once

    def __init__(self, host: str, port: int):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), PreviewHandler)

    def configure(self, preview: Preview, host: str, port: int, url: str,
                  editor: Editor | None = None) -> None:
        self.preview, self.url, self.hosts = preview, url, HostCheck(host, port)
        self.editor = editor


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Serve the site from memory, the preview's own files, the event stream and the form."""

    server: _HTTPServer
    server_version = "sitegen-preview"

    def do_GET(self) -> None:
        self._get(send_body=True)

    def do_HEAD(self) -> None:
        self._get(send_body=False)

    def do_POST(self) -> None:
        if not self._host_allowed():
            return
        editing = self.server.editor and is_editor_address(self.path)
        if request_path(self.path) != FORM_PATH and not editing:
            return self._plain(405, "Only the preview's contact form takes messages.")
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_FORM_BYTES:
            return self._plain(413, "That message is too long.")
        body = self.rfile.read(int(length))
        if editing:
            return self._edit("POST", body)
        fields = form_fields(body, self.headers.get("Content-Type", ""))
        self._send(200, HTML, form_page(fields),
                   [("Content-Security-Policy", "default-src 'none'; style-src 'self'")])

    def _get(self, send_body: bool) -> None:
        if not self._host_allowed():
            return
        if self.server.editor and is_editor_address(self.path):
            return self._edit("GET", b"", send_body)
        path = request_path(self.path)
        if path is None:
            return self._plain(404, "Not found.", send_body)
        if path == PREFIX + "events":
            return self._events()
        if path in PREVIEW_FILES:
            return self._send(200, *PREVIEW_FILES[path], send_body=send_body)
        files = self.server.preview.files
        if path not in files and path + "/index.html" in files:
            return self._redirect(urlsplit(self.path).path + "/")
        self._site_file(path, send_body)

    def _edit(self, method: str, body: bytes, send_body: bool = True) -> None:
        """Hand a request to the editor (sitegen/preview/editor.py)."""
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.editor.respond(Request(method, self.path, headers, body))
        self._send(answer.status, answer.media_type, answer.body, answer.headers, send_body)

    def _site_file(self, path: str, send_body: bool) -> None:
        preview = self.server.preview
        files, problems, version = preview.snapshot(path)
        status, content = 200, preview.read(files, path)
        if content is None and Path(path).suffix in ("", ".html"):  # a page, not a file
            status, content = 404, preview.read(files, NOT_FOUND)
            if content is None and problems:
                body = problems_page(problems, path, version, bool(self.server.editor))
                return self._send(500, HTML, body, send_body=send_body)
        if content is None:
            return self._plain(404, "Not found.", send_body)
        body = content.read_bytes() if isinstance(content, Path) else content
        if path.endswith(".html") or status == 404:
            body = preview_page(self._own_origin(body), path, version, problems,
                                bool(self.server.editor), status)
            return self._send(status, HTML, body, send_body=send_body)
        self._send(status, content_type(path), body, send_body=send_body)

    def _own_origin(self, page: bytes) -> bytes:
        """Point the form at this server by the name the browser used (it may be a LAN address)."""
        own = self.server.url.rstrip("/").encode()
        asked = f"http://{self.headers['Host']}".encode()
        return page.replace(own, asked) if asked != own else page

    def _events(self) -> None:
        """Server-sent events: one `swap` or `reload` (Preview.update_for) when this page's
        files change."""
        query = parse_qs(urlsplit(self.path).query)
        page, since = query.get("page", [""])[0], query.get("since", [""])[0]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        preview = self.server.preview
        while not preview.stopped:
            update = preview.wait_for_update(page, since, KEEPALIVE_SECONDS)
            if update:
                self.wfile.write(f"event: {update}\ndata: {update}\n\n".encode())
                return
            self.wfile.write(b": waiting for changes\n\n")

    def _host_allowed(self) -> bool:
        """Answer 400 to a Host header naming anything but this computer."""
        if self.server.hosts.allows(self.headers.get("Host") or ""):
            return True
        self._plain(400, "This preview only answers to http://127.0.0.1 or http://localhost "
                    "(or the --host given).")
        return False

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _plain(self, status: int, message: str, send_body: bool = True) -> None:
        self._send(status, content_type(".txt"), (message + "\n").encode(),
                   send_body=send_body)

    def _send(self, status: int, media_type: str, body: bytes, headers=(),
              send_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload, a closed tab)

    def log_message(self, *args) -> None:
        pass


def print_rebuild(rebuild: Rebuild) -> None:
    """Say in the terminal what a rebuild did; problems as `sitegen check` prints them."""
    when = time.strftime("%H:%M:%S")
    for line in rebuild.problems[:-1] or rebuild.warnings:
        print(line, file=sys.stderr)
    if rebuild.problems:
        print(f"{when} {rebuild.problems[-1]} The preview shows them, over the last site "
              "that worked.", file=sys.stderr, flush=True)
        return
    pages = sum(1 for path in rebuild.changed if path.endswith(".html"))
    print(f"{when} Built in {rebuild.seconds * 1000:.0f} ms: "
          f"{len(rebuild.changed)} files changed ({pages} pages).", flush=True)


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return LOCALHOST
    return f"[{host}]" if ":" in host else host


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
