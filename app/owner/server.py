"""The owner's local socket: one JSON request per connection, answered in a thread.

A request may ask for progress (``"progress": true``, an index run): the owner then sends
``{"progress": {...}}`` lines before the one reply line, so a forwarded ``hearth index``
shows the same bar as one run in its own process.

The socket is a Unix socket only this user can open (0600, in the 0700 data directory),
so other ``hearth`` commands work while ``hearth watch`` or the window owns the library
without touching its files, and nothing listens on the network.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import socketserver
import threading
from collections.abc import Callable
from pathlib import Path

from app.owner.requests import error_reply

log = logging.getLogger(__name__)
MESSAGE_LIMIT = 16 * 2**20


def socket_path(data_dir: Path) -> Path:
    return data_dir / "owner.sock"


class OwnerServer:
    """Answers one JSON message per connection with ``handle(message)``, in a thread.

    A message that is not JSON, or a handler that fails, gets an error reply; the server
    keeps serving either way."""

    def __init__(self, path: Path,
                 handle: Callable[[dict, Callable[[dict], None]], dict]) -> None:
        self.path = path
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # a stale socket of a dead owner (we hold the lock)
        outer = handle

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(MESSAGE_LIMIT)
                try:
                    message = json.loads(line)
                except ValueError:
                    log.warning("a message on the owner's socket was not JSON")
                    message = None  # refused by the handler as not a request
                def notify(update: dict) -> None:  # progress lines, before the reply
                    with contextlib.suppress(OSError):  # a client gone: the work goes on
                        self.wfile.write(json.dumps(update, ensure_ascii=False).encode()
                                         + b"\n")
                        self.wfile.flush()

                try:
                    reply = outer(message, notify)
                except Exception as exc:  # reported to the client, never kills the owner
                    log.exception("a forwarded request failed")
                    reply = error_reply(str(exc) or type(exc).__name__)
                self.wfile.write(json.dumps(reply, ensure_ascii=False).encode() + b"\n")

        old_mask = os.umask(0o177)
        try:
            self._server = socketserver.ThreadingUnixStreamServer(str(path), Handler)
        finally:
            os.umask(old_mask)
        os.chmod(path, 0o600)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="hearth-owner-socket")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def ask_owner(path: Path, message: dict, timeout: float = 3600.0,
              on_progress: Callable[[dict], None] | None = None) -> dict | None:
    """Send ``message`` to the owner; None when no owner answers on ``path``. With
    ``on_progress``, the owner is asked for progress lines and each is passed to it."""
    if not path.exists():
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(path))
        except OSError:
            return None
        if on_progress is not None:
            message = {**message, "progress": True}
        sock.sendall(json.dumps(message, ensure_ascii=False).encode() + b"\n")
        with sock.makefile("rb") as reply:
            while True:
                line = reply.readline(MESSAGE_LIMIT)
                if not line:
                    return None
                decoded = json.loads(line)
                if set(decoded) == {"progress"}:
                    if on_progress is not None:
                        on_progress(decoded["progress"])
                    continue
                return decoded
