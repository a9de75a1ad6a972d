"""publish: a zip, and uploads to real FTP and SFTP servers (GitHub and Netlify: test_services)."""

from __future__ import annotations

import errno
import io
import json
import re
import socket
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import NOW
from publish_servers import PASSWORD, FtpServer, SftpServer, self_signed_certificate
from sitegen import cli
from sitegen.site import pipeline
from sitegen.core.problems import SiteError
from sitegen.publish.targets import publish
from sitegen.publish.ftp import network_problem, parse_address
from sitegen.publish.remote import MANIFEST, read_manifest, temporary_name

PAGES = {
    "pages/about.md": "# About us\n\nWe meet and talk.\n",
    "pages/getting-here.md": "# Getting here\n\nThe number 5 bus stops outside.\n",
}

def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


def site_files(folder: Path) -> dict[str, bytes]:
    """What a build puts online: every file in _site but sitegen's marker."""
    return {name: content for name, content in snapshot(folder / "_site").items()
            if content is not None and name != ".sitegen-output"}


@pytest.fixture
def group(make_group):
    return make_group(PAGES)


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("SITEGEN_PASSWORD", PASSWORD)


@pytest.fixture
def ftp(tmp_path):
    root = tmp_path / "server"
    root.mkdir()
    with FtpServer(root) as server:
        yield server


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# FTP ----------------------------------------------------------------------------------

def test_the_first_publish_uploads_the_whole_site_and_a_manifest(group, ftp, password):
    lines = publish(group, ftp.url(), now=NOW).lines

    online = snapshot(ftp.root)
    manifest = json.loads(online.pop(MANIFEST))
    assert {name: data for name, data in online.items() if data is not None} == site_files(group)
    assert sorted(manifest["files"]) == sorted(site_files(group))
    assert not any(".sitegen-new-" in name for name in online)
    assert lines[-1].startswith(f"Published to {ftp.url()} (")


def test_publishing_again_after_one_change_uploads_only_that_page(group, ftp, password):
    publish(group, ftp.url(), now=NOW)
    ftp.stored.clear()
    (group / "pages/about.md").write_text("# About us\n\nWe meet on Tuesdays.\n", "utf-8")

    lines = publish(group, ftp.url(), now=NOW).lines

    assert ftp.stored == [temporary_name("about/index.html"), temporary_name(MANIFEST)]
    assert b"We meet on Tuesdays." in (ftp.root / "about/index.html").read_bytes()
    assert "  replaced: about/index.html" in lines


def test_publishing_an_unchanged_site_uploads_nothing(group, ftp, password):
    publish(group, ftp.url(), now=NOW)
    ftp.stored.clear()

    lines = publish(group, ftp.url(), now=NOW).lines

    assert ftp.stored == []
    assert lines == [f"{ftp.url()} is up to date: all {len(site_files(group))} files are "
                     "unchanged."]


def test_a_removed_page_is_deleted_but_the_hosts_own_files_stay(group, ftp, password):
    (ftp.root / ".htaccess").write_text("# the host's own\n")
    (ftp.root / "cgi-bin").mkdir()
    publish(group, ftp.url(), now=NOW)
    (group / "pages/getting-here.md").unlink()

    lines = publish(group, ftp.url(), now=NOW).lines

    assert not (ftp.root / "getting-here").exists()  # the page and its emptied folder
    assert "getting-here/index.html" not in json.loads((ftp.root / MANIFEST).read_text())["files"]
    assert "  deleted: getting-here/index.html" in lines
    assert (ftp.root / ".htaccess").read_text() == "# the host's own\n"
    assert (ftp.root / "cgi-bin").is_dir()


def test_a_folder_in_the_address_is_made_when_missing(group, ftp, password):
    publish(group, ftp.url("public_html/support"), now=NOW)

    assert (ftp.root / "public_html/support/index.html").is_file()
    assert (ftp.root / "public_html/support" / MANIFEST).is_file()


def test_a_wrong_password_is_said_plainly_and_the_server_is_unchanged(group, ftp, password,
                                                                      capsys, monkeypatch):
    publish(group, ftp.url(), now=NOW)
    before = snapshot(ftp.root)
    (group / "pages/about.md").write_text("# About us\n\nChanged.\n", "utf-8")
    monkeypatch.setenv("SITEGEN_PASSWORD", "wrong-password")

    code, out, err = run_cli(["publish", group, "--to", ftp.url()], capsys)

    assert code == 1
    assert err.startswith('127.0.0.1: the server did not accept the user name "sue" with that '
                          "password. Check both with your web host")
    assert "The site online was left as it was." in err
    assert err.endswith("\n\n1 problem found. Publishing stopped there.\n")
    assert "Traceback" not in err
    assert snapshot(ftp.root) == before


