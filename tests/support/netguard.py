"""Refuse, and record, every network use that is not loopback or a Unix socket.

Installed with ``sys.addaudithook`` before anything else is imported, so it sees every
``connect``, DNS lookup and datagram the Python socket layer makes, from any library and
any thread, including at import time. Attempts are appended to the file named by
``HEARTH_NETLOG`` as well, so a library that swallows the error cannot hide the attempt.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

_LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost"}
attempts: list[str] = []


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> None:
    attempts.append(what)
    log = os.environ.get("HEARTH_NETLOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(what + "\n")
    raise ConnectionRefusedError(f"network blocked by the test: {what}")


def _hook(event: str, args: tuple) -> None:
    if event == "socket.connect" or event in ("socket.sendto", "socket.sendmsg"):
        sock, address = args[0], args[-1]
        if getattr(sock, "family", None) == socket.AF_UNIX or not isinstance(address, tuple):
            return
        if not _is_local(address[0]):
            _refuse(f"{event} {address!r}")
    elif event == "socket.getaddrinfo":
        if not _is_local(args[0]):
            _refuse(f"{event} {args[0]!r}")
    elif event == "socket.gethostbyname" and not _is_local(args[0]):
        _refuse(f"{event} {args[0]!r}")


def install() -> None:
    """Block non-local networking in this process from now on (cannot be undone)."""
    sys.addaudithook(_hook)
