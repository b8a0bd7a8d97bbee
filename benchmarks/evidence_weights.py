"""Choose the evidence's answer-ness weights on the dev questions of the real sets.

For every answerable question of ``--split`` in ../shared/eval's sets with questions, the
passages are retrieved once (as ``ask`` retrieves them) and the sentence embeddings are
cached; then each candidate ``AnswerWeights`` picks the evidence again, and is counted as
the shared scorer counts an answer: the labeled facts in the first quote, and in the quotes.
Printed: the weights without answer-ness (all 0, the old evidence), the defaults, and the
best of the grid (most facts in the first quote, then in the quotes, then the smallest
weights), per set.

Run:  .venv/bin/python -m benchmarks.evidence_weights [--split dev] [--home-root DIR]
      (the libraries are indexed into --home-root once, as benchmarks.real_answers does)
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

from benchmarks.real_answers import SETS, SHARED, open_library, questions

GRID = {"context": (0.0, 0.25, 0.5, 0.75), "command": (0.0, 0.1, 0.2, 0.3, 0.4),
        "intent": (0.0, 0.1, 0.2, 0.3, 0.4), "resolution": (0.0, 0.1, 0.2, 0.3)}


sys.path.insert(0, str(SHARED / "scoring"))
from score import has  # noqa: E402  (the scorer's own comparison, imported once)


def _has(text: str, fact: str) -> bool:
    return bool(has(text, fact))


class CachedEmbedder:
    """The library's embedder, remembering every text it embedded."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self._seen: dict[str, list[float]] = {}
        self.model_id, self.max_tokens = embedder.model_id, embedder.max_tokens

    def embed(self, texts):
        missing = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if missing:
            self._seen.update(zip(missing, self._embedder.embed(missing), strict=True))
        return [self._seen[t] for t in texts]


def retrieved(library, rows: list[dict]) -> list[tuple[dict, str, list, list[float], dict]]:
    from app.core.answers.gate import DEFAULT, gate_weights, question_terms

    parts = library.parts
    out = []
    for row in rows:
        parsed = parts.retriever.parse(row["question"])
        vector = parts.embedder.embed([parsed.text])[0]
        hits = parts.retriever.search(parsed, 5, query_vector=vector)
        terms = question_terms(parsed.text)
        counts = parts.retriever.frequencies(terms) if terms and hits else {}
        weights = gate_weights(terms, counts, parts.retriever.passage_count(), DEFAULT)
        out.append((row, parsed.text, hits, vector, weights))
    return out


def count(cases, embedder, answer) -> tuple[int, int]:
    from app.core.answers.evidence import pick_evidence, score_sentences

    first = shown = 0
    for row, text, hits, vector, weights in cases:
        evidence = pick_evidence(score_sentences(text, vector, hits, weights, embedder,
                                                 answer=answer))
        quotes = [e.quote for e in evidence]
        first += bool(quotes) and all(_has(quotes[0], f) for f in row["facts"])
        shown += all(_has(" ".join(quotes), f) for f in row["facts"])
    return first, shown


def main(argv: list[str] | None = None) -> int:
    from app.core.answers.evidence import ANSWER_WEIGHTS, AnswerWeights

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--home-root", type=Path)
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    args = parser.parse_args(argv)
    root = args.home_root or Path(tempfile.mkdtemp(prefix="hearth-weights-"))
    totals: dict[AnswerWeights, list[int]] = {}
    names = [AnswerWeights(0.0, 0.0, 0.0, 0.0), ANSWER_WEIGHTS]
    grid = [AnswerWeights(*values) for values in itertools.product(*GRID.values())]
    for name in args.sets:
        library = open_library(name, root / name)
        rows = [r for r in questions(name, args.split, None) if r.get("facts")]
        embedder = CachedEmbedder(library.parts.embedder)
        cases = retrieved(library, rows)
        print(f"{name} {args.split}: {len(rows)} answerable questions")
        for weights in dict.fromkeys(names + grid):
            first, shown = count(cases, embedder, weights)
            totals.setdefault(weights, [0, 0, 0])
            totals[weights][0] += first
            totals[weights][1] += shown
            totals[weights][2] += len(rows)
            if weights in names:
                label = "none (before)" if weights == names[0] else "defaults"
                print(f"  {label:14} {weights}: fact in the first quote {first}/{len(rows)}, "
                      f"in the quotes {shown}/{len(rows)}")
        library.close()
    ranked = sorted(totals, key=lambda w: (-totals[w][0], -totals[w][1],
                                           w.context + w.command + w.intent + w.resolution))
    print("\nall sets, best of the grid:")
    for weights in ranked[:6]:
        first, shown, n = totals[weights]
        print(f"  {weights}: first quote {first}/{n}, quotes {shown}/{n}")
    for label, weights in (("none (before)", names[0]), ("defaults", names[1])):
        first, shown, n = totals[weights]
        print(f"  {label}: first quote {first}/{n}, quotes {shown}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
