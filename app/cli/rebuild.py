"""``hearth rebuild``: a fresh index from the user's files, the damaged one kept aside.

The damaged registry and store are moved aside (kept for a bug report), the user's data
(folders, chats, action-item marks) is carried into the new library, and everything is
indexed again. Nothing of the user's is touched; a kill at any point is finished by the
next start (``core.recovery``).
"""

from __future__ import annotations

import sys

from app.core import Settings


def run_rebuild(settings: Settings) -> int:
    from app.cli.output import ProgressBar, format_report
    from app.owner.lock import LibraryBusy, LibraryLock
    from app.services import fresh_library

    settings.paths.ensure()
    lock = LibraryLock(settings.paths.data)
    if not lock.acquire():
        raise LibraryBusy(f"Another Hearth process (pid {lock.owner_pid()}) owns this "
                          "library; close it before rebuilding")
    try:
        library, aside = fresh_library(settings)
        if aside:
            print(f"The old index was moved to {aside} (kept for a bug report; your "
                  "folders, chats and action-item marks carry over)", file=sys.stderr)
        folders = library.status().folders
        print(f"Rebuilding the index of {len(folders)} folder(s) from your files …",
              file=sys.stderr)
        bar = ProgressBar()
        try:
            report = library.index(progress=bar)
        finally:
            bar.close()
            library.close()
        print(format_report(report))
        return 0
    finally:
        lock.release()
