"""Calibrate the answer gate: false "found nothing" and off-topic answered, per threshold.

Every labeled question of ``answer_questions`` (answerable: keyword, paraphrase, follow-up,
sample; unanswerable: off-topic and library-sounding) is retrieved once over the labeled
folders (follow-ups with their chat's previous turn); then each candidate ``Thresholds``
is judged on the same signals, so the grid costs no model and no re-embedding. Printed:
the old gate (best cosine >= 0.3), the current defaults, and the best candidates (fewest
errors, then the most first quoted sentences holding the labeled fact, then the middle of
the grid), each with the error rates and that count.

Then the defaults are checked, not tuned, on real claims nobody here wrote (SciFact, see
``scifact_check``).

Run:  .venv/bin/python -m benchmarks.answer_gate [--scifact N]   (about four minutes)
"""

from __future__ import annotations

import itertools
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.answer_questions import ANSWER_FOLDERS, LABELED_QUESTIONS, LabeledQuestion

GRID = {"min_score": (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7),
        "min_passage_cosine": (0.45, 0.5, 0.55, 0.6, 2.0),
        "keyword_weight": (0.3, 0.5, 0.7),
        "unknown_weight": (0.5, 1.0),
        "idf_power": (1.0, 2.0)}
OLD_MIN_SCORE = 0.3


@dataclass
class Retrieved:
    sample: LabeledQuestion
    text: str
    hits: list
    terms: list[str]
    counts: dict[str, int]
    total: int
    sentences: list[tuple[int, str, float]]  # (passage n, sentence, cosine to the question)

    def decide(self, thresholds) -> bool:
        return self.judge(thresholds).found

    def ranked(self, thresholds) -> list[tuple[float, str]]:
        """(score, sentence) of the expected answer type, best first, as core.evidence."""
        from app.core.answers.evidence import RANK_WEIGHT
        from app.core.answers.gate import (
            coverage,
            expected_type,
            gate_weights,
            has_type,
            passage_words,
            question_terms,
        )

        own = [t for t in question_terms(self.sample.question) if t in self.terms] or self.terms
        weights = gate_weights(own, self.counts, self.total, thresholds)
        kind = expected_type(self.text)
        return sorted(((cos + thresholds.keyword_weight * coverage(weights, passage_words(s))
                        - RANK_WEIGHT * (n - 1), s) for n, s, cos in self.sentences
                       if has_type(s, kind)), reverse=True)

    def judge(self, thresholds):
        """The gate's verdict as ``Assistant.ask`` reaches it, under ``thresholds``."""
        from app.core.answers.gate import judge

        ranked = self.ranked(thresholds)
        cosine = max((h.vector_score for h in self.hits), default=0.0)
        return judge(self.text, ranked[0][0] if ranked else 0.0, cosine, self.terms,
                     self.counts, thresholds)

    def fact_first(self, thresholds) -> bool:
        """Whether the first evidence sentence holds the labeled fact."""
        ranked = self.ranked(thresholds)
        fact = (self.sample.fact or "").casefold()
        return bool(ranked) and bool(fact) and fact in ranked[0][1].casefold()


def retrieve_all(library, samples: list[LabeledQuestion] | None = None) -> list[Retrieved]:
    """The retrieval of every labeled question, as ``Assistant.ask`` does it."""
    from app.core.answers.answer import Answer
    from app.core.answers.chats import ChatTurn, retrieval_query
    from app.core.answers.evidence import candidates
    from app.core.answers.gate import question_terms, term_weights
    from app.core.search.query import parse_query

    keywords = library.parts.keywords
    rows = []
    for sample in LABELED_QUESTIONS if samples is None else samples:
        previous = None
        if sample.previous:
            previous = ChatTurn(sample.previous, Answer(sample.previous, ""), sample.previous, 0)
        text = parse_query(retrieval_query(sample.question, previous)).text
        vector = library.parts.embedder.embed([text])[0]
        hits = library.search(text, 5, query_vector=vector)
        terms = question_terms(text)
        counts = keywords.document_frequencies(terms)
        total = keywords.size()
        pool = candidates(hits, term_weights(terms, counts, total))
        vectors = library.parts.embedder.embed([c.scored_text for c in pool]) if pool else []
        sentences = [(c.n, c.scored_text, sum(a * b for a, b in zip(vector, v, strict=True)))
                     for c, v in zip(pool, vectors, strict=True)]
        rows.append(Retrieved(sample, text, hits, terms, counts, total, sentences))
    return rows


