"""Start the window: take the library's ownership, wire the core, run the Qt event loop.

While the window runs it owns the library the way ``hearth watch`` does: its watcher keeps
the index current and other ``hearth`` commands are forwarded to it over the local socket.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from app.core import Settings


def run_window(settings: Settings, argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.owner.lock import OWNER_WAIT, LibraryLock
    from app.owner.server import OwnerServer, socket_path

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("Hearth")
    from app.ui.search_view import readable_selection

    app.setPalette(readable_selection(app.palette()))  # selected text readable in any theme
    from app.ui.style import apply_style

    apply_style(app)
    app.setDesktopFileName("hearth")
    from PySide6.QtGui import QIcon

    from app.resources import icon_file

    app.setWindowIcon(QIcon(str(icon_file())))
    settings.paths.ensure()
    lock = LibraryLock(settings.paths.data)
    if not lock.acquire(wait=OWNER_WAIT):
        QMessageBox.critical(None, "Hearth is already running",
                             f"Another Hearth process (pid {lock.owner_pid()}) owns this "
                             "library. Close it (or stop 'hearth watch') and try again.")
        return 1
    from app.logs import setup_logging

    setup_logging(settings.paths)
    library = open_or_offer_rebuild(settings)
    if library is None:
        lock.release()
        return 1
    session = WindowSession(settings, library=library)
    server = OwnerServer(socket_path(settings.paths.data), session.serve_request)
    server.start()
    previous, stopping = _quit_on_signals(app)
    try:
        session.start()  # may show the Welcome dialog, whose loop a signal also ends
        code = 0 if stopping.is_set() else app.exec()
    finally:
        server.stop()
        session.close()
        lock.release()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if session.delete_requested:
        from app.core import delete_all_data

        delete_all_data(settings.paths)
    if stopping.is_set():
        _exit_now(code)
    return code


def _quit_on_signals(app) -> tuple[dict, threading.Event]:
    """Ctrl+C in the terminal and SIGTERM (a logout, ``kill``) close the window the way its
    close button does: the current file finishes, the library and its lock are released.
    Python runs signal handlers only between its own bytecodes, so a timer gives it the
    chance while Qt's loop waits in C++; an open dialog (the Welcome one) is closed first.
    Returns the handlers it replaced and the event that says a stop was asked for."""
    from PySide6.QtCore import QTimer

    stopping = threading.Event()

    def quit_now(signum, frame) -> None:
        stopping.set()
        modal = app.activeModalWidget()
        if modal is not None:
            modal.close()
        app.quit()

    previous = {sig: signal.signal(sig, quit_now) for sig in (signal.SIGINT, signal.SIGTERM)}
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    return previous, stopping


def _exit_now(code: int) -> None:
    """End a process stopped by a signal once the library is closed and its lock released:
    tearing down Qt and the native libraries after a signal sometimes dies with SIGBUS
    (seen offscreen, 2 of 6 stops), which would report a clean stop as a crash."""
    import logging

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def open_or_offer_rebuild(settings: Settings, ask=None):
    """The library, opened and checked before the window shows; when it is damaged the
    user is offered a rebuild from their files (None when they decline)."""
    from app.core import LibraryDamaged
    from app.services import build, fresh_library

    try:
        library = build(settings)
        try:
            library.open_index()  # opening and reading the store shows a damaged index
        except Exception:
            library.close()
            raise
        return library
    except LibraryDamaged as exc:
        if not (ask or _ask_rebuild)(str(exc)):
            return None
    library, _ = fresh_library(settings)
    return library  # the window's start-up reconcile indexes everything, with progress


def _ask_rebuild(message: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        None, "Hearth's index is damaged",
        f"{message}\n\nRebuild the index from your files now? Your files are safe; the "
        "damaged index is kept aside in the data folder.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


class WindowSession:
    """The library, its task runner and the window, created and closed together."""

    def __init__(self, settings: Settings, *, settle: float = 1.0, library=None,
                 make_watcher=None) -> None:
        from app import services
        from app.ui.crash import CrashReporter
        from app.ui.main_window import MainWindow
        from app.ui.tasks import TaskRunner

        self.settings = settings
        self.library = library or services.build(settings)
        self.runner = TaskRunner(self.library, make_watcher or services.make_watcher,
                                 settle=settle)
        self.window = MainWindow(settings, self.runner)
        self.crash = CrashReporter(settings.paths.logs / "hearth.log", self.window)
        self.delete_requested = False
        self.window.delete_all_requested.connect(self._delete_all)

    def start(self, onboarding: bool = True) -> None:
        from app.ui.onboarding import mark_onboarded, needs_onboarding

        self.crash.install()
        welcome = onboarding and needs_onboarding(self.settings.paths)
        if welcome and self.library.watched_folders():  # folders added before (the CLI)
            mark_onboarded(self.settings.paths)
            welcome = False
        self.window.show()
        self.runner.start()
        if welcome:
            self.onboard()

    def onboard(self) -> str:
        from app.ui.onboarding import (
            ADD_FOLDER,
            SAMPLES,
            Onboarding,
            copy_sample_notes,
            mark_onboarded,
        )

        dialog = Onboarding(self.settings.paths, self.window)
        dialog.exec()
        mark_onboarded(self.settings.paths)
        if dialog.choice == SAMPLES:
            from app.resources import SAMPLE_QUESTIONS

            self.window.library_view.add_paths([str(copy_sample_notes(self.settings.paths))])
            ask = self.window.ask_view  # where the samples show what Hearth does
            ask.suggest(SAMPLE_QUESTIONS)
            self.window.tabs.setCurrentIndex(self.window.tabs.indexOf(ask))
        elif dialog.choice == ADD_FOLDER:
            self.window.library_view.choose_folder()
        return dialog.choice

    def serve_request(self, message: dict, notify=None) -> dict:
        """A request forwarded by another front end (``hearth search`` in a terminal), on
        the lane its kind belongs to, like ``hearth watch`` does: a read on the read lane,
        an answer on the model lane, a change on the index lane; called on the socket's
        thread."""
        from app.owner.dispatch import serve
        from app.owner.requests import lane_of

        def job(lib):
            return serve(lib, message, notify)

        def to_sender(_error: BaseException) -> None:
            """A forwarded request's failure is its sender's to report, not the window's."""

        lane = lane_of(message)
        future = (self.runner.read(job, failed=to_sender) if lane == "read"
                  else self.runner.model(job, failed=to_sender) if lane == "model"
                  else self.runner.service.submit(job))
        return future.result()

    def _delete_all(self) -> None:
        self.delete_requested = True
        self.window.close()
        from PySide6.QtWidgets import QApplication

        QApplication.quit()

    def close(self) -> None:
        self.runner.shutdown()
        self.window.close()
        self.library.close()
        self.crash.uninstall()


def wants_window(environ: dict | None = None) -> bool:
    """True where a window can be shown (a display, or Qt told to render offscreen)."""
    env = os.environ if environ is None else environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")
                or sys.platform in ("darwin", "win32"))
