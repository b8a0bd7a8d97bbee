"""Walk the library's folders and list the files Hearth can index, with their stat.

Hidden files and folders (``.git``, ``.obsidian``), editor swap and temp files, tool
folders (``node_modules``, ``__pycache__``), the user's ignore globs and excluded paths are
left out; symlinked folders are not followed, so a link loop cannot trap a scan.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch

_TEMP_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".part", ".crdownload")
# Folders of tools, not of notes: dependency trees and caches hold thousands of files.
_TOOL_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv",
                           "bower_components", "$RECYCLE.BIN", "System Volume Information"})


@dataclass(frozen=True)
class DiskFile:
    """A file found on disk under one of the library's roots."""

    path: str
    root: str
    size: int
    mtime_ns: int
    digest: str = ""  # content hash, once the indexer has taken it


def is_ignored(name: str, ignore_globs: Iterable[str] = ()) -> bool:
    """Hidden, temporary and user-ignored names."""
    if name.startswith((".", "~$", "#")) or name.endswith(_TEMP_SUFFIXES):
        return True
    if name in _TOOL_FOLDERS:
        return True
    return any(fnmatch(name, pattern) for pattern in ignore_globs)


def scan(targets: list[str], roots: list[str], excluded: list[str], extensions: Iterable[str],
         ignore_globs: Iterable[str] = (),
         problems: list[tuple[str, str]] | None = None,
         unread: dict[str, Counter] | None = None) -> dict[str, DiskFile]:
    """Every indexable file at or under ``targets``, keyed by absolute path.

    Each file belongs to the deepest of ``roots`` that holds it; ``excluded`` paths and
    ignored names are left out. Folders that cannot be read are appended to ``problems``
    as (path, reason), and the scan goes on. Files of other types are counted by
    extension per root in ``unread`` (so a user can see what search cannot).
    """
    suffixes = tuple(ext.lower() for ext in extensions)
    found: dict[str, DiskFile] = {}
    for target in targets:
        if _hidden_below_root(target, roots, ignore_globs) or _is_excluded(target, excluded):
            continue
        for path in _walk(target, excluded, ignore_globs, problems):
            if not path.lower().endswith(suffixes):
                if unread is not None:
                    _count_unread(path, roots, unread)
                continue
            if path in found:
                continue
            root = max((r for r in roots if under_any(path, [r])), key=len, default=None)
            disk_file = _stat(path, root) if root else None
            if disk_file:
                found[path] = disk_file
    return found


def _count_unread(path: str, roots: list[str], unread: dict[str, Counter]) -> None:
    root = max((r for r in roots if under_any(path, [r])), key=len, default=None)
    if root is not None:
        extension = os.path.splitext(os.path.basename(path))[1].lower() or "(none)"
        unread.setdefault(root, Counter())[extension] += 1


def _walk(root: str, excluded: list[str], ignore_globs: Iterable[str],
          problems: list[tuple[str, str]] | None = None) -> Iterator[str]:
    if os.path.isfile(root):
        yield root
        return

    def unreadable(error: OSError) -> None:
        if isinstance(error, (FileNotFoundError, NotADirectoryError)):
            return  # gone (deleted, or a scope that no longer exists): not a problem to show
        if problems is not None:
            reason = ("no permission to read the folder" if isinstance(error, PermissionError)
                      else f"cannot read the folder: {error.strerror or error}")
            problems.append((error.filename or root, reason))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d, ignore_globs)
                         and not _is_excluded(os.path.join(folder, d), excluded))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not is_ignored(name, ignore_globs) and not _is_excluded(path, excluded):
                yield path


def _hidden_below_root(path: str, roots: list[str], ignore_globs: Iterable[str]) -> bool:
    """True when a part of ``path`` below its root is an ignored name (``.git``, swap files)."""
    root = max((r for r in roots if under_any(path, [r])), key=len, default=None)
    if root is None or root == path:
        return False
    parts = os.path.relpath(path, root).split(os.sep)
    return any(is_ignored(part, ignore_globs) for part in parts)


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


# One stored name per file type, whatever the extension's spelling (search filters too).
TYPE_ALIASES = {"markdown": "md", "htm": "html", "jpeg": "jpg", "tiff": "tif"}


def extension(path: str) -> str:
    """The file's extension, lower case, with its dot ("" when none)."""
    return os.path.splitext(path)[1].lower()


def file_type(path: str) -> str:
    """The stored file type: the extension without its dot, aliases folded ("jpeg" -> "jpg")."""
    ext = extension(path).lstrip(".")
    return TYPE_ALIASES.get(ext, ext)


def file_hash(path: str) -> str:
    """SHA-256 of the file's bytes, read in blocks so large files stay cheap in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
