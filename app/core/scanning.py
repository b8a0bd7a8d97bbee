"""Walk the library's folders and list the files Hearth can index, with their stat.

Hidden files and folders (``.git``, ``.obsidian``, editor swap files) are left out, as
are excluded paths; symlinked folders are not followed, so a link loop cannot trap a scan.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch

from app.core.registry import Root

_TEMP_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".part", ".crdownload")


@dataclass(frozen=True)
class DiskFile:
    """A file found on disk under one of the library's roots."""

    path: str
    root: str
    size: int
    mtime_ns: int


def is_ignored(name: str, ignore_globs: Iterable[str] = ()) -> bool:
    """Hidden, temporary and user-ignored names."""
    if name.startswith((".", "~$")) or name.endswith(_TEMP_SUFFIXES):
        return True
    return any(fnmatch(name, pattern) for pattern in ignore_globs)


def scan(roots: list[Root], extensions: Iterable[str],
         ignore_globs: Iterable[str] = ()) -> dict[str, DiskFile]:
    """Every indexable file under the included roots, keyed by absolute path."""
    suffixes = tuple(ext.lower() for ext in extensions)
    excluded = [r.path for r in roots if r.excluded]
    found: dict[str, DiskFile] = {}
    for root in (r for r in roots if not r.excluded):
        for path in _walk(root.path, excluded, ignore_globs):
            if not path.lower().endswith(suffixes) or path in found:
                continue
            disk_file = _stat(path, root.path)
            if disk_file:
                found[path] = disk_file
    return found


def _walk(root: str, excluded: list[str], ignore_globs: Iterable[str]) -> Iterator[str]:
    if os.path.isfile(root):
        yield root
        return
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d, ignore_globs)
                         and not _is_excluded(os.path.join(folder, d), excluded))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not is_ignored(name, ignore_globs) and not _is_excluded(path, excluded):
                yield path


def _is_excluded(path: str, excluded: list[str]) -> bool:
    return any(path == e or path.startswith(e.rstrip("/") + "/") for e in excluded)


def _stat(path: str, root: str) -> DiskFile | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # vanished or a dangling link: nothing to index
    if not os.path.isfile(path):
        return None
    return DiskFile(path=path, root=root, size=st.st_size, mtime_ns=st.st_mtime_ns)


def under_any(path: str, roots: Iterable[str]) -> bool:
    """True when ``path`` is one of ``roots`` or inside one of them."""
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)
