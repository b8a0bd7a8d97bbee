"""The built-in source viewer: the cited passage highlighted and scrolled into view.

Markdown notes are shown formatted, as a person reads them (headings, lists, links as their
text), in a rich-text view; everything else, and a note too large to format quickly or
whose passage the formatting loses, in a plain-text view that keeps the file's own lines.
"""

from __future__ import annotations

import html
import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import Hit
from app.ui.file_actions import open_in_default_app, show_in_folder
from app.ui.source_text import SourceText, find_rendered, source_text
from app.ui.tasks import TaskRunner

HIGHLIGHT = QColor("#ffe58a")
MAX_FORMATTED_CHARS = 400_000  # a larger note is shown as plain text (formatting is slow)


class SourceViewer(QWidget):
    """Shows one document with one passage highlighted; opens it elsewhere on request."""

    shown = Signal(object)  # the SourceText once displayed (tests wait for it)
    message = Signal(str)  # for the status bar: a file no application could open

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.path: str | None = None
        self.title = QLabel("Click a citation or a search result to see its source here.")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open in default app")
        self.folder_button = QPushButton("Show in folder")
        for button in (self.open_button, self.folder_button):
            button.setEnabled(False)
        self.open_button.clicked.connect(self.open_externally)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.plain = QPlainTextEdit(readOnly=True)
        self.plain.setObjectName("sourceBody")
        self.formatted = QTextBrowser()
        self.formatted.setObjectName("sourceFormatted")
        self.formatted.setOpenExternalLinks(False)
        self.formatted.setOpenLinks(False)  # a link in a note is read, not followed
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plain)
        self.stack.addWidget(self.formatted)
        self.body: QPlainTextEdit | QTextBrowser = self.plain  # the view in front
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)

    def show_hit(self, hit: Hit) -> None:
        """Load ``hit``'s file off the UI thread, then highlight the passage."""
        self.title.setText(f"Opening {os.path.basename(hit.path)} …")
        self._runner.read(lambda lib: source_text(lib, hit), self.display)

    def display(self, source: SourceText) -> None:
        self.path = source.path
        name = os.path.basename(source.path)
        self.title.setText(f"<b>{html.escape(name)}</b> &nbsp; {html.escape(source.where)}")
        self.title.setToolTip(source.path)  # a long path must not widen the window
        self.open_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        start, end = self._show_text(source)
        self._highlight(start, end)
        self.shown.emit(source)

    def _show_text(self, source: SourceText) -> tuple[int, int]:
        """A Markdown note formatted (headings, lists, links as text), the passage found
        in it again; any other file, or a passage the formatting loses, as plain text."""
        if source.markdown and len(source.text) <= MAX_FORMATTED_CHARS:
            self.formatted.setMarkdown(source.text)
            span = find_rendered(self.formatted.document().toPlainText(),
                                 source.text[source.start:source.end])
            if span[1] > span[0] or source.end <= source.start:
                self._front(self.formatted)
                return span
        self.plain.setPlainText(source.text)
        self._front(self.plain)
        return source.start, source.end

    def _front(self, view: QPlainTextEdit | QTextBrowser) -> None:
        self.body = view
        self.stack.setCurrentWidget(view)

    def highlighted_text(self) -> str:
        """The text under the highlight (what a test and a screen reader check)."""
        selections = self.body.extraSelections()
        return selections[0].cursor.selectedText().replace("\u2029", "\n") if selections else ""

    def _highlight(self, start: int, end: int) -> None:
        if end <= start:
            self.body.setExtraSelections([])
            return
        cursor = QTextCursor(self.body.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(HIGHLIGHT)
        fmt.setForeground(QColor("black"))
        selection.format = fmt
        self.body.setExtraSelections([selection])
        # the passage in the middle of the view: its middle line when it fits, else its
        # first line at the top (never at the bottom edge)
        document = self.body.document()
        first = document.findBlock(start).blockNumber()
        last = document.findBlock(max(start, end - 1)).blockNumber()
        if isinstance(self.body, QTextBrowser):
            self._center_formatted(start, end)
            return
        rows = max(1, self.body.viewport().height() // max(1, self.body.fontMetrics()
                                                            .lineSpacing()))
        view = QTextCursor(document)
        if last - first < rows:
            view.setPosition(document.findBlockByNumber((first + last) // 2).position())
            self.body.setTextCursor(view)
            self.body.centerCursor()
        else:
            view.setPosition(start)
            self.body.setTextCursor(view)
            self.body.verticalScrollBar().setValue(first)

    def _center_formatted(self, start: int, end: int) -> None:
        """The formatted view scrolls by pixels: the passage's middle in the middle of the
        view when it fits, else its start a little below the top."""
        view = self.formatted
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        view.setTextCursor(cursor)
        top = view.cursorRect(cursor).top()
        cursor.setPosition(max(start, end - 1))
        bottom = view.cursorRect(cursor).bottom()
        height = view.viewport().height()
        bar = view.verticalScrollBar()
        middle = (top + bottom) // 2 if bottom - top < height else top + height // 4
        bar.setValue(bar.value() + middle - height // 2)

    def open_externally(self) -> None:
        if self.path:
            open_in_default_app(self.path, self.message.emit)

    def show_in_folder(self) -> None:
        if self.path:
            show_in_folder(self.path, self.message.emit)
