"""Answers with the default model, before and after evidence-first, on labeled questions.

Over the labeled folders of ``answer_questions`` (the sample notes and the test notes), each
question is answered twice in the same run, with the same retrieval, model and settings:

- **before**: the old path, kept here as the baseline: a cosine gate (best passage >= 0.3),
  the model's own text as the answer, every passage listed when the model cites none, two
  evidence quotes picked by embedding from the cited passages, no chat memory;
- **after**: ``Library.ask``: the answer gate, quoted evidence first, checked prose, the
  sources that were used, follow-ups asked in a chat after their previous question.

Reported per kind of question (keyword, paraphrase, follow-up, sample) and for the
unanswerable ones: the right file cited, the fact in the answer's first sentence, the fact
anywhere in the answer, false "found nothing", off-topic (and library-sounding) questions
answered, prose sentences dropped, time to first token (to the first streamed text) and
the whole answer. Then the follow-up retrieval methods of ``core.chats`` are compared on the
follow-up pairs (right file cited, fact in the evidence), and the model's speed inside
Hearth against raw ``llama_cpp`` on the identical prompt.

Run:  .venv/bin/python -m benchmarks.answers [--limit N]   (or: make bench-answers; about
8 minutes on 2 cores with the bundled model)
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.answer_questions import ANSWER_FOLDERS, LABELED_QUESTIONS, LabeledQuestion

OLD_MIN_SCORE = 0.3
_OLD_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_OLD_CITE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


class Timed:
    """Collects streamed pieces with the time of the first."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.first: float | None = None
        self.pieces: list[str] = []

    def __call__(self, piece: str) -> None:
        if self.first is None:
            self.first = time.perf_counter()
        self.pieces.append(piece)

    def ttft(self) -> float | None:
        return None if self.first is None else self.first - self.start


@dataclass
class Outcome:
    """One answer, scored."""

    sample: LabeledQuestion
    found: bool
    cited_right: bool
    fact_first: bool
    fact_anywhere: bool
    dropped: int
    kept: int
    ttft: float | None
    seconds: float


def old_ask(library, generator, question: str):
    """The answer path before evidence-first (the baseline), as it was in assistant.py."""
    from app.core.answers.answer import Answer, Citation, Evidence
    from app.core.answers.assistant import fit_prompt
    from app.core.prompts import ANSWER_STOPS

    timed = Timed()
    hits = library.search(question, 5)
    if not hits or max(h.vector_score for h in hits) < OLD_MIN_SCORE:
        return Answer(question, "I found nothing about that in your files.", hits,
                      found=False), timed
    messages, passages = fit_prompt(generator, question, hits, 256)
    for piece in generator.stream(messages, max_tokens=256, stop=ANSWER_STOPS):
        timed(piece)
    text = "".join(timed.pieces)
    cited = [int(n) for m in _OLD_CITE.finditer(text) for n in re.split(r"\s*[,;]\s*", m[1])
             if 1 <= int(n) <= len(passages)]
    numbers = list(dict.fromkeys(cited)) or list(range(1, len(passages) + 1))
    citations = [Citation(n, passages[n - 1]) for n in numbers]
    candidates = [(c.n, " ".join(s.split())) for c in citations
                  for s in _OLD_SENTENCE.split(c.hit.text) if len(s.strip()) >= 12]
    vectors = library.parts.embedder.embed([question] + [s for _, s in candidates])
    scored = sorted(((sum(a * b for a, b in zip(vectors[0], v, strict=True)), n, s)
                     for (n, s), v in zip(candidates, vectors[1:], strict=True)),
                    key=lambda item: -item[0])
    evidence = [Evidence(n, s) for _, n, s in scored[:2]]
    return Answer(question, text, hits, citations, evidence, model_called=True), timed


def prose_sentences(prose: str) -> list[str]:
    return [s for s in _OLD_SENTENCE.split(prose) if s.strip()]


def first_sentence(text: str) -> str:
    lines = text.strip().split("\n")
    first = lines[0] if lines else ""
    return _OLD_SENTENCE.split(first)[0] if not first.startswith(("“", "\u201c")) else first


