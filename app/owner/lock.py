"""The library's owner lock: an exclusive advisory lock on ``<data>/owner.lock``.

The Chroma store and the registry are only ever opened by the process that holds it
(``hearth watch``, the window, or a command run while nobody else owns the library).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TextIO

from app.core import HearthError

# How long a process that wants to own the library for its lifetime (the window, ``hearth
# watch``) waits for the lock: ``hearth mcp`` and one-off commands hold it for one request.
OWNER_WAIT = 5.0


class LibraryBusy(HearthError):
    """Another process owns the library and cannot be reached."""


class LibraryLock:
    """An exclusive advisory lock on ``<data>/owner.lock`` holding the owner's pid."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "owner.lock"
        self._handle: TextIO | None = None

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
