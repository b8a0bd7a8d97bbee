"""Recovering from a damaged library: the user's files are the source of truth.

When the registry or the vector store cannot be opened (a disk error, a crash of the
disk itself, a copy from a newer Hearth), or the user asks for a rebuild, the index is
made anew from the same folders. What a rebuild may replace is only what it can make
again from the files (the vectors, the passages, the keyword index, the action ledger);
what only the user made is carried into the new library: the folder list, the saved
chats, the done/undone marks of action items (settings live in their own file and are
never touched).

The swap is crash-safe at every step:

1. a new registry holding the user's data is written in ``rebuild-new/`` while the old
   library stays in place (a kill here leaves the old library as it was; the half-made
   copy is removed by the next open);
2. ``rebuild.json`` records where the old files go, then they are moved into
   ``damaged-<time>/`` and the new registry into their place (a kill anywhere in here is
   finished by the next open of the library, which replays the same moves);
3. the marker is removed, older damaged copies are pruned (the newest is kept for a bug
   report), and indexing fills the new library like any other run (a kill there is
   finished by the next ``hearth index``, ``watch`` or window start).

The new registry is written in rollback-journal mode, so it is one file and one rename
moves it whole. The folder list also survives in ``roots.json``, which the registry
rewrites whenever folders change, so even an unreadable registry does not lose it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from app.core.paths import AppPaths, write_atomically
from app.core.storage.migrations import migrate

ROOTS_FILE = "roots.json"
MARKER_FILE = "rebuild.json"
STAGING_DIR = "rebuild-new"
DAMAGED_PREFIX = "damaged-"
KEEP_DAMAGED = 1  # the newest damaged copy stays for a bug report; older ones are removed
# The user's own data in the registry, carried over by a rebuild. library_facts is not:
# a rebuild is how a library takes the current default embedder.
USER_TABLES = ("roots", "chats", "chat_turns", "action_marks")
_WAL_SUFFIXES = ("", "-wal", "-shm")


@dataclass(frozen=True)
class DamagedCopy:
    """A library set aside by a rebuild, kept for a bug report until the user removes it."""

    path: str
    bytes: int
    created: float


def save_roots(data_dir: Path, roots: list[tuple[str, bool]]) -> None:
    """Write the folder list (path, excluded) atomically next to the registry."""
    listed = [{"path": p, "excluded": e} for p, e in roots]
    write_atomically(data_dir / ROOTS_FILE, json.dumps(listed, indent=1))


def saved_roots(paths: AppPaths) -> list[tuple[str, bool]]:
    """The library's folders: from the registry when it can be read and lists any, else
    from roots.json (a library emptied by an interrupted rebuild of older versions)."""
    try:
        db = sqlite3.connect(f"file:{paths.registry_file}?mode=ro", uri=True)
        try:
            rows = [(p, bool(e)) for p, e in db.execute("SELECT path, excluded FROM roots")]
        finally:
            db.close()
        if rows:
            return rows
    except sqlite3.Error:
        pass
    try:
        data = json.loads((paths.data / ROOTS_FILE).read_text("utf-8"))
        return [(item["path"], bool(item["excluded"])) for item in data]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def replace_library(paths: AppPaths) -> Path | None:
    """Swap the library for an empty one that keeps the user's data; return where the old
    registry and store went (None for a library that had neither)."""
    finish_interrupted_rebuild(paths)
    staging = paths.data / STAGING_DIR
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700)
    write_carried_registry(paths, staging / paths.registry_file.name)
    aside = _new_aside_name(paths.data)
    write_atomically(paths.data / MARKER_FILE, json.dumps({"aside": aside.name}))
    moved = _swap(paths, aside)
    prune_damaged(paths.data)
    return aside if moved else None


def finish_interrupted_rebuild(paths: AppPaths) -> None:
    """Complete (or undo) a rebuild a kill interrupted; a no-op when none was. Called by
    the library's owner before it opens the registry."""
    marker = paths.data / MARKER_FILE
    if marker.exists():
        try:
            aside = paths.data / Path(json.loads(marker.read_text("utf-8"))["aside"]).name
        except (OSError, ValueError, KeyError, TypeError):
            aside = _new_aside_name(paths.data)  # a torn marker: the moves are still due
        _swap(paths, aside)
    elif (paths.data / STAGING_DIR).exists():
        shutil.rmtree(paths.data / STAGING_DIR, ignore_errors=True)  # step 1 never finished