def score(sample: LabeledQuestion, answer, timed: Timed, seconds: float,
          evidence_counts: bool) -> Outcome:
    """``evidence_counts``: the old path showed its evidence quotes under the answer."""
    text = answer.text if answer.found else ""
    shown = text + ("\n" + "\n".join(e.quote for e in answer.evidence)
                    if evidence_counts and answer.found else "")
    fact = (sample.fact or "").casefold()
    cited = answer.found and sample.file is not None and any(
        c.hit.path.endswith("/" + sample.file) for c in answer.citations)
    return Outcome(sample, answer.found, cited,
                   bool(fact) and fact in first_sentence(text).casefold(),
                   bool(fact) and fact in shown.casefold(),
                   answer.dropped_sentences, len(prose_sentences(answer.prose)), timed.ttft(),
                   seconds)


def run_new(library, sample: LabeledQuestion, chat: str | None) -> Outcome:
    if sample.previous and chat:
        library.ask(sample.previous, chat=chat)
    timed = Timed()
    started = time.perf_counter()
    answer = library.ask(sample.question, on_token=timed, chat=chat)
    return score(sample, answer, timed, time.perf_counter() - started, False)


def run_old(library, generator, sample: LabeledQuestion) -> Outcome:
    started = time.perf_counter()
    answer, timed = old_ask(library, generator, sample.question)
    return score(sample, answer, timed, time.perf_counter() - started, True)


def report(before: list[Outcome], after: list[Outcome]) -> None:
    print(f"\nAnswers over {len(after)} labeled questions (before -> after, same run):")
    kinds = ("keyword", "paraphrase", "broad", "follow-up", "sample")
    header = f"  {'':30}" + "".join(f"{k:>12}" for k in kinds) + f"{'all answerable':>16}"
    print(header)
    rows = (("right file cited", "cited_right"), ("fact in the first sentence", "fact_first"),
            ("fact anywhere in the answer", "fact_anywhere"),
            ("false 'found nothing'", "refused"))
    for label, attr in rows:
        cells = []
        for group in [*[[i for i, o in enumerate(after) if o.sample.kind == k] for k in kinds],
                      [i for i, o in enumerate(after) if o.sample.answerable]]:
            def count(outcomes, attr=attr, group=group):
                if attr == "refused":
                    return sum(not outcomes[i].found for i in group)
                return sum(getattr(outcomes[i], attr) for i in group)
            cells.append(f"{count(before)}->{count(after)}/{len(group)}")
        print(f"  {label:30}" + "".join(f"{c:>12}" for c in cells[:-1]) + f"{cells[-1]:>16}")
    for kind, label in (("off-topic", "off-topic answered"),
                        ("sounds-like", "library-sounding answered")):
        group = [i for i, o in enumerate(after) if o.sample.kind == kind]
        if group:
            print(f"  {label:34}{sum(before[i].found for i in group)}->"
                  f"{sum(after[i].found for i in group)}/{len(group)}")
    dropped = sum(o.dropped for o in after)
    print(f"  {'prose sentences kept / dropped':34}{sum(o.kept for o in after)} / {dropped} "
          f"(dropped in {sum(o.dropped > 0 for o in after)} answers)")
    for label, pick in (("time to first token, median (s)", lambda o: o.ttft),
                        ("whole answer, median (s)", lambda o: o.seconds)):
        old = [pick(o) for o in before if o.found and pick(o) is not None]
        new = [pick(o) for o in after if o.found and pick(o) is not None]
        if old and new:
            print(f"  {label:34}{statistics.median(old):.2f} -> {statistics.median(new):.2f} "
                  f"({statistics.median(old) / max(statistics.median(new), 1e-3):.1f}x)")


def compare_follow_up_methods(library, limit: int | None = None) -> None:
    """Right file cited and fact in the evidence for each follow-up retrieval method."""
    from app.core.answers.assistant import Assistant
    from app.core.answers.chats import ChatTurn, retrieval_query, with_previous_terms

    methods = {"question": lambda question, previous: question,
               "previous": lambda question, previous: (
                   with_previous_terms(question, previous) if previous else question),
               "adaptive": retrieval_query}

    pairs = [(s.previous, s) for s in LABELED_QUESTIONS if s.kind == "follow-up"][:limit]
    # A new topic in the same chat must not be dragged back to the previous one.
    standalone = [s for s in LABELED_QUESTIONS if s.kind in ("keyword", "paraphrase")]
    switches = [(standalone[i - 1].question, s) for i, s in enumerate(standalone)][:limit]
    print(f"\nFollow-up retrieval (evidence only, no model): {len(pairs)} follow-up pairs, and "
          f"{len(switches)} questions on a new topic asked after another question:")
    parts = library.parts
    for method, follow_up in methods.items():
        assistant = Assistant(parts.retriever, parts.embedder_provider, _no_model,
                              follow_up=follow_up)
        results = []
        for group in (pairs, switches):
            cited = quoted = 0
            for before, sample in group:
                first = assistant.ask(before, cancelled=lambda: True)
                previous = ChatTurn(before, first, first.retrieval_query, 0.0)
                answer = assistant.ask(sample.question, cancelled=lambda: True,
                                       previous=previous)
                cited += answer.found and any(c.hit.path.endswith("/" + sample.file)
                                              for c in answer.citations)
                quoted += any(sample.fact.casefold() in e.quote.casefold()
                              for e in answer.evidence)
            results.append(f"right file cited {cited}/{len(group)}, fact quoted "
                           f"{quoted}/{len(group)}")
        mark = "  (default)" if follow_up is retrieval_query else ""
        print(f"  {method:10} follow-ups: {results[0]};  new topic: {results[1]}{mark}")


