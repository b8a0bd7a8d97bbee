"""Attendees, decisions and action items on real minutes nobody here wrote, counted by
../shared/eval/scoring/score.py (``minutes``).

Each meeting of the gold file's ``--split`` is parsed and read the way ``hearth summarize``
reads it without a model (``explicit_items``); the objects are written to ``--out`` as
``summarize --json`` would write them (one per line), and the scorer prints attendee
recall, decision and action recall, owners right, and the share of extracted items that
match a gold item (precision). ``--show`` prints what was extracted per meeting, for
reading the misses by hand; ``--seconds`` the time per meeting.

Run:  .venv/bin/python -m benchmarks.real_minutes [--split dev|test] [--show] [--out FILE]
      (a second or two: no model is loaded)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
SCORER = SHARED / "scoring" / "score.py"
SET = SHARED / "meetings_rust_leadership_council"


def gold(split: str | None) -> list[dict]:
    rows = [json.loads(line) for line in (SET / "gold.jsonl").read_text(encoding="utf-8")
            .splitlines() if line.strip()]
    return [r for r in rows if split is None or r["split"] == split]


def extract(path: Path) -> tuple[dict, float]:
    """What ``summarize --json`` reports of one meeting without a model, and its seconds."""
    from app.core.meetings import explicit_items
    from app.services import parsers

    started = time.perf_counter()
    items = explicit_items(parsers()[path.suffix].parse(path))
    seconds = time.perf_counter() - started
    return {"path": str(path), "attendees": items.attendees, "decisions": items.decisions,
            "action_items": [a.to_json() for a in items.action_items]}, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--show", action="store_true", help="print what was extracted")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp()) / f"minutes-{args.split}.jsonl"
    lines, seconds = [], []
    for row in gold(args.split):
        summary, took = extract(SET / "corpus" / row["file"])
        seconds.append(took)
        lines.append(json.dumps(summary, ensure_ascii=False))
        if args.show:
            print(f"== {row['file']}  attendees: {', '.join(summary['attendees'])}")
            for decision in summary["decisions"]:
                print(f"  D: {decision}")
            for item in summary["action_items"]:
                print(f"  A: {item['owner']} | {item['text']} | {item['due']}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} meetings ({args.split}), written to {out}; "
          f"{max(seconds):.3f} s per meeting at most, {sum(seconds):.2f} s in all")
    sys.stdout.flush()
    subprocess.run([sys.executable, str(SCORER), "minutes", str(SET / "gold.jsonl"), str(out),
                    "--split", args.split], check=True)


if __name__ == "__main__":
    main()
