"""Retrieval on several corpora: vector, keyword and hybrid, and the fusion candidates.

Corpora (every retrieval set of ../shared/eval, each with a dev part for choosing and the
full set for reporting):
- ``scifact``: 5,183 abstracts, 300 claims (dev: the 100 of queries-dev.jsonl);
- ``nfcorpus``: 3,633 PubMed abstracts, 323 lay questions, evaluation only by its licence
  (dev: the 108 of queries-dev.jsonl);
- ``qmsum``: passage retrieval in 35 meeting transcripts: the 244 specific queries, a passage
  is relevant when its lines overlap the query's annotated turns (dev: queries of the
  meetings at even positions);
- ``chroma``: Chroma's chunking evaluation, 472 questions over 5 long documents; a passage
  is relevant when it overlaps a reference excerpt (dev: even ids);
- ``notes``: the labeled questions of ``answer_questions`` (keyword, paraphrase, broad,
  sample) over the sample and test notes, file-level (dev: even positions);
- ``til`` and ``council``: the real notes library and minutes with hand-written questions
  (``notes_simonw_til``, ``meetings_rust_leadership_council``), file-level, their own
  dev/test split.

Every corpus is indexed once through ``Library.index`` (kept under ``--home`` to reuse).
Each query's three raw rankings (nearest vectors, BM25, exact phrase; 100 deep) are taken
once, then every fusion is computed from the same lists, so candidates differ only by how
they fuse. Documents are ranked by their best passage (passages for qmsum). Noise: a
difference counts only beyond two standard errors of the per-query differences.

Run:  .venv/bin/python -m benchmarks.retrieval_suite [--home DIR] [--corpus NAME ...]
(or: make bench-retrieval; indexing all four takes about 20 minutes on 2 cores, once)
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.answer_questions import ANSWER_FOLDERS, LABELED_QUESTIONS

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
DEPTH = 100
SCIFACT_DEV_FLOOR = 0.705  # the target keeps SciFact hybrid nDCG@10 >= 0.70, with a margin


@dataclass
class Query:
    text: str
    relevant: Callable[[dict], bool]  # does a passage's metadata make it relevant?
    relevant_count: int                # how many relevant units exist (for recall)
    dev: bool
    unit: str = "doc"                 # "doc": rank files by their best passage; "passage"


@dataclass
class Corpus:
    name: str
    folders: list[Path]
    queries: list[Query] = field(default_factory=list)


def _by_stem(ids: set[str]) -> Callable[[dict], bool]:
    return lambda meta: Path(str(meta.get("path", ""))).stem in ids


def _beir(name: str) -> Corpus:
    root = SHARED / name
    dev_ids = {json.loads(x)["id"] for x in (root / "queries-dev.jsonl").read_text().splitlines()}
    corpus = Corpus(name, [root / "corpus"])
    for line in (root / "queries.jsonl").read_text().splitlines():
        row = json.loads(line)
        ids = set(row["relevant_doc_ids"])
        corpus.queries.append(Query(row["query"], _by_stem(ids), len(ids), row["id"] in dev_ids))
    return corpus


def _qmsum() -> Corpus:
    root = SHARED / "qmsum"
    corpus = Corpus("qmsum", [root / "corpus"])
    meetings = sorted({json.loads(x)["relevant_doc_ids"][0]
                       for x in (root / "queries.jsonl").read_text().splitlines()})
    for line in (root / "queries.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["query_type"] != "specific" or not row["relevant_text_span"]:
            continue
        meeting = row["relevant_doc_ids"][0]
        spans = [(int(a) + 1, int(b) + 1) for a, b in row["relevant_text_span"]]  # lines

        def relevant(meta, meeting=meeting, spans=spans) -> bool:
            if Path(str(meta.get("path", ""))).stem != meeting:
                return False
            start, end = meta.get("line_start"), meta.get("line_end") or meta.get("line_start")
            return start is not None and any(start <= b and end >= a for a, b in spans)

        corpus.queries.append(Query(row["query"], relevant, 0,
                                    meetings.index(meeting) % 2 == 0, unit="passage"))
    return corpus


def _chroma() -> Corpus:
    """Chroma's chunking evaluation: 472 questions over 5 long documents; a passage is
    relevant when its characters overlap a reference excerpt (dev: even ids)."""
    root = SHARED / "chroma_chunking"
    corpus = Corpus("chroma", [root / "corpus"])
    for line in (root / "queries.jsonl").read_text().splitlines():
        row = json.loads(line)
        doc = row["relevant_doc_ids"][0]
        spans = [(r["start_char"], r["end_char"]) for r in row["references"]]

        def relevant(meta, doc=doc, spans=spans) -> bool:
            if Path(str(meta.get("path", ""))).stem != doc:
                return False
            start, end = meta.get("char_start"), meta.get("char_end")
            return start is not None and end is not None and any(
                start < b and end > a for a, b in spans)

        corpus.queries.append(Query(row["query"], relevant, 0, int(row["id"]) % 2 == 0,
                                    unit="passage"))
    return corpus


def _notes() -> Corpus:
    corpus = Corpus("notes", list(ANSWER_FOLDERS))
    kinds = ("keyword", "paraphrase", "broad", "sample")
    samples = [s for s in LABELED_QUESTIONS if s.kind in kinds]
    for n, sample in enumerate(samples):
        corpus.queries.append(Query(sample.question, _by_name(sample.file), 1, n % 2 == 0))
    return corpus


def _by_name(name: str) -> Callable[[dict], bool]:
    return lambda meta: Path(str(meta.get("path", ""))).name == name


def _questions(name: str) -> Corpus:
    """A real library with hand-written questions and a ``split`` field
    (``notes_simonw_til``, ``meetings_rust_leadership_council``): the answerable ones,
    file-level (the note or meeting that answers)."""
    root = (SHARED / name / "corpus").resolve()
    corpus = Corpus(name, [root])
    for line in (SHARED / name / "questions.jsonl").read_text().splitlines():
        row = json.loads(line) if line.strip() else {}
        if not row.get("expect_file"):
            continue
        wanted = {str(root / f) for f in [row["expect_file"], *row.get("alt_files", [])]}
        corpus.queries.append(Query(row["question"],
                                    lambda meta, wanted=wanted: str(meta.get("path")) in wanted,
                                    len(wanted), row["split"] == "dev"))
    return corpus


CORPORA: dict[str, Callable[[], Corpus]] = {
    "scifact": lambda: _beir("scifact"), "nfcorpus": lambda: _beir("nfcorpus"),
    "qmsum": _qmsum, "chroma": _chroma, "notes": _notes,
    "til": lambda: _questions("notes_simonw_til"),
    "council": lambda: _questions("meetings_rust_leadership_council")}


@dataclass
class Lists:
    """A query's raw rankings and the metadata of every passage in them."""

    vector: list[tuple[str, float]]   # (chunk id, cosine)
    keyword: list[tuple[str, float]]  # (chunk id, bm25, higher is better)
    phrase: list[tuple[str, float]]
    rarity: float = 0.0               # the rarest query term's IDF / the largest possible


