"""The line under the chat that says what the model is doing while it answers.

The model can take from seconds to minutes to read its prompt on a CPU before the first
word appears; this line shows that reading as it goes ("reading the passages: 640 of
1,502 tokens, about 3 s left"), then that it writes, so the window never looks stuck.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QWidget


class ModelWork(QLabel):
    """Hidden when the model is idle; ``reading`` and ``starting`` show its progress."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("modelWork")
        self.setVisible(False)
        self._began: tuple[float, int] | None = None  # when reading began, tokens then

    def starting(self) -> None:
        self.setText("The model is starting …")
        self.setVisible(True)

    def reading(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self._began is None:
            self._began = (now, done)
        began, first = self._began
        rate = (done - first) / (now - began) if now > began else 0.0
        if done >= total - 1:
            self.setText("The model has read the passages and is writing …")
        else:
            left = f", about {(total - done) / rate:,.0f} s left" if rate > 0 else ""
            self.setText(f"The model is reading the passages: {done:,} of {total:,} tokens"
                         f"{left} (Stop or Esc ends it)")
        self.setVisible(True)

    def clear(self) -> None:
        self._began = None
        self.setVisible(False)
