"""Walk the library's folders and list the files Hearth can index, with their stat.

Hidden files and folders (``.git``, ``.obsidian``), editor swap and temp files, tool
folders (``node_modules``, ``__pycache__``), the user's ignore globs and excluded paths are
left out. Links, pipes and devices follow ``core.links``: a file that may not be read is
listed with its reason (``refused``) instead of its content; a linked folder is walked
only when the rule allows its target, each real folder once, so a loop cannot trap a scan.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from typing import Protocol

_TEMP_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".part", ".crdownload")
# Folders of tools, not of notes: dependency trees and caches hold thousands of files.
_TOOL_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv",
                           "bower_components", "$RECYCLE.BIN", "System Volume Information"})


class LinkPolicy(Protocol):
    """What the scan asks of the link rule (``core.links.LinkRule``)."""

    def refusal(self, path: str) -> str | None:
        """Why ``path`` (a link, pipe or device) is not read, or None."""

    def follows_folder(self, link: str) -> bool:
        """True when the scan walks into the linked folder ``link``."""


@dataclass(frozen=True)
class DiskFile:
    """A file found on disk under one of the library's roots."""

    path: str
    root: str
    size: int
    mtime_ns: int
    digest: str = ""  # content hash, once the indexer has taken it
    refused: str | None = None  # why it is not read (a link out of the library, a pipe)

    def restat(self) -> DiskFile:
        """The file's stat now; FileNotFoundError when it is gone."""
        st = os.stat(self.path)
        return replace(self, size=st.st_size, mtime_ns=st.st_mtime_ns)


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
         unread: dict[str, Counter[str]] | None = None,
         links: LinkPolicy | None = None) -> dict[str, DiskFile]:
    """Every indexable file at or under ``targets``, keyed by absolute path.

    Each file belongs to the deepest of ``roots`` that holds it; ``excluded`` paths and
    ignored names are left out. Folders that cannot be read are appended to ``problems``
    as (path, reason), and the scan goes on. Files of other types are counted by
    extension per root in ``unread`` (so a user can see what search cannot). With
    ``links``, links, pipes and devices the rule refuses come back with ``refused`` set
    (a linked folder whatever its name, since its files would otherwise vanish unseen).
    """
    suffixes = tuple(ext.lower() for ext in extensions)
    found: dict[str, DiskFile] = {}
    for target in targets:
        if _hidden_below_root(target, roots, ignore_globs) or _is_excluded(target, excluded):
            continue
        for path in _walk(target, excluded, ignore_globs, problems, links):
            if path in found:
                continue
            if not storable(path):
                if problems is not None:
                    problems.append((shown(path), UNSTORABLE_NAME))
                continue
            root = max((r for r in roots if under_any(path, [r])), key=len, default=None)
            if root is None:
                continue
            disk_file = _entry(path, root, suffixes, links)
            if disk_file is None and unread is not None and not path.lower().endswith(
                    suffixes) and os.path.isfile(path):
                _count_unread(path, roots, unread)
            if disk_file is not None:
                found[path] = disk_file
    return found


def _entry(path: str, root: str, suffixes: tuple[str, ...],
           links: LinkPolicy | None) -> DiskFile | None:
    """The scan's record of ``path``: a readable file, one refused with its reason, or None
    (another type, a folder link the rule reads at its own place, or gone)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    plain = stat.S_ISREG(st.st_mode)
    if plain or links is None:
        return _stat(path, root) if path.lower().endswith(suffixes) else None
    refused = links.refusal(path)
    if refused is None:
        if os.path.isdir(path) or not path.lower().endswith(suffixes):
            return None
        return _stat(path, root)
    folder_link = stat.S_ISLNK(st.st_mode) and os.path.isdir(path)
    if not (folder_link or path.lower().endswith(suffixes)):
        return None  # not a type Hearth reads anyway
    return DiskFile(path=path, root=root, size=st.st_size, mtime_ns=st.st_mtime_ns,
                    refused=refused)


def _count_unread(path: str, roots: list[str], unread: dict[str, Counter[str]]) -> None:
    root = max((r for r in roots if under_any(path, [r])), key=len, default=None)
    if root is not None:
        extension = os.path.splitext(os.path.basename(path))[1].lower() or "(none)"
        unread.setdefault(root, Counter())[extension] += 1


def _walk(root: str, excluded: list[str], ignore_globs: Iterable[str],
          problems: list[tuple[str, str]] | None = None, links: LinkPolicy | None = None,
          seen: set[str] | None = None) -> Iterator[str]:
    """The paths under ``root``; ``seen``: the real folders entered through links so far
    (None at the top, where a link or a file given as the target is listed itself)."""
    if seen is None:
        if not os.path.isdir(root) or os.path.islink(root):
            if os.path.lexists(root):
                yield root
            return
        seen = set()

    def unreadable(error: OSError) -> None:
        if isinstance(error, (FileNotFoundError, NotADirectoryError)):
            return  # gone (deleted, or a scope that no longer exists): not a problem to show
        if problems is not None:
            reason = ("no permission to read the folder" if isinstance(error, PermissionError)
                      else f"cannot read the folder: {error.strerror or error}")
            problems.append((error.filename or root, reason))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        kept = []
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            if is_ignored(name, ignore_globs) or _is_excluded(path, excluded):
                continue
            if not storable(name):  # reported once, not once per file inside
                if problems is not None:
                    problems.append((shown(path), UNSTORABLE_NAME.replace("file", "folder")))
                continue
            if not os.path.islink(path):
                kept.append(name)
            elif links is not None:
                yield from _linked_folder(path, excluded, ignore_globs, problems, links, seen)
        dirs[:] = kept
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not is_ignored(name, ignore_globs) and not _is_excluded(path, excluded):
                yield path


def _linked_folder(path: str, excluded: list[str], ignore_globs: Iterable[str],
                   problems: list[tuple[str, str]] | None, links: LinkPolicy,
                   seen: set[str]) -> Iterator[str]:
    """A folder link: walked when the rule allows its target (each real folder once),
    else listed itself so the scan reports it; a link into the library is skipped, since
    its files are read where they are."""
    if not links.follows_folder(path):
        yield path
        return
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    yield from _walk(path, excluded, ignore_globs, problems, links, seen)


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


# Linux names are bytes; Python hands undecodable ones over as lone surrogates, which the
# registry, the store and JSON cannot hold. Such a file is reported, the run goes on.
UNSTORABLE_NAME = ("the file name is not valid UTF-8, so Hearth cannot index it yet; "
                   "renaming it (e.g. with convmv) makes it readable")


def storable(path: str) -> bool:
    """True when ``path`` is valid Unicode (no bytes escaped by the OS decoding)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(path: str) -> str:
    """``path`` for people and JSON: undecodable bytes written as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


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
