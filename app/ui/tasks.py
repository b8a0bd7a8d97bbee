"""One task runner for all of the window's work off the UI thread.

Three lanes, each one thread: *index* is the watcher's thread (it owns every write to the
library: reconcile, added folders, forwarded CLI commands), *read* runs searches and file
reads, *model* runs answers and summaries. A search therefore never waits behind a long
answer, and writes stay serialized. Results come back to the UI thread through a queued
signal; worker code never touches a widget.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from app.core import HearthError, IndexReport, Library, Progress, WatchService

log = logging.getLogger(__name__)

T = TypeVar("T")
Failed = Callable[[BaseException], None]


class _Bridge(QObject):
    """Carries a callable from any thread to the UI thread."""

    call = Signal(object)


class TaskRunner(QObject):
    """Runs library work on its lanes and reports back with signals on the UI thread."""

    progress = Signal(object)          # Progress, while indexing
    indexed = Signal(str, object)      # kind ("reconcile", "changes", "index"), IndexReport
    failed = Signal(str)               # a user-facing message for the status area
    ready = Signal()                   # the start-up reconcile is done
    model_busy = Signal(str)           # what the model lane runs now ("" when idle)

    def __init__(self, library: Library, make_watcher, *, settle: float = 1.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._bridge = _Bridge()
        self._bridge.call.connect(lambda fn: fn(), Qt.ConnectionType.QueuedConnection)
        self.service = WatchService(library, make_watcher, settle=settle,
                                    on_report=self._on_report, on_progress=self._on_progress)
        self._stop = threading.Event()
        self._read = ThreadPoolExecutor(1, thread_name_prefix="hearth-read")
        self._model = ThreadPoolExecutor(1, thread_name_prefix="hearth-model")
        self.model_label = ""  # what the model lane runs now, in words ("" when idle)
        self._thread = threading.Thread(target=self._watch, name="hearth-index", daemon=True)

    def start(self) -> None:
        """Start the watcher thread: start-up reconcile, then follow the folders."""
        self._thread.start()

    def _watch(self) -> None:
        try:
            self.service.run(self._stop)
        except Exception as exc:  # the window must learn that indexing stopped
            log.exception("the watcher stopped")
            self.to_ui(self.failed.emit, f"Watching stopped: {exc}")

    def write(self, job: Callable[[Library], T], done: Callable[[T], object] | None = None,
              failed: Failed | None = None) -> Future[T]:
        """Run ``job(library)`` on the index lane (between watcher batches)."""
        return self._deliver(self.service.submit(job), done, failed)

    def read(self, job: Callable[[Library], T], done: Callable[[T], object] | None = None,
             failed: Failed | None = None) -> Future[T]:
        """Run ``job(library)`` on the read lane (searches, opening documents)."""
        return self._lane(self._read, job, done, failed)

    def model(self, job: Callable[[Library], T], done: Callable[[T], object] | None = None,
              failed: Failed | None = None, label: str = "an answer") -> Future[T]:
        """Run ``job(library)`` on the model lane (answers, summaries); ``label`` says what
        it is while it runs ("the summary of the 4 March weekly"), so work queued behind
        it can say what it waits for."""
        def labelled(library: Library) -> T:
            self.model_label = label
            self.to_ui(self.model_busy.emit, label)
            try:
                return job(library)
            finally:
                self.model_label = ""
                self.to_ui(self.model_busy.emit, "")
        return self._lane(self._model, labelled, done, failed)

    def _lane(self, lane: ThreadPoolExecutor, job: Callable[[Library], T],
              done: Callable[[T], object] | None, failed: Failed | None) -> Future[T]:
        try:
            future = lane.submit(job, self.library)
        except RuntimeError:  # shut down: a view refreshing as the window closes
            return _dropped()
        return self._deliver(future, done, failed)

    def index(self, paths: list[str], done: Callable[[IndexReport], object] | None = None,
              failed: Failed | None = None) -> Future[IndexReport]:
        """Add folders or files and index them on the index lane, with progress and pause."""
        return self.write(lambda _library: self.service.index(paths), done, failed)

    @property
    def paused(self) -> bool:
        return self.service.paused

    def pause(self) -> None:
        """Stop indexing after the current file; changes are caught up on ``resume``."""
        self.service.pause()

    def resume(self) -> None:
        self.service.resume()

    def is_ready(self) -> bool:
        """Whether the start-up reconcile has finished."""
        return self.service.ready.is_set()

    def to_ui(self, fn: Callable[..., object], *args: Any) -> None:
        """Call ``fn(*args)`` on the UI thread, from any thread."""
        self._bridge.call.emit(lambda: fn(*args))

    def _deliver(self, future: Future[T], done: Callable[[T], object] | None,
                 failed: Failed | None) -> Future[T]:
        def finished(f: Future[T]) -> None:
            if f.cancelled():
                return
            error = f.exception()
            if error is None:
                if done:
                    self.to_ui(done, f.result())
            else:
                self.to_ui(failed or self.report_error, error)
        future.add_done_callback(finished)
        return future

    def report_error(self, error: BaseException) -> None:
        """Expected errors go to the status area; anything else to the crash dialog."""
        if isinstance(error, HearthError):
            self.failed.emit(str(error))
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    def _on_progress(self, progress: Progress) -> None:
        self.progress.emit(progress)  # queued to the UI thread by Qt

    def _on_report(self, kind: str, report: IndexReport) -> None:
        self.indexed.emit(kind, report)
        if kind == "reconcile" and not self.service.ready.is_set():
            self.ready.emit()

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop the watcher after its current file and wait for every lane."""
        self._stop.set()
        self.service.pause()  # ends a running index between files
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._read.shutdown(wait=True, cancel_futures=True)
        self._model.shutdown(wait=True, cancel_futures=True)


def _dropped() -> Future[Any]:
    """A job asked for after shutdown: cancelled, so its callbacks never run."""
    future: Future[Any] = Future()
    future.cancel()
    return future
