"""Decisions and action items read from the text: precision and recall on a labeled set,
and how many items real speech yields.

The labeled set is ``tests/data/meetings`` (transcripts and prose minutes written for this
purpose, labels in ``labels.json``). An extracted item matches a label when the label's
words are (nearly all) in it; owner and due-date accuracy are counted over matched actions.
The second part runs over the QMSum transcripts (``../shared/eval/qmsum/corpus``: AMI,
ICSI and parliamentary committees), printing items per meeting and a sample to read.

Last, the ledger's speed: 1,000 generated meeting notes are indexed (a hashing embedder
stands in for the model), then all items, one owner's open items and the digest of the
year are read.

Run:  .venv/bin/python -m benchmarks.meeting_items [--sample 20] [--ledger 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LABELED = REPO / "tests" / "data" / "meetings"
QMSUM = REPO.parent / "shared" / "eval" / "qmsum" / "corpus"
_WORD = re.compile(r"[a-z0-9']+")


def _matches(label: str, found: str) -> bool:
    wanted = set(_WORD.findall(label.lower()))
    return bool(wanted) and len(wanted & set(_WORD.findall(found.lower()))) >= 0.8 * len(wanted)


def score(folder: Path = LABELED) -> dict[str, float]:
    """Precision/recall of actions and decisions, owner and due-date accuracy."""
    from app.core.meetings.items import explicit_items
    from app.services import parsers

    labels = json.loads((folder / "labels.json").read_text())
    readers = parsers()
    counts = {k: 0 for k in ("a_found", "a_right", "a_labels", "a_hit", "d_found", "d_right",
                             "d_labels", "d_hit", "owner_ok", "due_ok", "att_labels", "att_hit")}
    for name, label in labels.items():
        path = folder / name
        items = explicit_items(readers[path.suffix].parse(path))
        actions, decisions = items.action_items, items.decisions
        counts["a_found"] += len(actions)
        counts["a_right"] += sum(any(_matches(lab["text"], a.text) for lab in label["actions"])
                                 for a in actions)
        for lab in label["actions"]:
            counts["a_labels"] += 1
            hit = next((a for a in actions if _matches(lab["text"], a.text)), None)
            if hit is not None:
                counts["a_hit"] += 1
                counts["owner_ok"] += hit.owner == lab["owner"]
                counts["due_ok"] += hit.due_date == lab["due_date"]
        counts["d_found"] += len(decisions)
        counts["d_right"] += sum(any(_matches(lab, d) for lab in label["decisions"])
                                 for d in decisions)
        counts["d_labels"] += len(label["decisions"])
        counts["d_hit"] += sum(any(_matches(lab, d) for d in decisions)
                               for lab in label["decisions"])
        counts["att_labels"] += len(label["attendees"])
        counts["att_hit"] += len(set(label["attendees"]) & set(items.attendees))
    ratio = lambda a, b: counts[a] / counts[b] if counts[b] else 1.0  # noqa: E731
    return {"action_precision": ratio("a_right", "a_found"),
            "action_recall": ratio("a_hit", "a_labels"),
            "decision_precision": ratio("d_right", "d_found"),
            "decision_recall": ratio("d_hit", "d_labels"),
            "owner_accuracy": ratio("owner_ok", "a_hit"), "due_accuracy": ratio("due_ok", "a_hit"),
            "attendee_recall": ratio("att_hit", "att_labels"), **counts}


def qmsum_items(corpus: Path = QMSUM) -> tuple[list[tuple[str, object]], list[int], float]:
    """(meeting, item) pairs over every QMSum transcript, items per meeting, seconds."""
    from app.core.meetings.items import explicit_items
    from app.core.types import Block, Document

    found, per_meeting, started = [], [], time.perf_counter()
    for path in sorted(corpus.glob("*.txt")):
        blocks = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            speaker, _, said = line.partition(": ")
            said = re.sub(r"\{\w+\}", "", said)
            blocks.append(Block(f"{speaker}: {said}", speaker=speaker or None, line_start=n,
                                line_end=n))
        items = explicit_items(Document(path, "txt", blocks))
        pairs = [(path.stem, a) for a in items.action_items] + [
            (path.stem, ("decision", d)) for d in items.decisions]
        found += pairs
        per_meeting.append(len(pairs))
    return found, per_meeting, time.perf_counter() - started


def ledger_speed(meetings: int) -> dict[str, float]:
    """Index ``meetings`` generated meeting notes (a hashing embedder: the ledger is what is
    timed), then time the ledger query in-process and ``hearth actions --json`` as a
    command."""
    import os
    import subprocess
    import tempfile

    from app.core.settings import settings_for_home
    from app.services import build
    from tests.support.fakes import HashingEmbedder

    people = ["Dana Whitfield", "Marco Ruiz", "Priya Natarajan", "Aiko Tanaka", "Omar Farouk"]
    with tempfile.TemporaryDirectory(prefix="hearth-ledger-") as tmp:
        notes = Path(tmp) / "meetings"
        notes.mkdir()
        for n in range(meetings):
            day = f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
            a, b = people[n % 5], people[(n + 2) % 5]
            (notes / f"{day}-sync-{n}.md").write_text(
                f"# Sync {n}\n\nAttendees: {a}, {b}\n\n- [ ] {a.split()[0]}: ship item {n}"
                f" — due {day}\n\n{b.split()[0]}, could you review change {n} by Friday?\n"
                f"We agreed to release build {n} next week.\n", encoding="utf-8")
        home = Path(tmp) / "home"
        library = build(settings_for_home(home), embedder=HashingEmbedder(dim=384))
        started = time.perf_counter()
        library.index([str(notes)])
        indexed = time.perf_counter() - started
        started = time.perf_counter()
        items = library.action_items(status="all")
        query = time.perf_counter() - started
        started = time.perf_counter()
        owner = library.action_items(owner="priya", status="open")
        owner_query = time.perf_counter() - started
        started = time.perf_counter()
        digest = library.digest(since="2025-01-01", today="2025-12-31")
        digest_query = time.perf_counter() - started
        library.close()
        env = dict(os.environ, HEARTH_HOME=str(home))
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "app", "actions", "--json"], cwd=REPO,
                             env=env, capture_output=True, text=True, check=True)
        command = time.perf_counter() - started
        assert len(json.loads(run.stdout)["items"]) == len(items)
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "app", "digest", "--since", "2025-01-01",
                              "--json"], cwd=REPO, env=env, capture_output=True, text=True,
                             check=True)
        digest_command = time.perf_counter() - started
        assert len(json.loads(run.stdout)["meetings"]) == len(digest.meetings)
    return {"meetings": meetings, "items": len(items), "owner_items": len(owner),
            "index_s": indexed, "query_ms": query * 1000, "owner_query_ms": owner_query * 1000,
            "command_s": command, "digest_ms": digest_query * 1000,
            "digest_decisions": sum(len(m.decisions) for m in digest.meetings),
            "digest_command_s": digest_command}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=20, help="QMSum items to print")
    parser.add_argument("--ledger", type=int, default=1000,
                        help="meetings for the ledger speed test (0: skip)")
    args = parser.parse_args(argv)
    result = score()
    print(f"labeled set ({LABELED.relative_to(REPO)}): actions P {result['action_precision']:.2f}"
          f" R {result['action_recall']:.2f} ({result['a_hit']}/{result['a_labels']}), "
          f"decisions P {result['decision_precision']:.2f} R {result['decision_recall']:.2f} "
          f"({result['d_hit']}/{result['d_labels']}), owner {result['owner_accuracy']:.2f}, "
          f"due date {result['due_accuracy']:.2f}, attendees R {result['attendee_recall']:.2f}")
    if QMSUM.is_dir():
        found, per_meeting, seconds = qmsum_items()
        print(f"QMSum: {len(per_meeting)} transcripts, {len(found)} items, median "
              f"{statistics.median(per_meeting):.0f} per meeting (max {max(per_meeting)}), "
              f"{seconds:.1f} s")
        for meeting, item in random.Random(3).sample(found, min(args.sample, len(found))):
            if isinstance(item, tuple):
                print(f"  {meeting}  DECISION  {item[1]}")
            else:
                print(f"  {meeting}  ACTION  {item.text}  [owner {item.owner}, due "
                      f"{item.due_date or item.due}]")
    if args.ledger:
        speed = ledger_speed(args.ledger)
        print(f"ledger: {speed['meetings']} meetings, {speed['items']} items: all items "
              f"{speed['query_ms']:.1f} ms, one owner's open items {speed['owner_query_ms']:.1f}"
              f" ms in-process; 'hearth actions --json' as a command {speed['command_s']:.2f} s "
              f"(indexing them took {speed['index_s']:.0f} s); digest of the year "
              f"({speed['digest_decisions']} decisions) {speed['digest_ms']:.0f} ms in-process, "
              f"'hearth digest --json' {speed['digest_command_s']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
