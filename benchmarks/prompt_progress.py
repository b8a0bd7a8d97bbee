"""Reading the prompt in steps (for progress and Stop) against one llama.cpp call.

``LlamaCppGenerator`` evaluates a prompt ``PROMPT_STEP`` tokens at a time so the window can
show "reading the passages: 640 of 1,502 tokens" and Stop can end it between two steps.
This measures what the steps cost: time to the first token and to the whole answer, with
the steps and without (the prompt handed to llama.cpp at once), alternating, on the bundled
model and a prompt of about 1,500 tokens, the cache emptied before each run.

Run:  .venv/bin/python -m benchmarks.prompt_progress [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from app.backends.bundled import bundled_chat_model
    from app.backends.llamacpp_generator import LlamaCppGenerator

    generator = LlamaCppGenerator(bundled_chat_model(), context_size=4096)
    text = " ".join(README.read_text(encoding="utf-8").split()[:1100])
    messages = [{"role": "system", "content": "Answer from the passages."},
                {"role": "user", "content": f"{text}\nWhat is Hearth?"}]
    print(f"prompt: {generator.count_prompt_tokens(messages)} tokens")
    stepped = LlamaCppGenerator._read_prompt
    timings: dict[str, list[tuple[float, float]]] = {"stepped": [], "one call": []}
    for _ in range(args.runs):
        for mode in timings:
            generator._llm.reset()  # noqa: SLF001 - an empty cache for every run
            LlamaCppGenerator._read_prompt = (  # type: ignore[method-assign]
                stepped if mode == "stepped" else lambda self, *a: True)
            started = time.perf_counter()
            first = None
            for _piece in generator.stream(messages, max_tokens=120,
                                           on_prompt=lambda done, total: None):
                first = first or time.perf_counter() - started
            timings[mode].append((first or 0.0, time.perf_counter() - started))
    LlamaCppGenerator._read_prompt = stepped  # type: ignore[method-assign]
    for label, index in (("first token (s)", 0), ("whole answer (s)", 1)):
        a = statistics.median(t[index] for t in timings["stepped"])
        b = statistics.median(t[index] for t in timings["one call"])
        print(f"  {label:18} stepped {a:6.2f}   one call {b:6.2f}   ratio {a / b:.2f}")


if __name__ == "__main__":
    main()
