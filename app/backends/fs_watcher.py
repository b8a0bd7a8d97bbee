"""Folder watching with watchdog: a recursive Observer that only hands paths on.

Every created, modified, moved or deleted path (both ends of a move) goes to a callback;
deciding what changed is the indexer's job, with the same code as a full re-index.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

log = logging.getLogger(__name__)

PathsCallback = Callable[[list[str]], None]


class FolderWatcher:
    """Watches folders (recursively) and reports changed paths to ``on_paths``."""

    def __init__(self, on_paths: PathsCallback) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        callback = on_paths

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                paths = [os.fsdecode(event.src_path)]
                if getattr(event, "dest_path", ""):
                    paths.append(os.fsdecode(event.dest_path))
                callback(paths)

        self._handler = Handler()
        self._observer = Observer()
        self._watches: dict[tuple[str, bool], object] = {}

    def watch(self, folders: dict[str, bool]) -> None:
        """Watch exactly ``folders`` (existing ones; value: recursively), adding or removing."""
        wanted = {(f, r) for f, r in folders.items() if os.path.isdir(f)}
        for key in set(self._watches) - wanted:
            self._observer.unschedule(self._watches.pop(key))
        for key in wanted - set(self._watches):
            folder, recursive = key
            try:
                self._watches[key] = self._observer.schedule(self._handler, folder,
                                                             recursive=recursive)
            except OSError as exc:  # e.g. inotify watch limit reached
                log.warning("cannot watch %s: %s", folder, exc)
        if not self._observer.is_alive():
            self._observer.start()

    def stop(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=10)
