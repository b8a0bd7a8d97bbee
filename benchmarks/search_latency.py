"""Search latency (warm process) at 10k and 100k chunks, and the cold start of the command.

The large libraries are generated and indexed through Hearth's real pipeline, Chroma store
and keyword index, with a tiny deterministic embedder of the real model's dimension (384),
so filling 100k chunks takes minutes instead of hours; HNSW and FTS5 costs depend on the
number of vectors and on the words, not on what the vectors mean. Query embedding with the
real model is measured separately and added to the table.

Text (``--text``): ``realistic`` (default) copies real documents until the size is reached:
the 5,183 SciFact abstracts and the 35 QMSum meeting transcripts of ../shared/eval, each
copy with its paragraphs in another order and a code of its own; the queries are the real
SciFact claims and QMSum questions. ``synthetic`` is the old 32-word vocabulary (every
keyword matches most passages: the worst case for BM25). Each size is timed with the
search bounds (``core.keyword_index``: zero-IDF words left out, the 12 rarest words, the
commonest words beyond a budget of 25,000 postings, phrase ranking only for quoted or short
queries; ``core.retrieval.FETCH_WINDOW``: keyword-only
candidates read from the store as needed) and without them, query by query in turn.

Each library is then opened for search in a new process, as ``hearth search`` or the
window would open it, which reports the latencies and its resident memory (RSS) before
the store is touched, after the first vector query (Chroma loads the HNSW index) and after
the keyword side, with the HNSW files' size on disk.

Run:  .venv/bin/python -m benchmarks.search_latency [--sizes 10000 100000 500000]
      [--queries 50] [--text realistic|synthetic] [--keep DIR]  (DIR: build once, reuse)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("pump valve seal pressure audit budget hiring roadmap churn invoice export tram heron "
         "kayak boathouse cutover migration replication latency runbook rollback sourdough proof "
         "garden tomato printer toner duplex ticket harbour winter storage").split()


EVAL = REPO.parent / "shared" / "eval"
SOURCES = (EVAL / "scifact" / "corpus", EVAL / "qmsum" / "corpus")


def realistic_notes(notes: Path, chunks: int) -> None:
    """Copies of real documents (about 11,000 passages per copy) until ``chunks``."""
    rng = random.Random(7)
    documents = [p for folder in SOURCES for p in sorted(folder.iterdir())]
    per_copy = 11_000
    if chunks < per_copy:  # part of one copy, both kinds of text in it
        documents = documents[::max(1, round(per_copy / chunks))]
    for copy in range(max(1, round(chunks / per_copy))):
        folder = notes / f"copy{copy:03d}"
        folder.mkdir(parents=True)
        for source in documents:
            paragraphs = [p for p in source.read_text().split("\n\n") if p.strip()]
            if copy:
                rng.shuffle(paragraphs)
            code = f"Copy code CC{copy:03d}{rng.randrange(10**6):06d}."
            (folder / source.name).write_text("\n\n".join(paragraphs + [code]) + "\n")


def realistic_queries(count: int) -> list[str]:
    import json

    rows = [json.loads(line)["query"] for name in ("scifact", "qmsum")
            for line in (EVAL / name / "queries.jsonl").read_text().splitlines()]
    return random.Random(11).sample(rows, min(count, len(rows)))


def build_library(home: Path, notes: Path, chunks: int, text: str = "synthetic"):
    from app.core.settings import settings_for_home
    from app.services import build
    from tests.support.fakes import HashingEmbedder

    if text == "realistic":
        realistic_notes(notes, chunks)
        library = build(settings_for_home(home),
                        embedder=HashingEmbedder(dim=384, max_tokens=256))
        library.index([str(notes)])
        return library
    rng = random.Random(7)
    per_file = 10
    for n in range(chunks // per_file):
        folder = notes / f"d{n // 1000}"
        folder.mkdir(parents=True, exist_ok=True)
        sections = [f"## Part {i}\n\n" + " ".join(rng.choice(WORDS) for _ in range(40))
                    + f" code QX{n:05d}{i}." for i in range(per_file)]
        (folder / f"note{n}.md").write_text(f"# Note {n}\n\n" + "\n\n".join(sections) + "\n")
    library = build(settings_for_home(home), embedder=HashingEmbedder(dim=384, max_tokens=256))
    library.index([str(notes)])
    return library


def timings(library, queries: list[str], mode: str) -> tuple[float, float]:
    library.search(queries[0], k=10, mode=mode)  # warm: the first query opens the store
    samples = []
    for query in queries:
        started = time.perf_counter()
        library.search(query, k=10, mode=mode)
        samples.append(time.perf_counter() - started)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def paired_timings(library, queries: list[str]) -> tuple[tuple[float, float], ...]:
    """Hybrid (p50, p95) with the keyword bounds and without, query by query in turn, so
    caches and the machine's load treat both alike."""
    library.search(queries[0], k=10)
    samples: dict[bool, list[float]] = {True: [], False: []}
    for query in queries:
        for off in (False, True):
            unbounded(off)
            started = time.perf_counter()
            library.search(query, k=10)
            samples[off].append(time.perf_counter() - started)
    unbounded(False)
    return tuple((statistics.median(sorted(v)), sorted(v)[int(0.95 * (len(v) - 1))])
                 for v in (samples[False], samples[True]))


