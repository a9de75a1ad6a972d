"""Real FTP and SFTP servers on 127.0.0.1 for the publish tests, recording what was uploaded."""

from __future__ import annotations

import os
import socket
import threading
import warnings
from pathlib import Path

USER, PASSWORD = "sue", "right-password"


class FtpServer:
    """pyftpdlib serving `root` to USER/PASSWORD, in a thread; `stored` lists each STOR.

    With a `certfile` (certificate and key in one PEM file) it is an FTPS server that
    refuses to go on without encryption.
    """

    def __init__(self, root: Path, certfile: Path | None = None):
        with warnings.catch_warnings():  # pyftpdlib still uses asyncore on Python 3.11
            warnings.simplefilter("ignore", DeprecationWarning)
            from pyftpdlib.authorizers import DummyAuthorizer
            from pyftpdlib.handlers import FTPHandler
            from pyftpdlib.servers import FTPServer
        if certfile:  # only FTPS needs pyOpenSSL
            from pyftpdlib.handlers import TLS_FTPHandler as base
        else:
            base = FTPHandler

        self.root, self.stored, self.full_disk = root, [], False
        authorizer = DummyAuthorizer()
        authorizer.add_user(USER, PASSWORD, str(root), perm="elradfmwMT")
        recorder = self

        class Handler(base):
            auth_failed_timeout = 0  # answer a wrong password at once: the tests wait otherwise

            def ftp_STOR(self, file, mode="w"):
                recorder.stored.append(Path(file).relative_to(recorder.root).as_posix())
                if recorder.full_disk:
                    self.respond("552 Requested file action aborted: exceeded storage allocation.")
                    return None
                return super().ftp_STOR(file, mode)

        Handler.authorizer = authorizer
        if certfile:
            Handler.certfile = str(certfile)
            Handler.tls_control_required = Handler.tls_data_required = True
        self.scheme = "ftps" if certfile else "ftp"
        self.server = FTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.socket.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, folder: str = "") -> str:
        return f"{self.scheme}://{USER}@127.0.0.1:{self.port}/{folder}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            self.server.serve_forever(timeout=0.02, blocking=False, handle_exit=False)

    def __enter__(self) -> FtpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self.server.close_all()


class SftpServer:
    """A paramiko SFTP server on `root` for USER/PASSWORD; `stored` lists each file written."""

    def __init__(self, root: Path, host_key):
        self.root, self.host_key, self.stored = root, host_key, []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.transports = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, folder: str = "") -> str:
        return f"sftp://{USER}@127.0.0.1:{self.port}/{folder}"

    def known_hosts_line(self) -> str:
        return (f"[127.0.0.1]:{self.port} {self.host_key.get_name()} "
                f"{self.host_key.get_base64()}\n")

    def _serve(self) -> None:
        import paramiko

        while not self._stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            transport = paramiko.Transport(connection)
            transport.add_server_key(self.host_key)
            transport.set_subsystem_handler("sftp", paramiko.SFTPServer, _folder_sftp(), self)
            self.transports.append(transport)
            try:
                transport.start_server(server=_password_check())
            except (paramiko.SSHException, EOFError, OSError):
                continue

    def __enter__(self) -> SftpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        for transport in self.transports:
            transport.close()
        self.listener.close()


def _password_check():
    import paramiko

    class PasswordCheck(paramiko.ServerInterface):
        def get_allowed_auths(self, username):
            return "password"

        def check_auth_password(self, username, password):
            if (username, password) == (USER, PASSWORD):
                return paramiko.AUTH_SUCCESSFUL
            return paramiko.AUTH_FAILED

        def check_channel_request(self, kind, chanid):
            if kind == "session":
                return paramiko.OPEN_SUCCEEDED
            return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    return PasswordCheck()


def _folder_sftp():
    """An SFTPServerInterface class that serves the server's root folder."""
    import paramiko
    from paramiko.sftp_server import SFTPServer

    class Handle(paramiko.SFTPHandle):
        def stat(self):
            return paramiko.SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))

    def attempt(step):
        try:
            step()
        except OSError as error:
            return SFTPServer.convert_errno(error.errno)
        return paramiko.SFTP_OK

    class FolderSftp(paramiko.SFTPServerInterface):
        def __init__(self, server, recorder: SftpServer):
            super().__init__(server)
            self.recorder = recorder

        def _real(self, path: str) -> str:
            return str(self.recorder.root / self.canonicalize(path).lstrip("/"))

        def stat(self, path):
            try:
                return paramiko.SFTPAttributes.from_stat(os.stat(self._real(path)))
            except OSError as error:
                return SFTPServer.convert_errno(error.errno)

        lstat = stat

        def list_folder(self, path):
            try:
                real = self._real(path)
                return [paramiko.SFTPAttributes.from_stat(os.stat(os.path.join(real, name)), name)
                        for name in os.listdir(real)]
            except OSError as error:
                return SFTPServer.convert_errno(error.errno)

        def open(self, path, flags, attr):
            real = self._real(path)
            try:
                descriptor = os.open(real, flags, 0o644)
            except OSError as error:
                return SFTPServer.convert_errno(error.errno)
            writing = flags & (os.O_WRONLY | os.O_RDWR)
            if writing:
                self.recorder.stored.append(self.canonicalize(path).lstrip("/"))
            handle = Handle(flags)
            handle.filename = real
            mode = "wb" if flags & os.O_WRONLY else "r+b" if flags & os.O_RDWR else "rb"
            handle.readfile = handle.writefile = os.fdopen(descriptor, mode)
            return handle

        def remove(self, path):
            return attempt(lambda: os.remove(self._real(path)))

        def rename(self, oldpath, newpath):
            if os.path.exists(self._real(newpath)):
                return paramiko.SFTP_FAILURE
            return attempt(lambda: os.rename(self._real(oldpath), self._real(newpath)))

        def posix_rename(self, oldpath, newpath):
            return attempt(lambda: os.replace(self._real(oldpath), self._real(newpath)))

        def mkdir(self, path, attr):
            return attempt(lambda: os.mkdir(self._real(path)))

        def rmdir(self, path):
            return attempt(lambda: os.rmdir(self._real(path)))

    return FolderSftp


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1: with its key for the server, and alone for the client."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(
            "127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    public = certificate.public_bytes(serialization.Encoding.PEM)
    server, client = folder / "server.pem", folder / "certificate.pem"
    server.write_bytes(public + key.private_bytes(serialization.Encoding.PEM,
                                                  serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    client.write_bytes(public)
    return server, client
