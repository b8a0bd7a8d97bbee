"""One owner per library: an exclusive lock, and a local socket the owner answers on.

The Chroma store and the registry are only ever opened by the process that holds the
lock. While ``hearth watch`` (or the window) owns the library, other ``hearth`` commands
send their request over a Unix socket that only this user can open (0600, in a 0700
directory) and print the owner's reply, so they work without touching the files.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from pathlib import Path

from app.core.errors import HearthError

REQUEST_LIMIT = 16 * 2**20


class LibraryBusy(HearthError):
    """Another process owns the library and cannot be reached."""


class LibraryLock:
    """An exclusive advisory lock on ``<data>/owner.lock`` holding the owner's pid."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "owner.lock"
        self._handle = None

    def acquire(self, wait: float = 0.0) -> bool:
        """Take the lock, retrying for up to ``wait`` seconds; False if still held."""
        import fcntl

        handle = open(self.path, "a+")  # noqa: SIM115 - held for the owner's lifetime
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.close()
                    return False
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return True

    def owner_pid(self) -> int | None:
        try:
            return int(self.path.read_text().strip() or 0) or None
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def socket_path(data_dir: Path) -> Path:
    return data_dir / "owner.sock"


class OwnerServer:
    """Answers one JSON request per connection on the owner's socket, in a thread."""

    def __init__(self, path: Path, handle: Callable[[dict], dict]) -> None:
        self.path = path
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # a stale socket of a dead owner (we hold the lock)
        outer = handle

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(REQUEST_LIMIT)
                try:
                    reply = outer(json.loads(line))
                except Exception as exc:  # reported to the client, never kills the owner
                    reply = {"exit": 1, "stdout": "", "stderr": f"hearth: {exc}\n"}
                self.wfile.write(json.dumps(reply).encode() + b"\n")

        old_mask = os.umask(0o177)
        try:
            self._server = socketserver.ThreadingUnixStreamServer(str(path), Handler)
        finally:
            os.umask(old_mask)
        os.chmod(path, 0o600)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def ask_owner(path: Path, request: dict, timeout: float = 3600.0) -> dict | None:
    """Send ``request`` to the owner; None when no owner answers on ``path``."""
    if not path.exists():
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(path))
        except OSError:
            return None
        sock.sendall(json.dumps(request).encode() + b"\n")
        with sock.makefile("rb") as reply:
            line = reply.readline(REQUEST_LIMIT)
    return json.loads(line) if line else None
