"""Search: nearest vectors, BM25 keywords and exact phrases, fused by reciprocal rank.

Vectors find passages that mean the same thing in other words; keywords find exact
names, codes and rare terms that an embedding blurs; a phrase match lifts the passage
that holds the query verbatim. Every hit's ``score`` is the cosine similarity of its
passage to the query (1 is identical), whichever side found it, so the number means the
same for every result; the order comes from the fusion. Near-identical passages of one
file are shown once, so a file cannot fill every slot with copies of itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.core.keyword_index import KeywordIndex
from app.core.ports import Embedder, VectorStore
from app.core.query import ParsedQuery, parse_query
from app.core.types import Hit, StoredChunk

# Fusion constant: 60 in Cormack et al. (2009); 10 favours agreement at the top ranks and
# gave the best nDCG@10 on SciFact's dev queries (0.712 vs 0.700 at 60, candidates 100 deep).
RRF_K = 10
CANDIDATES = 100
MODES = ("hybrid", "vector", "keyword")
_DUPLICATE = 0.8  # word-set overlap above which two passages count as the same
_WORDS = re.compile(r"\w+")


def search(store: VectorStore, embedder: Embedder, keywords: KeywordIndex,
           query: str | ParsedQuery, k: int = 5, mode: str = "hybrid",
           query_vector: Sequence[float] | None = None) -> list[Hit]:
    """The ``k`` best passages for ``query`` (search syntax allowed), best first.

    ``query_vector``: the query's embedding when the caller has it already (``ask`` embeds
    a question once for retrieval and evidence). The query's filter (already merged with
    the caller's) is applied by the store, on the vector side and on the keyword side's
    candidates alike."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if mode not in MODES:
        raise ValueError(f"search mode must be one of {', '.join(MODES)}")
    search_filter = None if parsed.filter.is_empty else parsed.filter
    text = parsed.text
    if not text or k <= 0:
        return []
    depth = max(4 * k, CANDIDATES) * (10 if parsed.needs_post_filter else 1)
    vector = list(query_vector) if query_vector is not None else embedder.embed([text])[0]
    rankings: list[list[str]] = []
    chunks: dict[str, StoredChunk] = {}
    if mode in ("hybrid", "vector"):
        found = store.query(vector, depth, search_filter)
        chunks.update((c.id, c) for c in found)
        rankings.append([c.id for c in found])
    if mode in ("hybrid", "keyword"):
        rankings.append([i for i, _ in keywords.search(text, depth)])
        phrase = " ".join(parsed.phrases) if parsed.phrases else text
        rankings.append([i for i, _ in keywords.phrase_search(phrase, depth)])
    ranked = reciprocal_rank_fusion([r for r in rankings if r])
    missing = [i for i in ranked if i not in chunks]
    for chunk in store.get(missing, search_filter):
        chunks[chunk.id] = _with_distance(chunk, vector)
    ordered = [chunks[i] for i in ranked if i in chunks
               and parsed.accepts(str(chunks[i].meta.get("path", "")), chunks[i].text)]
    return [to_hit(c) for c in without_duplicates(ordered, k)]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[str]:
    """Ids ordered by the sum of 1 / (k + rank) over the rankings they appear in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda item: -scores[item])


def without_duplicates(chunks: list[StoredChunk], k: int) -> list[StoredChunk]:
    """The first ``k`` chunks, skipping any that repeats the words of a kept one of its file.

    Identical passages in two files are both kept: where a text has copies is worth seeing.
    """
    kept: list[tuple[StoredChunk, set[str]]] = []
    for chunk in chunks:
        words = set(_WORDS.findall(chunk.text.casefold()))
        path = chunk.meta.get("path")
        if any(other.meta.get("path") == path and _overlap(words, seen) >= _DUPLICATE
               for other, seen in kept):
            continue
        kept.append((chunk, words))
        if len(kept) == k:
            break
    return [chunk for chunk, _ in kept]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else float(a == b)


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
