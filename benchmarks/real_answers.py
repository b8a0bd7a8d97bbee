"""Answers on real libraries nobody here wrote, counted by ../shared/eval/scoring/score.py.

Each set of ../shared/eval that has hand-written questions (``notes_simonw_til``: 577
developer notes; ``meetings_rust_leadership_council``: real minutes) is indexed once into
``--home`` (kept between runs), then every question of ``--split`` is asked through the
Library, as ``hearth ask --json`` would, once per prose mode given (``--prose auto on``:
the default and the model's prose, in the same run). Printed per mode: the scorer's
counts (right file cited, fact in the first sentence, fact in the answer or its quotes,
unanswerable refused, answerable refused), the model's kept and dropped sentences, and
the median seconds to the evidence and to the whole answer, with the ratio to the first
mode. The answers are written to ``--out`` for reading.

Run:  .venv/bin/python -m benchmarks.real_answers --set notes_simonw_til --split dev
        [--prose auto on] [--home DIR] [--out DIR] [--limit N]
      (indexing the notes takes about 6 minutes on 2 cores the first time; with the model's
      prose each question takes 10-60 s)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
SCORER = SHARED / "scoring" / "score.py"
SETS = ("notes_simonw_til", "meetings_rust_leadership_council")


def questions(name: str, split: str, limit: int | None) -> list[dict]:
    rows = [json.loads(line) for line in (SHARED / name / "questions.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    chosen = [r for r in rows if r.get("split") == split]
    return chosen[:limit] if limit else chosen


def open_library(name: str, home: Path):
    from app.core.settings import settings_for_home
    from app.services import build

    library = build(settings_for_home(home))
    corpus = str((SHARED / name / "corpus").resolve())
    if corpus not in library.status().folders:
        started = time.perf_counter()
        report = library.index([corpus])
        print(f"indexed {report.indexed} files, {report.chunks} chunks in "
              f"{time.perf_counter() - started:.0f} s")
    return library


def ask_all(library, rows: list[dict], prose: str) -> tuple[list[dict], list[float], list[float]]:
    library.apply_settings(replace(library.settings, prose=prose))
    answers, to_evidence, to_answer = [], [], []
    for row in rows:
        started = time.perf_counter()
        answer = library.ask(row["question"])
        to_answer.append(time.perf_counter() - started)
        to_evidence.append(answer.seconds_to_evidence or to_answer[-1])
        answers.append({"id": row["id"], **answer.to_json()})
    return answers, to_evidence, to_answer


def score(name: str, split: str, answers: list[dict], out: Path, mode: str) -> str:
    path = out / f"{name}-{split}-{mode}.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in answers),
                    encoding="utf-8")
    # the scorer counts every question of the file: give it those that were asked
    asked = {a["id"] for a in answers}
    chosen = out / f"{name}-{split}-questions.jsonl"
    chosen.write_text("".join(line + "\n" for line in (SHARED / name / "questions.jsonl")
                              .read_text(encoding="utf-8").splitlines()
                              if line.strip() and json.loads(line)["id"] in asked),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCORER), "answers", str(chosen),
                             str(SHARED / name / "corpus"), str(path), "--split", split],
                            capture_output=True, text=True, check=True)
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=SETS, default=SETS[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--prose", nargs="+", choices=("auto", "on", "off"), default=["auto"])
    parser.add_argument("--home", type=Path, help="library to keep between runs")
    parser.add_argument("--out", type=Path, help="where the answers are written")
    parser.add_argument("--limit", type=int, help="only the first N questions of the split")
    args = parser.parse_args(argv)
    home = args.home or Path(tempfile.mkdtemp(prefix="hearth-real-"))
    out = args.out or Path(tempfile.mkdtemp(prefix="hearth-real-answers-"))
    out.mkdir(parents=True, exist_ok=True)
    library = open_library(args.set, home)
    rows = questions(args.set, args.split, args.limit)
    print(f"{args.set} {args.split}: {len(rows)} questions; answers in {out}")
    baseline = None
    for mode in args.prose:
        answers, to_evidence, to_answer = ask_all(library, rows, mode)
        kept = sum(len([s for s in a["prose"].split(". ") if s]) for a in answers if a["prose"])
        dropped = sum(a["dropped_sentences"] for a in answers)
        whole = statistics.median(to_answer)
        ratio = f" ({whole / baseline:.2f}x the first mode)" if baseline else ""
        baseline = baseline or whole
        print(f"\n== prose {mode}: prose_mode "
              f"{sorted({a['prose_mode'] for a in answers})}, model sentences kept ~{kept}, "
              f"dropped {dropped}; median s to evidence {statistics.median(to_evidence):.2f}, "
              f"to the whole answer {whole:.2f}{ratio}")
        print(score(args.set, args.split, answers, out, mode), end="")
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
