"""Error types whose message is fit to show a person as it is.

The CLI prints them as one line on stderr; the window shows them in its status area.
Anything else that escapes is a bug and is reported as one.
"""

from __future__ import annotations

import os
import shutil


class HearthError(Exception):
    """A failure the user can understand and act on."""


class PathNotFound(HearthError):
    """A path given by the user does not exist."""


class NotInLibrary(HearthError):
    """A path given by the user is not part of the library."""


class InvalidFilter(HearthError):
    """A search filter that cannot mean anything: an impossible date, a reversed range."""


class StoreError(HearthError):
    """The vector store could not be opened or written."""


class LibraryDamaged(StoreError):
    """The registry or the store cannot be read; ``hearth rebuild`` makes a new one."""


class DiskFull(StoreError):
    """A write failed for lack of space; what was already indexed is intact."""


REBUILD_HINT = "run 'hearth rebuild' to rebuild the index from your files (they are safe)"
_FULL_ERRNOS = {28, 27, 122}  # ENOSPC, EFBIG, EDQUOT
_FULL_WORDS = ("disk is full", "no space left", "file too large", "quota exceeded",
               "disk i/o error")  # SQLite's word for a write the file system refused


LOW_SPACE_BYTES = 64 * 2**20  # less free than this beside the store: a failed write is space


def is_disk_full(error: BaseException, folder: str | os.PathLike[str] | None = None) -> bool:
    """True when ``error``, or an error it wraps, says a write was refused for space (disk
    full, file size limit, quota) or the disk failed the write. Chroma's engine words a
    full disk as "Error in compaction: Failed to apply logs ...", so with ``folder`` a
    failure while that folder's file system has almost no space left counts too."""
    if folder is not None and _nearly_full(folder):
        return True
    seen = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if getattr(link, "errno", None) in _FULL_ERRNOS:
            return True
        if any(word in str(link).lower() for word in _FULL_WORDS):
            return True
        link = link.__cause__ or link.__context__
    return False


def _nearly_full(folder: str | os.PathLike[str]) -> bool:
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


class ConfigError(HearthError):
    """The settings or an installed component are not usable."""


class ModelError(HearthError):
    """The chat model file is missing, damaged or not a model."""


class PromptTooLong(HearthError):
    """A prompt would not fit the model's context (a bug in budgeting if it ever shows)."""


class DocumentError(Exception):
    """A single document cannot be indexed; carries a reason a person understands.

    Raised by parsers. The indexer records it against the file and goes on with the rest,
    so it is deliberately not a ``HearthError`` (it never ends a run).
    """

    def __init__(self, reason: str, retry: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry  # when to read the file again unchanged (``types.retry_code``)


class ParseFailed(DocumentError):
    """The file could not be read: corrupt, encrypted, undecodable, binary."""


class NothingToIndex(DocumentError):
    """The file is readable but holds no text: empty, or an image-only PDF."""
