"""Keeping the index in step with the files: scan, skip what is unchanged, parse, chunk,
embed, write; progress and time left while it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.indexing.batch_write import BATCH_CHUNKS as BATCH_CHUNKS
    from app.core.indexing.indexer import CancelCheck as CancelCheck, Indexer as Indexer
    from app.core.indexing.run import ProgressCallback as ProgressCallback
    from app.core.indexing.sinks import KeywordSink as KeywordSink, LedgerSink as LedgerSink

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.indexing.batch_write": ("BATCH_CHUNKS",),
    "app.core.indexing.indexer": ("CancelCheck", "Indexer"),
    "app.core.indexing.run": ("ProgressCallback",),
    "app.core.indexing.sinks": ("KeywordSink", "LedgerSink"),
})
