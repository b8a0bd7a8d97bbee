"""Unexpected errors: logged with their traceback, shown in a dialog; the app stays up.

Installed as ``sys.excepthook`` (and for threads), the way qutebrowser's crash handler
works: a bug in one action must not take the user's window, or their answer, with it.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("hearth.crash")


class CrashReporter(QObject):
    """Receives exceptions from any thread and shows them on the UI thread."""

    raised = Signal(str, str)  # summary, traceback text

    def __init__(self, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.parent_widget = parent
        self.shown: list[str] = []
        self.quiet = False  # tests read ``shown`` instead of clicking a dialog
        self.raised.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value,
                                                        args.exc_traceback)

    def uninstall(self) -> None:
        previous = getattr(self, "_previous", None)
        if previous:
            sys.excepthook, threading.excepthook = previous

    def handle(self, kind, value, tb) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", text)
        self.raised.emit(f"{kind.__name__}: {value}", text)

    def _show(self, summary: str, text: str) -> None:
        self.shown.append(summary)
        if self.quiet:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Hearth hit an unexpected error",
                          f"{summary}\n\nHearth keeps running. The details are in the log:\n"
                          f"{self.log_file}", QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setDetailedText(text)
        box.open()