def raw_lists(library, text: str) -> Lists:
    """The three rankings ``core.retrieval.search`` fuses, 100 deep."""
    vector = library.parts.embedder.embed([text])[0]
    found = library.parts.store.query(vector, DEPTH, None)
    keywords = library.parts.keywords
    return Lists([(c.id, 1.0 - (c.distance or 0.0)) for c in found],
                 keywords.search(text, DEPTH), keywords.phrase_search(text, DEPTH),
                 query_rarity(keywords, text))


def all_meta(library) -> dict[str, dict]:
    """chunk id -> metadata, for the whole store (read once)."""
    store = library.parts.store
    ids = [i for rows in store.chunk_index().values() for i, _ in rows]
    meta = {}
    for start in range(0, len(ids), 2000):
        for chunk in store.get(ids[start:start + 2000]):
            meta[chunk.id] = chunk.meta
    return meta


def units(ranked: list[str], meta: dict[str, dict], unit: str) -> list[str]:
    """Chunk ids -> the ranked units (files by their best passage, or the passages)."""
    if unit == "passage":
        return ranked
    seen, out = set(), []
    for chunk_id in ranked:
        path = str(meta.get(chunk_id, {}).get("path", chunk_id))
        if path not in seen:
            seen.add(path)
            out.append(chunk_id)
    return out


def scores_at_10(ranked_units: list[str], query: Query, meta: dict[str, dict],
                 relevant_total: int) -> tuple[float, float, float]:
    """(nDCG@10, Recall@10, MRR@10), binary relevance."""
    gains = [1.0 if query.relevant(meta.get(u, {})) else 0.0 for u in ranked_units[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, relevant_total)))
    mrr = next((1 / (i + 1) for i, g in enumerate(gains) if g), 0.0)
    recall = sum(gains) / relevant_total if relevant_total else 0.0
    return (dcg / ideal if ideal else 0.0), recall, mrr


def relevant_total(query: Query, meta: dict[str, dict]) -> int:
    if query.unit == "passage":
        return sum(query.relevant(m) for m in meta.values())
    return query.relevant_count


def query_rarity(keywords, text: str) -> float:
    """How rare the query's rarest word the library holds is: its IDF over the IDF of a
    word held by one passage (1.0: a name or code found once; near 0: common words)."""
    from app.core.storage.keyword_index import content_terms

    total = keywords.size()
    terms = [t for t in content_terms(text) if len(t) > 1 or t.isdigit()]
    counts = keywords.document_frequencies(terms) if terms and total else {}
    held = [c for c in counts.values() if c > 0]
    if not held:
        return 0.0
    return math.log(1 + total / min(held)) / math.log(1 + total)