def test_a_full_disk_is_said_plainly_and_the_live_site_stays_as_it_was(group, ftp, password):
    publish(group, ftp.url(), now=NOW)
    before = snapshot(ftp.root)
    (group / "pages/about.md").write_text("# About us\n\nChanged.\n", "utf-8")
    (group / "pages/getting-here.md").unlink()
    ftp.full_disk = True

    with pytest.raises(SiteError) as caught:
        publish(group, ftp.url(), now=NOW)

    [problem] = caught.value.problems
    assert problem.message.startswith("the web space is full (the server said: 552 ")
    assert problem.message.endswith("The site online was left as it was.")
    assert snapshot(ftp.root) == before


def test_a_dry_run_lists_the_changes_and_changes_nothing(group, ftp, password, capsys):
    publish(group, ftp.url(), now=NOW)
    (group / "pages/about.md").write_text("# About us\n\nChanged.\n", "utf-8")
    (group / "pages/events.md").write_text("# Events\n\nA new page.\n", "utf-8")
    (group / "pages/getting-here.md").unlink()
    online, local = snapshot(ftp.root), snapshot(group)
    ftp.stored.clear()

    code, out, err = run_cli(["publish", group, "--to", ftp.url(), "--dry-run"], capsys)

    assert code == 0, err
    assert out.startswith(f"Dry run: nothing was changed. Publishing to {ftp.url()} would do "
                          "this (1 new, ")  # the new page is in every page's menu
    assert "  would upload: events/index.html\n" in out
    assert "  would replace: about/index.html\n" in out
    assert "  would delete: getting-here/index.html\n" in out
    assert snapshot(ftp.root) == online and snapshot(group) == local and ftp.stored == []


def test_a_dry_run_to_an_empty_server_lists_every_file_and_makes_no_folder(group, ftp,
                                                                         password):
    lines = publish(group, ftp.url("public_html"), dry_run=True, now=NOW).lines

    assert len(lines) == 1 + len(pipeline.check(group, NOW).files)
    assert list(ftp.root.iterdir()) == []
    assert not (group / "_site").exists()


def test_a_refused_connection_is_said_plainly(group, password):
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]  # free once closed: nothing listens there

    with pytest.raises(SiteError) as caught:
        publish(group, f"ftp://sue@127.0.0.1:{port}/", now=NOW)

    assert caught.value.problems[0].message.startswith(
        f"127.0.0.1 refused the connection on port {port}. Check the address")


def test_an_unknown_or_unreachable_host_is_said_plainly():
    address = parse_address("ftp://sue@ftp.example.invalid/public_html")

    unknown = network_problem(address, socket.gaierror(-2, "Name or service not known"), "log in")
    unreachable = network_problem(address, OSError(errno.EHOSTUNREACH, "No route"), "log in")

    assert unknown.startswith("there is no server called ftp.example.invalid. Check the address")
    assert unreachable.startswith("cannot reach ftp.example.invalid. Check that this computer")


