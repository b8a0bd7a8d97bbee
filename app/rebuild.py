"""``hearth rebuild`` and the window's offer to rebuild: a fresh index from the user's files.

The damaged registry and store are moved aside (kept for a bug report), the folder list
is recovered, and everything is indexed again. Nothing of the user's is touched.
"""

from __future__ import annotations

import sys

from app.core.recovery import saved_roots, set_aside
from app.core.settings import Settings


def fresh_library(settings: Settings, **models):
    """Set the damaged library aside and return a new one with the same folders (not yet
    indexed) and where the old files went."""
    from app.services import build

    roots = saved_roots(settings.paths)
    aside = set_aside(settings.paths)
    library = build(settings, **models)
    for path, excluded in sorted(roots, key=lambda root: root[1]):  # folders, then exclusions
        library.registry.add_root(path, excluded)
    return library, aside


def run_rebuild(settings: Settings, args) -> int:
    from app.cli_output import ProgressBar, format_report
    from app.ownership import LibraryBusy, LibraryLock

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
