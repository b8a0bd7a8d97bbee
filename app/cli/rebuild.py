"""``hearth rebuild``: a fresh index from the user's files, the damaged one kept aside.

The damaged registry and store are moved aside (kept for a bug report), the folder list
is recovered, and everything is indexed again. Nothing of the user's is touched.
"""

from __future__ import annotations

import sys

from app.core.settings import Settings


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
            print(f"The old index was moved to {aside}", file=sys.stderr)
        folders = library.status()["folders"]
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