def test_without_a_password_or_a_terminal_nothing_is_tried(group, monkeypatch):
    monkeypatch.delenv("SITEGEN_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO())

    with pytest.raises(SiteError) as caught:
        publish(group, "ftp://sue@127.0.0.1:9/", now=NOW)

    assert caught.value.problems[0].message.startswith(
        "no password: set SITEGEN_PASSWORD to it, or run sitegen publish in a terminal")


@pytest.mark.parametrize("address, message", [
    ("ftp://sue:secret@ftp.example.org/", "the address holds a password. Leave it out"),
    ("ftp://ftp.example.org/", "the address does not say who to log in as."),
])
def test_an_address_with_a_password_or_without_a_user_is_refused(address, message):
    with pytest.raises(SiteError) as caught:
        parse_address(address)

    assert caught.value.problems[0].message.startswith(message)
    assert "secret" not in caught.value.problems[0].format()


def test_a_damaged_manifest_never_names_files_outside_the_site():
    manifest = json.dumps({"files": {"index.html": "ab", "../../etc/passwd": "cd",
                                     "/etc/hosts": "ef", "a/./b": "01", MANIFEST: "23"}})

    assert read_manifest(manifest.encode()) == {"index.html": "ab"}
    assert read_manifest(b"not json") == {}
    assert read_manifest(None) == {}


# FTPS ---------------------------------------------------------------------------------

@pytest.fixture
def ftps(tmp_path):
    pytest.importorskip("OpenSSL", reason="pyftpdlib's FTPS server needs pyOpenSSL")
    root = tmp_path / "ftps-server"
    root.mkdir()
    server_pem, certificate = self_signed_certificate(tmp_path)
    with FtpServer(root, certfile=server_pem) as server:
        server.certificate = certificate
        yield server


def test_ftps_checks_the_servers_certificate_and_uploads_encrypted(group, ftps, password,
                                                                   monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(ftps.certificate))  # trust the test's certificate

    publish(group, ftps.url("public_html"), now=NOW)

    assert (ftps.root / "public_html/index.html").is_file()
    assert (ftps.root / "public_html" / MANIFEST).is_file()


def test_ftps_with_a_certificate_that_cannot_be_checked_sends_no_password(group, ftps,
                                                                         password, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)

    with pytest.raises(SiteError) as caught:
        publish(group, ftps.url(), now=NOW)

    assert caught.value.problems[0].message.startswith(
        "127.0.0.1's security certificate could not be checked (self-signed certificate)")
    assert ftps.stored == [] and list(ftps.root.iterdir()) == []


# SFTP ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def host_key():
    paramiko = pytest.importorskip("paramiko")
    return paramiko.RSAKey.generate(2048)


@pytest.fixture
def sftp(tmp_path, host_key, monkeypatch):
    """An SFTP server this computer already knows (its key in ~/.ssh/known_hosts)."""
    root, home = tmp_path / "sftp-server", tmp_path / "home"
    root.mkdir()
    (home / ".ssh").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    with SftpServer(root, host_key) as server:
        (home / ".ssh/known_hosts").write_text(server.known_hosts_line())
        yield server


def test_sftp_uploads_only_what_changed_and_deletes_what_was_removed(group, sftp, password):
    publish(group, sftp.url("www"), now=NOW)
    assert (sftp.root / "www/index.html").is_file()
    sftp.stored.clear()
    (group / "pages/about.md").write_text("# About us\n\nWe meet on Tuesdays.\n", "utf-8")

    publish(group, sftp.url("www"), now=NOW)

    assert sftp.stored == ["www/" + temporary_name("about/index.html"),
                           "www/" + temporary_name(MANIFEST)]
    assert b"Tuesdays" in (sftp.root / "www/about/index.html").read_bytes()
    (group / "pages/getting-here.md").unlink()
    publish(group, sftp.url("www"), now=NOW)
    assert not (sftp.root / "www/getting-here").exists()
    assert (sftp.root / "www/about/index.html").is_file()


def test_sftp_with_a_wrong_password_changes_nothing(group, sftp, monkeypatch):
    monkeypatch.setenv("SITEGEN_PASSWORD", "wrong-password")

    with pytest.raises(SiteError) as caught:
        publish(group, sftp.url("www"), now=NOW)

    assert caught.value.problems[0].message.startswith(
        'the server did not accept the user name "sue" with that password.')
    assert list(sftp.root.iterdir()) == []


def test_sftp_to_a_server_this_computer_does_not_know_is_refused(group, sftp, password):
    (Path.home() / ".ssh/known_hosts").unlink()

    with pytest.raises(SiteError) as caught:
        publish(group, sftp.url("www"), now=NOW)

    assert caught.value.problems[0].message.startswith(
        "this computer does not know 127.0.0.1 yet, so sitegen cannot be sure it is your web "
        f"host. Connect once with: sftp -P {sftp.port} sue@127.0.0.1")
    assert list(sftp.root.iterdir()) == []


# Zip ----------------------------------------------------------------------------------

def test_the_zip_holds_the_site_sorted_with_fixed_dates_and_is_the_same_every_time(group):
    publish(group, "zip", now=NOW)
    first = (group / "site.zip").read_bytes()
    publish(group, "zip", now=NOW)

    assert (group / "site.zip").read_bytes() == first
    with zipfile.ZipFile(group / "site.zip") as archive:
        names = archive.namelist()
        assert names == sorted(site_files(group))
        assert {name: archive.read(name) for name in names} == site_files(group)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_zip_goes_where_out_says_and_a_dry_run_writes_nothing(group, tmp_path, capsys):
    code, out, _ = run_cli(["publish", group, "--to", "zip", "--dry-run"], capsys)
    assert code == 0 and out.startswith("Dry run: would write")
    assert not (group / "site.zip").exists() and not (group / "_site").exists()

    code, out, _ = run_cli(["publish", group, "--to", "zip", "--out", tmp_path / "up.zip"],
                           capsys)
    assert code == 0 and out.startswith(f"Wrote {tmp_path / 'up.zip'} (")
    assert zipfile.is_zipfile(tmp_path / "up.zip")


def test_an_unknown_target_is_said_plainly(group, capsys):
    code, _, err = run_cli(["publish", group, "--to", "dropbox"], capsys)

    assert code == 1
    assert err.startswith("dropbox: is not a place sitegen can publish to. Use github-pages, "
                          "netlify, zip, or a web host's address")
    assert re.search(r"Traceback", err) is None
