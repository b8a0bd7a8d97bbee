"""One rule for symbolic links and other files that are not plain files, safe by default.

A link inside a library folder is read only when what it points to is itself inside the
library (a library folder, not an excluded part of one), or inside a folder the user
named in the setting ``link_targets``. Anything else (``/etc/passwd``, ``/dev/zero``, a
home folder) is not read: a repository or archive copied into a notes folder can carry
such links, and what is indexed may be shown to another assistant over MCP. The same
rule answers for indexing, the watcher (which indexes through the same scan), search,
``read_passage`` and the viewer, so a link can never be read by one door and refused by
another. Every file left unread for this reason has one in ``hearth status``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.files.scanning import under_any

SETTING = "link_targets"
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


@dataclass(frozen=True)
class LinkRule:
    """The library's folders, its exclusions and the link targets the user allowed."""

    included: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()

    @classmethod
    def of(cls, roots: Iterable[tuple[str, bool]], allowed: Iterable[str] = ()) -> LinkRule:
        """From (path, excluded) pairs and the ``link_targets`` setting."""
        pairs = list(roots)
        return cls(tuple(p for p, e in pairs if not e), tuple(p for p, e in pairs if e),
                   tuple(os.path.realpath(os.path.expanduser(a)) for a in allowed if a))

    def may_read(self, real: str) -> bool:
        """True when a link may lead to ``real`` (a resolved path)."""
        inside = under_any(real, self.included) and not under_any(real, self.excluded)
        return inside or under_any(real, self.allowed)

    def refusal(self, path: str) -> str | None:
        """Why ``path`` is not read (a link out of the library, a loop, a dangling link, a
        pipe or device); None for a plain file, a link the rule allows, or a file gone."""
        try:
            real = os.path.realpath(path, strict=True)
        except OSError as exc:
            return _broken(path, exc)
        if real != os.path.normpath(path) and not self.may_read(real):
            what = "folder" if os.path.isdir(real) else "file"
            return (f"a link to a {what} outside your folders, not read ({real}); to read "
                    f"it, add its folder to the setting {SETTING}")
        return special_file(real)

    def follows_folder(self, link: str) -> bool:
        """True when the scan walks into the linked folder ``link``: only for allowed
        targets outside the library (a target inside is read at its own place)."""
        real = os.path.realpath(link)
        inside = under_any(real, self.included) and not under_any(real, self.excluded)
        return not inside and under_any(real, self.allowed)


def special_file(path: str) -> str | None:
    """Why ``path`` is not a file to read (a pipe would block a reader forever)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    for test, kind in _KINDS:
        if test(mode):
            return f"{kind}, not a file: not read"
    return None


def _broken(path: str, exc: OSError) -> str | None:
    if exc.errno == errno.ELOOP:
        return "a link that leads back to itself (a loop), not read"
    if os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"a link to something that does not exist ({target}), not read"
    return None  # gone since it was listed: the caller drops it
