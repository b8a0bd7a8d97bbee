"""Scale: a generated library of 50,000 files / 500,000 chunks, indexed and searched.

The pipeline is Hearth's own (scan, parse, chunk, Chroma store, registry, FTS5 keyword
index) with a tiny deterministic embedder of the real model's dimension (384): embedding
500k chunks with the real model would take about 7 hours on 2 cores (19 chunks/s), and
HNSW, SQLite and memory costs depend on the number of vectors, not on what they mean.
Reports indexing time, RSS while indexing (sampled, to show it does not grow with the
corpus), the store's size on disk, the memory a process needs to open and query it, an
unchanged re-index, and search latency.

Run:  .venv/bin/python -m benchmarks.scale [--files 50000] [--per-file 10]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.search_latency import WORDS, timings

REPO = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def write_notes(notes: Path, files: int, per_file: int) -> None:
    import random

    rng = random.Random(7)
    for n in range(files):
        folder = notes / f"d{n // 1000}"
        folder.mkdir(parents=True, exist_ok=True)
        sections = [f"## Part {i}\n\n" + " ".join(rng.choice(WORDS) for _ in range(40))
                    + f" code QX{n:05d}{i}." for i in range(per_file)]
        (folder / f"note{n}.md").write_text(f"# Note {n}\n\n" + "\n\n".join(sections) + "\n")


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def open_and_query_cost(home: Path) -> dict:
    """A fresh process: RSS before and after opening the store and running one query."""
    code = (
        "import json, sys\n"
        "from benchmarks.scale import rss_mb\n"
        "from app.core.settings import settings_for_home\n"
        "from app.services import build\n"
        "from tests.support.fakes import HashingEmbedder\n"
        "import chromadb\n"
        "before = rss_mb()\n"
        f"lib = build(settings_for_home({str(home)!r}), "
        "embedder=HashingEmbedder(dim=384, max_tokens=256))\n"
        "lib.search('pump valve seal', k=10, mode='vector')\n"
        "print(json.dumps({'before': before, 'after': rss_mb()}))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--per-file", type=int, default=10)
    args = parser.parse_args(argv)
    from app.core.settings import settings_for_home
    from app.services import build
    from tests.support.fakes import HashingEmbedder

    with tempfile.TemporaryDirectory(prefix="hearth-scale-") as tmp:
        home, notes = Path(tmp) / "home", Path(tmp) / "notes"
        started = time.monotonic()
        write_notes(notes, args.files, args.per_file)
        generated = time.monotonic() - started
        library = build(settings_for_home(home), embedder=HashingEmbedder(dim=384,
                                                                         max_tokens=256))
        samples: list[tuple[int, float]] = []
        step = max(args.files // 10, 1)

        def progress(p) -> None:
            if p.files_done and p.files_done % step == 0 and (
                    not samples or samples[-1][0] != p.files_done):
                samples.append((p.files_done, rss_mb()))

        started = time.monotonic()
        report = library.index([str(notes)], progress=progress)
        index_s = time.monotonic() - started
        started = time.monotonic()
        unchanged = library.index()
        reindex_s = time.monotonic() - started
        queries = [" ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(3)) for i in range(30)]
        vector = timings(library, queries, "vector")
        hybrid = timings(library, queries, "hybrid")
        library.close()
        store_mb = du_mb(home / "data" / "store")
        registry_mb = sum(f.stat().st_size for f in (home / "data").glob("library.sqlite3*"))
        hnsw_mb = sum(du_mb(d) for d in (home / "data" / "store").iterdir() if d.is_dir())
        cost = open_and_query_cost(home)
    rows = [
        ("files / chunks", f"{report.indexed:,} / {report.chunks:,}"),
        ("generate the files", f"{generated:.0f} s"),
        ("index (fake embedder)", f"{index_s:.0f} s = {report.chunks / index_s:,.0f} chunks/s"),
        ("RSS while indexing (MB)", ", ".join(f"{mb:.0f}" for _, mb in samples)
         + " (at each tenth of the files)"),
        ("unchanged re-index", f"{reindex_s:.1f} s ({unchanged.unchanged:,} unchanged)"),
        ("store on disk", f"{store_mb:,.0f} MB (HNSW segment {hnsw_mb:,.0f} MB)"),
        ("registry + keyword index", f"{registry_mb / 2**20:,.0f} MB"),
        ("RSS to open + query", f"{cost['before']:.0f} -> {cost['after']:.0f} MB"),
        ("search vector p50/p95", f"{vector[0] * 1000:.1f} / {vector[1] * 1000:.1f} ms"),
        ("search hybrid p50/p95", f"{hybrid[0] * 1000:.1f} / {hybrid[1] * 1000:.1f} ms"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"Scale benchmark ({os.cpu_count()} cores)")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
