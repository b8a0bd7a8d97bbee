"""Search: nearest vectors, BM25 keywords and exact phrases, fused into one order.

Vectors find passages that mean the same thing in other words; keywords find exact
names, codes and rare terms that an embedding blurs; a phrase match lifts the passage
that holds the query verbatim. A hit's ``score`` is what ordered it (the fused score in
hybrid mode, the cosine in vector mode, the keyword fusion in keyword mode), so scores
fall down the list; ``vector_score`` (cosine) and ``keyword_score`` (BM25) keep the
signals. The fusion was chosen on several corpora (``benchmarks/retrieval_suite.py``).
Near-identical passages of one file are shown once, so a file cannot fill every slot
with copies of itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from app.core.ports import Embedder, VectorStore
from app.core.search.query import ParsedQuery, parse_query
from app.core.storage import KeywordIndex
from app.core.text import suspicion
from app.core.types import SEARCH_MODES, Hit, JsonDict, SearchMode, StoredChunk

# The fusion, chosen by benchmarks/retrieval_suite.py on the dev parts of SciFact, NFCorpus,
# QMSum passages, Chroma's chunking set and the labeled notes: the best mean dev nDCG@10
# among the fusions keeping SciFact's dev part >= 0.705 (0.631 vs 0.615 for the old RRF
# k=10; convex 0.3 scored 0.633 but 0.702 on SciFact dev). A convex combination of min-max
# normalized cosine and BM25 (Bruch, Gai and Ingber, TOIS 2023); query-adaptive weights by
# the rarity of the query's words, and RRF, measured no better (the alternatives live in the
# benchmark, which passes them in).
ALPHA = 0.4           # the cosine's weight (BM25: 1 - alpha)
PHRASE_BONUS = 0.1    # for a passage holding the quoted phrase (or the whole query) verbatim
RRF_K = 10            # reciprocal rank fusion of keyword mode's two lists (BM25 + phrase)
CANDIDATES = 100
# Keyword-only candidates are read from the store (text, vector) a window of this many
# times k at a time, best first, until k passages pass the filters: not all 100 every time.
FETCH_WINDOW = 3
_DUPLICATE = 0.8  # word-set overlap above which two passages count as the same
# A passage that is mostly a list of links (a library's index note, a table of contents, a
# "map of content") names every note's title and so matches many questions; it ranks with
# this share of its score, below the notes it links to when they match as well, and still
# shows when few others match. Chosen with benchmarks/index_notes.py.
LINK_LIST_FACTOR = 0.5
LINK_LIST_SHARE = 0.6   # of a passage's lines (headings aside) that are links
LINK_LIST_MIN = 3       # link lines, at least
_LINK_LINE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?\[[^\]]+\]\([^)\s]+\)[^\[\]()]{0,40}$")
_HEADING_LINE = re.compile(r"^\s*#{1,6}\s")
_WORDS = re.compile(r"\w+")


def search(store: VectorStore, embedder: Embedder, keywords: KeywordIndex,
           query: str | ParsedQuery, k: int = 5, mode: SearchMode = "hybrid",
           query_vector: Sequence[float] | None = None) -> list[Hit]:
    """The ``k`` best passages for ``query`` (search syntax allowed), best first.

    ``query_vector``: the query's embedding when the caller has it already (``ask`` embeds
    a question once for retrieval and evidence). The query's filter (already merged with
    the caller's) is applied by the store, on the vector side and on the keyword side's
    candidates alike."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if mode not in SEARCH_MODES:
        raise ValueError(f"search mode must be one of {', '.join(SEARCH_MODES)}")
    search_filter = None if parsed.filter.is_empty else parsed.filter
    text = parsed.text
    if not text or k <= 0:
        return []
    depth = max(4 * k, CANDIDATES) * (10 if parsed.needs_post_filter else 1)
    vector = list(query_vector) if query_vector is not None else embedder.embed([text])[0]
    chunks: dict[str, StoredChunk] = {}
    vector_list: list[tuple[str, float]] = []
    keyword_list: list[tuple[str, float]] = []
    phrase_list: list[tuple[str, float]] = []
    distances: dict[str, float] = {}
    if mode in ("hybrid", "vector"):  # ids first; the passages shown are read below
        distances = dict(store.nearest_ids(vector, depth, search_filter))
        vector_list = [(i, 1.0 - (d or 0.0)) for i, d in distances.items()]
    if mode in ("hybrid", "keyword"):
        keyword_list = keywords.search(text, depth)
        phrase = " ".join(parsed.phrases) if parsed.phrases else text
        phrase_list = keywords.phrase_search(phrase, depth, quoted=bool(parsed.phrases))
    if mode == "vector":
        fused = dict(vector_list)
    elif mode == "keyword":
        fused = rrf_scores([[i for i, _ in keyword_list], [i for i, _ in phrase_list]])
    else:
        fused = convex_scores(vector_list, keyword_list, phrase_list)
    ranked = sorted(fused, key=lambda item: -fused[item])
    bm25 = dict(keyword_list)
    ordered: list[StoredChunk] = []
    window = max(FETCH_WINDOW * k, 20)
    for start in range(0, len(ranked), window):  # read passages as far as needed
        part = ranked[start:start + window]
        missing = [i for i in part if i not in chunks]
        for chunk in store.get(missing, search_filter):
            chunks[chunk.id] = (_with_distance(chunk, vector) if chunk.id not in distances
                                else replace(chunk, distance=distances[chunk.id]))
        ordered += [chunks[i] for i in part if i in chunks
                    and parsed.accepts(str(chunks[i].meta.get("path", "")), chunks[i].text)]
        # k passages that are not link lists, or all there are: whatever was not read yet
        # scores below them, so the order of what was read is final
        if len(without_duplicates([c for c in ordered if not is_link_list(c.text)], k)) >= k:
            break
    if mode != "keyword":  # a keyword search finds the words asked, wherever they stand
        for chunk in ordered:
            if is_link_list(chunk.text):
                fused[chunk.id] *= LINK_LIST_FACTOR
        ordered.sort(key=lambda c: -fused[c.id])
    return [to_hit(c, fused[c.id], bm25.get(c.id)) for c in without_duplicates(ordered, k)]


