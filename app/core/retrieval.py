"""Hybrid search: nearest vectors, BM25 keyword and exact-phrase matches, fused by rank.

Vectors find passages that mean the same thing in other words; keywords find exact
names, codes and rare terms that an embedding blurs; a phrase match lifts the passage
that holds the query verbatim. Every hit's ``score`` is the cosine
similarity of its passage to the query (1 is identical), whichever side found it, so the
number means the same thing for every result; the order comes from the fusion.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.filters import matches
from app.core.keyword_index import KeywordIndex
from app.core.ports import Embedder, VectorStore
from app.core.types import Hit, StoredChunk

RRF_K = 60  # the constant of Cormack et al. (2009); damps the weight of the top ranks


def vector_search(store: VectorStore, embedder: Embedder, query: str, k: int = 5,
                  where: dict | None = None) -> list[Hit]:
    """The ``k`` chunks nearest to ``query``, best first."""
    query = query.strip()
    if not query or k <= 0:
        return []
    vector = embedder.embed([query])[0]
    return [to_hit(chunk) for chunk in store.query(vector, k, where)]


def hybrid_search(store: VectorStore, embedder: Embedder, keywords: KeywordIndex, query: str,
                  k: int = 5, where: dict | None = None) -> list[Hit]:
    """The ``k`` best chunks by reciprocal-rank fusion of vector and keyword rankings."""
    query = query.strip()
    if not query or k <= 0:
        return []
    depth = max(4 * k, 20)
    vector = embedder.embed([query])[0]
    by_vector = store.query(vector, depth, where)
    rankings = [[c.id for c in by_vector],
                [chunk_id for chunk_id, _ in keywords.search(query, depth)],
                [chunk_id for chunk_id, _ in keywords.phrase_search(query, depth)]]
    ranked = reciprocal_rank_fusion([r for r in rankings if r])
    chunks = {c.id: c for c in by_vector}
    missing = [i for i in ranked if i not in chunks]
    for chunk in store.get(missing):
        if matches(chunk.meta, where):
            chunks[chunk.id] = _with_distance(chunk, vector)
    return [to_hit(chunks[i]) for i in ranked if i in chunks][:k]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[str]:
    """Ids ordered by the sum of 1 / (k + rank) over the rankings they appear in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda item: -scores[item])


def _with_distance(chunk: StoredChunk, query_vector: list[float]) -> StoredChunk:
    similarity = sum(a * b for a, b in zip(query_vector, chunk.vector or [], strict=False))
    return StoredChunk(chunk.id, chunk.text, chunk.meta, 1.0 - similarity, chunk.vector)


def to_hit(chunk: StoredChunk) -> Hit:
    """A Hit from a stored chunk; distance is cosine distance, so score = 1 - distance."""
    meta = chunk.meta
    score = 1.0 - chunk.distance if chunk.distance is not None else 0.0
    return Hit(
        path=str(meta.get("path", "")),
        score=round(score, 4),
        text=chunk.text,
        chunk_id=chunk.id,
        file_type=str(meta.get("file_type", "")),
        heading=str(meta.get("heading", "")),
        page=meta.get("page"),
        line_start=meta.get("line_start"),
        line_end=meta.get("line_end"),
        time_start=meta.get("time_start"),
        time_end=meta.get("time_end"),
        speaker=meta.get("speaker"),
    )


def hit_to_json(hit: Hit) -> dict:
    """The stable ``search --json`` result object: add fields, never rename or drop."""
    return {
        "path": hit.path,
        "score": hit.score,
        "page": hit.page,
        "line_start": hit.line_start,
        "line_end": hit.line_end,
        "heading": hit.heading,
        "text": hit.text,
        "file_type": hit.file_type,
        "time_start": hit.time_start,
        "time_end": hit.time_end,
        "speaker": hit.speaker,
        "chunk_id": hit.chunk_id,
    }