def unbounded(monkeypatch_to: bool) -> None:
    """Switch the search bounds off (True: every keyword-only candidate read from the store,
    all query words, phrase ranking for every query, as before) or back on (False)."""
    import app.core.search.retrieval as retrieval
    import app.core.storage.keyword_index as keyword_index

    defaults = getattr(unbounded, "defaults", None) or (
        keyword_index.ZERO_IDF_SHARE, keyword_index.MAX_TERMS, keyword_index.PHRASE_WORDS,
        retrieval.FETCH_WINDOW, keyword_index.POSTINGS_BUDGET)
    unbounded.defaults = defaults
    values = (float("inf"), 10**6, 10**6, 10**6, 10**12) if monkeypatch_to else defaults
    (keyword_index.ZERO_IDF_SHARE, keyword_index.MAX_TERMS, keyword_index.PHRASE_WORDS,
     retrieval.FETCH_WINDOW, keyword_index.POSTINGS_BUDGET) = values


def query_embedding_ms(queries: list[str]) -> float:
    """Milliseconds to embed one query with the default backend (what a search pays)."""
    from dataclasses import replace

    from app.core.settings import NEW_LIBRARY_BACKEND, settings_for_home
    from app.services import make_embedder

    with tempfile.TemporaryDirectory() as home:
        embedder = make_embedder(replace(settings_for_home(Path(home)),
                                         embedder_backend=NEW_LIBRARY_BACKEND))
    embedder.embed(["warm up"])
    started = time.perf_counter()
    for query in queries:
        embedder.embed([query])
    return 1000 * (time.perf_counter() - started) / len(queries)


