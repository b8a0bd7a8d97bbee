"""Cold start: a new `hearth search` process against a raw sentence-transformers script.

Both run as fresh processes, in turn, ``--rounds`` times (median reported), in the same
run on the same machine: ``hearth search QUERY --json`` on a small real library (the
sample notes, indexed first with the default backend), and a script that does only what
any sentence-transformers program must: import it, load all-MiniLM-L6-v2 from the same
folder, embed the query. The ratio is the target of issue #17 (at most 0.5).

Run:  .venv/bin/python -m benchmarks.cold_start [--rounds 5]       (also in make bench)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERY = "when does the database cutover happen"
RAW_SCRIPT = """
import os, sys
os.environ["HF_HUB_OFFLINE"] = "1"
from sentence_transformers import SentenceTransformer
model = SentenceTransformer(sys.argv[1], device="cpu")
model.encode([sys.argv[2]], normalize_embeddings=True)
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - started


def imported_heavy(env: dict[str, str]) -> list[str]:
    """Heavy modules a search process imports (there should be none of these)."""
    code = ("import sys, io, contextlib\nfrom app.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['search', {QUERY!r}, '--json'])\n"
            "print(' '.join(m for m in ('torch', 'sentence_transformers', 'transformers') "
            "if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True, cwd=REPO)
    return run.stdout.split()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    from app.backends.bundled import bundled_embedder_dir

    model_dir = str(bundled_embedder_dir())
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HEARTH_HOME=home, HF_HUB_OFFLINE="1")
        hearth = [sys.executable, "-m", "app"]
        subprocess.run(hearth + ["index", str(REPO / "resources" / "sample-notes")], env=env,
                       check=True, capture_output=True, cwd=REPO)
        search = hearth + ["search", QUERY, "--json"]
        raw = [sys.executable, "-c", RAW_SCRIPT, model_dir, QUERY]
        timed(search, env), timed(raw, env)  # page cache warm for both, as on a used desktop
        samples: dict[str, list[float]] = {"hearth": [], "raw": []}
        for _ in range(args.rounds):
            samples["hearth"].append(timed(search, env))
            samples["raw"].append(timed(raw, env))
        heavy = imported_heavy(env)
    hearth_s, raw_s = (statistics.median(samples[k]) for k in ("hearth", "raw"))
    print(f"cold `hearth search` (new process, default backend, sample notes): "
          f"{hearth_s:.2f} s median of {args.rounds}")
    print(f"raw sentence-transformers script (import, load, embed one query): {raw_s:.2f} s")
    print(f"hearth / raw = {hearth_s / raw_s:.2f} (target <= 0.5); heavy imports in a search: "
          f"{', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
