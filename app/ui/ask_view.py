"""Ask: a question box, the answer streaming in (the quoted evidence first), citations as
numbered chips.

Chats last: the list on the left is the library's saved chats (the same ones as
``hearth ask --chat NAME``), read when the window opens; a new chat is saved under its
first question on its first answer, and follow-up questions are answered in the context of
the chat's last turn. Rename and Delete act on the selected chat. Stop (or Esc) cancels
generation between tokens; the partial answer stays visible.
"""

from __future__ import annotations

import html
import threading

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import Answer
from app.ui.answer_html import turn_html
from app.ui.chat_export import copy_last_answer, export_chat
from app.ui.chat_list import Chat, with_saved
from app.ui.citation_chips import CitationChips
from app.ui.model_work import ModelWork
from app.ui.tasks import TaskRunner


class AskView(QWidget):
    """The chat pane; citations open in the viewer through ``open_source``."""

    open_source = Signal(object)  # a Hit
    token = Signal(str)           # emitted from the model thread, queued to the UI thread
    answered = Signal(object)     # the finished Answer
    evidence = Signal(object)     # the evidence-only Answer, before the model writes
    prompt_read = Signal(int, int)  # the model's progress reading its prompt (tokens)
    busy_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._cancel = threading.Event()
        self.busy = False
        self.chats: list[Chat] = [Chat()]
        self.current = 0
        self._reopened = False  # whether the newest saved chat was opened at the first listing
        self.suggestions: list[str] = []  # questions offered in an empty chat
        self._partial: Answer | None = None  # the evidence while the model writes
        self._build()
        self.token.connect(self._append_token)
        self.evidence.connect(self._evidence_shown)
        self.prompt_read.connect(self._prompt_progress)

    def _build(self) -> None:
        self.history = QListWidget()
        self.history.setObjectName("chatHistory")
        # chats that open alike ("What did the TSC decide a…") differ at their end
        self.history.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.addItem("New chat")
        self.history.setCurrentRow(0)
        self.history.currentRowChanged.connect(self._switch_chat)
        self.new_button = QPushButton("New chat")
        self.new_button.clicked.connect(self.new_chat)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.setToolTip("Rename the selected chat")
        self.rename_button.clicked.connect(self.rename_chat)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected chat and its answers")
        self.delete_button.clicked.connect(self.delete_chat)
        self.copy_button = QPushButton("Copy answer")
        self.copy_button.setToolTip("Copy the last answer with its sources, as Markdown")
        self.copy_button.clicked.connect(self.copy_answer)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the chat with its sources as a Markdown file")
        self.export_button.clicked.connect(self.export_chat)
        manage = QHBoxLayout()
        manage.addWidget(self.rename_button)
        manage.addWidget(self.delete_button)
        share = QHBoxLayout()
        share.addWidget(self.copy_button)
        share.addWidget(self.export_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.new_button)
        side_layout.addWidget(self.history, 1)
        side_layout.addLayout(manage)
        side_layout.addLayout(share)

        self.transcript = QTextBrowser()
        self.transcript.setObjectName("transcript")
        self.transcript.setOpenLinks(False)
        self.transcript.anchorClicked.connect(self._link_clicked)
        self.chip_area = CitationChips()
        self.chip_area.opened.connect(self.open_source.emit)
        self.question = QLineEdit(placeholderText="Ask a question about your files …  (Enter)")
        self.question.setObjectName("question")
        self.question.returnPressed.connect(self.ask)
        self.ask_button = QPushButton("Ask")
        self.ask_button.setDefault(True)
        self.ask_button.clicked.connect(self.ask)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop generating (Esc)")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        entry = QHBoxLayout()
        entry.addWidget(self.question, 1)
        entry.addWidget(self.ask_button)
        entry.addWidget(self.stop_button)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.transcript, 1)
        self.working = ModelWork()
        main_layout.addWidget(self.working)
        main_layout.addWidget(self.chip_area)
        main_layout.addLayout(entry)

        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(main)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._render()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh_chats()  # chats saved by `hearth ask --chat` meanwhile appear

    def refresh_chats(self) -> None:
        """Read the saved chats (off the UI thread) and list the ones not shown yet."""
        self._runner.read(lambda lib: lib.chat_list(), self._listed)

    def _listed(self, infos) -> None:
        """The saved chats, oldest first above the new one, so the newest sits nearest;
        chats deleted elsewhere leave the list (unless open). A window that opens shows the
        newest saved chat, where the person left off (the new one stays below it)."""
        if self.busy:
            return
        reopen = not self._reopened and bool(infos)
        self._reopened = True
        current = self.chats[self.current]
        merged = with_saved(self.chats, current, [info.name for info in infos])
        if merged is None:
            return
        saved = [c for c in merged if c not in self.chats]
        self.chats = merged
        self.history.blockSignals(True)
        self.history.clear()
        self.history.addItems([c.title for c in self.chats])
        for row, chat in enumerate(self.chats):
            self.history.item(row).setToolTip(chat.title)
        self.current = self.chats.index(current)
        self.history.setCurrentRow(self.current)
        self.history.blockSignals(False)
        self._update_buttons()
        if reopen and saved and not current.turns and current.name is None:
            self.history.setCurrentRow(len(saved) - 1)  # loads its turns

    # actions
    def ask(self) -> None:
        text = self.question.text().strip()
        if not text or self.busy:
            return
        self.question.clear()
        chat = self.chats[self.current]
        chat.turns.append((text, None))
        self.history.item(self.current).setText(chat.title)
        self._render()
        self._set_busy(True)
        self._cancel.clear()
        name = chat.name

        def job(lib):
            return lib.ask(text, on_token=self.token.emit, cancelled=self._cancel.is_set,
                           chat=name or lib.new_chat_name(text),
                           on_evidence=self.evidence.emit, on_prompt=self.prompt_read.emit)

        waiting_for = self._runner.model_label
        if waiting_for:  # the model lane is busy with other work: say so, not nothing
            self.transcript.append(f"<p style='color:gray'><i>Waiting for "
                                   f"{html.escape(waiting_for)} to finish (Stop or Esc "
                                   f"ends it) …</i></p>")
        self._runner.model(job, self._finished, self._failed, label=f"the answer to “{text}”")

    def stop(self) -> None:
        if self.busy:
            self._cancel.set()

    def new_chat(self) -> None:
        if self.chats[-1].turns or self.chats[-1].name:
            self.chats.append(Chat())
            self.history.addItem("New chat")
        self.history.setCurrentRow(len(self.chats) - 1)
        self.question.setFocus()

    def rename_chat(self) -> None:
        chat = self.chats[self.current]
        if self.busy or chat.name is None:
            return
        new, ok = QInputDialog.getText(self, "Rename chat", "Name:", text=chat.name)
        new = " ".join(new.split())
        if ok and new and new != chat.name:
            old = chat.name
            self._runner.model(lambda lib: lib.rename_chat(old, new),
                               lambda _: self._renamed(chat, new), self._runner.report_error)

    def _renamed(self, chat: Chat, new: str) -> None:
        chat.name = new
        if chat in self.chats:
            item = self.history.item(self.chats.index(chat))
            item.setText(chat.title)
            item.setToolTip(chat.title)

    def delete_chat(self, confirm: bool = True) -> None:
        chat = self.chats[self.current]
        if self.busy or chat.name is None:
            return
        if confirm and QMessageBox.question(
                self, "Delete chat", f"Delete the chat “{chat.name}” and its answers?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        name = chat.name
        self._runner.model(lambda lib: lib.delete_chat(name), lambda _: self._deleted(chat),
                           self._runner.report_error)

    def _deleted(self, chat: Chat) -> None:
        if chat not in self.chats:
            return
        row = self.chats.index(chat)
        self.chats.pop(row)
        self.history.blockSignals(True)
        self.history.takeItem(row)
        if not self.chats:
            self.chats.append(Chat())
            self.history.addItem("New chat")
        self.current = min(row, len(self.chats) - 1)
        self.history.setCurrentRow(self.current)
        self.history.blockSignals(False)
        self._switch_chat(self.current)

    # streaming
    def _evidence_shown(self, answer: Answer) -> None:
        """The quotes with working links and chips while the model reads and writes."""
        if not self.busy:
            return
        self._partial = answer
        self._render()
        self.working.starting()

    def _prompt_progress(self, done: int, total: int) -> None:
        if self.busy:
            self.working.reading(done, total)

    def _append_token(self, piece: str) -> None:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(piece)
        self.transcript.setTextCursor(cursor)
        self.transcript.ensureCursorVisible()

    def _finished(self, answer: Answer) -> None:
        chat = self.chats[self.current]
        chat.turns[-1] = (chat.turns[-1][0], answer)
        if answer.chat and chat.name != answer.chat:
            chat.name = answer.chat
            self.history.item(self.current).setText(chat.title)
        self._set_busy(False)
        self._render()
        self.answered.emit(answer)

    def _failed(self, error: BaseException) -> None:
        chat = self.chats[self.current]
        question = chat.turns[-1][0]
        chat.turns[-1] = (question, Answer(question, f"(No answer: {error})", found=False))
        self._set_busy(False)
        self._render()
        self._runner.report_error(error)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if not busy:
            self._partial = None
            self.working.clear()
        self.stop_button.setEnabled(busy)
        self.ask_button.setEnabled(not busy)
        self.new_button.setEnabled(not busy)
        self.history.setEnabled(not busy)
        self._update_buttons()
        self.busy_changed.emit(busy)

    def _update_buttons(self) -> None:
        saved = self.chats[self.current].name is not None
        self.rename_button.setEnabled(saved and not self.busy)
        self.delete_button.setEnabled(saved and not self.busy)
        answered = any(answer is not None for _, answer in self.chats[self.current].turns)
        self.copy_button.setEnabled(answered and not self.busy)
        self.export_button.setEnabled(answered and not self.busy)

    def copy_answer(self) -> None:
        """The chat's last answer, with its sources, on the clipboard (Markdown)."""
        copy_last_answer(self.chats[self.current].turns)

    def export_chat(self, path: str | None = None) -> None:
        """The chat with its sources as a Markdown file the user chooses."""
        chat = self.chats[self.current]
        export_chat(self, chat.title, chat.turns, path)

    # rendering
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self.busy:
            self._render()  # links and colours follow a switch to a dark palette

    def _switch_chat(self, row: int) -> None:
        if 0 <= row < len(self.chats):
            self.current = row
            chat = self.chats[row]
            if not chat.loaded:
                chat.loaded = True
                name = chat.name or ""  # a chat in the list has been saved, so has a name
                self._runner.read(lambda lib: lib.chat_turns(name),
                                  lambda turns: self._turns_read(chat, turns))
            self._update_buttons()
            self._render()

    def _turns_read(self, chat: Chat, turns) -> None:
        chat.turns = [(t.question, t.answer) for t in turns]
        if chat in self.chats and self.chats.index(chat) == self.current:
            self._render()

    def _render(self) -> None:
        chat = self.chats[self.current]
        parts = [turn_html(i, q, a) for i, (q, a) in enumerate(chat.turns)]
        if self._partial is not None and chat.turns and chat.turns[-1][1] is None:
            parts[-1] = turn_html(len(parts) - 1, chat.turns[-1][0], self._partial,
                                  streaming=True)
        if not parts:
            parts = ["<p style='color:gray'>Ask anything about the files in your library. "
                     "Answers quote your files, with the passages they come from.</p>"]
            if self.suggestions:
                parts.append("<p>Try one:</p><ul>" + "".join(
                    f"<li><a href='ask:{n}'>{html.escape(q)}</a></li>"
                    for n, q in enumerate(self.suggestions)) + "</ul>")
        self.transcript.setHtml("".join(parts))
        if chat.turns and chat.turns[-1][1] is None:  # the answer streams in below
            self._append_token("")
        self.transcript.verticalScrollBar().setValue(self.transcript.verticalScrollBar().maximum())
        last = chat.turns[-1][1] if chat.turns else None
        self._show_chips(last or self._partial)

    def _show_chips(self, answer: Answer | None) -> None:
        self.chip_area.show_answer(answer)

    def chip_buttons(self) -> list[QToolButton]:
        return self.chip_area.buttons()

    def suggest(self, questions: list[str] | tuple[str, ...]) -> None:
        """Offer ``questions`` in an empty chat, each asked by a click."""
        self.suggestions = list(questions)
        self._render()

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == "ask" and url.path().isdigit():
            index = int(url.path())
            if index < len(self.suggestions) and not self.busy:
                self.question.setText(self.suggestions[index])
                self.ask()
            return
        if url.scheme() != "cite":
            return
        turn, n = (int(x) for x in url.path().split("/"))
        answer = self.chats[self.current].turns[turn][1] or self._partial
        hits = {c.n: c.hit for c in answer.citations} if answer else {}
        passages = dict(enumerate(answer.passages, 1)) if answer else {}
        hit = hits.get(n) or passages.get(n)
        if hit:
            self.open_source.emit(hit)
