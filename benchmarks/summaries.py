"""Meeting summaries on QMSum: ROUGE of Hearth's summarizer next to the paper's systems.

For each of QMSum's whole-meeting ("general") queries, the meeting transcript is parsed by
Hearth's text parser and summarized by ``summarize_document`` (map-reduce over the bundled
SmolLM2-135M-Instruct, or the model in your settings); the summary is scored against the
human reference with the calibrated setup of ../shared/eval/qmsum/SOURCE.md: rouge-score
with stemming, both sides lowercased and tokenized with NLTK's Treebank tokenizer, ROUGE-L
as the sentence-split ``rougeLsum``. The scorer is first run on the authors' HMNet outputs,
so the table shows how far this scorer sits from the published 36.51/11.41/31.60.

Run:  .venv/bin/python -m benchmarks.summaries [--limit N]   (or: make bench-summaries)
On 2 cores one meeting takes one to five minutes; --limit takes the N shortest meetings
(a documented subset), the default runs all 37 general queries.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

QMSUM = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "qmsum"
PUBLISHED = {"TextRank": (16.27, 2.69, 15.41), "BART (truncated)": (29.20, 6.37, 25.49),
             "HMNet† (gold spans)": (36.06, 11.36, 31.27)}


def tokenize(text: str) -> str:
    """Lowercase and Treebank-tokenize, one sentence per line (for rougeLsum)."""
    from nltk.tokenize import TreebankWordTokenizer

    tokens = TreebankWordTokenizer().tokenize(text.lower())
    joined = " ".join(tokens)
    return "\n".join(s.strip() for s in re.split(r"(?<= [.!?]) ", joined) if s.strip())


def rouge(pairs: list[tuple[str, str]], pretokenized: bool = False) -> tuple[float, ...]:
    """Mean ROUGE-1/2/Lsum F1 (x100) over (prediction, reference) pairs."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    totals = [0.0, 0.0, 0.0]
    for prediction, reference in pairs:
        if pretokenized:
            prediction, reference = (_split(prediction), _split(reference))
        else:
            prediction, reference = tokenize(prediction), tokenize(reference)
        scores = scorer.score(reference, prediction)
        for i, key in enumerate(("rouge1", "rouge2", "rougeLsum")):
            totals[i] += scores[key].fmeasure
    return tuple(100 * t / max(1, len(pairs)) for t in totals)


def _split(text: str) -> str:
    return "\n".join(s.strip() for s in re.split(r"(?<= [.!?]) ", text) if s.strip())


def calibration() -> tuple[float, ...]:
    preds = (QMSUM / "reference" / "hmnet_goldspan_preds.txt").read_text().splitlines()
    refs = (QMSUM / "reference" / "hmnet_goldspan_refs.txt").read_text().splitlines()
    return rouge(list(zip(preds, refs, strict=True)), pretokenized=True)


def general_queries(limit: int | None) -> list[dict]:
    rows = [json.loads(line) for line in (QMSUM / "queries.jsonl").read_text().splitlines()]
    rows = [r for r in rows if r["query_type"] == "general"]
    rows.sort(key=lambda r: (QMSUM / "corpus" / f"{r['relevant_doc_ids'][0]}.txt").stat().st_size)
    return rows[:limit] if limit else rows


def summarize_all(rows: list[tuple[Path, str]], generator) -> tuple[list, float]:
    """(summary, reference) pairs for (transcript path, reference) rows, and seconds taken."""
    from app.core.ingest.plaintext import TextParser
    from app.core.meetings.summarize import summarize_document

    pairs, seconds = [], 0.0
    for path, reference in rows:
        started = time.perf_counter()
        result = summarize_document(TextParser().parse(path), generator, model_items=False)
        seconds += time.perf_counter() - started
        pairs.append((result.summary, reference))
        print(f"{path.stem}: {result.sections} sections, {time.perf_counter() - started:.0f}s",
              file=sys.stderr)
    return pairs, seconds


def extractive_all(rows: list[tuple[Path, str]], embedder,
                   count: int = 12) -> tuple[list, float]:
    """(extractive summary, reference) pairs: the fallback summary, no model at all."""
    from app.core.ingest.plaintext import TextParser
    from app.core.meetings.extractive import EXTRACTIVE_LABEL, extractive_summary

    pairs, started = [], time.perf_counter()
    for path, reference in rows:
        text = extractive_summary(TextParser().parse(path).blocks, embedder, count=count)
        pairs.append((text.removeprefix(EXTRACTIVE_LABEL), reference))
    return pairs, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the N shortest meetings")
    parser.add_argument("--extractive-only", action="store_true",
                        help="only the extractive summary (no chat model: minutes, not hours)")
    args = parser.parse_args(argv)
    from app.core.settings import load_settings
    from app.services import make_embedder, make_generator

    settings = load_settings()
    rows = [(QMSUM / "corpus" / f"{r['relevant_doc_ids'][0]}.txt", r["answer"])
            for r in general_queries(args.limit)]
    results = {}
    extractive, extractive_s = extractive_all(rows, make_embedder(settings))
    results["Hearth extractive (no model)"] = (rouge(extractive), extractive_s)
    if not args.extractive_only:
        generator = make_generator(settings)
        pairs, seconds = summarize_all(rows, generator)
        results[f"Hearth summarize ({generator.model_id})"] = (rouge(pairs), seconds)
    print(f"QMSum general queries: {len(rows)} meetings")
    print(f"{'system':44}{'R-1':>8}{'R-2':>8}{'R-L':>8}{'s/meeting':>11}")
    for name, scores in PUBLISHED.items():
        print(f"{name + ' (paper)':44}" + "".join(f"{s:>8.2f}" for s in scores))
    print(f"{'HMNet outputs, this scorer':44}" + "".join(f"{s:>8.2f}" for s in calibration()))
    for name, (scores, seconds) in results.items():
        print(f"{name:44}" + "".join(f"{s:>8.2f}" for s in scores)
              + f"{seconds / max(1, len(rows)):>11.1f}")
        print(f"  {name} / TextRank R-1 = {scores[0] / PUBLISHED['TextRank'][0]:.2f}x, "
              f"/ BART R-1 = {scores[0] / PUBLISHED['BART (truncated)'][0]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
