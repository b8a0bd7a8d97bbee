"""Settings: the chat model file, its context and threads, ignore rules, where data lives,
and deleting all of Hearth's data."""

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

from app.core import Settings, apply_overrides
from app.model_files import ModelFile

BUNDLED = "Bundled SmolLM2-135M-Instruct (small, fast, often wrong)"


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings`` holds the saved ones."""

    delete_all_requested = Signal()

    def __init__(self, settings: Settings, models: list[ModelFile],
                 parent: QWidget | None = None) -> None:
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
        if value is not None:
            self.model_path.setText(value)

    def edited(self) -> Settings:
        """The settings as the form shows them (raises ConfigError when invalid)."""
        globs = [line.strip() for line in self.ignore.toPlainText().splitlines() if line.strip()]
        return apply_overrides(self.settings, {
            "model_path": self.model_path.text().strip(), "context_size": self.context.value(),
            "threads": self.threads.value(), "ignore_globs": globs, "ocr": self.ocr.isChecked(),
            "ocr_max_pages": self.ocr_pages.value()}, source="the settings window")

    def save(self) -> None:
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
