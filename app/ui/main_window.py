"""The main window: Ask, Search, Meetings and Library tabs beside the source viewer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QTabWidget, QWidget

from app.core import HearthError, Hit, Settings
from app.ui.actions_view import ActionsView
from app.ui.ask_view import AskView
from app.ui.library_view import LibraryView
from app.ui.meetings_view import MeetingsView
from app.ui.search_view import SearchView
from app.ui.tasks import TaskRunner
from app.ui.viewer import SourceViewer

ASK, SEARCH, MEETINGS, LIBRARY, ACTIONS = range(5)


class MainWindow(QMainWindow):
    """Wires the views to one task runner; owns no library logic itself."""

    delete_all_requested = Signal()

    def __init__(self, settings: Settings, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._restyling = False
        self.settings = settings
        self.runner = runner
        self.setWindowTitle("Hearth")
        self.resize(1280, 800)
        self.viewer = SourceViewer(runner)
        self.ask_view = AskView(runner)
        self.search_view = SearchView(runner)
        self.meetings_view = MeetingsView(runner)
        self.library_view = LibraryView(runner)
        self.actions_view = ActionsView(runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        for view, name in ((self.ask_view, "Ask"), (self.search_view, "Search"),
                           (self.meetings_view, "Meetings"), (self.library_view, "Library"),
                           (self.actions_view, "Action items")):
            self.tabs.addTab(view, name)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.viewer)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 520])
        self.setCentralWidget(self.splitter)
        self.status_text = QLabel("Starting …")
        self.status_text.setObjectName("statusText")
        self.statusBar().addWidget(self.status_text, 1)
        for view in (self.ask_view, self.search_view, self.meetings_view, self.actions_view):
            view.open_source.connect(self.open_source)
        self.viewer.message.connect(self.show_error)
        self.search_view.message.connect(self.show_error)
        self.library_view.message.connect(self.show_error)
        self.ask_view.chip_area.message.connect(self.show_error)
        runner.failed.connect(self.show_error)
        runner.ready.connect(self._library_ready)
        runner.indexed.connect(self._indexed)
        runner.progress.connect(self._progress)
        self.library_view.folders_changed.connect(self._refresh_choices)
        self._choices_timer = QTimer(self, singleShot=True, interval=1000)
        self._choices_timer.timeout.connect(self._refresh_choices)
        self._base_point_size = self.font().pointSizeF()
        self._menus()
        self._shortcuts()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        keys = QKeySequence.StandardKey
        for label, slot, key in (("Add folder …", self.library_view.choose_folder, None),
                                 ("Settings …", self.open_settings, keys.Preferences),
                                 ("Quit", self.close, keys.Quit)):
            action = QAction(label, self)
            action.triggered.connect(slot)
            if key is not None:
                # the platform's key, and Ctrl+, where it has none (most Linux desktops)
                extra = [QKeySequence("Ctrl+,")] if key == keys.Preferences else []
                action.setShortcuts([QKeySequence(key), *extra])
            file_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("About Hearth and your privacy", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _shortcuts(self) -> None:
        QShortcut(QKeySequence("Ctrl+K"), self, self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_chat)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.stop_model)
        for keys, step in ((("Ctrl+=", "Ctrl++"), 1), (("Ctrl+-",), -1), (("Ctrl+0",), 0)):
            for key in keys:
                QShortcut(QKeySequence(key), self, lambda step=step: self.zoom(step))

    def zoom(self, step: int) -> None:
        """Larger (1) or smaller (-1) text everywhere in the window, or back to normal (0)."""
        font = self.font()
        size = self._base_point_size if step == 0 else min(max(font.pointSizeF() + step, 6.0),
                                                           32.0)
        font.setPointSizeF(size)
        self.setFont(font)

    # actions
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(SEARCH)
        self.search_view.box.setFocus()
        self.search_view.box.selectAll()

    def new_chat(self) -> None:
        self.tabs.setCurrentIndex(ASK)
        self.ask_view.new_chat()

    def open_source(self, hit: Hit) -> None:
        if self.splitter.sizes()[1] == 0:
            self.splitter.setSizes([600, 500])
        self.viewer.show_hit(hit)

    def show_error(self, message: str) -> None:
        self.status_text.setText(message)
        self.status_text.setStyleSheet("color: #c0392b")

    def show_status(self, message: str) -> None:
        self.status_text.setText(message)
        self.status_text.setStyleSheet("")

    def stop_model(self) -> None:
        """Esc: stop what the model is writing, an answer or a summary."""
        self.ask_view.stop()
        self.meetings_view.stop()

    def open_settings(self) -> None:
        from app.model_choice import running_servers
        from app.model_files import find_gguf_files
        from app.ui.settings_dialog import SettingsDialog

        # loopback probes of the usual servers' ports: refused at once when none runs
        try:
            servers = running_servers(self.settings)
        except HearthError:  # a settings file naming a server it does not allow
            servers = []
        dialog = SettingsDialog(self.settings, find_gguf_files(), self, servers)
        dialog.delete_all_requested.connect(self.delete_all_requested.emit)
        if dialog.exec() and dialog.result_settings is not None:
            self.apply_settings(dialog.result_settings)

    def apply_settings(self, new: Settings) -> None:
        """Use saved settings now: ignore rules for the next scan, the model for the next
        question (loaded on first use); OCR turned on reads the scans at once."""
        from app.services import generator_provider

        old, self.settings = self.settings, new
        model_changed = (old.model_path, old.context_size, old.threads, old.model_server,
                         old.server_model) != (new.model_path, new.context_size, new.threads,
                                               new.model_server, new.server_model)
        generator = generator_provider(new) if model_changed else None
        self.runner.write(lambda library: library.apply_settings(new, generator),
                          lambda _: self.show_status("Settings saved."))
        if new.ocr and (old.ocr, old.ocr_max_pages) != (new.ocr, new.ocr_max_pages):
            self.runner.index([])  # read the scans and pictures left unread until now

    def _about(self) -> None:
        from app import __version__

        QMessageBox.about(self, "About Hearth",
                          f"Hearth {__version__}\n\n"
                          "Hearth searches and answers from your own files on this computer. "
                          "Nothing leaves it: no account, no cloud, no telemetry.\n\n"
                          f"Your data: {self.settings.paths.data}")

    # library events
    def _progress(self, progress) -> None:
        """While files are indexed, the status bar says so (not "up to date")."""
        if progress.files_total and progress.files_done < progress.files_total:
            self.show_status(f"Indexing: {progress.files_done} of {progress.files_total} "
                             "files …")

    def _library_ready(self) -> None:
        self.show_status("Library up to date. Watching your folders.")
        self.library_view.refresh()
        self.meetings_view.refresh()
        self.actions_view.refresh()
        self._refresh_choices()

    def _indexed(self, kind: str, report) -> None:
        if report.indexed or report.removed or report.moved or kind == "index":
            self.meetings_view.refresh()
            self._choices_timer.start()
            self.show_status(f"Indexed {report.indexed} file(s), {report.chunks} chunks"
                             + (f"; {len(report.failed)} failed" if report.failed else "") + ".")

    def _refresh_choices(self) -> None:
        self.runner.read(lambda lib: (lib.status().folders, lib.extensions),
                         lambda result: self.search_view.set_choices(*result))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_model()  # an answer or a summary being written stops at its next token
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """A switch of the desktop's theme: the stylesheet is applied again so that the
        styled controls take the new palette's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._restyling:
            from PySide6.QtWidgets import QApplication

            from app.ui.style import apply_style

            app = QApplication.instance()
            if isinstance(app, QApplication) and app.styleSheet():
                self._restyling = True
                try:
                    apply_style(app)
                finally:
                    self._restyling = False
