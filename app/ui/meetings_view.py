"""Meetings: recognized meeting notes by date; a summary generated on demand and cached."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.registry import FileRecord
from app.core.summarize import MeetingSummary
from app.core.types import Hit
from app.ui.models import ITEM_ROLE, MeetingsModel
from app.ui.tasks import TaskRunner


class MeetingsView(QWidget):
    """Meeting list on the left; the selected meeting's summary on the right."""

    summarized = Signal(object)  # MeetingSummary
    open_source = Signal(object)  # a Hit for the whole note

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.selected: FileRecord | None = None
        self.model = MeetingsModel(self)
        self.list = QListView()
        self.list.setObjectName("meetingList")
        self.list.setModel(self.model)
        self.list.selectionModel().currentChanged.connect(self._selected)
        self.detail = QTextBrowser()
        self.detail.setObjectName("meetingDetail")
        self.summarize_button = QPushButton("Summarize")
        self.summarize_button.setEnabled(False)
        self.summarize_button.clicked.connect(self.summarize)
        self.open_button = QPushButton("Open note")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open)
        self.state = QLabel("")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summarize_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.state, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.detail, 1)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.detail.setHtml("<p style='color:gray'>Meeting notes and transcripts in your "
                            "library appear here, newest first.</p>")

    def refresh(self) -> None:
        self._runner.read(lambda lib: lib.meetings(), self.model.set_meetings)

    def _selected(self, index: QModelIndex, _previous: QModelIndex) -> None:
        self.selected = index.data(ITEM_ROLE)
        enabled = self.selected is not None
        self.summarize_button.setEnabled(enabled)
        self.open_button.setEnabled(enabled)
        if not enabled:
            return
        path = self.selected.path
        self.detail.setHtml(f"<h3>{html.escape(self.selected.title or path)}</h3>"
                            "<p style='color:gray'>Press Summarize for its summary, decisions, "
                            "action items and attendees.</p>")
        self.state.setText("")
        self._runner.read(lambda lib: lib.cached_summary(path),
                          lambda s: s is not None and self._show(s))

    def summarize(self) -> None:
        if self.selected is None:
            return
        path = self.selected.path
        self.summarize_button.setEnabled(False)
        self.state.setText("Summarizing with the local model …")
        self._runner.model(lambda lib: lib.summarize_cached(path), self._show, self._failed)

    def _show(self, summary: MeetingSummary) -> None:
        self.summarize_button.setEnabled(True)
        if self.selected is None or summary.path != self.selected.path:
            return
        self.state.setText("")
        self.detail.setHtml(summary_html(summary, self.selected.title))
        self.summarized.emit(summary)

    def _failed(self, error: BaseException) -> None:
        self.summarize_button.setEnabled(True)
        self.state.setText(f"Could not summarize: {error}")
        self._runner.report_error(error)

    def _open(self) -> None:
        if self.selected is not None:
            self.open_source.emit(Hit(path=self.selected.path, score=1.0, text="",
                                      chunk_id="", file_type=self.selected.file_type))


def summary_html(summary: MeetingSummary, title: str | None = None) -> str:
    esc = html.escape
    out = [f"<h3>{esc(title or summary.path)}</h3>"]
    if summary.date:
        out.append(f"<p style='color:gray'>{esc(summary.date)}</p>")
    out.append(f"<h4>Summary</h4><p>{esc(summary.summary)}</p>")
    sections = (("Decisions", [esc(d) for d in summary.decisions]),
                ("Action items", [_item(a) for a in summary.action_items]),
                ("Attendees", [esc(a) for a in summary.attendees]))
    for name, items in sections:
        if items:
            out.append(f"<h4>{name}</h4><ul>" + "".join(f"<li>{i}</li>" for i in items)
                       + "</ul>")
    return "".join(out)


def _item(action) -> str:
    parts = [("☑ " if action.done else "☐ ") + html.escape(action.text)]
    if action.owner:
        parts.append(f"<b>{html.escape(action.owner)}</b>")
    if action.due:
        parts.append(f"due {html.escape(action.due)}")
    return " — ".join(parts)
