"""Retrieval quality on BEIR SciFact through Hearth's own indexer and search.

The 5,183 abstracts in ../shared/eval/scifact/corpus are indexed by ``Library.index`` (the
real parser, chunker, embedder, Chroma store and keyword index) into a HEARTH_HOME; each
claim is searched in vector, keyword and hybrid mode; a document's rank is that of its
best passage. Reported: nDCG@10, Recall@10 and MRR@10 (binary relevance, BEIR qrels),
next to the published whole-document all-MiniLM-L6-v2 figure (MTEB: 0.6451).

Run:  .venv/bin/python -m benchmarks.retrieval [--queries dev|all] [--home DIR]
                                                [--embedder-backend onnx-int8|onnx|torch]
      (or: make bench-retrieval). Indexing takes about 10 minutes on 2 cores; pass --home
      to keep the index and reuse it in the next run (re-indexing is then skipped).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

from app.core.settings import NEW_LIBRARY_BACKEND

SCIFACT = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "scifact"
PUBLISHED_NDCG = 0.6451  # MTEB, all-MiniLM-L6-v2, whole abstracts
MODES = ("vector", "keyword", "hybrid")


def doc_ranking(hits, limit: int = 10) -> list[str]:
    """Document ids in the order of their best passage."""
    ranking: list[str] = []
    for hit in hits:
        doc = Path(hit.path).stem
        if doc not in ranking:
            ranking.append(doc)
    return ranking[:limit]


def metrics(ranking: list[str], relevant: set[str], k: int = 10) -> tuple[float, float, float]:
    """(nDCG@k, Recall@k, MRR@k) with binary relevance."""
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranking[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    recall = len(set(ranking[:k]) & relevant) / len(relevant)
    rr = next((1 / (i + 1) for i, d in enumerate(ranking[:k]) if d in relevant), 0.0)
    return dcg / ideal if ideal else 0.0, recall, rr


def evaluate(library, queries: list[dict], mode: str, depth: int = 50) -> tuple[float, ...]:
    from app.core.search.query import ParsedQuery
    from app.core.search.retrieval import search

    totals = [0.0, 0.0, 0.0]
    for row in queries:
        hits = search(library.parts.store, library.parts.embedder, library.parts.keywords,
                      ParsedQuery(row["query"]), depth, mode=mode)
        for i, value in enumerate(metrics(doc_ranking(hits), set(row["relevant_doc_ids"]))):
            totals[i] += value
    return tuple(t / len(queries) for t in totals)


def warm_search_ms(library, queries: list[dict]) -> tuple[float, float]:
    """(p50, p95) in ms of the public search call, as the window and the CLI make it."""
    library.search(queries[0]["query"], k=10)
    samples = []
    for row in queries:
        started = time.perf_counter()
        library.search(row["query"], k=10)
        samples.append(1000 * (time.perf_counter() - started))
    samples.sort()
    return samples[len(samples) // 2], samples[int(0.95 * (len(samples) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", choices=("dev", "all"), default="all")
    parser.add_argument("--home", type=Path, help="HEARTH_HOME to keep and reuse the index in")
    parser.add_argument("--corpus", type=Path, default=SCIFACT / "corpus")
    parser.add_argument("--limit", type=int, help="only the first N queries (smoke runs)")
    parser.add_argument("--embedder-backend", default=NEW_LIBRARY_BACKEND,
                        choices=("torch", "onnx", "onnx-int8"),
                        help="embedding engine (default: a new library's, int8 ONNX)")
    args = parser.parse_args(argv)
    from app.core.settings import settings_for_home
    from app.services import build

    name = "queries-dev.jsonl" if args.queries == "dev" else "queries.jsonl"
    queries = [json.loads(x) for x in (SCIFACT / name).read_text().splitlines()][: args.limit]
    with tempfile.TemporaryDirectory() as scratch:
        library = build(settings_for_home(args.home or Path(scratch),
                                          embedder_backend=args.embedder_backend))
        started = time.perf_counter()
        report = library.index([str(args.corpus)])
        seconds = time.perf_counter() - started
        print(f"indexed {report.indexed} new / {report.unchanged} unchanged documents, "
              f"{library.parts.registry.total_chunks()} chunks, in {seconds:.0f}s "
              f"({report.chunks / seconds if report.chunks else 0:.1f} chunks/s)")
        results = {mode: evaluate(library, queries, mode) for mode in MODES}
        p50, p95 = warm_search_ms(library, queries)
        library.close()
    print(f"SciFact, {len(queries)} queries ({name}), embedder {args.embedder_backend}:")
    print(f"{'':28}{'nDCG@10':>9}{'Recall@10':>11}{'MRR@10':>9}")
    print(f"{'published (whole abstracts)':28}{PUBLISHED_NDCG:>9.4f}")
    for mode, (ndcg, recall, mrr) in results.items():
        print(f"{'hearth ' + mode:28}{ndcg:>9.4f}{recall:>11.4f}{mrr:>9.4f}")
    hybrid, vector = results["hybrid"][0], results["vector"][0]
    print(f"hybrid / published = {hybrid / PUBLISHED_NDCG:.3f}x, "
          f"hybrid / vector = {hybrid / vector:.3f}x")
    print(f"warm search (Library.search, hybrid, k=10, query embedding included): "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p50 <= 30 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