Fusion = Callable[[Lists], list[str]]


def rrf(k: float = 10, weights: tuple[float, float, float] = (1, 1, 1)) -> Fusion:
    """Reciprocal rank fusion of the three lists (``core.retrieval.rrf_scores``), each
    list's terms scaled by its weight."""
    from app.core.search.retrieval import rrf_scores

    def fuse(lists: Lists) -> list[str]:
        scores: dict[str, float] = {}
        for weight, ranking in zip(weights, (lists.vector, lists.keyword, lists.phrase),
                                   strict=True):
            for item, score in rrf_scores([[i for i, _ in ranking]], k).items():
                scores[item] = scores.get(item, 0.0) + weight * score
        return sorted(scores, key=lambda i: -scores[i])
    return fuse


def convex(alpha: float, phrase: float = 0.0) -> Fusion:
    """``core.retrieval.convex_scores``: alpha * min-max(cosine) + (1 - alpha) *
    min-max(bm25) (+ phrase bonus); a passage missing from a list scores its minimum."""
    from app.core.search.retrieval import convex_scores

    def fuse(lists: Lists) -> list[str]:
        score = convex_scores(lists.vector, lists.keyword, lists.phrase, alpha, phrase)
        return sorted(score, key=lambda i: -score[i])
    return fuse


def adaptive(rare_alpha: float, common_alpha: float, threshold: float) -> Fusion:
    """convex, trusting the keywords more when the query holds a rare term."""
    def fuse(lists: Lists) -> list[str]:
        alpha = rare_alpha if lists.rarity >= threshold else common_alpha
        return convex(alpha)(lists)
    return fuse


def vector_only(lists: Lists) -> list[str]:
    return [i for i, _ in lists.vector]


def keyword_only(lists: Lists) -> list[str]:
    return [i for i, _ in lists.keyword]


def production(lists: Lists) -> list[str]:
    """What ``core.retrieval.search`` does in hybrid mode now."""
    from app.core.search.retrieval import convex_scores

    scores = convex_scores(lists.vector, lists.keyword, lists.phrase)
    return sorted(scores, key=lambda i: -scores[i])


def candidates() -> dict[str, Fusion]:
    found: dict[str, Fusion] = {"vector": vector_only, "keyword": keyword_only,
                                "rrf k=10 (before)": rrf(10), "hybrid (now)": production}
    for k in (1, 5, 20, 60):
        found[f"rrf k={k}"] = rrf(k)
    for wv, wk in ((2, 1), (1, 2), (3, 1), (1.5, 1)):
        found[f"rrf k=10 w={wv}/{wk}"] = rrf(10, (wv, wk, wk))
        found[f"rrf k=60 w={wv}/{wk}"] = rrf(60, (wv, wk, wk))
    for alpha in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        found[f"convex a={alpha}"] = convex(alpha)
    for rare, common in ((0.3, 0.6), (0.3, 0.7), (0.2, 0.6), (0.4, 0.7), (0.4, 0.6)):
        for threshold in (0.5, 0.6, 0.7, 0.8):
            found[f"adaptive a={rare}/{common} r>={threshold}"] = adaptive(rare, common,
                                                                          threshold)
    for low, high in ((0.4, 0.6), (0.4, 0.7), (0.4, 0.8), (0.3, 0.7)):
        for threshold in (0.2, 0.3, 0.4):
            found[f"standout a={low}/{high} s<{threshold}"] = standout(low, high, threshold)
        for threshold in (0.2, 0.3):
            found[f"agree a={low}/{high} o<{threshold}"] = agreement(low, high, threshold)
    return found


def bm25_standout(lists: Lists) -> float:
    """How far BM25's best passage stands above its tenth: (top - 10th) / top; near 0
    when the query's words are common and every passage holds a few of them."""
    scores = [score for _, score in lists.keyword[:10]]
    if len(scores) < 2 or scores[0] <= 0:
        return 0.0
    return (scores[0] - scores[-1]) / scores[0]


def standout(low: float, high: float, threshold: float) -> Fusion:
    """convex, trusting the vectors more (alpha ``high``) when BM25's top is flat."""
    def fuse(lists: Lists) -> list[str]:
        return convex(high if bm25_standout(lists) < threshold else low)(lists)
    return fuse


def agreement(low: float, high: float, threshold: float) -> Fusion:
    """convex, trusting the vectors more when the two top tens share few passages (the
    keywords then match other words than the meaning)."""
    def fuse(lists: Lists) -> list[str]:
        shared = {i for i, _ in lists.vector[:10]} & {i for i, _ in lists.keyword[:10]}
        return convex(high if len(shared) / 10 < threshold else low)(lists)
    return fuse


