"""The action-item ledger: every meeting's action items in one queryable table.

Written at index time in the same transaction as the meeting's file row (so it is never
out of step with the index), dropped with the file, and read without opening a single
note: ``hearth actions`` over 1,000 meetings is one SQL query. A user's done/undone mark
is stored by item id (path + text), apart from the rows, so re-indexing an unchanged item
keeps it. Nothing is ever written into the user's files.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core.errors import HearthError
from app.core.meetings.items import ActionItem, Decision
from app.core.storage import Registry
from app.core.types import ACTION_STATUSES, ActionStatus, ItemSource

# Bump when the extraction rules change: files read by older rules are read again.
RULES_VERSION = 3  # 2: minutes' speakers, consent, topics, handles; 3: decisions kept
_COLUMNS = ("id", "text", "owner", "due", "due_date", "done", "source", "line_start",
            "line_end", "time_start", "topic", "owner_also")


@dataclass(frozen=True)
class ActionRow:
    """One action item as the ledger lists it, with the meeting it belongs to; its fields
    are the ``actions --json`` item (add fields, never rename or drop)."""

    id: str  # stable: path + text (``items.item_id``), so a mark survives re-indexing
    text: str
    owner: str | None
    due: str | None       # the words ("by Friday")
    due_date: str | None  # the day they mean, resolved against the meeting's date
    done: bool            # the user's mark, else the note's checkbox
    source: ItemSource
    line_start: int | None
    line_end: int | None
    time_start: str | None
    path: str
    meeting_date: str | None
    title: str | None
    topic: str | None = None  # the agenda item it was said under


def _value(item: ActionItem, column: str) -> object:
    if column == "owner_also":  # "@alima alima": the handles the owner goes by
        return " ".join(f"@{h} {h}" for h in item.owner_handles) or None
    return getattr(item, column)


@dataclass(frozen=True)
class DecisionRow:
    """One decision as the ledger lists it, with its meeting (``digest --json``)."""

    text: str
    topic: str | None
    line_start: int | None
    line_end: int | None
    time_start: str | None
    path: str
    meeting_date: str | None
    title: str | None


class ActionLedger:
    """Rows of ``action_items`` plus the user's marks, in the registry's database."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    @property
    def _db(self) -> sqlite3.Connection:
        return self._registry.db

    def replace_file(self, file_id: int, items: Sequence[ActionItem],
                     decisions: Sequence[Decision] = ()) -> None:
        """Set a file's items and decisions; call inside a transaction (empty for a
        non-meeting)."""
        self.delete_file(file_id)
        self._db.executemany(
            f"INSERT INTO action_items (file_id, position, {', '.join(_COLUMNS)}) "
            f"VALUES ({', '.join('?' * (len(_COLUMNS) + 2))})",
            [(file_id, n, *(_value(item, c) for c in _COLUMNS)) for n, item in enumerate(items)])
        self._db.executemany(
            "INSERT INTO decisions (file_id, position, text, topic, line_start, line_end, "
            "time_start) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(file_id, n, d.text, d.topic, d.line_start, d.line_end, d.time_start)
             for n, d in enumerate(decisions)])
        self._db.execute("INSERT INTO ledger_files VALUES (?, ?)", (file_id, RULES_VERSION))

    def delete_file(self, file_id: int) -> None:
        self._db.execute("DELETE FROM action_items WHERE file_id = ?", (file_id,))
        self._db.execute("DELETE FROM decisions WHERE file_id = ?", (file_id,))
        self._db.execute("DELETE FROM ledger_files WHERE file_id = ?", (file_id,))

    def decisions(self, after: str | None = None, before: str | None = None,
                  topic: str | None = None) -> list[DecisionRow]:
        """Decisions of the indexed meetings, newest meeting first; with ``topic``, only
        those taken under that agenda item (case-insensitive)."""
        sql = ("SELECT d.text, d.topic, d.line_start, d.line_end, d.time_start, f.path, "
               "f.meeting_date, f.title FROM decisions d JOIN files f ON f.id = d.file_id "
               "WHERE f.status = 'indexed'")
        args: list[str] = []
        for clause, value in ((" AND f.meeting_date >= ?", after),
                              (" AND f.meeting_date <= ?", before),
                              (" AND lower(d.topic) = lower(?)", topic)):
            if value:
                sql += clause
                args.append(value)
        sql += " ORDER BY f.meeting_date IS NULL, f.meeting_date DESC, f.path, d.position"
        return [DecisionRow(*row) for row in self._db.execute(sql, args)]

    def marked_since(self, since: float) -> dict[str, bool]:
        """Item id -> done, for the marks the user set at or after ``since`` (epoch s)."""
        return {item: bool(done) for item, done in self._db.execute(
            "SELECT id, done FROM action_marks WHERE marked_at >= ?", (since,))}

    def unread_meetings(self) -> list[tuple[int, str]]:
        """(file id, path) of indexed meetings whose items were not read by these rules."""
        return list(self._db.execute(
            "SELECT f.id, f.path FROM files f LEFT JOIN ledger_files l ON l.file_id = f.id "
            "WHERE f.kind = 'meeting' AND f.status = 'indexed' "
            "AND (l.version IS NULL OR l.version != ?)", (RULES_VERSION,)))

    def items(self, owner: str | None = None, status: ActionStatus = "all",
              after: str | None = None, before: str | None = None,
              item_id: str | None = None, due_before: str | None = None) -> list[ActionRow]:
        """Items, newest meeting first; ``owner`` matches any part of the name or a handle;
        ``due_before``: only items with a due day before it (YYYY-MM-DD)."""
        if status not in ACTION_STATUSES:
            raise HearthError(f"status is open, done or all, not {status!r}")
        sql = ("SELECT a.id, a.text, a.owner, a.due, a.due_date, COALESCE(m.done, a.done), "
               "a.source, a.line_start, a.line_end, a.time_start, f.path, f.meeting_date, "
               "f.title, a.topic FROM action_items a JOIN files f ON f.id = a.file_id "
               "LEFT JOIN action_marks m ON m.id = a.id WHERE f.status = 'indexed'")
        args: list[str | int] = []
        if item_id:
            sql += " AND a.id = ?"
            args.append(item_id)
        if owner:
            sql += (" AND instr(lower(COALESCE(a.owner, '') || ' ' || COALESCE(a.owner_also, '')),"
                    " lower(?)) > 0")
            args.append(owner.strip())
        if status != "all":
            sql += " AND COALESCE(m.done, a.done) = ?"
            args.append(int(status == "done"))
        if after:
            sql += " AND f.meeting_date >= ?"
            args.append(after)
        if before:
            sql += " AND f.meeting_date <= ?"
            args.append(before)
        if due_before:
            sql += " AND a.due_date IS NOT NULL AND a.due_date < ?"
            args.append(due_before)
        sql += " ORDER BY f.meeting_date IS NULL, f.meeting_date DESC, f.path, a.position"
        return [ActionRow(item, text, owner, due, due_date, bool(done), source, line_start,
                          line_end, time_start, path, meeting_date, title, topic)
                for (item, text, owner, due, due_date, done, source, line_start, line_end,
                     time_start, path, meeting_date, title, topic)
                in self._db.execute(sql, args)]

    def mark(self, item_id: str, done: bool) -> ActionRow:
        """Mark an item done or not done; the mark outlives re-indexing of unchanged text."""
        found = self.items(item_id=item_id.strip())  # one row by id, not the whole ledger
        if not found:
            raise HearthError(f"No action item with id {item_id!r}; 'hearth actions' lists them")
        with self._registry.transaction() as db:
            db.execute("INSERT OR REPLACE INTO action_marks VALUES (?, ?, ?)",
                       (item_id.strip(), int(done), time.time()))
        return replace(found[0], done=done)