def rates(rows: list[Retrieved], decide) -> dict[str, tuple[int, int]]:
    """Errors per group: answerable refused, off-topic answered, sounds-like answered."""
    groups = {"false 'found nothing'": [r for r in rows if r.sample.answerable],
              "off-topic answered": [r for r in rows if r.sample.kind == "off-topic"],
              "sounds-like answered": [r for r in rows if r.sample.kind == "sounds-like"]}
    return {name: (sum(decide(r) != r.sample.answerable for r in group), len(group))
            for name, group in groups.items()}


def line(name: str, counts: dict[str, tuple[int, int]]) -> str:
    return f"  {name:52}" + "  ".join(f"{label} {wrong:>2}/{n} ({100 * wrong / n:4.1f}%)"
                                      for label, (wrong, n) in counts.items())


def first_hits(rows: list[Retrieved], thresholds) -> str:
    answerable = [r for r in rows if r.sample.answerable]
    return (f"  fact in the first quoted sentence "
            f"{sum(r.fact_first(thresholds) for r in answerable)}/{len(answerable)}")


def scifact_check(distractors: int) -> None:
    """The gate on real data nobody here wrote: SciFact claims whose abstracts are in the
    library (should be answered) and claims whose abstracts were left out (the library
    holds only neighbouring studies: should be refused), over a library of the kept claims'
    abstracts plus ``distractors`` other abstracts. Reported, not tuned on."""
    import json
    import random

    from app.core.answers.gate import DEFAULT
    from app.core.settings import settings_for_home
    from app.services import build, make_embedder

    scifact = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "scifact"
    if not scifact.is_dir():
        print("SciFact check skipped: ../shared/eval/scifact not found")
        return
    claims = [json.loads(x) for x in (scifact / "queries.jsonl").read_text().splitlines()]
    kept, left_out = claims[0::2], claims[1::2]
    keep_docs = {d for c in kept for d in c["relevant_doc_ids"]}
    leave_docs = {d for c in left_out for d in c["relevant_doc_ids"]} - keep_docs
    others = sorted(p.stem for p in (scifact / "corpus").glob("*.txt")
                    if p.stem not in keep_docs | leave_docs
                    and not any(p.stem in c["relevant_doc_ids"] for c in claims))
    chosen = keep_docs | set(random.Random(0).sample(others, min(distractors, len(others))))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "abstracts"
        folder.mkdir()
        for doc in chosen:  # copied: a link out of the library's folders is not read
            shutil.copyfile(scifact / "corpus" / f"{doc}.txt", folder / f"{doc}.txt")
        settings = settings_for_home(Path(scratch) / "home")
        library = build(settings, embedder=make_embedder(settings))
        library.index([str(folder)])
        samples = ([LabeledQuestion(c["query"], "kept", c["relevant_doc_ids"][0] + ".txt")
                    for c in kept] + [LabeledQuestion(c["query"], "left-out") for c in left_out])
        rows = retrieve_all(library, samples)
        library.close()
    for name, decide in ((f"old: best cosine >= {OLD_MIN_SCORE}",
                          lambda r: bool(r.hits) and max(h.vector_score for h in r.hits)
                          >= OLD_MIN_SCORE),
                         (f"current defaults {_short(DEFAULT)}", lambda r: r.decide(DEFAULT))):
        answered = [r for r in rows if r.sample.kind == "kept"]
        refused = [r for r in rows if r.sample.kind == "left-out"]
        print(f"  SciFact {name}: claims whose abstract is in the library refused "
              f"{sum(not decide(r) for r in answered)}/{len(answered)}; claims whose abstract "
              f"was left out answered {sum(decide(r) for r in refused)}/{len(refused)}")
    print(f"  (library: {len(chosen)} abstracts: those of the {len(kept)} kept claims and "
          f"{len(chosen) - len(keep_docs)} others; no abstract of the left-out claims)")
    reasons: dict[str, int] = {}
    for r in rows:
        if r.sample.kind == "kept" and not r.decide(DEFAULT):
            verdict = r.judge(DEFAULT)
            key = "a name the library never mentions" if verdict.unknown_names else verdict.reason
            reasons[key] = reasons.get(key, 0) + 1
            print(f"    refused: {r.sample.question[:90]!r}: {verdict.reason} "
                  f"(best sentence {verdict.score})")
    print(f"  why kept claims were refused: {reasons}")


