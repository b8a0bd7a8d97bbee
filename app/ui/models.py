"""Qt item models over the core's ids and records, fetched lazily.

``FilesModel`` holds only file ids and reads rows a page at a time when they scroll into
view, so a library of 100,000 files opens instantly and scrolls (Anki's browser model).
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.core import FileRecord, Hit
from app.ui.snippets import snippet_html

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
_PAGE = 200
_CACHED_PAGES = 50
AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class HitsModel(QAbstractListModel):
    """Search results: one row per passage, with a highlighted snippet."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self._html: list[str] = []

    def set_hits(self, hits: list[Hit], terms: list[str]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self._html = [_hit_html(h, terms) for h in hits]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{os.path.basename(hit.path)} {hit.location()}: {hit.text[:80]}"
        if role == HTML_ROLE:
            return self._html[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.path
        if role == ITEM_ROLE:
            return hit
        return None


def _hit_html(hit: Hit, terms: list[str]) -> str:
    where = " · ".join(p for p in (hit.heading, hit.location()) if p)
    return (f"<div><b>{_esc(os.path.basename(hit.path))}</b>"
            f"<span class='secondary'>&nbsp; {_esc(where)} &nbsp; {hit.score:.2f}</span><br>"
            f"{snippet_html(hit.text, terms)}</div>")


def _esc(text: str) -> str:
    import html

    return html.escape(text)


class FilesModel(QAbstractTableModel):
    """Every file of the library with its status and reason, rows read on demand."""

    HEADERS = ("File", "Status", "Chunks", "Reason")

    def __init__(self, fetch: Callable[[list[int]], dict[int, FileRecord]],
                 parent: QObject | None = None) -> None:
        """``fetch`` reads the records of a page of ids (``Library.files_page``)."""
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._shown = 0
        self._pages: OrderedDict[int, dict[int, FileRecord]] = OrderedDict()

    def set_ids(self, ids: list[int]) -> None:
        """Show these files (read off the UI thread: one integer per file); drop cached rows."""
        self.beginResetModel()
        self._ids = list(ids)
        self._shown = min(len(self._ids), _PAGE * 5)
        self._pages.clear()
        self.endResetModel()

    def record(self, row: int) -> FileRecord | None:
        page = row // _PAGE
        if page not in self._pages:
            ids = self._ids[page * _PAGE:(page + 1) * _PAGE]
            self._pages[page] = self._fetch(ids)
            while len(self._pages) > _CACHED_PAGES:
                self._pages.popitem(last=False)
        self._pages.move_to_end(page)
        return self._pages[page].get(self._ids[row])

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent: AnyIndex = _ROOT) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: AnyIndex = _ROOT) -> None:
        more = min(len(self._ids) - self._shown, _PAGE * 5)
        if more <= 0 or parent.isValid():
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        rec = self.record(index.row())
        if rec is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            shown = os.path.relpath(rec.path, os.path.dirname(rec.root.rstrip("/")))
            return (shown, rec.status, str(rec.chunks), rec.reason or "")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return rec.path + (f"\n{rec.reason}" if rec.reason else "")
        if role == ITEM_ROLE:
            return rec
        return None


class MeetingsModel(QAbstractListModel):
    """Recognized meeting notes, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.meetings: list[FileRecord] = []

    def set_meetings(self, meetings: list[FileRecord]) -> None:
        self.beginResetModel()
        self.meetings = list(meetings)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.meetings)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.meetings):
            return None
        rec = self.meetings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{rec.meeting_date or 'undated'}  ·  {row_title(rec)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{meeting_title(rec)}\n{rec.path}"
        if role == ITEM_ROLE:
            return rec
        return None


def row_title(record: FileRecord) -> str:
    """The title as a row of the meetings list shows it after the date: without the date
    again ("Node.js TSC Meeting 2026-05-06" -> "Node.js TSC Meeting"), so that the list
    is not a column of the same clipped words."""
    title = meeting_title(record)
    if record.meeting_date:
        title = title.replace(record.meeting_date, " ")
        title = " ".join(re.sub(r"\(\s*\)|[-–—:,·]\s*$|^\s*[-–—:,·]", " ", title).split())
    return title or os.path.basename(record.path)


def meeting_title(record: FileRecord) -> str:
    """The note's title; a title that is only the file name becomes words without the
    date ("2026-03-11-design-review" -> "Design review")."""
    return title_of(record.path, record.title)


def title_of(path: str, title: str | None) -> str:
    """``meeting_title`` for a path and its recorded title."""
    stem = os.path.splitext(os.path.basename(path))[0]
    title = (title or "").strip()
    if title and title != stem:
        return title
    words = re.sub(r"^\d{4}-\d{2}-\d{2}[-_ ]*", "", stem).replace("-", " ").replace("_", " ")
    return words.strip().capitalize() or stem
