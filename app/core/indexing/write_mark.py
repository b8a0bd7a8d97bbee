"""The mark of writes not yet closed cleanly, and what a run does when it finds one.

A kill -9 while the store is written can leave a passage in the store that its vector
index lacks: search never finds it, yet nothing else is wrong. A library fact is set
while a process holds writes it has not closed cleanly; a run that finds it set by a
process that died writes back what the index lost (``storage.heal_recent``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.core.ports import VectorStore
from app.core.storage import Registry, heal_recent

log = logging.getLogger(__name__)
UNCLEAN_WRITE = "unclean_write"


class WriteMark:
    """This process's side of ``UNCLEAN_WRITE``."""

    def __init__(self, registry: Registry, store: Callable[[], VectorStore]) -> None:
        self._registry = registry
        self._store = store
        self._held = False  # this process set the mark (or took it over)
        self._open = 0      # runs that began writing and have not finished

    def heal_if_a_writer_died(self) -> None:
        """Before a run: a mark this process does not hold means a writer died."""
        if self._registry.fact(UNCLEAN_WRITE) == "1" and not self._held:
            healed = heal_recent(self._registry, self._store())
            if healed:
                log.warning("the vector index had lost %d passage(s) after an unclean stop; "
                            "written into it again", len(healed))
            self._held = True  # cleared by this process when it closes cleanly

    def begin(self) -> None:
        """A run starts writing."""
        if not self._held:
            self._registry.set_fact(UNCLEAN_WRITE, "1")
            self._held = True
        self._open += 1

    def end(self) -> None:
        """A run finished writing: nothing of it half written."""
        self._open -= 1

    def closed_cleanly(self) -> None:
        """The store was closed with no run half written: clear the mark (after the
        store's close, before the registry's)."""
        if self._held and not self._open:
            self._registry.set_fact(UNCLEAN_WRITE, "0")
            self._held = False
