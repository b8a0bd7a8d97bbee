"""Ctrl+C stops a running generation cleanly instead of killing the command.

The first Ctrl+C sets a flag that the core's cancellation check reads, so the answer so
far and its sources are still printed; a second Ctrl+C interrupts as usual.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any


class StopOnInterrupt:
    """A context manager whose ``is_set`` turns true on the first SIGINT."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None

    def is_set(self) -> bool:
        return self._event.is_set()

    def _handle(self, signum, frame) -> None:
        if self._event.is_set():
            raise KeyboardInterrupt
        self._event.set()

    def __enter__(self) -> StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
