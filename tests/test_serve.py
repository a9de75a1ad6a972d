"""`sitegen serve`: the preview answers only this computer, serves only the site, never writes
into the group folder, and shows problems and form messages in the browser."""

from __future__ import annotations

import contextlib
import html
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from watchdog.events import FileClosedEvent, FileModifiedEvent

from conftest import EXAMPLE_GROUP, REPO
from sitegen.cli import main
from sitegen.preview.preview import Preview, inside, loaded_by_pages, request_path
from sitegen.preview.serve import HostCheck, PreviewServer, Rebuilder, _Edits


@pytest.fixture(scope="module")
def group(tmp_path_factory) -> Path:
    """A copy of the example group (one for the module: a build takes a few seconds)."""
    return shutil.copytree(EXAMPLE_GROUP, tmp_path_factory.mktemp("serve") / "group",
                           ignore=shutil.ignore_patterns("_site"))


@pytest.fixture(scope="module")
def server(group):
    with PreviewServer(group, port=0) as running:
        yield running


def request(server: PreviewServer, target: str, method: str = "GET", host: str | None = None,
            body: bytes | None = None, headers: dict | None = None):
    """Send the request target exactly as given (no normalising); return (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", f"127.0.0.1:{server.port}" if host is None else host)
    for name, value in {**(headers or {}), "Content-Length": str(len(body or b""))}.items():
        connection.putheader(name, value)
    connection.endheaders(body)
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


@pytest.mark.parametrize("target", [
    "/../group.yaml", "/%2e%2e/group.yaml", "/%2E%2E/%2e%2e/etc/passwd", "/images/../group.yaml",
    "/images/..%2fgroup.yaml", "/images%2f..%2f..%2fgroup.yaml", "/..%5cgroup.yaml",
    "/images/%2e%2e/%2e%2e/group.yaml", "/./group.yaml", "/%252e%252e/group.yaml",
    "/pages/about.md", "/group.yaml", "/%00index.html",
])
def test_paths_outside_the_site_are_not_found(server, target):
    status, _, body = request(server, target)
    assert status == 404
    assert b"Riverside" not in body and b"root:" not in body


def test_request_paths_become_site_files_or_nothing():
    assert request_path("/") == "index.html"
    assert request_path("/about/?x=1") == "about/index.html"
    assert request_path("/images/logo%20big.svg") == "images/logo big.svg"
    assert request_path("/a/%2e%2e/b") is None
    assert request_path("/a%2Fb") is None
    assert request_path("http://evil/") is None


def test_a_link_to_a_file_outside_the_site_is_not_followed(tmp_path):
    site, outside = tmp_path / "site", tmp_path / "secret.txt"
    site.mkdir()
    outside.write_text("secret")
    (site / "link.txt").symlink_to(outside)
    (site / "real.txt").write_text("fine")
    assert not inside(site / "link.txt", (site.resolve(),))
    assert inside(site / "real.txt", (site.resolve(),))


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io:{port}",
                                  "127.0.0.1:1", "localhost", ""])
def test_a_host_name_other_than_this_computer_gets_400(server, host):
    status, _, body = request(server, "/", host=host.format(port=server.port))
    assert status == 400
    assert b"Riverside" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_this_computer_by_number_or_name_gets_the_site(server, host):
    status, _, body = request(server, "/", host=host.format(port=server.port))
    assert status == 200
    assert b"Riverside Parents Together" in body


def test_with_host_0_0_0_0_addresses_in_numbers_are_answered_but_names_are_not():
    hosts = HostCheck("0.0.0.0", 8000)
    assert hosts.allows("192.168.1.20:8000") and hosts.allows("localhost:8000")
    assert hosts.allows("[fe80::1]:8000")
    assert not hosts.allows("192.168.1.20:8001")
    assert not hosts.allows("evil.example:8000")
    assert not hosts.allows('[fe80::1%"><script>]:8000')
    assert not HostCheck("127.0.0.1", 8000).allows("192.168.1.20:8000")
    assert HostCheck("192.168.1.20", 8000).allows("192.168.1.20:8000")


def test_the_server_listens_only_on_127_0_0_1_by_default(server):
    assert server.address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/"
    other = _non_loopback_address()
    if other:
        with pytest.raises(OSError):
            socket.create_connection((other, server.port), timeout=2).close()


def _non_loopback_address() -> str | None:
    """This computer's address on its network, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for a UDP connect
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_pages_get_the_reload_script_and_built_files_do_not(server, group):
    _, headers, body = request(server, "/about/")
    assert b'<script src="/__sitegen/reload.js" data-page="about/index.html"' in body
    assert b'data-status="200"' in body  # a swap into a page of another status reloads instead
    assert headers["Cache-Control"] == "no-store"
    assert b"__sitegen" not in server.preview.files["about/index.html"]
    status, headers, script = request(server, "/__sitegen/reload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"EventSource" in script


def test_a_folder_without_its_slash_is_redirected(server):
    status, headers, _ = request(server, "/about")
    assert status == 301 and headers["Location"] == "/about/"


def test_a_missing_page_gets_the_sites_404_page(server):
    status, _, body = request(server, "/no-such-page/")
    assert status == 404
    assert b"Page not found" in body and b"reload.js" in body and b'data-status="404"' in body


def test_the_preview_form_shows_what_would_be_sent_escaped(server):
    _, _, contact = request(server, "/contact/")
    action = re.search(rb'<form class="contact-form"[^>]*action="([^"]+)"', contact).group(1)
    assert action.decode() == server.url + "__sitegen/form"
    fields = {"name": "<b>Amira</b>", "reply": "07700 900456", "message": "Hello & bye"}
    status, headers, body = request(
        server, urlsplit(action.decode()).path, "POST", body=urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert b"This is what would be sent" in body
    assert b"&lt;b&gt;Amira&lt;/b&gt;" in body and b"<b>Amira" not in body
    assert b"07700 900456" in body and b"Hello &amp; bye" in body


def test_an_up_to_date_page_hears_nothing_and_an_old_one_reloads(server):
    version = server.preview.version
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=1)
    connection.sendall(f"GET /__sitegen/events?page=index.html&since={version} HTTP/1.1\r\n"
                       f"Host: 127.0.0.1:{server.port}\r\n\r\n".encode())
    time.sleep(0.5)
    assert b"event: reload" not in connection.recv(4096)
    connection.close()
    _, _, old = request(server, "/__sitegen/events?page=index.html&since=gone-1")
    assert b"event: reload" in old


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A preview rebuilt by hand (no server, no watcher) on its own copy of the example."""
    folder = shutil.copytree(EXAMPLE_GROUP, tmp_path_factory.mktemp("preview") / "group",
                             ignore=shutil.ignore_patterns("_site"))
    shown = Preview(folder, form_endpoint="http://127.0.0.1:9/__sitegen/form")
    assert not shown.rebuild().problems
    yield shown
    shown.stop()


def test_the_preview_does_not_warn_at_every_save_that_it_makes_no_pdfs(preview):
    # It never makes them, and says so once when it starts.
    (preview.folder / "pages" / "about.md").touch()
    assert not [line for line in preview.rebuild().warnings if "PDF" in line]


def test_a_save_without_changes_reloads_no_page(preview):
    version = preview.version
    (preview.folder / "pages" / "about.md").touch()
    rebuild = preview.rebuild()
    assert not any(path.endswith(".html") for path in rebuild.changed)
    assert preview.update_for("about/index.html", version) is None
    assert preview.update_for("index.html", version) is None


def test_a_page_edit_swaps_that_page_only(preview):
    version = preview.version
    about = preview.folder / "pages" / "about.md"
    about.write_text(about.read_text() + "\nA new paragraph.\n")
    rebuild = preview.rebuild()
    assert "about/index.html" in rebuild.changed
    assert preview.update_for("about/index.html", version) == "swap"
    assert preview.update_for("contact/index.html", version) is None


@contextlib.contextmanager
def group_yaml_edited(preview: Preview, old: str, new: str):
    """group.yaml with `old` replaced by `new` inside the `with`, which is given the
    preview's version from before the edit; then the file as it was, built again."""
    config = preview.folder / "group.yaml"
    good = config.read_text()
    version = preview.version
    config.write_text(good.replace(old, new))
    try:
        yield version
    finally:
        config.write_text(good)
        preview.rebuild()


def test_a_new_tagline_swaps_the_home_page_though_its_link_preview_card_changed(preview):
    with group_yaml_edited(preview, "tagline: Coffee", "tagline: Tea") as version:
        rebuild = preview.rebuild()
        assert "share.png" in rebuild.changed and "index.html" in rebuild.changed
        assert preview.update_for("index.html", version) == "swap"


def test_a_new_colour_reloads_every_page(preview):
    colour = re.search(r"^colour: .*$", (preview.folder / "group.yaml").read_text(), re.M)
    with group_yaml_edited(preview, colour.group(0), 'colour: "#1d4d1d"') as version:
        rebuild = preview.rebuild()
        assert not rebuild.problems and "style.css" in rebuild.changed
        assert preview.update_for("contact/index.html", version) == "reload"


def test_only_files_pages_load_make_them_reload():
    assert loaded_by_pages("style.css") and loaded_by_pages("images/share.png")
    assert loaded_by_pages("riverside/images/share.png")
    assert not loaded_by_pages("share.png") and not loaded_by_pages("riverside/share.png")
    assert not loaded_by_pages("about/index.html") and not loaded_by_pages("meetings.ics")


def test_a_broken_file_shows_the_command_lines_message_over_the_last_good_site(preview, capsys):
    config = preview.folder / "group.yaml"
    good = config.read_text()
    version = preview.version
    config.write_text(good.replace("tagline: Coffee", 'tagline: "Coffee <b>'))
    try:
        rebuild = preview.rebuild()
        assert main(["check", str(preview.folder)]) == 1
        printed = capsys.readouterr().err.splitlines()
        assert rebuild.problems[:-1] == printed[:len(rebuild.problems) - 1]
        assert re.search(r"group\.yaml:\d+:\d+: ", rebuild.problems[0])
        assert preview.update_for("contact/index.html", version) == "swap"
        assert "index.html" in preview.files  # the last good site is still there
    finally:
        config.write_text(good)
    broken = preview.version
    assert not preview.rebuild().problems
    assert preview.update_for("contact/index.html", broken) == "swap"


def test_problems_are_shown_escaped_in_every_page(server, group):
    config = group / "group.yaml"
    good = config.read_text()
    config.write_text(good.replace("time: 10:00-12:00", "time: <b>noon</b>"))
    line = good.splitlines().index("    time: 10:00-12:00") + 1
    try:
        page = _wait_for(server, "/getting-here/", b"sitegen-problems")
        message = f'group.yaml:{line}:11: meetings[0].time: "<b>noon</b>" is not a time.'
        assert html.escape(message).encode() in page
        assert b"<b>noon" not in page
        assert b"Getting here" in page  # the last good page, under the banner
    finally:
        config.write_text(good)
    assert b"sitegen-problems" not in _wait_for(server, "/getting-here/", b"sitegen-problems",
                                                present=False)


def _wait_for(server, target: str, text: bytes, present: bool = True, seconds: float = 60):
    """Fetch until the page does (or does not) hold `text`; the rebuild takes a moment."""
    deadline = time.monotonic() + seconds
    while True:
        _, _, body = request(server, target)
        if (text in body) == present or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_a_serve_session_leaves_the_group_folder_as_it_was(tmp_path):
    folder = shutil.copytree(EXAMPLE_GROUP, tmp_path / "group",
                             ignore=shutil.ignore_patterns("_site"))
    before = _snapshot(folder)
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", str(folder), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        url = _printed_url(process)
        assert url.startswith("http://127.0.0.1:")
        running = PreviewAt(int(urlsplit(url).port))
        for target in ("/", "/about/", "/contact/", "/meetings.ics", "/images/logo.svg"):
            assert request(running, target)[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Stopped." in out
    assert not (folder / "_site").exists()
    assert _snapshot(folder) == before


class PreviewAt:
    """Just enough of a PreviewServer for request()."""

    def __init__(self, port: int):
        self.port = port


def _printed_url(process: subprocess.Popen) -> str:
    for line in process.stdout:
        match = re.search(r"at (http://\S+)", line)
        if match:
            return match.group(1)
    raise AssertionError("sitegen serve printed no address: " + process.stderr.read())


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else b"/"
            for path in sorted(folder.rglob("*"))}


class _SlowPreview:
    """Stands in for Preview: each rebuild takes a moment and is counted."""

    def __init__(self):
        self.rebuilds = 0
        self.started = threading.Event()
        self.release = threading.Event()

    def rebuild(self):
        self.rebuilds += 1
        self.started.set()
        self.release.wait(10)
        return None


def test_a_save_rebuilds_at_once_and_saves_during_a_rebuild_make_one_more(tmp_path):
    preview = _SlowPreview()
    rebuilder = Rebuilder(preview, [tmp_path], log=lambda rebuild: None)
    rebuilder.start()
    try:
        rebuilder.changed()
        assert preview.started.wait(10)  # no quiet spell to wait for first
        for _ in range(5):
            rebuilder.changed()  # a burst while the first rebuild runs
        preview.started.clear()
        preview.release.set()
        assert preview.started.wait(10)
        time.sleep(0.2)  # room for a wrong third rebuild to start
    finally:
        rebuilder.stop()
    assert preview.rebuilds == 2


def test_with_inotify_a_file_counts_once_its_writer_closes_it(tmp_path):
    noticed = []
    edits = _Edits(tmp_path, lambda: noticed.append(True), complete_only=True)
    page = str(tmp_path / "pages" / "about.md")

    edits.on_any_event(FileModifiedEvent(page))  # half written
    assert not noticed
    edits.on_any_event(FileClosedEvent(page))
    assert noticed
