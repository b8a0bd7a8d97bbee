"""Search: results as you type, snippets with the words highlighted, and filters.

Works without the chat model: only the embedder and the index are used. Typing is
debounced; a result that arrives after a newer query was sent is dropped.
"""

from __future__ import annotations

import os

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core import HearthError, SearchFilter
from app.ui.date_field import DateField
from app.ui.file_actions import file_menu
from app.ui.models import HTML_ROLE, ITEM_ROLE, HitsModel
from app.ui.snippets import query_terms
from app.ui.tasks import TaskRunner

DEBOUNCE_MS = 250
RESULTS = 20


class SearchView(QWidget):
    """Search box, filter row and the ranked results."""

    open_source = Signal(object)  # a Hit
    searched = Signal(str, int)   # query, number of results (after they are shown)
    message = Signal(str)         # for the status bar: a file no application could open

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._sent = 0
        self.model = HitsModel(self)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self._build()

    def _build(self) -> None:
        self.box = QLineEdit(placeholderText='Search your files …  (Ctrl+K)   "exact phrase"  '
                                             "type:pdf  file:name  is:meeting")
        self.box.setObjectName("searchBox")
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(lambda _: self._timer.start())
        self.folder = QComboBox()
        self.folder.setObjectName("folderFilter")
        self.file_type = QComboBox()
        self.file_type.setObjectName("typeFilter")
        self.meetings = QCheckBox("Meetings only")
        self.after = date_edit("from")
        self.before = date_edit("until")
        for combo in (self.folder, self.file_type):  # long folder names must not widen the window
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        filters = QHBoxLayout()
        for label, widget in (("Folder", self.folder), ("Type", self.file_type)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1)
        filters.addWidget(self.meetings)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("Meeting date"))
        dates.addWidget(self.after)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.before)
        dates.addStretch(1)
        for widget in (self.folder, self.file_type):
            widget.currentIndexChanged.connect(lambda _: self._timer.start())
        self.meetings.toggled.connect(lambda _: self._timer.start())
        for field in (self.after, self.before):
            field.dateChanged.connect(self._timer.start)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setWordWrap(True)
        self.results.activated.connect(self._open)
        self.results.clicked.connect(self._open)
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results.customContextMenuRequested.connect(self._context_menu)
        self.box.installEventFilter(self)  # Down, Enter and Esc from the search box
        self.summary = QLabel("")
        self.summary.setObjectName("searchSummary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.set_choices([], [])

    def set_choices(self, folders: list[str], extensions: list[str]) -> None:
        """Fill the folder and type filters (keeping the current choice when possible)."""
        for combo, label, values in ((self.folder, "All folders", folders),
                                     (self.file_type, "All types",
                                      sorted({e.lstrip(".") for e in extensions}))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, None)
            for value in values:
                combo.addItem(os.path.basename(value.rstrip("/")) or value, value)
                combo.setItemData(combo.count() - 1, value, Qt.ItemDataRole.ToolTipRole)
            found = combo.findData(current)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def current_filter(self) -> SearchFilter:
        return SearchFilter(meetings_only=self.meetings.isChecked(), after=iso_date(self.after),
                            before=iso_date(self.before), file_type=self.file_type.currentData(),
                            folder=self.folder.currentData())

    def run_search(self) -> None:
        query = self.box.text().strip()
        if not query:
            self._sent += 1
            self.model.set_hits([], [])
            self.summary.setText("")
            return
        try:
            search_filter = self.current_filter()
        except HearthError as exc:  # e.g. a date range that ends before it starts
            self.summary.setText(str(exc))
            return
        self._sent += 1
        ticket = self._sent
        self.summary.setText("Searching …")
        self._runner.read(lambda lib: lib.search(query, RESULTS, search_filter),
                          lambda hits: self._show(ticket, query, hits), self._failed)

    def _show(self, ticket: int, query: str, hits: list) -> None:
        if ticket != self._sent:  # an older query's answer: a newer one is on its way
            return
        self.model.set_hits(hits, query_terms(query))
        self.summary.setText(f"{len(hits)} passage(s)" if hits else "Nothing found.")
        self.searched.emit(query, len(hits))

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(f"Search failed: {error}")
        self._runner.report_error(error)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keyboard paths from the search box: Down enters the results at the first one,
        Enter opens the selected (or first) result, Esc clears the box (before the window's
        Esc shortcut, which stops an answer, can take it)."""
        if watched is not self.box or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key, pressed = event.key(), event.type() == QEvent.Type.KeyPress
        if key == Qt.Key.Key_Escape and self.box.text():
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # the box takes Esc, not the window's shortcut
            elif pressed:
                self.box.clear()
                return True
        elif pressed and key == Qt.Key.Key_Down and self.model.rowCount():
            self.results.setFocus()
            self.results.setCurrentIndex(self.model.index(0))
            return True
        elif pressed and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
            current = self.results.currentIndex()
            self._open(current if current.isValid() else self.model.index(0))
            return True
        return super().eventFilter(watched, event)

    def hit_menu(self, index: QModelIndex) -> QMenu | None:
        """View, open, reveal or copy the path of the result at ``index``."""
        hit = index.data(ITEM_ROLE)
        if hit is None:
            return None
        return file_menu(self.results, hit.path, self.message.emit,
                         view=lambda: self.open_source.emit(hit))

    def _context_menu(self, position: QPoint) -> None:
        menu = self.hit_menu(self.results.indexAt(position))
        if menu is not None:
            menu.exec(self.results.viewport().mapToGlobal(position))

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(ITEM_ROLE)
        if hit is not None:
            self.open_source.emit(hit)


def date_edit(word: str) -> DateField:
    """A meeting-date field: empty means "any"; "until" reads a month as its last day."""
    return DateField(word, end=word == "until")


def iso_date(edit: DateField) -> str | None:
    """The field's day as YYYY-MM-DD, or None for "any" (or while it holds no date)."""
    return edit.day()


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
                + 0.0722 * channel(c.blueF()))
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def secondary_color(palette: QPalette, selected: bool) -> QColor:
    """The colour of a row's second line (where, score): softer than the text, yet 4.5:1
    or more against its background, light or dark theme, selected or not (a fixed grey
    was 3.5:1 on white and unreadable on the selection's blue)."""
    group = QPalette.ColorGroup.Active
    text = palette.color(group, QPalette.ColorRole.HighlightedText if selected
                         else QPalette.ColorRole.Text)
    background = palette.color(group, QPalette.ColorRole.Highlight if selected
                               else QPalette.ColorRole.Base)
    for share in (0.45, 0.35, 0.25, 0.15, 0.0):  # as far toward the background as allowed
        mixed = QColor.fromRgbF(
            text.redF() + (background.redF() - text.redF()) * share,
            text.greenF() + (background.greenF() - text.greenF()) * share,
            text.blueF() + (background.blueF() - text.blueF()) * share)
        if contrast(mixed, background) >= 4.5:
            return mixed
    return text


def readable_selection(palette: QPalette) -> QPalette:
    """``palette`` with its selection colour darkened (or, behind dark text, lightened)
    until the selected text stands 4.5:1 against it: Fusion's light selection is 3.7:1."""
    result = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        text = result.color(group, QPalette.ColorRole.HighlightedText)
        highlight = result.color(group, QPalette.ColorRole.Highlight)
        lighten = text.lightnessF() < 0.5
        for _ in range(20):
            if contrast(text, highlight) >= 4.5:
                break
            highlight = highlight.lighter(110) if lighten else highlight.darker(110)
        result.setColor(group, QPalette.ColorRole.Highlight, highlight)
    return result


class HtmlDelegate(QStyledItemDelegate):
    """Paints a row's HTML (bold file name, highlighted snippet), wrapped to the width."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        doc.setDefaultStyleSheet(f".secondary {{ color: "
                                 f"{secondary_color(option.palette, selected).name()} }}")
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(option.rect.width(), 200) - 8)
        return doc

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 4)
        context.clip = QRectF(0, 0, option.rect.width(), option.rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 8)
