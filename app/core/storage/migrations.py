"""Ordered, named schema migrations for the library registry, recorded in the database.

A migration is never edited once released; a change to the schema is a new entry at the
end of ``MIGRATIONS``. Each runs in its own transaction with its record, so a crash
mid-migration leaves the database at the previous version.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


class SchemaTooNew(Exception):
    """The database has migrations this version does not know: never touch it."""


def _m001_initial(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE roots (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            excluded INTEGER NOT NULL DEFAULT 0,
            added_at REAL NOT NULL
        )""")
    db.execute("""
        CREATE TABLE files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            root TEXT NOT NULL,
            file_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            hash TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'indexed', 'failed', 'skipped')),
            reason TEXT,
            chunks INTEGER NOT NULL DEFAULT 0,
            title TEXT,
            updated_at REAL NOT NULL
        )""")
    db.execute("CREATE INDEX files_hash ON files(hash)")
    db.execute("CREATE INDEX files_root ON files(root)")


def _m002_keyword_index(db: sqlite3.Connection) -> None:
    """BM25 keyword index over chunk texts, in the registry so both change atomically."""
    db.execute("""
        CREATE TABLE chunk_rows (
            rowid INTEGER PRIMARY KEY,
            chunk_id TEXT NOT NULL UNIQUE,
            file_id INTEGER NOT NULL
        )""")
    db.execute("CREATE INDEX chunk_rows_file ON chunk_rows(file_id)")
    db.execute("CREATE VIRTUAL TABLE chunks_fts USING fts5("
               "text, tokenize = 'unicode61 remove_diacritics 2')")


def _m003_meeting_columns(db: sqlite3.Connection) -> None:
    """Which files are meetings and their dates, so the window lists meetings without
    reading the vector store; files indexed earlier gain them when next re-indexed."""
    db.execute("ALTER TABLE files ADD COLUMN kind TEXT")
    db.execute("ALTER TABLE files ADD COLUMN meeting_date TEXT")
    db.execute("CREATE INDEX files_kind ON files(kind)")


def _m004_action_ledger(db: sqlite3.Connection) -> None:
    """The action items of every meeting, written with the file's row at index time, and
    the user's done/undone marks kept apart (by item id) so re-indexing never loses them.
    ``ledger_files`` says which version of the extraction rules read which file, so files
    indexed before (or under older rules) are read again by the next reconcile."""
    db.execute("""
        CREATE TABLE action_items (
            file_id INTEGER NOT NULL, position INTEGER NOT NULL, id TEXT NOT NULL,
            text TEXT NOT NULL, owner TEXT, due TEXT, due_date TEXT, done INTEGER NOT NULL,
            source TEXT NOT NULL, line_start INTEGER, line_end INTEGER, time_start TEXT,
            PRIMARY KEY (file_id, position))""")
    db.execute("CREATE INDEX action_items_id ON action_items(id)")
    db.execute("CREATE TABLE ledger_files (file_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
    db.execute("CREATE TABLE action_marks (id TEXT PRIMARY KEY, done INTEGER NOT NULL, "
               "marked_at REAL NOT NULL)")


def _m005_chats(db: sqlite3.Connection) -> None:
    """Named chats and their turns (each turn's whole answer as JSON), shared by the window
    and ``hearth ask --chat``."""
    db.execute("CREATE TABLE chats (name TEXT PRIMARY KEY, created REAL NOT NULL, "
               "updated REAL NOT NULL)")
    db.execute("""
        CREATE TABLE chat_turns (
            chat TEXT NOT NULL, position INTEGER NOT NULL, question TEXT NOT NULL,
            answer TEXT NOT NULL, retrieval_query TEXT NOT NULL, asked_at REAL NOT NULL,
            PRIMARY KEY (chat, position))""")


def _m006_ocr(db: sqlite3.Connection) -> None:
    """How many pages of each file were read by OCR, and the files of types Hearth does not
    read, counted by extension per root at each full scan (``status`` shows both)."""
    db.execute("ALTER TABLE files ADD COLUMN ocr_pages INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE TABLE unread_types (root TEXT NOT NULL, extension TEXT NOT NULL, "
               "files INTEGER NOT NULL, PRIMARY KEY (root, extension))")


def _m007_library_facts(db: sqlite3.Connection) -> None:
    """Facts about the library as a whole, e.g. which embedding backend made its vectors
    (a library keeps its own when the default changes)."""
    db.execute("CREATE TABLE library_facts (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _m008_read_attempts(db: sqlite3.Connection) -> None:
    """How many runs started reading a file and never finished (the process died inside
    its parser): after two, the file is failed instead of read again at every start."""
    db.execute("ALTER TABLE files ADD COLUMN read_attempts INTEGER NOT NULL DEFAULT 0")


def _m009_retry(db: sqlite3.Connection) -> None:
    """When a file left unread (or read in part) is read again unchanged, as a code
    (``types.retry_code``); older rows get theirs from the reasons they were given."""
    db.execute("ALTER TABLE files ADD COLUMN retry TEXT")
    db.execute("UPDATE files SET retry = 'ocr_on' WHERE instr(reason, 'OCR is off') > 0")
    db.execute("UPDATE files SET retry = 'readable' "
               "WHERE reason = 'no permission to read the file'")
    cut = re.compile(r"OCR read the first (\d+) scanned pages")
    for file_id, reason in list(db.execute(
            "SELECT id, reason FROM files WHERE retry IS NULL AND instr(reason, 'OCR read') > 0")):
        if found := cut.search(reason):
            db.execute("UPDATE files SET retry = ? WHERE id = ?",
                       (f"more_ocr_pages:{found.group(1)}", file_id))


def _m010_action_topics(db: sqlite3.Connection) -> None:
    """Each action item's agenda item, and the other names its owner goes by (@handles),
    so ``actions --owner`` finds a person by handle too. Filled when the ledger re-reads
    the meetings (its rules version moved with this)."""
    db.execute("ALTER TABLE action_items ADD COLUMN topic TEXT")
    db.execute("ALTER TABLE action_items ADD COLUMN owner_also TEXT")


def _m011_decision_ledger(db: sqlite3.Connection) -> None:
    """The decisions of every meeting beside its action items, written in the same
    transaction, so a digest across meetings is a query, not a read of every note."""
    db.execute("""
        CREATE TABLE decisions (
            file_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            topic TEXT,
            line_start INTEGER,
            line_end INTEGER,
            time_start TEXT,
            PRIMARY KEY (file_id, position)
        )""")
    db.execute("CREATE INDEX decisions_topic ON decisions(topic)")


MIGRATIONS: list[Migration] = [
    ("001_initial", _m001_initial),
    ("002_keyword_index", _m002_keyword_index),
    ("003_meeting_columns", _m003_meeting_columns),
    ("004_action_ledger", _m004_action_ledger),
    ("005_chats", _m005_chats),
    ("006_ocr", _m006_ocr),
    ("007_library_facts", _m007_library_facts),
    ("008_read_attempts", _m008_read_attempts),
    ("009_retry", _m009_retry),
    ("010_action_topics", _m010_action_topics),
    ("011_decision_ledger", _m011_decision_ledger),
]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
               "(name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
    unknown = done - {name for name, _ in MIGRATIONS}
    if unknown:
        raise SchemaTooNew(f"this library was written by a newer version of Hearth "
                           f"(schema {max(unknown)}); install that version, or move the data "
                           "folder away to start a new library")
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.execute("INSERT INTO schema_migrations VALUES (?, unixepoch())", (name,))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        applied.append(name)
    return applied