def speed_against_raw(library, generator, model, questions: list[str]) -> None:
    """Time to first token and tokens/s: Hearth's generator vs raw llama_cpp, same prompts."""
    from llama_cpp import Llama

    from app.core.answers.assistant import fit_prompt
    from app.core.prompts import ANSWER_STOPS

    raw = Llama(model_path=str(model), n_ctx=2048, seed=0, verbose=False)
    results = []
    for question in questions:
        hits = library.search(question, 5)
        messages, _ = fit_prompt(generator, question, hits, 256)
        runs = []
        hearth = Timed()
        for piece in generator.stream(messages, max_tokens=256, stop=ANSWER_STOPS):
            hearth(piece)
        runs.append(_rate(hearth, generator))
        tokens = raw.tokenize(generator.render(messages).encode(), add_bos=False, special=True)
        plain = Timed()
        for part in raw.create_completion(tokens, max_tokens=256,
                                          temperature=generator.temperature, top_p=0.9, top_k=40,
                                          repeat_penalty=generator.repeat_penalty,
                                          stop=generator._stops + list(ANSWER_STOPS),
                                          stream=True):
            if part["choices"][0]["text"]:
                plain(part["choices"][0]["text"])
        runs.append(_rate(plain, generator))
        results.append(runs)
    print(f"\nThe model inside Hearth vs raw llama_cpp, median over {len(results)} prompts:")
    print(f"  {'':28}{'hearth':>10}{'raw llama_cpp':>15}{'ratio':>8}")
    for i, label in enumerate(("time to first token (s)", "generation (tokens/s)")):
        h = statistics.median(r[0][i] for r in results)
        w = statistics.median(r[1][i] for r in results)
        print(f"  {label:28}{h:>10.2f}{w:>15.2f}{h / w:>8.2f}")


def _rate(timed: Timed, generator) -> tuple[float, float]:
    end = time.perf_counter()
    first = timed.first or end
    tokens = generator.count_tokens("".join(timed.pieces))
    rate = (tokens - 1) / (end - first) if tokens > 1 and end > first else 0.0
    return first - timed.start, rate


def _no_model():
    raise RuntimeError("the follow-up comparison reads evidence only; no model is called")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N questions of each kind")
    args = parser.parse_args(argv)
    from app.backends.bundled import bundled_chat_model
    from app.backends.llamacpp_generator import LlamaCppGenerator
    from app.core.settings import settings_for_home
    from app.services import build, make_embedder

    model = bundled_chat_model()
    generator = LlamaCppGenerator(model, context_size=2048)
    samples = LABELED_QUESTIONS
    if args.limit:
        kinds = dict.fromkeys(s.kind for s in samples)
        samples = [s for k in kinds for s in [x for x in samples if x.kind == k][:args.limit]]
    with tempfile.TemporaryDirectory() as home:
        # prose on: this benchmark measures the model path (``real_answers`` the default)
        settings = settings_for_home(Path(home), prose="on")
        library = build(settings, embedder=make_embedder(settings), generator=generator)
        library.index([str(f) for f in ANSWER_FOLDERS])
        before, after = [], []
        for n, sample in enumerate(samples):
            before.append(run_old(library, generator, sample))
            after.append(run_new(library, sample, f"bench-{n}"))
        print(f"model {model.name}; library: {', '.join(f.name for f in ANSWER_FOLDERS)}")
        report(before, after)
        compare_follow_up_methods(library, args.limit)
        speed_against_raw(library, generator, model,
                          [s.question for s in samples if s.kind == "sample"][:5])
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