def main(argv: list[str] | None = None) -> int:
    import argparse
    if argv is None and "--scifact-only" in sys.argv:
        scifact_check(400)
        return 0

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scifact", type=int, default=400, metavar="N",
                        help="also check on SciFact claims with N distractor abstracts "
                             "(0: skip; about 3 minutes for 400)")
    args = parser.parse_args(argv)
    from app.core.answers.gate import DEFAULT, Thresholds
    from app.core.settings import settings_for_home
    from app.services import build, make_embedder

    with tempfile.TemporaryDirectory() as home:
        settings = settings_for_home(Path(home))
        library = build(settings, embedder=make_embedder(settings))
        library.index([str(f) for f in ANSWER_FOLDERS])
        rows = retrieve_all(library)
        library.close()

    def gate(thresholds):
        return lambda r: r.decide(thresholds)

    print(f"Answer gate over {len(rows)} labeled questions "
          f"({sum(r.sample.answerable for r in rows)} answerable):")
    print(line(f"old: best cosine >= {OLD_MIN_SCORE}",
               rates(rows, lambda r: bool(r.hits) and max(h.vector_score for h in r.hits)
                     >= OLD_MIN_SCORE)))
    print(line(f"current defaults {_short(DEFAULT)}", rates(rows, gate(DEFAULT)))
          + first_hits(rows, DEFAULT))
    scored = []
    for values in itertools.product(*GRID.values()):
        thresholds = Thresholds(**dict(zip(GRID, values, strict=True)))
        errors = sum(wrong for wrong, _ in rates(rows, gate(thresholds)).values())
        misses = sum(not r.fact_first(thresholds) for r in rows if r.sample.answerable)
        scored.append((errors, misses, _margin(thresholds), thresholds))
    scored.sort(key=lambda item: (item[0], item[1], -item[2]))
    print("best candidates (fewest gate errors, then fewest first-sentence misses, then the "
          "middle of the grid):")
    for *_, thresholds in scored[:6]:
        print(line(_short(thresholds), rates(rows, gate(thresholds)))
              + first_hits(rows, thresholds))
    for r in rows:
        signals = r.judge(DEFAULT)
        if signals.found != r.sample.answerable:
            print(f"  wrong: [{r.sample.kind}] {r.sample.question!r}: {signals.reason} "
                  f"(best sentence {signals.score}, passage cosine {signals.cosine})")
    if args.scifact:
        scifact_check(args.scifact)
    return 0


def _short(t) -> str:
    return (f"score>={t.min_score}|passage>={t.min_passage_cosine:g} "
            f"kw={t.keyword_weight} unk={t.unknown_weight} idf^{t.idf_power:g}")


def _margin(t) -> float:
    """How central a candidate sits in the grid: prefer thresholds away from its edges."""
    return -sum(abs(GRID[k].index(getattr(t, k)) - (len(GRID[k]) - 1) / 2) for k in GRID)


if __name__ == "__main__":
    sys.exit(main())
