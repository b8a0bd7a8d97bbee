"""The row of citation chips under an answer: one per source it used, opening the source."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QScrollArea,
    QToolButton,
    QWidget,
)

from app.core import Answer, Hit
from app.ui.answer_html import chip_label
from app.ui.file_actions import file_menu


class CitationChips(QScrollArea):
    """Many citations scroll sideways; they never widen the window."""

    opened = Signal(object)  # the Hit of the chip clicked
    message = Signal(str)  # for the status bar: a file no application could open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QWidget()
        self._row = QHBoxLayout(row)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addStretch(1)
        self.setWidget(row)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(row.sizeHint().height() + 34)

    def show_answer(self, answer: Answer | None) -> None:
        """The chips of ``answer``'s citations (none for no answer)."""
        while self._row.count() > 1:
            item = self._row.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        if answer is None:
            return
        for citation in answer.citations:
            chip = QToolButton()
            chip.setObjectName(f"chip{citation.n}")
            chip.setText(f"[{citation.n}] {chip_label(citation.hit)}")
            chip.setToolTip(citation.hit.path)
            chip.setStyleSheet("QToolButton { border: 1px solid palette(mid); border-radius: 9px;"
                               " padding: 2px 8px; }")
            chip.clicked.connect(lambda _=False, hit=citation.hit: self.opened.emit(hit))
            chip.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            chip.customContextMenuRequested.connect(
                lambda at, chip=chip, hit=citation.hit: self.menu(chip, hit).exec(
                    chip.mapToGlobal(at)))
            self._row.insertWidget(self._row.count() - 1, chip)

    def buttons(self) -> list[QToolButton]:
        items = (self._row.itemAt(i) for i in range(self._row.count() - 1))
        return [w for item in items if item is not None
                and isinstance(w := item.widget(), QToolButton)]

    def menu(self, chip: QToolButton, hit: Hit) -> QMenu:
        """A chip's actions: view the passage, open the file, show its folder, copy its path."""
        return file_menu(chip, hit.path, self.message.emit, view=lambda: self.opened.emit(hit))

