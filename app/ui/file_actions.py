"""Open a file in the user's own application, or its folder, from anywhere in the window:
the viewer's buttons and the context menu of a search hit or a Library row. Opening goes
through the desktop's handlers; when none is installed for the file's type, the person is
told so (with a way on) instead of nothing happening."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

Report = Callable[[str], None]  # a message for the status bar


def open_in_default_app(path: str, report: Report) -> bool:
    """Open ``path`` with the desktop's application for its type; say so when it cannot."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
        return True
    kind = os.path.splitext(path)[1] or "these"
    report(f"No application is set to open {kind} files on this computer: use Show in folder, "
           f"or choose one in your desktop's settings ({path})")
    return False


def show_in_folder(path: str, report: Report) -> bool:
    """Open the folder that holds ``path`` in the desktop's file manager."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path))):
        return True
    report(f"No file manager could be opened for {os.path.dirname(path)}")
    return False


def file_menu(parent: QWidget, path: str, report: Report,
              view: Callable[[], None] | None = None) -> QMenu:
    """The actions on one file: view it in Hearth, open it, show its folder, copy its path."""
    menu = QMenu(parent)
    if view is not None:
        menu.addAction("Show in Hearth's viewer", view)
    menu.addAction("Open in default app", lambda: open_in_default_app(path, report))
    menu.addAction("Show in folder", lambda: show_in_folder(path, report))
    menu.addAction("Copy path", lambda: QGuiApplication.clipboard().setText(path))
    return menu
