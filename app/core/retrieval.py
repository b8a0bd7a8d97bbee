"""Vector search over the library: embed the query, take the nearest chunks, make hits.

Scores are cosine similarities (1 is identical). Hits keep the provenance the store
holds (path, page, lines, heading, cue times) so every result can be cited and opened.
"""

from __future__ import annotations

from app.core.ports import Embedder, VectorStore
from app.core.types import Hit, StoredChunk


def vector_search(store: VectorStore, embedder: Embedder, query: str, k: int = 5,
                  where: dict | None = None) -> list[Hit]:
    """The ``k`` chunks nearest to ``query``, best first."""
    query = query.strip()
    if not query or k <= 0:
        return []
    vector = embedder.embed([query])[0]
    return [to_hit(chunk) for chunk in store.query(vector, k, where)]


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