def cold_start(home: Path, backend: str = "torch") -> float:
    """Seconds for `hearth search` as a new process on a small real library."""
    env = dict(os.environ, HEARTH_HOME=str(home))
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text(f'{{"embedder_backend": "{backend}"}}')
    run = [sys.executable, "-m", "app"]
    subprocess.run(run + ["index", str(REPO / "resources" / "sample-notes" / "projects")],
                   env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run(run + ["search", "database cutover"], env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def rss_mb() -> float:
    """This process's resident memory now (Linux), else its peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_opened(home: Path, queries: list[str]) -> dict:
    """Open the library at ``home`` in this (fresh) process, as a search would, and time
    and weigh it: RSS before the store is touched, after the first vector query (Chroma
    loads the HNSW index) and after the keyword side, then the latencies."""
    from app.core.settings import settings_for_home
    from app.services import build
    from tests.support.fakes import HashingEmbedder

    before = rss_mb()
    library = build(settings_for_home(home), embedder=HashingEmbedder(dim=384, max_tokens=256))
    library.search(queries[0], k=10, mode="vector")
    after_vector = rss_mb()
    library.search(queries[0], k=10, mode="keyword")
    after_keyword = rss_mb()
    vector = timings(library, queries, "vector")
    hybrid, before_bounds = paired_timings(library, queries)
    chunks = library.parts.registry.total_chunks()
    library.close()
    store = home / "data" / "store"
    hnsw = sum(f.stat().st_size for d in store.iterdir() if d.is_dir() for f in d.iterdir())
    return {"chunks": chunks, "vector": vector, "hybrid": hybrid, "unbounded": before_bounds,
            "rss_start_mb": before, "rss_vector_mb": after_vector,
            "rss_keyword_mb": after_keyword, "rss_end_mb": rss_mb(),
            "hnsw_mb": hnsw / 2**20,
            "chroma_sqlite_mb": (store / "chroma.sqlite3").stat().st_size / 2**20,
            "registry_mb": (home / "data" / "library.sqlite3").stat().st_size / 2**20}


def measured_in_child(home: Path, count: int, text: str) -> dict:
    import json

    run = subprocess.run([sys.executable, "-m", "benchmarks.search_latency", "--measure",
                          str(home), "--queries", str(count), "--text", text],
                         cwd=REPO, check=True, capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def library_at(root: Path, size: int, text: str) -> tuple[Path, float]:
    """The library of ``size`` chunks under ``root`` (built now unless already there) and
    the seconds building it took (0 when reused)."""
    home = root / f"{text}-{size}"
    if (home / "data" / "library.sqlite3").exists() and (home / "built").exists():
        return home, 0.0
    import shutil

    shutil.rmtree(home, ignore_errors=True)
    started = time.perf_counter()
    library = build_library(home / "home", home / "notes", size, text)
    library.close()
    shutil.rmtree(home / "notes")
    for name in ("config", "data", "cache", "logs"):
        if (home / "home" / name).exists():
            (home / "home" / name).rename(home / name)
    (home / "home").rmdir()
    (home / "built").write_text("")
    return home, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--text", choices=("realistic", "synthetic"), default="realistic")
    parser.add_argument("--no-cold-start", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the libraries here and reuse them")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args(argv)
    rng = random.Random(11)
    if args.text == "realistic":
        queries = realistic_queries(args.queries)
    else:
        queries = [" ".join(rng.sample(WORDS, 4)) for _ in range(args.queries)]
    if args.measure:
        import json

        print(json.dumps(measure_opened(args.measure, queries)))
        return 0
    print(f"query embedding (all-MiniLM-L6-v2, default backend): "
          f"{query_embedding_ms(queries):.1f} ms")
    print(f"{args.text} text; each library opened for search in a new process")
    print(f"{'chunks':>8}{'build s':>9}{'vector p50/p95 ms':>20}{'hybrid p50/p95 ms':>20}"
          f"{'unbounded hybrid':>20}{'RSS MB open/vec/kw':>22}{'HNSW MB':>9}")
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        for size in args.sizes:
            home, built = library_at(root, size, args.text)
            m = measured_in_child(home, args.queries, args.text)
            vector, hybrid, before = m["vector"], m["hybrid"], m["unbounded"]
            rss = f"{m['rss_start_mb']:.0f}/{m['rss_vector_mb']:.0f}/{m['rss_keyword_mb']:.0f}"
            print(f"{m['chunks']:>8}{built:>9.0f}{vector[0] * 1000:>11.1f} / "
                  f"{vector[1] * 1000:<7.1f}{hybrid[0] * 1000:>11.1f} / {hybrid[1] * 1000:<7.1f}"
                  f"{before[0] * 1000:>11.1f} / {before[1] * 1000:<7.1f}{rss:>22}"
                  f"{m['hnsw_mb']:>9.0f}  ({before[0] / hybrid[0]:.2f}x bounded)")
    if args.no_cold_start:
        return 0
    for backend in ("torch", "onnx-int8"):
        with tempfile.TemporaryDirectory() as tmp:
            print(f"cold start of `hearth search` (new process, real models, {backend}): "
                  f"{cold_start(Path(tmp), backend):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
