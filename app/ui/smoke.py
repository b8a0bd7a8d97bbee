"""The window's part of ``hearth --self-test``: open it offscreen and search through it."""

from __future__ import annotations

import time
from collections.abc import Callable


def window_smoke(settings, library) -> str:
    from PySide6.QtWidgets import QApplication

    from app.ui.app import WindowSession

    app = QApplication.instance() or QApplication(["hearth"])
    session = WindowSession(settings, settle=0.3, library=library)
    session.start(onboarding=False)
    found: list[int] = []
    window = session.window
    window.search_view.searched.connect(lambda _query, n: found.append(n))
    try:
        pump(app, session.runner.is_ready, 60)
        window.search_view.box.setText("idempotency keys")
        pump(app, lambda: bool(found), 60)
        image = window.grab()
    finally:
        session.runner.shutdown()
        window.close()
        session.crash.uninstall()
    if not found[0] or image.isNull():
        raise AssertionError("the window's search found nothing")
    return f"search box found {found[0]} passages, window {image.width()}x{image.height()}"



def pump(app, condition: Callable[[], bool], timeout: float) -> None:
    """Process Qt events until ``condition()`` holds (scripts without an event loop)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("timed out")
        app.processEvents()
        time.sleep(0.01)