@dataclass
class Result:
    per_query: dict[str, list[tuple[float, float, float]]]  # fusion -> per query scores
    dev: list[bool]


def evaluate(corpus: Corpus, library) -> Result:
    meta = all_meta(library)
    fusions = candidates()
    per_query: dict[str, list[tuple[float, float, float]]] = {name: [] for name in fusions}
    for query in corpus.queries:
        lists = raw_lists(library, query.text)
        total = relevant_total(query, meta)
        for name, fuse in fusions.items():
            ranked = units(fuse(lists), meta, query.unit)
            per_query[name].append(scores_at_10(ranked, query, meta, total))
    return Result(per_query, [q.dev for q in corpus.queries])


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def noise(a: list[float], b: list[float]) -> float:
    """Two standard errors of the mean per-query difference a - b."""
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    return 2 * statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else 0.0


def report(name: str, result: Result, shown: list[str]) -> None:
    rows = result.per_query
    print(f"\n{name} ({len(result.dev)} queries, dev {sum(result.dev)}):")
    print(f"  {'fusion':26}{'nDCG@10':>9}{'R@10':>8}{'MRR@10':>8}{'dev nDCG':>10}")
    for fusion in shown:
        scores = rows[fusion]
        dev = [s[0] for s, d in zip(scores, result.dev, strict=True) if d]
        print(f"  {fusion:26}{mean(s[0] for s in scores):>9.4f}"
              f"{mean(s[1] for s in scores):>8.4f}{mean(s[2] for s in scores):>8.4f}"
              f"{mean(dev):>10.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path("/tmp/hearth-retrieval-suite"),
                        help="where the indexed corpora are kept and reused")
    parser.add_argument("--corpus", action="append", choices=list(CORPORA),
                        help="only these corpora (repeatable)")
    parser.add_argument("--index-only", action="store_true")
    parser.add_argument("--all-candidates", action="store_true",
                        help="print every fusion candidate, not only the best on dev")
    args = parser.parse_args(argv)
    from app.core.settings import settings_for_home
    from app.services import build

    results: dict[str, Result] = {}
    for name in args.corpus or list(CORPORA):
        corpus = CORPORA[name]()
        library = build(settings_for_home(args.home / name))
        started = time.perf_counter()
        report_ = library.index([str(f) for f in corpus.folders])
        print(f"{name}: {report_.indexed} indexed, {report_.unchanged} unchanged, "
              f"{library.parts.registry.total_chunks()} passages "
              f"({time.perf_counter() - started:.0f}s)",
              flush=True)
        if not args.index_only:
            results[name] = evaluate(corpus, library)
        library.close()
    if not results:
        return 0
    fusions = list(next(iter(results.values())).per_query)

    def dev_ndcg(result: Result, fusion: str) -> float:
        return mean(s[0] for s, d in zip(result.per_query[fusion], result.dev, strict=True)
                    if d)

    # Choose on dev only: the best mean dev nDCG@10 over the corpora among the fusions that
    # keep SciFact's dev part at SCIFACT_DEV_FLOOR or more.
    dev_mean = {f: mean(dev_ndcg(r, f) for r in results.values()) for f in fusions}
    eligible = [f for f in fusions if f not in ("vector", "keyword") and (
        "scifact" not in results or dev_ndcg(results["scifact"], f) >= SCIFACT_DEV_FLOOR)]
    best = sorted(eligible or fusions, key=lambda f: -dev_mean[f])
    shown = fusions if args.all_candidates else list(dict.fromkeys(
        ["vector", "keyword", "rrf k=10 (before)", "hybrid (now)"] + best[:3]))
    for name, result in results.items():
        report(name, result, shown)
    print("\nmean dev nDCG@10 over the corpora: " + ", ".join(
        f"{f} {dev_mean[f]:.4f}" for f in best[:6]))
    chosen = "hybrid (now)"
    print(f"\nchosen on dev (SciFact dev >= {SCIFACT_DEV_FLOOR}): {best[0]}; Hearth's hybrid "
          "against the better single list on every corpus (full set, nDCG@10 and MRR@10, "
          "difference and 2 standard errors):")
    for name, result in results.items():
        rows = result.per_query
        for metric, index in (("nDCG@10", 0), ("MRR@10", 2)):
            single = max(("vector", "keyword"), key=lambda f: mean(s[index] for s in rows[f]))
            a = [s[index] for s in rows[chosen]]
            b = [s[index] for s in rows[single]]
            diff, band = mean(a) - mean(b), noise(a, b)
            verdict = "better" if diff > band else "within noise" if diff >= -band else "WORSE"
            print(f"  {name:9} {metric:8} {chosen} {mean(a):.4f} vs {single} {mean(b):.4f}: "
                  f"{diff:+.4f} (noise +-{band:.4f}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
