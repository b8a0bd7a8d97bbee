"""Keep the index in step with the library's folders while Hearth runs.

On start, a full reconcile catches what changed while Hearth was closed (fast for
unchanged files: size and mtime first). Then watcher events, coalesced and debounced by
``ChangeQueue``, are reconciled path by path with the indexer's own logic, and a periodic
full reconcile is the backstop for events a platform drops. All library work happens on
the thread that calls ``run``; other threads hand work in through ``submit``.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from app.core.files import ChangeQueue
from app.core.indexing import ProgressCallback
from app.core.library import Library
from app.core.ports import Watcher
from app.core.types import IndexReport

log = logging.getLogger(__name__)

ReportCallback = Callable[[str, IndexReport], None]


T = TypeVar("T")


class WatchService:
    """Owns a library while watching its folders; serializes all work on one thread."""

    def __init__(self, library: Library,
                 make_watcher: Callable[[Callable[[list[str]], None]], Watcher], *,
                 settle: float = 1.0, reconcile_every: float = 600.0,
                 on_report: ReportCallback | None = None,
                 on_progress: ProgressCallback | None = None) -> None:
        self.library = library
        self.on_progress = on_progress
        self._paused = threading.Event()
        self._stopping = threading.Event()
        self._catch_up = False
        self.changes = ChangeQueue(settle)
        self._make_watcher = make_watcher
        self.reconcile_every = reconcile_every
        self.on_report = on_report
        self._work: queue.Queue[tuple[Callable[[Library], Any], Future[Any]]] = queue.Queue()
        self.ready = threading.Event()

    def submit(self, job: Callable[[Library], T]) -> Future[T]:
        """Run ``job(library)`` on the watch thread (between batches); returns its future."""
        future: Future[T] = Future()
        self._work.put((job, future))
        self.changes.add([])  # wake the loop
        return future

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def pause(self) -> None:
        """Stop indexing after the current file; changes are kept and caught up on resume."""
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()
        self._catch_up = True
        self.changes.add([])

    def cancelled(self) -> bool:
        """The indexer's cancel check: pausing or stopping ends a run between files."""
        return self._paused.is_set() or self._stopping.is_set()

    def index(self, paths: list[str] | None = None) -> IndexReport:
        """Index (adding ``paths`` first), with this service's progress and pause; for jobs."""
        report = self.library.index(paths, self.on_progress, self.cancelled)
        self._report("index", report)
        return report

    def run(self, stop: threading.Event) -> None:
        """Reconcile, then follow changes until ``stop`` is set."""
        watcher = self._make_watcher(self.changes.add)
        def relay() -> None:
            stop.wait()
            self._stopping.set()

        threading.Thread(target=relay, daemon=True, name="hearth-stop-relay").start()
        try:
            self._watch_roots(watcher)
            self._reconcile()
            last_full = time.monotonic()
            self.ready.set()
            while not stop.is_set():
                self.changes.wait(0.2)
                self._run_jobs(watcher)
                if self.paused:
                    continue
                paths, overflow = self.changes.due()
                overdue = time.monotonic() - last_full > self.reconcile_every
                if overflow or self._catch_up or overdue:
                    self._reconcile()
                    last_full = time.monotonic()
                elif paths:
                    self._report("changes", self.library.reconcile(
                        paths, self.on_progress, self.cancelled))
        finally:
            watcher.stop()
            self._fail_pending_jobs()

    def _reconcile(self) -> None:
        self._catch_up = self.paused
        self._report("reconcile", self.library.reconcile(None, self.on_progress, self.cancelled))

    def _watch_roots(self, watcher: Watcher) -> None:
        watcher.watch(self.library.watched_folders())

    def _run_jobs(self, watcher: Watcher) -> None:
        while True:
            try:
                job, future = self._work.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job(self.library))
            except BaseException as exc:  # handed back to the caller, never lost
                future.set_exception(exc)
            self._watch_roots(watcher)  # a job may have added or forgotten a folder

    def _fail_pending_jobs(self) -> None:
        while not self._work.empty():
            _, future = self._work.get_nowait()
            if future.set_running_or_notify_cancel():
                future.set_exception(RuntimeError("Hearth's watcher stopped"))

    def _report(self, kind: str, report: IndexReport) -> None:
        log.info("%s: %s", kind, report.to_json())
        if self.on_report:
            self.on_report(kind, report)
