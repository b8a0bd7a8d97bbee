"""Which parts of the library a run covers: the scope paths narrowed to the roots."""

from __future__ import annotations

import os

from app.core.files import under_any


def narrow(scope: list[str], roots: list[str]) -> list[str]:
    """The parts of the library the scope paths cover: paths inside roots, or whole roots.

    A path below another target is dropped (its parent covers it); linear in the number
    of paths, since a watcher may hand over thousands at once.
    """
    targets = [s.rstrip("/") or "/" for s in scope if under_any(s, roots)]
    targets += [r for r in roots if any(under_any(r, [s]) for s in scope)]
    chosen = set(targets)
    return [t for t in dict.fromkeys(targets) if not any(a in chosen for a in _ancestors(t))]


def _ancestors(path: str) -> list[str]:
    parents, head = [], os.path.dirname(path)
    while head and head != path:
        parents.append(head)
        path, head = head, os.path.dirname(head)
    return parents
