"""Search: the query syntax, hybrid retrieval (vectors, BM25, phrases) fused into one
order, and reading one passage with its neighbours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.search.dates import mentioned_span as mentioned_span
    from app.core.search.passages import (
        OutsideLibrary as OutsideLibrary,
        read_passage as read_passage,
    )
    from app.core.search.query import ParsedQuery as ParsedQuery
    from app.core.search.retriever import Retriever as Retriever

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.search.dates": ("mentioned_span",),
    "app.core.search.passages": ("OutsideLibrary", "read_passage"),
    "app.core.search.query": ("ParsedQuery",),
    "app.core.search.retriever": ("Retriever",),
})
