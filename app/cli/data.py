"""``hearth delete-all-data``: remove every directory Hearth writes, after saying which."""

from __future__ import annotations

import logging
import sys

from app.core import HearthError, Settings, delete_all_data, dir_size
from app.owner.lock import LibraryBusy, LibraryLock


def delete_all(settings: Settings, yes: bool) -> int:
    """Delete index, settings, caches and logs (never the user's files), with a question
    unless ``yes``; refused while another Hearth process owns the library."""
    lock = LibraryLock(settings.paths.data)
    if not lock.acquire():
        raise LibraryBusy(f"Hearth is running (pid {lock.owner_pid()}); close it first")
    lock.release()
    for path in settings.paths.all():
        print(f"  {path}  ({dir_size(path) / 2**20:.1f} MB)")
    if not yes:
        if not sys.stdin.isatty():
            raise HearthError("add --yes to delete without a question")
        if input("Delete these folders? Your own files are not touched. [y/N] ").lower() != "y":
            print("Nothing deleted.")
            return 1
    logging.shutdown()  # the log file is inside what is deleted
    removed = delete_all_data(settings.paths)
    print(f"Deleted {len(removed)} folder(s). Hearth starts from scratch next time.")
    return 0
