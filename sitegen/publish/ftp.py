"""Connections to a web host by FTP or FTPS, each failure told in plain words.

An FtpConnection (and publish_sftp's SftpConnection) offers the same few
operations (read, write, rename, delete, make and remove a folder) on paths
inside the site's folder on the server; `publish_remote` decides what to do.
The web host's address and the messages for failures live here too.
"""

from __future__ import annotations

import errno
import ftplib
import io
import socket
import ssl
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.core.problems import Problem, SiteError

PASSWORD_VARIABLE = "SITEGEN_PASSWORD"
DEFAULT_PORTS = {"ftp": 21, "ftps": 21, "sftp": 22}
TIMEOUT = 30  # seconds; shared hosting can be slow, but a volunteer should not wait forever
EXAMPLE = "ftp://sue@ftp.example.org/public_html"


class RemoteError(Exception):
    """The server could not be used; the message says why in plain words."""


@dataclass(frozen=True)
class Address:
    """Where the site goes: `scheme://user@host:port/folder`."""

    scheme: str
    host: str
    port: int
    user: str
    folder: str  # inside the folder the user logs in to; "/..." from the top

    def __str__(self) -> str:
        port = "" if self.port == DEFAULT_PORTS[self.scheme] else f":{self.port}"
        return f"{self.scheme}://{self.user}@{self.host}{port}/{self.folder}"


def parse_address(text: str) -> Address:
    """Read an ftp://, ftps:// or sftp:// address; refuse one that holds a password."""
    parts = urlsplit(text)
    where = Path(text.split("@")[-1] if "@" in text else text)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise _address_problem(where, f"is not an address sitegen can upload to. Write it like "
                                      f"{EXAMPLE} (or ftps://, sftp://).")
    if parts.password is not None:
        raise _address_problem(Path(parts.hostname), "the address holds a password. Leave it "
                               f"out: sitegen asks for it, or reads it from {PASSWORD_VARIABLE}.")
    if not parts.username:
        raise _address_problem(Path(parts.hostname), "the address does not say who to log in "
                               f"as. Put the user name before an @, like {EXAMPLE}.")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise _address_problem(Path(parts.hostname), "the port after the : is not a "
                               "number.") from None
    folder = unquote(parts.path)[1:].rstrip("/") or ("/" if parts.path.startswith("//") else "")
    return Address(parts.scheme, parts.hostname, port, unquote(parts.username), folder)


def _address_problem(where: Path, message: str) -> SiteError:
    return SiteError([Problem(where, None, None, message)])


class FtpConnection:
    """An FTP or FTPS session in the site's folder."""

    def __init__(self, ftp: ftplib.FTP, address: Address, folder_exists: bool):
        self.ftp, self.address, self.folder_exists = ftp, address, folder_exists

    def read(self, path: str) -> bytes | None:
        """Return the file's content, or None if there is no such file."""
        if not self.folder_exists:
            return None
        buffer = io.BytesIO()
        with _ftp_errors(self.address, f"read {path}"):
            try:
                self.ftp.retrbinary(f"RETR {path}", buffer.write)
            except ftplib.error_perm as error:
                if _code(error) == "550":
                    return None
                raise
        return buffer.getvalue()

    def write(self, path: str, data: bytes) -> None:
        with _ftp_errors(self.address, f"upload {path}"):
            self.ftp.storbinary(f"STOR {path}", io.BytesIO(data))

    def rename(self, source: str, target: str) -> None:
        with _ftp_errors(self.address, f"put {target} in place"):
            try:
                self.ftp.rename(source, target)
            except ftplib.error_perm:  # some servers will not rename over an existing file
                self.ftp.delete(target)
                self.ftp.rename(source, target)

    def delete(self, path: str) -> None:
        with _ftp_errors(self.address, f"delete {path}"):
            try:
                self.ftp.delete(path)
            except ftplib.error_perm as error:
                if _code(error) != "550":  # 550: already gone
                    raise

    def make_folder(self, path: str) -> None:
        with _ftp_errors(self.address, f"make the folder {path}"):
            try:
                self.ftp.mkd(path)
            except ftplib.error_perm as error:
                if _code(error) != "550":  # 550: it is there already
                    raise

    def remove_folder(self, path: str) -> None:
        """Remove an empty folder; leave it if the server will not (it may hold other files)."""
        try:
            self.ftp.rmd(path)
        except ftplib.Error:
            pass

    def close(self) -> None:
        try:
            self.ftp.quit()
        except (ftplib.Error, OSError, EOFError):
            self.ftp.close()


