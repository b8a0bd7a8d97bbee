"""Window tests run offscreen with pytest-qt, on the real embedder, model and watcher."""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from app.core.settings import settings_for_home  # noqa: E402
from app.services import build  # noqa: E402


class Heartbeat:
    """A UI-thread timer that measures how late it fires: the UI's responsiveness."""

    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import QTimer

        self.interval = interval_ms / 1000
        self.worst = 0.0
        self.beats = 0
        self._last = time.monotonic()
        self.timer = QTimer(interval=interval_ms)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, now - self._last - self.interval)
        self._last = now
        self.beats += 1

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def make_session(qtbot, tmp_path, real_embedder, real_generator):
    """Open the real window on a fresh home (watcher, task runner, real models)."""
    from app.backends.fs_watcher import FolderWatcher
    from app.ui.app import WindowSession
    from app.ui.onboarding import mark_onboarded

    sessions = []

    def make(generator=real_generator, onboarded: bool = True, prose: str = "auto"):
        settings = settings_for_home(tmp_path / f"home{len(sessions)}", prose=prose)
        settings.paths.ensure()
        if onboarded:
            mark_onboarded(settings.paths)
        library = build(settings, embedder=real_embedder, generator=generator)
        session = WindowSession(settings, settle=0.3, library=library,
                                make_watcher=FolderWatcher)
        session.crash.quiet = True
        qtbot.add_widget(session.window)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


def wait_ready(qtbot, session, timeout: int = 60_000) -> None:
    qtbot.waitUntil(session.runner.service.ready.is_set, timeout=timeout)


def index_folder(qtbot, session, folder, timeout: int = 120_000):
    """Add ``folder`` through the Library view; returns the IndexReport."""
    with qtbot.waitSignal(session.runner.indexed, timeout=timeout,
                          check_params_cb=lambda kind, _: kind == "index") as blocker:
        session.window.library_view.add_paths([str(folder)])
    return blocker.args[1]
