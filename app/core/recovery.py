"""Recovering from a damaged library: the user's files are the source of truth.

When the registry or the vector store cannot be opened (a disk error, a crash of the
disk itself, a copy from a newer Hearth), the damaged files are set aside, never deleted,
and a fresh library is built from the same folders. The folder list survives in
``roots.json``, which the registry rewrites whenever folders change, so even an
unreadable registry does not lose it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from app.core.paths import AppPaths

ROOTS_FILE = "roots.json"


def save_roots(data_dir: Path, roots: list[tuple[str, bool]]) -> None:
    """Write the folder list (path, excluded) atomically next to the registry."""
    target = data_dir / ROOTS_FILE
    partial = target.with_suffix(".tmp")
    partial.write_text(json.dumps([{"path": p, "excluded": e} for p, e in roots], indent=1))
    os.replace(partial, target)


def saved_roots(paths: AppPaths) -> list[tuple[str, bool]]:
    """The library's folders: from the registry when it can be read, else from roots.json."""
    try:
        db = sqlite3.connect(f"file:{paths.registry_file}?mode=ro", uri=True)
        try:
            return [(p, bool(e)) for p, e in db.execute("SELECT path, excluded FROM roots")]
        finally:
            db.close()
    except sqlite3.Error:
        pass
    try:
        data = json.loads((paths.data / ROOTS_FILE).read_text("utf-8"))
        return [(item["path"], bool(item["excluded"])) for item in data]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def set_aside(paths: AppPaths) -> Path | None:
    """Move the registry and the store into ``damaged-<time>/`` under the data directory."""
    names = [paths.registry_file.name + suffix for suffix in ("", "-wal", "-shm")]
    names.append(paths.store_dir.name)
    present = [name for name in names if (paths.data / name).exists()]
    if not present:
        return None
    aside = paths.data / time.strftime("damaged-%Y%m%d-%H%M%S")
    aside.mkdir(mode=0o700)
    for name in present:
        os.replace(paths.data / name, aside / name)
    return aside
