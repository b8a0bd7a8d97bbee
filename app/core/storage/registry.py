"""The library registry: which folders and files Hearth knows, and their indexing state.

SQLite, one row per file with size, mtime, content hash, status and the reason when not
indexed. It is the record the indexer compares the disk against, and the other half of
the consistency check with the vector store. A row is set ``pending`` before its chunks
change, so an interrupted write is redone by the next run rather than trusted.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import REBUILD_HINT, LibraryDamaged
from app.core.storage.migrations import SchemaTooNew, migrate
from app.core.storage.recovery import save_roots
from app.core.types import FileStatus

STATUSES = ("indexed", "failed", "skipped", "pending")
_INSIDE = "path LIKE ? ESCAPE '\\'"  # with _under(path): strictly inside a folder
_COLUMNS = ("id, path, root, file_type, size, mtime_ns, hash, status, reason, chunks, title, "
            "kind, meeting_date, read_attempts, retry")


@dataclass(frozen=True)
class FileRecord:
    """One file as the registry knows it."""

    id: int
    path: str
    root: str
    file_type: str
    size: int
    mtime_ns: int
    hash: str
    status: FileStatus
    reason: str | None
    chunks: int
    title: str | None
    kind: str | None = None  # "meeting" for meeting notes and transcripts
    meeting_date: str | None = None
    read_attempts: int = 0  # runs that began parsing it and never finished (see begin_file)
    retry: str | None = None  # when to read it again unchanged (``types.retry_code``)


@dataclass(frozen=True)
class Root:
    """A folder or file the user added (or, when ``excluded``, removed from inside one)."""

    path: str
    excluded: bool


class Registry:
    """Read and write the registry; every write is one short transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        try:
            migrate(self._db)
            self._db.execute("SELECT count(*) FROM files").fetchone()
        except SchemaTooNew as exc:
            self.close()
            raise LibraryDamaged(f"Cannot open the library {path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            self.close()
            raise LibraryDamaged(f"The library registry {path} is damaged ({exc}); "
                                 f"{REBUILD_HINT}") from exc

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's connection: with WAL, a reader thread never waits for the writer
        and sees only committed transactions, so the window can search while indexing."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=10000")
            self._local.db = db
            with self._guard:
                self._all.append(db)
        return db

    @property
    def db(self) -> sqlite3.Connection:
        """The calling thread's connection, for the keyword index that shares this database."""
        return self._db

    def close(self) -> None:
        with self._guard:
            for db in self._all:
                db.close()
            self._all.clear()
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run several statements atomically."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # roots
    def roots(self) -> list[Root]:
        rows = self._db.execute("SELECT path, excluded FROM roots ORDER BY path")
        return [Root(path, bool(excluded)) for path, excluded in rows]

    def add_root(self, path: str, excluded: bool = False) -> None:
        """Add (or re-include) a root; adding a folder drops exclusions inside it."""
        with self.transaction() as db:
            if not excluded:
                db.execute(f"DELETE FROM roots WHERE excluded = 1 AND (path = ? OR {_INSIDE})",
                           (path, _under(path)))
            db.execute("INSERT INTO roots (path, excluded, added_at) VALUES (?, ?, ?) "
                       "ON CONFLICT(path) DO UPDATE SET excluded = excluded.excluded",
                       (path, int(excluded), time.time()))
        self._save_roots()

    def remove_root(self, path: str) -> None:
        """Forget a root and any exclusions below it."""
        self._db.execute(f"DELETE FROM roots WHERE path = ? OR (excluded = 1 AND {_INSIDE})",
                         (path, _under(path)))
        self._db.execute("DELETE FROM unread_types WHERE root = ?", (path,))
        self._save_roots()

    def _save_roots(self) -> None:
        """Keep a copy of the folder list beside the database, for a rebuild after damage."""
        try:
            save_roots(self.path.parent, [(r.path, r.excluded) for r in self.roots()])
        except OSError:
            pass  # a convenience copy: the database itself holds the truth

    # files
    def get(self, path: str) -> FileRecord | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM files WHERE path = ?", (path,)).fetchone()
        return FileRecord(*row) if row else None

    def get_by_id(self, file_id: int) -> FileRecord | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM files WHERE id = ?", (file_id,)).fetchone()
        return FileRecord(*row) if row else None

    def files(self, under: str | None = None, status: FileStatus | None = None) -> list[FileRecord]:
        """All files, or those at or below ``under``, optionally with one status."""
        sql, args = f"SELECT {_COLUMNS} FROM files WHERE 1=1", []
        if under is not None:
            sql += f" AND (path = ? OR {_INSIDE})"
            args += [under, _under(under)]
        if status is not None:
            sql += " AND status = ?"
            args.append(status)
        return [FileRecord(*row) for row in self._db.execute(sql + " ORDER BY path", args)]

    def file_ids(self, status: FileStatus | None = None) -> list[int]:
        """Ids of all files (or those with ``status``) in path order: what a list view
        holds, fetching each row only when it scrolls into view."""
        sql = "SELECT id FROM files" + (" WHERE status = ?" if status else "") + " ORDER BY path"
        return [row[0] for row in self._db.execute(sql, (status,) if status else ())]

    def get_many(self, ids: list[int]) -> dict[int, FileRecord]:
        """Rows for ``ids`` in one query (a page of a list view)."""
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM files WHERE id IN ({marks})", ids)
        return {row[0]: FileRecord(*row) for row in rows}

    def meetings(self) -> list[FileRecord]:
        """Indexed meeting notes, newest meeting first (undated ones last)."""
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM files WHERE kind = 'meeting' AND "
                                "status = 'indexed' ORDER BY meeting_date IS NULL, "
                                "meeting_date DESC, path")
        return [FileRecord(*row) for row in rows]

    def files_with_hash(self, digest: str) -> list[FileRecord]:
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM files WHERE hash = ?", (digest,))
        return [FileRecord(*row) for row in rows]

    def begin_file(self, path: str, root: str, file_type: str, digest: str, *,
                   reading: bool = False) -> int:
        """Mark ``path`` pending (creating its row); returns its stable id. ``reading``:
        its parser is about to run, so a death inside the parser leaves one more attempt
        on the row; a call without it (after the parse) clears the count."""
        now = time.time()
        self._db.execute(
            "INSERT INTO files (path, root, file_type, size, mtime_ns, hash, status, updated_at, "
            "read_attempts) VALUES (?, ?, ?, -1, -1, ?, 'pending', ?, ?) ON CONFLICT(path) DO "
            "UPDATE SET status = 'pending', root = excluded.root, file_type = excluded.file_type, "
            "hash = excluded.hash, updated_at = excluded.updated_at, read_attempts = "
            "CASE WHEN excluded.read_attempts = 1 THEN read_attempts + 1 ELSE 0 END",
            (path, root, file_type, digest, now, int(reading)))
        return int(self._db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()[0])

    def finish_file(self, file_id: int, *, status: FileStatus, size: int, mtime_ns: int,
                    chunks: int, reason: str | None = None, title: str | None = None,
                    kind: str | None = None, meeting_date: str | None = None,
                    ocr_pages: int = 0, retry: str | None = None) -> None:
        """Record the outcome for a file previously marked pending."""
        self._db.execute(
            "UPDATE files SET status = ?, size = ?, mtime_ns = ?, chunks = ?, reason = ?, "
            "title = ?, kind = ?, meeting_date = ?, ocr_pages = ?, updated_at = ?, "
            "read_attempts = 0, retry = ? WHERE id = ?",
            (status, size, mtime_ns, chunks, reason, title, kind, meeting_date, ocr_pages,
             time.time(), retry, file_id))

    def touch(self, file_id: int, size: int, mtime_ns: int) -> None:
        """Same content, new stat (e.g. the file was saved without changes)."""
        self._db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                         (size, mtime_ns, file_id))

    def move(self, file_id: int, new_path: str, root: str, size: int, mtime_ns: int) -> None:
        self._db.execute("UPDATE files SET path = ?, root = ?, size = ?, mtime_ns = ?, "
                         "updated_at = ? WHERE id = ?",
                         (new_path, root, size, mtime_ns, time.time(), file_id))

    def mark_pending(self, file_id: int) -> None:
        self._db.execute("UPDATE files SET status = 'pending' WHERE id = ?", (file_id,))

    def delete(self, file_id: int) -> None:
        self._db.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def counts(self) -> dict[str, int]:
        """Number of files per status, every status present."""
        counts = dict.fromkeys(STATUSES, 0)
        for status, n in self._db.execute("SELECT status, count(*) FROM files GROUP BY status"):
            counts[status] = n
        return counts

    def ocr_counts(self) -> tuple[int, int]:
        """(indexed files with OCR'd pages, OCR'd pages in them)."""
        sql = ("SELECT count(*), coalesce(sum(ocr_pages), 0) FROM files "
               "WHERE status = 'indexed' AND ocr_pages > 0")
        files, pages = self._db.execute(sql).fetchone()
        return files, pages

    def set_unread_types(self, root: str, counts: dict[str, int]) -> None:
        """Replace the count of unread files by extension under ``root`` (a full scan's)."""
        with self.transaction():
            self._db.execute("DELETE FROM unread_types WHERE root = ?", (root,))
            self._db.executemany("INSERT INTO unread_types VALUES (?, ?, ?)",
                                 [(root, ext, n) for ext, n in counts.items()])

    def unread_types(self) -> dict[str, int]:
        """Files Hearth does not read, by extension, over the roots still in the library,
        most common first."""
        sql = ("SELECT extension, sum(files) AS n FROM unread_types "
               "WHERE root IN (SELECT path FROM roots WHERE excluded = 0) "
               "GROUP BY extension ORDER BY n DESC, extension")
        return {ext: n for ext, n in self._db.execute(sql)}

    def fact(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM library_facts WHERE key = ?",
                               (key,)).fetchone()
        return row[0] if row else None

    def set_fact(self, key: str, value: str) -> None:
        with self.transaction():
            self._db.execute("INSERT OR REPLACE INTO library_facts VALUES (?, ?)", (key, value))

    def recent_chunk_ids(self, budget: int) -> list[str]:
        """The chunk ids of the most recently written indexed files, newest first, about
        ``budget`` of them (whole files)."""
        ids: list[str] = []
        sql = "SELECT id, chunks FROM files WHERE status = 'indexed' ORDER BY updated_at DESC"
        for file_id, chunks in self._db.execute(sql):
            ids += [f"{file_id}:{n}" for n in range(chunks)]
            if len(ids) >= budget:
                break
        return ids

    def total_chunks(self) -> int:
        sql = "SELECT coalesce(sum(chunks), 0) FROM files WHERE status = 'indexed'"
        return int(self._db.execute(sql).fetchone()[0])


def _under(path: str) -> str:
    """A LIKE pattern for paths strictly inside ``path`` (wildcards in it escaped)."""
    escaped = path.rstrip("/").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "/%"
