"""Settings: the chat model (a GGUF file, one of a short list to download, or a model of a
local server such as Ollama or LM Studio), its context and threads, ignore rules, where data
lives, and deleting all of Hearth's data."""

from __future__ import annotations

import os

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import JsonDict, Settings, apply_overrides, loopback_url
from app.model_download import models_folder
from app.model_files import ModelFile
from app.ui.model_download_row import ModelDownloadRow

BUNDLED = "Bundled SmolLM2-135M-Instruct (small, fast, often wrong)"


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings`` holds the saved ones."""

    delete_all_requested = Signal()

    def __init__(self, settings: Settings, models: list[ModelFile],
                 parent: QWidget | None = None, servers: list[JsonDict] | None = None) -> None:
        """``servers``: the models of the local servers running now (``app.model_choice``
        rows of kind "server")."""
        super().__init__(parent)
        self.setWindowTitle("Hearth settings")
        self.settings = settings
        self.result_settings: Settings | None = None
        self.model_path = QLineEdit(settings.model_path)
        self.model_path.setPlaceholderText(BUNDLED)
        browse = QPushButton("Browse …")
        browse.clicked.connect(self._browse)
        self.found = QComboBox()
        self.found.setObjectName("foundModels")
        self.found.addItem(f"{len(models)} GGUF file(s) found on this computer"
                           if models else "No GGUF files found in the usual places", None)
        self.found.addItem(BUNDLED, "")
        for model in models:
            self.found.addItem(f"{model.path.name}  ({model.size / 2**30:.1f} GB, {model.source})",
                               str(model.path))
        for served in servers or []:
            self.found.addItem(f"{served['name']}  ({served.get('server') or 'server'} at "
                               f"{served['url']})", (served["url"], served["name"]))
        self.server = QLineEdit(settings.model_server)
        self.server.setObjectName("modelServer")
        self.server.setPlaceholderText("none: the GGUF file above answers")
        self.server.setToolTip("A model server on this computer with the OpenAI chat API "
                               "(Ollama: http://127.0.0.1:11434, LM Studio: "
                               "http://127.0.0.1:1234)")
        self.server_model = QLineEdit(settings.server_model)
        self.server_model.setObjectName("serverModel")
        self.server_model.setPlaceholderText("the model's name on the server")
        self.allow_remote = settings.allow_remote_server
        self.found.currentIndexChanged.connect(self._pick_found)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_path, 1)
        model_row.addWidget(browse)
        self.context = QSpinBox(minimum=512, maximum=131072, singleStep=512,
                                value=settings.context_size)
        self.threads = QSpinBox(minimum=0, maximum=256, value=settings.threads)
        self.threads.setSpecialValueText(f"automatic ({os.cpu_count()} cores)")
        self.ocr = QCheckBox("Read scanned PDF pages and pictures (OCR, on this computer)")
        self.ocr.setObjectName("ocrEnabled")
        self.ocr.setChecked(settings.ocr)
        self.ocr_pages = QSpinBox(minimum=1, maximum=100000, value=settings.ocr_max_pages)
        self.ocr_pages.setObjectName("ocrMaxPages")
        self.ocr_pages.setSuffix(" pages per file")
        self.ocr_pages.setEnabled(settings.ocr)
        self.ocr.toggled.connect(self.ocr_pages.setEnabled)
        self.ignore = QPlainTextEdit("\n".join(settings.ignore_globs))
        self.ignore.setPlaceholderText("One pattern per line, e.g. *.log or drafts/*")
        self.ignore.setMaximumHeight(90)
        data = QLabel(str(settings.paths.data))
        data.setWordWrap(True)
        open_data = QPushButton("Open")
        open_data.clicked.connect(lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(settings.paths.data))))
        data_row = QHBoxLayout()
        data_row.addWidget(data, 1)
        data_row.addWidget(open_data)
        delete = QPushButton("Delete all Hearth data …")
        delete.setObjectName("deleteAll")
        delete.clicked.connect(self._confirm_delete)

        form = QFormLayout()
        form.addRow("Chat model (GGUF)", model_row)
        form.addRow("", self.found)
        self.downloads = ModelDownloadRow(models_folder(settings.paths.data), self)
        self.downloads.ready.connect(self._use_downloaded)
        form.addRow("Or download one", self.downloads)
        form.addRow("Or a model server", self.server)
        form.addRow("Its model", self.server_model)
        form.addRow("Context size (tokens)", self.context)
        form.addRow("Threads", self.threads)
        form.addRow("Scans", self.ocr)
        form.addRow("OCR at most", self.ocr_pages)
        form.addRow("Ignore rules", self.ignore)
        form.addRow("Data lives in", data_row)
        form.addRow("", delete)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c0392b")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, 0)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a GGUF model file",
                                              os.path.expanduser("~"), "GGUF models (*.gguf)")
        if path:
            self.model_path.setText(path)

    def _pick_found(self, index: int) -> None:
        value = self.found.itemData(index)
        if isinstance(value, tuple):  # a server's model
            self.server.setText(value[0])
            self.server_model.setText(value[1])
            self.model_path.setText("")
        elif value is not None:
            self.model_path.setText(value)
            self.server.setText("")
            self.server_model.setText("")

    def _use_downloaded(self, path: str) -> None:
        """A downloaded and checked model becomes the chat model (once saved)."""
        if self.found.findData(path) < 0:
            self.found.addItem(f"{os.path.basename(path)}  (downloaded by Hearth)", path)
        self.found.setCurrentIndex(self.found.findData(path))

    def done(self, result: int) -> None:
        """Closing Settings pauses a download; the next Download resumes it."""
        self.downloads.pause()
        super().done(result)

    def edited(self) -> Settings:
        """The settings as the form shows them (raises ConfigError when invalid)."""
        globs = [line.strip() for line in self.ignore.toPlainText().splitlines() if line.strip()]
        return apply_overrides(self.settings, {
            "model_path": self.model_path.text().strip(), "context_size": self.context.value(),
            "threads": self.threads.value(), "ignore_globs": globs, "ocr": self.ocr.isChecked(),
            "ocr_max_pages": self.ocr_pages.value(), "model_server": self.server.text().strip(),
            "server_model": self.server_model.text().strip(),
            "allow_remote_server": self.allow_remote}, source="the settings window")

    def _confirm_remote(self) -> bool:
        """A server that is not this computer would receive the passages of the user's
        files with each question: only when the user says so."""
        address = self.server.text().strip()
        if not address or loopback_url(address) or self.allow_remote:
            return True
        answer = QMessageBox.warning(
            self, "Send your passages to another computer?",
            f"{address} is not this computer. Every question would send it the passages of "
            "your files that answer it. Hearth otherwise keeps everything on this computer.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        self.allow_remote = answer == QMessageBox.StandardButton.Yes
        return self.allow_remote

    def save(self) -> None:
        if not self._confirm_remote():
            self.error.setText("Not saved: the model server is not on this computer.")
            return
        try:
            settings = self.edited()
            path = settings.model_path
            if path and not os.path.isfile(os.path.expanduser(path)):
                raise ValueError(f"No such model file: {path}")
        except Exception as exc:  # shown in the dialog: the user fixes the field
            self.error.setText(str(exc))
            return
        settings.save()
        self.result_settings = settings
        self.accept()

    def _confirm_delete(self) -> None:
        answer = QMessageBox.warning(
            self, "Delete all Hearth data?",
            "This removes Hearth's index, settings, caches and logs from this computer:\n\n"
            + "\n".join(str(p) for p in self.settings.paths.all())
            + "\n\nYour own files and folders are not touched. Hearth will close.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_all_requested.emit()
            self.reject()