def _swap(paths: AppPaths, aside: Path) -> bool:
    """Old registry and store into ``aside``, the staged registry into place, marker off.

    Idempotent: while the staged registry exists, whatever still stands in its place is
    the old library's; once it has moved, only the clean-up remains."""
    staging = paths.data / STAGING_DIR
    staged = staging / paths.registry_file.name
    moved = False
    if staged.exists():
        old = [paths.registry_file.name + s for s in _WAL_SUFFIXES] + [paths.store_dir.name]
        for name in old:
            if (paths.data / name).exists():
                aside.mkdir(mode=0o700, exist_ok=True)
                os.replace(paths.data / name, aside / name)
                moved = True
        os.replace(staged, paths.registry_file)
    moved = moved or aside.exists()
    _fsync_dir(paths.data)
    (paths.data / MARKER_FILE).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    return moved


def write_carried_registry(paths: AppPaths, target: Path) -> None:
    """A new, empty registry at ``target`` holding the user's data from the old one:
    table by table, so a partly readable registry still gives what it can; the folder
    list from roots.json when the registry gives none."""
    db = sqlite3.connect(target, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=DELETE")  # one file, moved whole by one rename
        migrate(db)
        if paths.registry_file.exists():
            _carry_tables(db, paths.registry_file)
        if not db.execute("SELECT count(*) FROM roots").fetchone()[0]:
            db.executemany("INSERT OR IGNORE INTO roots (path, excluded, added_at) "
                           "VALUES (?, ?, ?)",
                           [(p, int(e), time.time()) for p, e in saved_roots(paths)])
    finally:
        db.close()


def _carry_tables(db: sqlite3.Connection, old: Path) -> None:
    try:
        db.execute("ATTACH DATABASE ? AS old", (str(old),))
    except sqlite3.Error:
        return  # unreadable: roots.json still gives the folders
    try:
        for table in USER_TABLES:
            try:
                new_cols = [r[1] for r in db.execute(f"PRAGMA main.table_info({table})")]
                old_cols = {r[1] for r in db.execute(f"PRAGMA old.table_info({table})")}
                cols = ", ".join(c for c in new_cols if c in old_cols)
                if cols:
                    db.execute(f"INSERT OR IGNORE INTO main.{table} ({cols}) "
                               f"SELECT {cols} FROM old.{table}")
            except sqlite3.Error:
                continue  # this table is damaged; the others may not be
    finally:
        try:
            db.execute("DETACH DATABASE old")
        except sqlite3.Error:
            pass  # the connection is closed right after


def damaged_copies(data_dir: Path) -> list[DamagedCopy]:
    """The libraries set aside by rebuilds, newest first, with their size on disk."""
    found = []
    for folder in data_dir.glob(DAMAGED_PREFIX + "*"):
        if folder.is_dir():
            size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            found.append(DamagedCopy(str(folder), size, folder.stat().st_mtime))
    return sorted(found, key=lambda copy: (copy.created, copy.path), reverse=True)


def prune_damaged(data_dir: Path, keep: int = KEEP_DAMAGED) -> list[str]:
    """Remove all but the newest ``keep`` damaged copies; returns the paths removed."""
    removed = [copy.path for copy in damaged_copies(data_dir)[keep:]]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def _new_aside_name(data_dir: Path) -> Path:
    base = data_dir / time.strftime(DAMAGED_PREFIX + "%Y%m%d-%H%M%S")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def _fsync_dir(folder: Path) -> None:
    """Make the renames in ``folder`` durable before the marker that guards them goes."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
