"""Ordered, named schema migrations for the library registry, recorded in the database.

A migration is never edited once released; a change to the schema is a new entry at the
end of ``MIGRATIONS``. Each runs in its own transaction with its record, so a crash
mid-migration leaves the database at the previous version.
"""

from __future__ import annotations

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


MIGRATIONS: list[Migration] = [
    ("001_initial", _m001_initial),
    ("002_keyword_index", _m002_keyword_index),
    ("003_meeting_columns", _m003_meeting_columns),
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
