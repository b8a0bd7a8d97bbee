"""Meetings: recognized meeting notes by date; a summary generated on demand and cached."""

from __future__ import annotations

import html
import threading

from PySide6.QtCore import QModelIndex, Qt, Signal
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

from app.core import EXTRACTIVE_LABEL, Digest, FileRecord, Hit, MeetingSummary
from app.ui.models import ITEM_ROLE, MeetingsModel, meeting_title
from app.ui.tasks import TaskRunner


class MeetingsView(QWidget):
    """Meeting list on the left; the selected meeting's summary on the right."""

    summarized = Signal(object)  # MeetingSummary written by the model
    items_shown = Signal(object)  # MeetingSummary read from the text alone (no prose)
    digest_shown = Signal(object)  # Digest: what happened since last week
    open_source = Signal(object)  # a Hit: the whole note, or the place of an item

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.selected: FileRecord | None = None
        self.model = MeetingsModel(self)
        self.list = QListView()
        self.list.setObjectName("meetingList")
        self.list.setModel(self.model)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the ends tell rows apart
        self.list.selectionModel().currentChanged.connect(self._selected)
        self.detail = QTextBrowser()
        self.detail.setObjectName("meetingDetail")
        self.detail.setOpenLinks(False)  # an item's link opens its place in the viewer
        self.detail.anchorClicked.connect(self._open_item)
        self._shown: MeetingSummary | None = None
        self._cancel = threading.Event()
        self._summarizing = False
        self.summarize_button = QPushButton("Summarize")
        self.summarize_button.setEnabled(False)
        self.summarize_button.clicked.connect(self.summarize)
        self.digest_button = QPushButton("Since last week")
        self.digest_button.setToolTip("Decisions and action items of the last seven days, "
                                      "with what is done and what is overdue")
        self.digest_button.clicked.connect(self.show_digest)
        self._places: list[tuple[str, int | None]] = []  # the digest's links: note, line
        self.open_button = QPushButton("Open note")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open)
        self.state = QLabel("")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summarize_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.digest_button)
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
        # without a model that writes prose, selecting a meeting already shows all that
        # Summarize would (its topics and outcomes, read from the note): no button then
        self._runner.read(lambda lib: lib.writes_prose(), self.summarize_button.setVisible)

    def _selected(self, index: QModelIndex, _previous: QModelIndex) -> None:
        self.selected = index.data(ITEM_ROLE)
        enabled = self.selected is not None
        self.summarize_button.setEnabled(enabled or self._summarizing)
        self.open_button.setEnabled(enabled)
        if not enabled:
            return
        path = self.selected.path
        self._shown = None
        self.detail.setHtml(f"<h3>{html.escape(meeting_title(self.selected))}</h3>")
        self.state.setText("")
        self._open()  # the viewer shows the meeting that is selected
        self._runner.read(lambda lib: lib.meeting_items(path), self._show_items)
        self._runner.read(lambda lib: lib.cached_summary(path), self._show_cached)

    def summarize(self) -> None:
        """Summarize the selected meeting; pressed again while it runs (or Esc), stop."""
        if self._summarizing:
            self.stop()
            return
        if self.selected is None:
            return
        path = self.selected.path
        self._cancel.clear()
        self._summarizing = True
        self.summarize_button.setText("Stop summary")
        self.state.setText("Summarizing …")  # instant from the note; minutes with a model
        cancelled = self._cancel.is_set
        self._runner.model(lambda lib: lib.summarize_cached(path, cancelled), self._show,
                           self._failed, label=f"the summary of {meeting_title(self.selected)}")

    def stop(self) -> None:
        """Stop a summary being written (the model stops at its next token)."""
        if self._summarizing:
            self._cancel.set()
            self.state.setText("Stopping …")

    def _summary_ended(self) -> None:
        self._summarizing = False
        self.summarize_button.setText("Summarize")
        self.summarize_button.setEnabled(self.selected is not None)

    def show_digest(self) -> None:
        """What was decided and assigned in the last week, across meetings."""
        self.state.setText("")
        self._runner.read(lambda lib: lib.digest(), self._show_digest, self._failed)

    def _show_digest(self, digest: Digest) -> None:
        self._shown = None
        self._places = []
        self.detail.setHtml(digest_html(digest, self._places))
        self.digest_shown.emit(digest)

    def _show_items(self, items: MeetingSummary) -> None:
        """Attendees, decisions and action items at once; a written summary, when one
        arrived first, is not replaced."""
        if self.selected is None or items.path != self.selected.path or (
                self._shown is not None and self._shown.summary):
            return
        self._shown = items
        self.detail.setHtml(summary_html(items, meeting_title(self.selected)))
        self.items_shown.emit(items)

    def _show_cached(self, summary: MeetingSummary | None) -> None:
        if summary is not None:
            self._show(summary)

    def _show(self, summary: MeetingSummary) -> None:
        self._summary_ended()
        if self.selected is None or summary.path != self.selected.path:
            return
        self.state.setText("")
        self._shown = summary
        self.detail.setHtml(summary_html(summary, meeting_title(self.selected)))
        self.summarized.emit(summary)

    def _open_item(self, url) -> None:
        """Open an action item's line or cue in the viewer."""
        if url.toString().startswith("place:"):
            index = int(url.toString()[6:])
            if 0 <= index < len(self._places):
                path, line = self._places[index]
                self.open_source.emit(Hit(path=path, score=1.0, text="", chunk_id="",
                                          line_start=line, line_end=line))
            return
        if self._shown is None or not url.toString().startswith("item:"):
            return
        index = int(url.toString()[5:])
        if not 0 <= index < len(self._shown.action_items):
            return
        item = self._shown.action_items[index]
        self.open_source.emit(Hit(path=self._shown.path, score=1.0, text=item.text,
                                  chunk_id="", line_start=item.line_start,
                                  line_end=item.line_end, time_start=item.time_start))

    def _failed(self, error: BaseException) -> None:
        self._summary_ended()
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
    if summary.summary_source == "structure" and summary.topics:
        out.append("<h4>Topics</h4><ul>" + "".join(_topic(t) for t in summary.topics)
                   + "</ul>")
    elif summary.summary:
        name = "Summary" + (" (the meeting's own words)"
                            if summary.summary_source == "extractive" else "")
        text = summary.summary.removeprefix(EXTRACTIVE_LABEL).strip()
        out.append(f"<h4>{esc(name)}</h4><p>{esc(text).replace(chr(10), '<br>')}</p>")
    else:
        out.append("<p style='color:gray'>Read from the note itself.</p>")
    sections = (("Decisions", [esc(d) for d in summary.decisions]),
                ("Action items", [_item(a, n) for n, a in enumerate(summary.action_items)]),
                ("Attendees", [esc(a) for a in summary.attendees]))
    for name, items in sections:
        if items:
            out.append(f"<h4>{name}</h4><ul>" + "".join(f"<li>{i}</li>" for i in items)
                       + "</ul>")
    return "".join(out)


