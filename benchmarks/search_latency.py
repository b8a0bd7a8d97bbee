"""Search latency (warm process) at 10k and 100k chunks, and the cold start of the command.

The large libraries are generated: N synthetic notes indexed through Hearth's real pipeline,
Chroma store and keyword index, with a tiny deterministic embedder of the real model's
dimension (384) so that filling 100k chunks takes a minute instead of hours; HNSW and FTS5
costs depend on the number of vectors and terms, not on what the vectors mean. Query
embedding with the real model is measured separately and added to the table.

Run:  .venv/bin/python -m benchmarks.search_latency [--sizes 10000 100000] [--queries 50]
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


def build_library(home: Path, notes: Path, chunks: int):
    from app.core.settings import settings_for_home
    from app.services import build
    from tests.support.fakes import HashingEmbedder

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
    samples = []
    for query in queries:
        started = time.perf_counter()
        library.search(query, k=10, mode=mode)
        samples.append(time.perf_counter() - started)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def query_embedding_ms(queries: list[str]) -> float:
    from app.backends.bundled import bundled_embedder_dir
    from app.backends.st_embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(bundled_embedder_dir())
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args(argv)
    rng = random.Random(11)
    queries = [" ".join(rng.sample(WORDS, 4)) for _ in range(args.queries)]
    print(f"query embedding with all-MiniLM-L6-v2: {query_embedding_ms(queries):.1f} ms")
    print(f"{'chunks':>8}{'index s':>9}{'vector p50/p95 ms':>20}{'hybrid p50/p95 ms':>20}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            library = build_library(Path(tmp) / "home", Path(tmp) / "notes", size)
            built = time.perf_counter() - started
            vector = timings(library, queries, "vector")
            hybrid = timings(library, queries, "hybrid")
            library.close()
        print(f"{size:>8}{built:>9.0f}{vector[0] * 1000:>11.1f} / {vector[1] * 1000:<7.1f}"
              f"{hybrid[0] * 1000:>11.1f} / {hybrid[1] * 1000:<7.1f}")
    for backend in ("torch", "onnx-int8"):
        with tempfile.TemporaryDirectory() as tmp:
            print(f"cold start of `hearth search` (new process, real models, {backend}): "
                  f"{cold_start(Path(tmp), backend):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
