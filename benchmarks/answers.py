"""`hearth ask` against raw llama_cpp on the identical prompt, and answer accuracy.

Speed: for each sample question Hearth answers through ``Library.ask`` (retrieval, prompt
budgeting, streaming, citations, evidence); then a separate raw ``llama_cpp.Llama`` on the
same GGUF file runs the very prompt Hearth sent, with the same decoding settings. Both see
the same sequence of prompts, so both get the same KV-cache reuse of the system prompt.
Time to first token is from the call to the first streamed piece; tokens/s is over the
generated tokens after the first.

Accuracy on the sample library's questions: top-1 file, whether a cited passage holds the
fact, whether an evidence quote holds it, and whether the model's own words state it.

Run:  .venv/bin/python -m benchmarks.answers   (or: make bench-answers)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.sample_questions import SAMPLE_QUESTIONS

REPO = Path(__file__).resolve().parent.parent


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

    def result(self, count_tokens) -> tuple[float, float]:
        end = time.perf_counter()
        first = self.first or end
        tokens = count_tokens("".join(self.pieces))
        rate = (tokens - 1) / (end - first) if tokens > 1 and end > first else 0.0
        return first - self.start, rate


def raw_answer(llm, prompt_tokens: list[int], generator) -> tuple[float, float]:
    """TTFT and tokens/s of plain llama_cpp on ``prompt_tokens``."""
    timed = Timed()
    for part in llm.create_completion(prompt_tokens, max_tokens=256,
                                      temperature=generator.temperature, top_p=0.9, top_k=40,
                                      repeat_penalty=generator.repeat_penalty,
                                      stop=generator._stops + ["<passage", "</passage",
                                                               "Question:"], stream=True):
        text = part["choices"][0]["text"]
        if text:
            timed(text)
    return timed.result(generator.count_tokens)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N questions")
    args = parser.parse_args(argv)
    from llama_cpp import Llama

    from app.backends.bundled import bundled_chat_model
    from app.backends.llamacpp_generator import LlamaCppGenerator
    from app.core.assistant import fit_prompt
    from app.core.settings import settings_for_home
    from app.services import build, make_embedder

    model = bundled_chat_model()
    generator = LlamaCppGenerator(model, context_size=2048)
    raw = Llama(model_path=str(model), n_ctx=2048, seed=0, verbose=False)
    with tempfile.TemporaryDirectory() as home:
        settings = settings_for_home(Path(home))
        library = build(settings, embedder=make_embedder(settings), generator=generator)
        library.index([str(REPO / "resources" / "sample-notes")])
        rows, speed = [], []
        for sample in SAMPLE_QUESTIONS[: args.limit]:
            timed = Timed()
            answer = library.ask(sample.question, on_token=timed)
            if answer.model_called:
                hearth = timed.result(generator.count_tokens)
                messages, _ = fit_prompt(generator, sample.question, answer.passages, 256)
                tokens = raw.tokenize(generator.render(messages).encode(), add_bos=False,
                                      special=True)
                speed.append((hearth, raw_answer(raw, tokens, generator)))
            rows.append(score(sample, answer))
        library.close()
    report(rows, speed, model.name)
    return 0


def score(sample, answer) -> tuple[bool, bool, bool, bool]:
    top = bool(answer.passages) and answer.passages[0].path.endswith(sample.file)
    cited = any(sample.fact in c.hit.text for c in answer.citations)
    quoted = any(sample.fact in e.quote for e in answer.evidence)
    said = sample.fact.lower() in answer.text.lower()
    return top, cited, quoted, said


def report(rows, speed, model_name: str) -> None:
    n = len(rows)
    names = ("top-1 file right", "a cited passage holds the fact",
             "an evidence quote holds the fact", "the model's words state the fact")
    print(f"Answer accuracy over {n} sample questions (model {model_name}):")
    for i, name in enumerate(names):
        hits = sum(r[i] for r in rows)
        print(f"  {name:36} {hits:>3}/{n}  ({100 * hits / n:.0f}%)")
    if not speed:
        return
    ttft_h = statistics.median(s[0][0] for s in speed)
    ttft_r = statistics.median(s[1][0] for s in speed)
    rate_h = statistics.median(s[0][1] for s in speed)
    rate_r = statistics.median(s[1][1] for s in speed)
    print(f"\nSpeed, median over {len(speed)} questions:")
    print(f"  {'':28}{'hearth ask':>12}{'raw llama_cpp':>15}{'ratio':>8}")
    print(f"  {'time to first token (s)':28}{ttft_h:>12.2f}{ttft_r:>15.2f}{ttft_h / ttft_r:>8.2f}")
    print(f"  {'generation (tokens/s)':28}{rate_h:>12.1f}{rate_r:>15.1f}{rate_h / rate_r:>8.2f}")
    print("  (hearth's time to first token includes retrieval: query embedding and search)")


if __name__ == "__main__":
    sys.exit(main())
