"""The per-file tables kept beside the vector store: one interface for all of them.

Each indexed file also has rows in tables the registry's database holds (the keyword index,
the action ledger). They are written in the registry's transaction that marks the file
indexed, and dropped with it, so they can never be out of step with the index. The indexer
knows them only as ``FileSink``s: a new table (tags, links between notes) is one more sink,
not three more call sites.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from app.core.errors import DocumentError
from app.core.ingest import meeting_fields
from app.core.meetings import ActionItem, ActionLedger, Decision, explicit_items
from app.core.storage import KeywordIndex, Registry
from app.core.types import Chunk, Document

log = logging.getLogger(__name__)


class FileSink(Protocol):
    """Rows derived from one file, replaced and deleted inside the registry's transaction."""

    def replace_file(self, file_id: int, doc: Document, chunks: Sequence[Chunk]) -> None:
        """Set the file's rows from its parsed document and chunks."""

    def delete_file(self, file_id: int) -> None:
        """Drop the file's rows."""

    def catch_up(self, read: Callable[[str], Document | None]) -> None:
        """Fill rows for files indexed before this sink (or its rules) existed; ``read``
        parses a file again (None: no parser for it)."""


class KeywordSink:
    """The BM25 keyword index: one row per chunk, over the text the embedder saw."""

    def __init__(self, keywords: KeywordIndex) -> None:
        self._keywords = keywords

    def replace_file(self, file_id: int, doc: Document, chunks: Sequence[Chunk]) -> None:
        self._keywords.replace_file(file_id, [(f"{file_id}:{c.index}", c.embed_text)
                                              for c in chunks])

    def delete_file(self, file_id: int) -> None:
        self._keywords.delete_file(file_id)

    def catch_up(self, read: Callable[[str], Document | None]) -> None:
        """Nothing to catch up: every indexed file has its keyword rows."""


class LedgerSink:
    """The action ledger: a meeting's action items as written (none for other files)."""

    def __init__(self, ledger: ActionLedger, registry: Registry) -> None:
        self._ledger = ledger
        self._registry = registry

    def replace_file(self, file_id: int, doc: Document, chunks: Sequence[Chunk]) -> None:
        self._ledger.replace_file(file_id, *_meeting_items(doc))

    def delete_file(self, file_id: int) -> None:
        self._ledger.delete_file(file_id)

    def catch_up(self, read: Callable[[str], Document | None]) -> None:
        """Meetings indexed before the ledger existed, or under older extraction rules:
        parsing only, no embedding; a file that fails now is skipped."""
        for file_id, path in self._ledger.unread_meetings():
            try:
                doc = read(path)
            except (DocumentError, OSError) as exc:
                log.info("action items of %s not read: %s", path, exc)
                continue
            with self._registry.transaction():
                self._ledger.replace_file(file_id, *(_meeting_items(doc) if doc is not None
                                                     else ([], [])))


def _meeting_items(doc: Document) -> tuple[list[ActionItem], list[Decision]]:
    """A meeting's action items and decisions; none for a file that is no meeting."""
    if meeting_fields(doc).get("kind") != "meeting":
        return [], []
    items = explicit_items(doc)
    return items.action_items, items.decision_items
