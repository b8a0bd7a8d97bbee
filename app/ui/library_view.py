"""Library: the folders Hearth watches, every file's status, and indexing progress."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import IndexReport, LibraryStatus, Progress
from app.ui.file_actions import file_menu
from app.ui.models import FilesModel
from app.ui.tasks import TaskRunner


def eta_text(progress: Progress) -> str:
    """'12 / 40 files · 310 chunks · about 1 min left' from the indexer's progress."""
    done, total = progress.files_done, progress.files_total
    text = f"{done} / {total} files · {progress.chunks_done} chunks"
    left = progress.eta_seconds
    if progress.ocr_pages:
        text += f" · {progress.ocr_pages} scanned pages read"
    if progress.detail:  # "OCR page 3/12" of a file, or "embedding 64/261" of the batch
        name = os.path.basename(progress.current)
        text += f" ({progress.detail} of {name})" if name else f" ({progress.detail})"
    if 0 < done < total and progress.elapsed > 1 and left is not None and left >= 1:
        text += " · about " + (f"{left / 60:.0f} min left" if left >= 90 else f"{left:.0f} s left")
    return text


class LibraryView(QWidget):
    """Add and remove folders, see each file's status, pause or resume indexing."""

    folders_changed = Signal()
    message = Signal(str)  # for the status bar: a file no application could open

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setAcceptDrops(True)
        self.folders = QListWidget()
        self.folders.setObjectName("folderList")
        self.folders.setMaximumHeight(130)
        add = QPushButton("Add folder …")
        add.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected folder from the library and the index")
        self.remove_button.clicked.connect(self.remove_selected)
        self.pause_button = QPushButton("Pause indexing")
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self.set_paused)
        hint = QLabel("Drop folders here to add them.")
        hint.setStyleSheet("color: gray")
        folder_buttons = QVBoxLayout()
        for widget in (add, self.remove_button, self.pause_button):
            folder_buttons.addWidget(widget)
        folder_buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.folders, 1)
        top.addLayout(folder_buttons)

        self.progress = QProgressBar()
        self.progress.setObjectName("indexProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress_label = QLabel("Idle")
        self.progress_label.setObjectName("progressLabel")
        self.status_filter = QComboBox()
        for label, value in (("All files", None), ("Indexed", "indexed"), ("Failed", "failed"),
                             ("Skipped", "skipped"), ("Pending", "pending")):
            self.status_filter.addItem(label, value)
        self.status_filter.currentIndexChanged.connect(self.refresh_files)
        self.counts = QLabel("")
        self.counts.setObjectName("fileCounts")
        bar = QVBoxLayout()
        bar.addWidget(self.progress)
        bar.addWidget(self.progress_label)
        files_bar = QHBoxLayout()
        files_bar.addWidget(self.counts, 1)
        files_bar.addWidget(self.status_filter)

        self.files_model = FilesModel(runner.library.files_page, self)
        self.table = QTableView()
        self.table.setObjectName("fileTable")
        self.table.setModel(self.files_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addLayout(bar)
        layout.addLayout(files_bar)
        layout.addWidget(self.table, 1)
        runner.progress.connect(self.show_progress)
        runner.indexed.connect(self.on_indexed)

    # folders
    def file_row_menu(self, row: int):
        """A file row's actions: open it, show its folder, copy its path (None off a row)."""
        record = self.files_model.record(row) if row >= 0 else None
        return file_menu(self.table, record.path, self.message.emit) if record else None

    def _context_menu(self, position) -> None:
        menu = self.file_row_menu(self.table.indexAt(position).row())
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(position))

    def refresh(self) -> None:
        """Re-read folders, counts and the file list (reads are quick, done on the lane)."""
        self._runner.read(lambda lib: lib.status(), self._show_status)
        self.refresh_files()

    def _show_status(self, status: LibraryStatus) -> None:
        self.folders.clear()
        for path in status.folders:
            offline = " (offline)" if path in status.offline else ""
            self.folders.addItem(path + offline)
            self.folders.item(self.folders.count() - 1).setData(Qt.ItemDataRole.UserRole, path)
        files = status.files
        text = (f"{files.indexed} indexed · {files.failed} failed · "
                f"{files.skipped} skipped · {files.pending} pending · "
                f"{status.chunks} chunks")
        if status.ocr.files:
            text += f" · {status.ocr.pages} scanned pages read by OCR"
        unread = status.unread_types
        if unread:  # what search cannot see, so nobody wonders why it is not found
            kinds = ", ".join(f"{ext} {n}" for ext, n in list(unread.items())[:8])
            text += f"\nNot read (file types Hearth does not index): {kinds}"
            if len(unread) > 8:
                text += f" and {len(unread) - 8} more types"
        advice = status.embedder.advice
        if advice:  # e.g. an fp32 library: how to get the faster int8 vectors
            text += f"\nEmbedder: {advice}"
        self.counts.setText(text)

    def refresh_files(self) -> None:
        status = self.status_filter.currentData()
        self._runner.read(lambda lib: lib.file_ids(status), self.files_model.set_ids)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder to Hearth")
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> None:
        """Add folders or files and index them on the index lane, with progress."""
        self.progress_label.setText("Adding …")
        self._runner.index(paths, lambda _: self._after_change())

    def remove_selected(self) -> None:
        item = self.folders.currentItem()
        if item is None:
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        self._runner.write(lambda lib: lib.forget(path), lambda _: self._after_change())

    def _after_change(self) -> None:
        self.refresh()
        self.folders_changed.emit()

    def set_paused(self, paused: bool) -> None:
        if paused:
            self._runner.pause()
            self.pause_button.setText("Resume indexing")
            self.progress_label.setText("Paused")
        else:
            self._runner.resume()
            self.pause_button.setText("Pause indexing")

    # progress
    def show_progress(self, progress: Progress) -> None:
        self.progress.setRange(0, max(progress.files_total, 1))
        self.progress.setValue(progress.files_done)
        self.progress_label.setText(eta_text(progress))

    def on_indexed(self, kind: str, report: IndexReport) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        paused = " (paused)" if self._runner.paused else ""
        self.progress_label.setText(
            f"Up to date{paused}: {report.indexed} indexed, {report.removed} removed, "
            f"{len(report.failed)} failed in {report.seconds:.1f} s")
        if report.indexed or report.removed or report.moved or report.failed or kind != "changes":
            self.refresh()

    # drag and drop
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        paths = [p for p in paths if os.path.exists(p)]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()
