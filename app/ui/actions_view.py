"""Action items across all meetings: filter by owner, open/done and date, tick them off.

Reads the ledger (``Library.action_items``: one query, no model, no parsing) on the read
lane; a tick is written on the index lane (``Library.mark_action``: kept in Hearth's data,
never in the note). Double-clicking an item opens its line or cue in the source viewer.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import ActionRow, Hit
from app.ui.models import title_of
from app.ui.search_view import date_edit, iso_date
from app.ui.tasks import TaskRunner

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ID_ROLE = Qt.ItemDataRole.UserRole + 3


class ActionsModel(QAbstractTableModel):
    """Ledger rows (``Library.action_items``); column 0 is checkable."""

    HEADERS = ("Done", "Action item", "Owner", "Due", "Meeting")
    toggled = Signal(str, bool)  # item id, done

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[ActionRow] = []

    def set_items(self, items: list[ActionRow]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item, column = self.items[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            meeting = title_of(item.path, item.title)
            return ("", item.text, item.owner or "", item.due_date or item.due or "",
                    f"{item.meeting_date or 'undated'} · {meeting}")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.path}\n{item.due or ''}".strip()
        if role == ID_ROLE:
            return item.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags

    def setData(self, index: AnyIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        item = self.items[index.row()] = replace(self.items[index.row()], done=done)
        self.dataChanged.emit(index, index, [role])
        self.toggled.emit(item.id, done)
        return True


class ActionsView(QWidget):
    """The ledger with its filters; ticking an item marks it done."""

    open_source = Signal(object)  # a Hit at the item's line or cue
    listed = Signal(int)  # how many items the filters show

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._sent = 0
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Owner (any part of the name)")
        self.status = QComboBox()
        for label, value in (("Open", "open"), ("Done", "done"), ("All", "all")):
            self.status.addItem(label, value)
        self.after, self.before = date_edit("from"), date_edit("until")
        self.count = QLabel("")
        filters = QHBoxLayout()
        for widget in (self.owner, self.status, QLabel("Meetings from"), self.after,
                       QLabel("until"), self.before, self.count):
            filters.addWidget(widget)
        self.model = ActionsModel(self)
        self.model.toggled.connect(self._mark)
        self.table = QTableView()
        self.table.setObjectName("actionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        self.table.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self.owner.textChanged.connect(self._debounce.start)
        for combo in (self.status,):
            combo.currentIndexChanged.connect(self.refresh)
        for edit in (self.after, self.before):
            edit.dateChanged.connect(self.refresh)
        runner.indexed.connect(lambda *_: self.refresh())

    def refresh(self) -> None:
        """Read the ledger with the current filters (a newer request wins)."""
        self._sent += 1
        ticket = self._sent
        owner, status = self.owner.text().strip() or None, self.status.currentData()
        after, before = iso_date(self.after), iso_date(self.before)
        self._runner.read(lambda lib: lib.action_items(owner, status, after, before),
                          lambda items: self._show(ticket, items), self._failed)

    def _show(self, ticket: int, items: list[ActionRow]) -> None:
        if ticket != self._sent:
            return
        self.model.set_items(items)
        self.count.setText(f"{len(items)} item(s)")
        self.listed.emit(len(items))

    def _failed(self, error: BaseException) -> None:
        self.count.setText(str(error))
        self._runner.report_error(error)

    def _mark(self, item_id: str, done: bool) -> None:
        self._runner.write(lambda lib: lib.mark_action(item_id, done),
                           lambda _: self.refresh())

    def _open(self, index: AnyIndex) -> None:
        if not index.isValid():
            return
        item = self.model.items[index.row()]
        self.open_source.emit(Hit(path=item.path, score=1.0, text=item.text, chunk_id="",
                                  line_start=item.line_start, line_end=item.line_end,
                                  time_start=item.time_start))