def is_link_list(text: str) -> bool:
    """Whether a passage is mostly links to other notes, one per line ("- [Title](a.md)")."""
    lines = [line for line in text.splitlines()
             if line.strip() and not _HEADING_LINE.match(line)]
    links = sum(bool(_LINK_LINE.match(line)) for line in lines)
    return links >= LINK_LIST_MIN and links >= LINK_LIST_SHARE * len(lines)


def convex_scores(vector: Sequence[tuple[str, float]], keyword: Sequence[tuple[str, float]],
                  phrase: Sequence[tuple[str, float]], alpha: float | None = None,
                  phrase_bonus: float | None = None) -> dict[str, float]:
    """The hybrid score of every candidate: alpha * min-max(cosine) + (1 - alpha) *
    min-max(BM25), plus a bonus for holding the phrase; a candidate missing from a list gets
    that list's minimum (0). The pool is the union of the lists, so the vector top-k and the
    keyword top-k are always in it."""
    alpha = ALPHA if alpha is None else alpha
    bonus = PHRASE_BONUS if phrase_bonus is None else phrase_bonus
    vec, key = _min_max(vector), _min_max(keyword)
    held = {i for i, _ in phrase}
    return {i: alpha * vec.get(i, 0.0) + (1 - alpha) * key.get(i, 0.0)
            + (bonus if i in held else 0.0) for i in set(vec) | set(key) | held}


def _min_max(ranking: Sequence[tuple[str, float]]) -> dict[str, float]:
    if not ranking:
        return {}
    values = [score for _, score in ranking]
    low, high = min(values), max(values)
    return {i: (score - low) / (high - low) if high > low else 1.0 for i, score in ranking}


def rrf_scores(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Each id's sum of 1 / (k + rank) over the rankings it appears in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


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


def to_hit(chunk: StoredChunk, score: float | None = None,
           keyword_score: float | None = None) -> Hit:
    """A Hit from a stored chunk: ``score`` is what ordered it (the fused score; the cosine
    when none is given), ``vector_score`` its cosine (1 - cosine distance), ``keyword_score``
    its BM25 when the keyword side found it."""
    meta = chunk.meta
    cosine = 1.0 - chunk.distance if chunk.distance is not None else 0.0
    return Hit(
        path=str(meta.get("path", "")),
        score=round(cosine if score is None else score, 4),
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
        vector_score=round(cosine, 4),
        keyword_score=None if keyword_score is None else round(keyword_score, 4),
    )


def hit_to_json(hit: Hit) -> JsonDict:
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
        "vector_score": hit.vector_score,
        "keyword_score": hit.keyword_score,
        # why the text looks aimed at an AI assistant (for MCP clients), else null
        "suspicious": suspicion(hit.text),
    }