def open_ftp(address: Address, password: str | None, create_folder: bool) -> FtpConnection:
    """Log in by FTP (or FTPS, checking the server's certificate) and go to the folder."""
    if address.scheme == "ftps":
        ftp: ftplib.FTP = ftplib.FTP_TLS(context=ssl.create_default_context(), timeout=TIMEOUT)
    else:
        ftp = ftplib.FTP(timeout=TIMEOUT)
    try:
        with _ftp_errors(address, "log in"):
            ftp.connect(address.host, address.port)
            ftp.login(address.user, password or "")
            if isinstance(ftp, ftplib.FTP_TLS):
                ftp.prot_p()  # the files travel encrypted too, not only the password
        with _ftp_errors(address, f"open the folder {address.folder}"):
            exists = _enter_ftp_folder(ftp, address.folder, create_folder)
    except BaseException:
        ftp.close()
        raise
    return FtpConnection(ftp, address, exists)


def _enter_ftp_folder(ftp: ftplib.FTP, folder: str, create: bool) -> bool:
    if not folder:
        return True
    try:
        ftp.cwd(folder)
        return True
    except ftplib.error_perm:
        if not create:
            return False
    if folder.startswith("/"):
        ftp.cwd("/")
    for part in folder.strip("/").split("/"):
        try:
            ftp.cwd(part)
        except ftplib.error_perm:
            ftp.mkd(part)
            ftp.cwd(part)
    return True


def _code(error: Exception) -> str:
    return str(error)[:3]


@contextmanager
def _ftp_errors(address: Address, doing: str):
    """Turn what ftplib and the network raise into a RemoteError in plain words."""
    try:
        yield
    except (ftplib.error_perm, ftplib.error_temp) as error:
        raise RemoteError(_ftp_refusal(address, doing, error)) from error
    except (ftplib.error_reply, ftplib.error_proto) as error:
        raise RemoteError(f"{address.host} answered in a way sitegen did not understand "
                          f"while trying to {doing} ({error}).") from error
    except (OSError, EOFError) as error:
        raise RemoteError(network_problem(address, error, doing)) from error


def _ftp_refusal(address: Address, doing: str, error: Exception) -> str:
    code = _code(error)
    if code == "530":
        return wrong_login(address)
    if code in ("452", "552"):
        return full_disk(error)
    if code in ("550", "553"):
        return (f"the server would not let sitegen {doing} (it said: {error}). Check the folder "
                f"in the address, and that {address.user} may write there.")
    if code.startswith("4"):
        return f"the server could not {doing} just now (it said: {error}). Try again later."
    return f"the server refused to {doing} (it said: {error})."


# Messages shared by FTP and SFTP ------------------------------------------------------

def wrong_login(address: Address) -> str:
    """The message for a user name or password the server did not accept."""
    return (f"the server did not accept the user name \"{address.user}\" with that password. "
            "Check both with your web host, then try again (type the password when asked, "
            f"or set {PASSWORD_VARIABLE}).")


def full_disk(error: Exception) -> str:
    """The message for a server whose disk or quota is full."""
    return (f"the web space is full (the server said: {error}). Delete old files from it, "
            "or ask your web host for more room, then try again.")


def network_problem(address: Address, error: BaseException, doing: str) -> str:
    """Say in plain words why the network connection failed."""
    host = address.host
    if isinstance(error, socket.gaierror):
        return (f"there is no server called {host}. Check the address your web host gave "
                f"you; it looks like {EXAMPLE}.")
    if isinstance(error, ConnectionRefusedError):
        return (f"{host} refused the connection on port {address.port}. Check the address; "
                f"your host may want a different kind than {address.scheme}:// "
                "(ftp://, ftps:// or sftp://) or another port.")
    if isinstance(error, (TimeoutError, socket.timeout)):
        return (f"{host} did not answer within {TIMEOUT} seconds. Check that this computer "
                "is online and that the address is right, then try again.")
    if getattr(error, "errno", None) in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return (f"cannot reach {host}. Check that this computer is online and that the "
                "address is right, then try again.")
    if isinstance(error, ssl.SSLCertVerificationError):
        return (f"{host}'s security certificate could not be checked ({error.verify_message}), "
                "so sitegen did not send the password. Check the address with your web host.")
    if isinstance(error, ssl.SSLError):
        return f"the encrypted connection to {host} failed ({error}). Ask your web host."
    if getattr(error, "errno", None) == errno.ENOSPC:
        return full_disk(error)
    reason = str(error) or type(error).__name__
    return f"the connection to {host} failed while trying to {doing} ({reason})."
