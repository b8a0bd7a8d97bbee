"""Coalesce and debounce file-system events into settled batches of paths.

An editor's save fires several events (temp file, write, rename); a ``git checkout``
fires thousands; a move fires one event per end. A batch is handed over once the folder
has been quiet for ``settle`` seconds (or, under constant activity, once the oldest change
has waited ``max_wait``), and holds every pending path, so both ends of a move are always
reconciled together and a moved file keeps its vectors. Memory stays bounded: past
``capacity`` pending paths the queue drops them and asks for a full reconcile instead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable


class ChangeQueue:
    """Thread-safe: watcher threads ``add``, the indexing thread takes ``due`` batches."""

    def __init__(self, settle: float = 1.0, max_wait: float = 10.0,
                 capacity: int = 20_000) -> None:
        self.settle = settle
        self.max_wait = max_wait
        self.capacity = capacity
        self._pending: dict[str, None] = {}
        self._first = self._last = 0.0
        self._overflow = False
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def add(self, paths: Iterable[str], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for path in paths:
                if not self._pending and not self._overflow:
                    self._first = now
                self._pending[path] = None
                self._last = now
            if len(self._pending) > self.capacity:
                self._pending.clear()
                self._overflow = True
        self._wake.set()

    def due(self, now: float | None = None) -> tuple[list[str], bool]:
        """(the settled batch of paths, whether a full reconcile is needed instead)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            busy = self._pending or self._overflow
            settled = now - self._last >= self.settle or now - self._first >= self.max_wait
            if not busy or not settled:
                if not busy:
                    self._wake.clear()
                return [], False
            batch, overflow = list(self._pending), self._overflow
            self._pending, self._overflow = {}, False
            self._wake.clear()
        return batch, overflow

    def wait(self, timeout: float) -> None:
        """Sleep until something arrives or ``timeout`` passes."""
        self._wake.wait(timeout)

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)
