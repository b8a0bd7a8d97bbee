"""Watcher latency (file saved -> indexed) and reconcile time of a large unchanged library.

Latency: a real watchdog observer, the real embedder and Chroma store; each of N saves
writes a note and waits until the registry shows it indexed (polled through the watch
thread). The debounce (``settle``, default 1 s) is part of the figure by design, so the
table also prints latency minus settle: the work Hearth itself does.

Reconcile: a library of F small files is indexed once (with a tiny deterministic embedder,
since only the unchanged pass is measured and it embeds nothing), then ``hearth index``'s
full reconcile of the unchanged library is timed, and again after editing one file.

Run:  .venv/bin/python -m benchmarks.watch_latency [--saves N] [--files F]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path


def measure_latency(saves: int, settle: float) -> list[float]:
    from app.core.settings import settings_for_home
    from app.core.watch import WatchService
    from app.services import build, make_watcher

    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes"
        notes.mkdir()
        library = build(settings_for_home(Path(tmp) / "home"))
        library.add([str(notes)])
        service = WatchService(library, make_watcher, settle=settle)
        stop = threading.Event()
        thread = threading.Thread(target=service.run, args=(stop,))
        thread.start()
        service.ready.wait(120)
        service.submit(lambda lib: lib.parts.embedder).result()  # load the model before timing
        latencies = []
        for n in range(saves):
            path = notes / f"note{n % 10}.md"
            started = time.perf_counter()
            path.write_text(f"# Note {n}\n\nSaved at step {n}: the heron nests by the reeds.\n")
            mtime = path.stat().st_mtime_ns
            while not service.submit(
                    lambda lib, p=str(path), m=mtime: _indexed(lib, p, m)).result():
                time.sleep(0.01)
            latencies.append(time.perf_counter() - started)
        stop.set()
        thread.join()
        library.close()
    return latencies


def _indexed(library, path: str, mtime_ns: int) -> bool:
    rec = library.parts.registry.get(path)
    return bool(rec and rec.status == "indexed" and rec.mtime_ns == mtime_ns)


def measure_reconcile(files: int) -> tuple[float, float, float]:
    from app.core.settings import settings_for_home
    from app.services import build
    from tests.support.fakes import HashingEmbedder

    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes"
        for n in range(files):
            folder = notes / f"d{n // 500}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"n{n}.md").write_text(f"# Note {n}\n\nBody of note {n}.\n")
        library = build(settings_for_home(Path(tmp) / "home"), embedder=HashingEmbedder())
        started = time.perf_counter()
        library.index([str(notes)])
        first = time.perf_counter() - started
        started = time.perf_counter()
        report = library.index()
        unchanged = time.perf_counter() - started
        assert report.unchanged == files
        (notes / "d0" / "n0.md").write_text("# Note 0\n\nEdited body.\n")
        started = time.perf_counter()
        report = library.index()
        edited = time.perf_counter() - started
        assert report.indexed == 1
        library.close()
    return first, unchanged, edited


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--settle", type=float, default=1.0)
    args = parser.parse_args(argv)
    latencies = sorted(measure_latency(args.saves, args.settle))
    p50 = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    print(f"save -> indexed over {len(latencies)} saves (settle {args.settle:.1f}s): "
          f"p50 {p50:.2f}s, p95 {p95:.2f}s; minus settle: p50 {p50 - args.settle:.2f}s, "
          f"p95 {p95 - args.settle:.2f}s")
    first, unchanged, edited = measure_reconcile(args.files)
    print(f"{args.files} files: first index {first:.1f}s (tiny embedder), unchanged reconcile "
          f"{unchanged:.2f}s, reconcile after editing one file {edited:.2f}s "
          f"(unchanged/first = {unchanged / first:.3f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