def digest_html(digest: Digest, places: list[tuple[str, int | None]]) -> str:
    """The digest as the detail pane shows it; ``places`` gets each link's note and line."""
    esc = html.escape

    def link(text: str, path: str, line: int | None) -> str:
        places.append((path, line))
        return f"<a href='place:{len(places) - 1}'>{esc(text)}</a>"

    out = [f"<h3>Since {esc(digest.since)}</h3>"]
    if not digest.meetings and not digest.people:
        out.append("<p style='color:gray'>Nothing decided or assigned in that time.</p>")
    for meeting in digest.meetings:
        out.append(f"<h4>{esc(meeting.meeting_date or '')} · {esc(meeting.title or '')}</h4><ul>")
        for entry in meeting.decisions:
            row = entry.decision
            topic = f"<b>{esc(row.topic)}</b>: " if row.topic else ""
            earlier = "".join(f"<br><span style='color:gray'>earlier ({esc(e.meeting_date or '')})"
                              f": {esc(e.text)}</span>" for e in entry.earlier)
            out.append(f"<li>decided: {topic}{link(row.text, row.path, row.line_start)}"
                       f"{earlier}</li>")
        for item in meeting.actions:
            owner = f" — <b>{esc(item.owner)}</b>" if item.owner else ""
            out.append(f"<li>action: {link(item.text, item.path, item.line_start)}{owner}</li>")
        out.append("</ul>")
    overdue = [(p.name, r) for p in digest.people for r in p.overdue]
    if overdue:
        out.append("<h4>Overdue</h4><ul>" + "".join(
            f"<li>{link(r.text, r.path, r.line_start)} — <b>{esc(name)}</b>, due "
            f"{esc(r.due_date or '')}</li>" for name, r in overdue) + "</ul>")
    if digest.done:
        out.append("<h4>Done since</h4><ul>" + "".join(
            f"<li>☑ {esc(r.text)}" + (f" — {esc(r.owner)}" if r.owner else "") + "</li>"
            for r in digest.done) + "</ul>")
    return "".join(out)


def _topic(topic) -> str:
    """One agenda item with what came of it."""
    esc = html.escape
    said = [f"decided: {esc(d)}" for d in topic.decisions]
    said += [f"action: {esc(a)}" for a in topic.actions]
    outcome = "<br>".join(said) or "<span style='color:gray'>discussed, no outcome recorded</span>"
    return f"<li><b>{esc(topic.title)}</b><br>{outcome}</li>"


def _item(action, index: int = 0) -> str:
    parts = [("☑ " if action.done else "☐ ")
             + f"<a href='item:{index}'>{html.escape(action.text)}</a>"]
    if action.owner:
        parts.append(f"<b>{html.escape(action.owner)}</b>")
    if action.due_date or action.due:
        parts.append(f"due {html.escape(action.due_date or action.due)}")
    return " — ".join(parts)
