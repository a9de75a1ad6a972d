"""Connections to a web host by SFTP (with paramiko, when it is installed)."""

from __future__ import annotations

import errno
import io
import posixpath
import socket
from contextlib import contextmanager

from sitegen.publish.ftp import TIMEOUT, Address, RemoteError, network_problem, wrong_login


class SftpConnection:
    """An SFTP session in the site's folder."""

    def __init__(self, client, sftp, address: Address, folder_exists: bool):
        self.client, self.sftp, self.address = client, sftp, address
        self.folder_exists = folder_exists

    def read(self, path: str) -> bytes | None:
        if not self.folder_exists:
            return None
        with _sftp_errors(self.address, f"read {path}"):
            try:
                with self.sftp.open(path, "rb") as remote:
                    return remote.read()
            except FileNotFoundError:
                return None

    def write(self, path: str, data: bytes) -> None:
        with _sftp_errors(self.address, f"upload {path}"):
            self.sftp.putfo(io.BytesIO(data), path)

    def rename(self, source: str, target: str) -> None:
        with _sftp_errors(self.address, f"put {target} in place"):
            try:
                self.sftp.posix_rename(source, target)
            except OSError:  # a server without the rename-over extension
                self._remove_if_there(target)
                self.sftp.rename(source, target)

    def delete(self, path: str) -> None:
        with _sftp_errors(self.address, f"delete {path}"):
            self._remove_if_there(path)

    def _remove_if_there(self, path: str) -> None:
        try:
            self.sftp.remove(path)
        except FileNotFoundError:
            pass

    def make_folder(self, path: str) -> None:
        with _sftp_errors(self.address, f"make the folder {path}"):
            try:
                self.sftp.mkdir(path)
            except OSError:
                self.sftp.stat(path)  # fine if it is there already; raises if not

    def remove_folder(self, path: str) -> None:
        try:
            self.sftp.rmdir(path)
        except OSError:
            pass

    def close(self) -> None:
        self.client.close()


def open_sftp(address: Address, password: str | None, create_folder: bool) -> SftpConnection:
    """Log in by SFTP, checking the server's key against known_hosts, and go to the folder."""
    try:
        import paramiko
    except ImportError:
        raise RemoteError("sftp:// needs the paramiko package, which is not installed. Install "
                          "it with: python3 -m pip install paramiko  (or use ftps:// if your "
                          "web host offers it).") from None
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())  # never trust a stranger
    try:
        with _sftp_errors(address, "log in"):
            client.connect(address.host, address.port, username=address.user,
                           password=password or None, timeout=TIMEOUT, banner_timeout=TIMEOUT,
                           auth_timeout=TIMEOUT)
            sftp = client.open_sftp()
        with _sftp_errors(address, f"open the folder {address.folder}"):
            exists = _enter_sftp_folder(sftp, address.folder, create_folder)
    except BaseException:
        client.close()
        raise
    return SftpConnection(client, sftp, address, exists)


def _enter_sftp_folder(sftp, folder: str, create: bool) -> bool:
    if not folder:
        return True
    try:
        sftp.chdir(folder)
        return True
    except OSError:
        if not create:
            return False
    path = "/" if folder.startswith("/") else "."
    for part in folder.strip("/").split("/"):
        path = posixpath.join(path, part)
        try:
            sftp.stat(path)
        except FileNotFoundError:
            sftp.mkdir(path)
    sftp.chdir(folder)
    return True


@contextmanager
def _sftp_errors(address: Address, doing: str):
    """Turn what paramiko and the network raise into a RemoteError in plain words."""
    import paramiko

    try:
        yield
    except paramiko.AuthenticationException as error:
        raise RemoteError(wrong_login(address)) from error
    except paramiko.BadHostKeyException as error:
        raise RemoteError(f"{address.host}'s identity (its host key) has changed since this "
                          "computer last connected. That can mean someone is pretending to be "
                          "your web host: ask your host before going on.") from error
    except paramiko.ssh_exception.NoValidConnectionsError as error:
        first = next(iter(error.errors.values()))
        raise RemoteError(network_problem(address, first, doing)) from error
    except paramiko.SSHException as error:
        if "known_hosts" in str(error):
            raise RemoteError(_unknown_host_key(address)) from error
        raise RemoteError(f"the secure connection to {address.host} failed while trying to "
                          f"{doing} ({error}).") from error
    except PermissionError as error:
        raise RemoteError(f"the server would not let sitegen {doing}. Check the folder in the "
                          f"address, and that {address.user} may write there.") from error
    except (socket.gaierror, TimeoutError, ConnectionError, EOFError) as error:
        raise RemoteError(network_problem(address, error, doing)) from error
    except OSError as error:
        if error.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENOSPC):
            raise RemoteError(network_problem(address, error, doing)) from error
        # SFTP has no code for a full disk: the server just says "Failure"
        raise RemoteError(f"the server could not {doing} (it said: {error}). If your web space "
                          "is full, delete old files from it or ask your web host for more "
                          "room, then try again.") from error


def _unknown_host_key(address: Address) -> str:
    port = "" if address.port == 22 else f"-P {address.port} "
    return (f"this computer does not know {address.host} yet, so sitegen cannot be sure it is "
            f"your web host. Connect once with: sftp {port}{address.user}@{address.host}  "
            "(check the fingerprint with your host, answer yes, then type bye), then run "
            "sitegen publish again.")
