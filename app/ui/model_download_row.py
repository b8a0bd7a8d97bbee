"""Settings' "Download a model" row: the short list, a Download/Pause button and progress.

The download runs on a thread of its own (``app.model_download``), never the UI thread;
progress and the outcome come back through queued signals. Pausing (or closing Settings)
keeps what arrived, and the next Download resumes it. A finished file is used only after
its SHA-256 matched the list; it is then offered as the chat model.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.model_download import (
    CATALOG,
    CatalogModel,
    DownloadPaused,
    download,
    downloaded,
    partial_bytes,
)

PRIVACY = ("Downloading is the only network access Hearth ever makes, and only when you "
           "click: one file from the address shown, with nothing of yours sent.")


class _Signals(QObject):
    progressed = Signal(str, object, object)  # byte counts pass 2**31 for a 3B model
    finished = Signal(str)
    failed = Signal(str)


class ModelDownloadRow(QWidget):
    """Choose a listed model and fetch it; ``ready`` carries the checked file's path."""

    ready = Signal(str)

    def __init__(self, folder: Path, parent: QWidget | None = None,
                 catalog: tuple[CatalogModel, ...] = CATALOG) -> None:
        """``folder``: where downloads are kept (``models_folder`` of the settings' data)."""
        super().__init__(parent)
        self.folder = folder
        self.catalog = catalog
        self.choice = QComboBox()
        self.choice.setObjectName("downloadChoice")
        for model in catalog:
            self.choice.addItem(self._label(model), model.name)
        self.button = QPushButton("Download")
        self.button.setObjectName("downloadButton")
        self.button.clicked.connect(self._toggle)
        self.bar = QProgressBar()
        self.bar.setObjectName("downloadProgress")
        self.bar.setVisible(False)
        self.note = QLabel(PRIVACY)
        self.note.setObjectName("downloadNote")
        self.note.setWordWrap(True)
        self.choice.currentIndexChanged.connect(self._describe)
        row = QHBoxLayout()
        row.addWidget(self.choice, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.bar)
        layout.addWidget(self.note)
        self._signals = _Signals()
        queued = Qt.ConnectionType.QueuedConnection
        self._signals.progressed.connect(self._show, queued)
        self._signals.finished.connect(self._done, queued)
        self._signals.failed.connect(self._failed, queued)
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._describe()

    def selected(self) -> CatalogModel:
        return self.catalog[max(self.choice.currentIndex(), 0)]

    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def pause(self) -> None:
        """Stop a running download, keeping what arrived (Settings is closing)."""
        if self._stop is not None:
            self._stop.set()

    def wait(self, seconds: float = 10.0) -> None:
        if self._thread is not None:
            self._thread.join(seconds)

    def _label(self, model: CatalogModel) -> str:
        arrived = partial_bytes(model, self.folder)
        state = "downloaded" if downloaded(model, self.folder) else (
            f"{arrived / model.size:.0%} arrived" if arrived else f"{model.size / 1e9:.1f} GB")
        return f"{model.title}  ({state}, {model.licence})"

    def _describe(self, *_: object) -> None:
        model = self.selected()
        self.choice.setToolTip(f"{model.good_for}\n{model.url}\nSHA-256 {model.sha256}")
        self.button.setText("Use it" if downloaded(model, self.folder) else
                            "Resume" if partial_bytes(model, self.folder) else "Download")

    def _toggle(self) -> None:
        if self.busy():
            self.pause()
            self.button.setEnabled(False)
            return
        model = self.selected()
        if path := downloaded(model, self.folder):
            self.ready.emit(str(path))
            return
        self._stop = threading.Event()
        self.choice.setEnabled(False)
        self.button.setText("Pause")
        self.bar.setVisible(True)
        self.bar.setRange(0, 1000)
        self.note.setText(f"Downloading {model.title} from {model.url} …")
        self._thread = threading.Thread(target=self._run, args=(model, self._stop),
                                        name="hearth-download", daemon=True)
        self._thread.start()

    def _run(self, model: CatalogModel, stop: threading.Event) -> None:
        signals = self._signals
        try:
            path = download(model, self.folder, signals.progressed.emit, stop)
        except DownloadPaused as exc:
            signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - every failure is shown, with its reason
            signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            signals.finished.emit(str(path))

    def _show(self, stage: str, done: int, total: int) -> None:
        self.bar.setValue(int(1000 * done / max(total, 1)))
        verb = "Checking the file" if stage == "check" else "Downloaded"
        self.bar.setFormat(f"{verb}: {done / 1e6:,.0f} of {total / 1e6:,.0f} MB")

    def _finish(self) -> None:
        self.choice.setEnabled(True)
        self.button.setEnabled(True)
        index = self.choice.currentIndex()
        self.choice.setItemText(index, self._label(self.selected()))
        self._describe()

    def _done(self, path: str) -> None:
        self._finish()
        self.bar.setVisible(False)
        self.note.setText(f"{Path(path).name} is downloaded and checked; it answers once "
                          "you save these settings.")
        self.ready.emit(path)

    def _failed(self, message: str) -> None:
        self._finish()
        self.note.setText(message)
