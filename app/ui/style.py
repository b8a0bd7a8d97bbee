"""One stylesheet for the window: room around controls and a type scale, both themes.

Only spacing and sizes: colours come from the palette (light, dark, or the desktop's), so
contrast stays what the platform and ``readable_selection`` make it. Applied once to the
application, by the window and by ``tools/screenshots``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

STYLE = """
QTabBar::tab { padding: 7px 18px; }
QPushButton { padding: 5px 14px; }
QToolButton { padding: 3px 8px; }
QLineEdit { padding: 5px 7px; }
QLineEdit#question, QLineEdit#searchBox { padding: 8px 9px; font-size: 11pt; }
QListView::item, QListWidget::item { padding: 5px 6px; }
QTreeView::item, QTableView::item { padding: 3px 4px; }
QTextBrowser, QPlainTextEdit { padding: 6px 8px; }
QTextBrowser#transcript { font-size: 11pt; }
QLabel#modelWork { padding: 3px 2px; font-style: italic; }
QStatusBar QLabel { padding: 2px 6px; }
QGroupBox { margin-top: 10px; padding-top: 8px; }
"""


def apply_style(app: QApplication) -> None:
    """The window's stylesheet on ``app``; again after a palette change (a switch to a dark
    theme), so that styled widgets are polished with the new palette's colours."""
    app.setStyleSheet("")
    app.setStyleSheet(STYLE)
