"""Peak memory (RSS) of `hearth index` at two corpus sizes, and of `hearth ask`.

Each command runs as its own process on generated notes (deterministic, ~250 words each);
its peak RSS comes from the kernel (wait4). Indexing streams files through fixed-size
batches, so the peak should not grow with the number of documents.

Run:  .venv/bin/python -m benchmarks.memory [--sizes 500 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("the pump seal was replaced after the pressure audit and the valve was checked by the "
         "night shift while the harbour crane waited for spare parts from the depot").split()


def write_corpus(folder: Path, documents: int) -> None:
    rng = random.Random(3)
    for n in range(documents):
        sub = folder / f"d{n // 200}"
        sub.mkdir(parents=True, exist_ok=True)
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(4)]
        (sub / f"note{n}.md").write_text(f"# Note {n}\n\n" + "\n\n".join(paragraphs) + "\n")


def peak_rss_mb(args: list[str], home: Path) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of ``hearth ARGS`` run as a child process."""
    env = dict(os.environ, HEARTH_HOME=str(home))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "app", *args], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"hearth {' '.join(args)} exited {child.returncode}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    args = parser.parse_args(argv)
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            notes = Path(tmp) / "notes"
            write_corpus(notes, size)
            rss, seconds = peak_rss_mb(["index", str(notes)], Path(tmp) / "home")
            if size == args.sizes[-1]:
                ask_rss, ask_seconds = peak_rss_mb(["ask", "Why was the pump seal replaced?"],
                                                   Path(tmp) / "home")
        rows.append((size, rss, seconds))
    print(f"{'documents':>10}{'peak RSS MB':>13}{'seconds':>9}")
    for size, rss, seconds in rows:
        print(f"{size:>10}{rss:>13.0f}{seconds:>9.0f}")
    print(f"peak RSS ratio {rows[-1][0]}/{rows[0][0]} docs = {rows[-1][1] / rows[0][1]:.2f}x "
          f"(corpus {rows[-1][0] / rows[0][0]:.0f}x larger)")
    print(f"hearth ask on the {rows[-1][0]}-document library: peak RSS {ask_rss:.0f} MB, "
          f"{ask_seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
