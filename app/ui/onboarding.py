"""First run: the privacy promise, then a folder of one's own or the sample notes."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import AppPaths
from app.resources import sample_notes_dir

PROMISE = """<h2>Welcome to Hearth</h2>
<p>Hearth searches your own notes, PDFs and meeting transcripts and answers questions about
them, <b>entirely on this computer</b>.</p>
<ul>
<li>Your files are read where they are; nothing is uploaded, ever. Hearth works offline.</li>
<li>The index, settings and logs live in <code>{data}</code>, readable only by you.</li>
<li>Answers quote the sentences of your files that answer, and cite them; click a
citation to see it in your file. A larger model of your own adds its words, labeled.</li>
</ul>
<p>Choose a folder to start with. Hearth keeps its index up to date as files change.</p>"""

ADD_FOLDER, SAMPLES, SKIP = "folder", "samples", "skip"


def onboarded_marker(paths: AppPaths) -> Path:
    return paths.config / "onboarded"


def needs_onboarding(paths: AppPaths) -> bool:
    return not onboarded_marker(paths).exists()


def mark_onboarded(paths: AppPaths) -> None:
    paths.ensure()
    onboarded_marker(paths).write_text("1\n")


def copy_sample_notes(paths: AppPaths) -> Path:
    """A writable copy of the sample notes in the data folder (so edits can be tried)."""
    target = paths.data / "sample-notes"
    if not target.exists():
        shutil.copytree(sample_notes_dir(), target)
    return target


WIDTH = 560


class Onboarding(QDialog):
    """``choice`` is ADD_FOLDER, SAMPLES or SKIP after the dialog closes."""

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Hearth")
        self.choice = SKIP
        text = QLabel(PROMISE.format(data=paths.data))
        text.setWordWrap(True)
        buttons = QHBoxLayout()
        for label, choice, name in (("Add a folder …", ADD_FOLDER, "addFolder"),
                                    ("Try the sample notes", SAMPLES, "trySamples"),
                                    ("Later", SKIP, "later")):
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(buttons)
        # a wrapped label's height depends on its width, which a layout does not ask: give
        # it the height its text needs at the dialog's width, so no line is cut off
        margins = layout.contentsMargins()
        text.setMinimumHeight(text.heightForWidth(WIDTH - margins.left() - margins.right()))
        self.resize(WIDTH, 0)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
