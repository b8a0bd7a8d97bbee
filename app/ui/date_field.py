"""A day typed the way people write it, or picked on a calendar; empty means "any".

A ``QDateEdit`` with an "any" special value garbled typed dates ("2025-06-01" became
"m)20250601" and filtered nothing) and opened its calendar on January 2000. This field
reads what is typed as the core reads dates in a question: "2025-06-01", "20250601",
"June 11, 2025", "11 June 2025", "March 2025" (the first day of the month in a "from"
field, the last in an "until" field). Something that is no date is marked, never guessed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import HearthError, SearchFilter, mentioned_span


class DateField(QWidget):
    """One line to type a day in, and a button that opens a calendar on it (or today)."""

    dateChanged = Signal()  # the day the field means changed (to another day or to "any")

    def __init__(self, word: str, *, end: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._end = end
        self._day: str | None = None
        self.edit = QLineEdit(placeholderText=f"any ({word})")
        self.edit.setAccessibleName(f"Meeting date {word}")
        self.edit.setToolTip("A day: 2025-06-01, June 11, 2025, or a month: March 2025. "
                             "Empty: any.")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._typed)
        self.button = QToolButton()
        self.button.setText("…")
        self.button.setAccessibleName(f"Pick the {word} day on a calendar")
        self.button.setToolTip("Pick a day on a calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop per field
        self.button.clicked.connect(self.pick)
        self.calendar: QCalendarWidget | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def day(self) -> str | None:
        """The day meant (YYYY-MM-DD), or None for "any" or while the text is no date."""
        return self._day

    @property
    def invalid(self) -> bool:
        return bool(self.edit.text().strip()) and self._day is None

    def set_day(self, day: str | None) -> None:
        """Show ``day`` (YYYY-MM-DD) or clear the field."""
        self.edit.setText(day or "")

    def _typed(self, text: str) -> None:
        day = read_day(text, end=self._end)
        self.edit.setProperty("invalid", bool(text.strip()) and day is None)
        self.edit.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }"
                                if self.edit.property("invalid") else "")
        if day != self._day:
            self._day = day
            self.dateChanged.emit()

    def pick(self) -> None:
        """A calendar below the field, on the day typed or else today."""
        if self.calendar is not None:  # the last one, still closing
            self.calendar.window().deleteLater()
        popup = QWidget(self, Qt.WindowType.Popup)
        self.calendar = QCalendarWidget(popup)
        shown = dt.date.fromisoformat(self._day) if self._day else dt.date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))

        def chosen(date: QDate) -> None:
            self.set_day(dt.date(date.year(), date.month(), date.day()).isoformat())
            popup.hide()  # deleted with the next calendar or the field, not inside its signal

        self.calendar.clicked.connect(chosen)
        layout = QVBoxLayout(popup)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)
        popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        popup.show()
        self.calendar.setFocus()


def read_day(text: str, *, end: bool = False) -> str | None:
    """``text`` as a day: ISO or compact ISO, or a day or month in words (a month gives its
    first day, or its last with ``end``); None when it is empty or no date."""
    text = text.strip()
    if not text:
        return None
    try:
        return SearchFilter(after=text).after
    except HearthError:
        span = mentioned_span(text)
        return (span[1] if end else span[0]) if span else None
