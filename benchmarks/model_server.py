"""A model through a local OpenAI-compatible server vs the built-in llama.cpp, same GGUF.

Starts llama-cpp-python's own server on 127.0.0.1 with the bundled model (what Ollama,
LM Studio or llama-server would be for a bigger one), then streams the same answer prompt
(a sample note and a question) through ``OpenAIServerGenerator`` and through the built-in
``LlamaCppGenerator``, ``--runs`` times each, each run's prompt made unique at its start so
no prompt cache helps. Printed: median seconds to the first token, tokens per second after
it and the whole answer, and the server's ratios to the built-in generator.

Run:  .venv/bin/python -m benchmarks.model_server [--runs 3] [--tokens 128]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample-notes" / "projects" \
    / "atlas-migration.md"


def measure(generator, counter, label: str, runs: int, tokens: int) -> tuple[float, float, float]:
    passage = SAMPLE.read_text(encoding="utf-8")[:2500]
    firsts, rates, totals = [], [], []
    for run in range(runs):
        messages = [{"role": "system", "content": f"Run {label} {run}. Answer from the passage."},
                    {"role": "user", "content": passage + "\n\nQuestion: What are the risks "
                                                          "of the migration? Answer in detail."}]
        started = time.perf_counter()
        first, text = None, ""
        for piece in generator.stream(messages, max_tokens=tokens):
            first = time.perf_counter() - started if first is None else first
            text += piece
        total = time.perf_counter() - started
        first = total if first is None else first
        firsts.append(first)
        rates.append(counter.count_tokens(text) / max(total - first, 1e-6))
        totals.append(total)
    result = statistics.median(firsts), statistics.median(rates), statistics.median(totals)
    print(f"  {label:34} first token {result[0]:.2f} s, {result[1]:.0f} tokens/s after it, "
          f"whole answer {result[2]:.2f} s (median of {runs})")
    return result


def main(argv: list[str] | None = None) -> int:
    from app.backends.bundled import bundled_chat_model
    from app.backends.llamacpp_generator import LlamaCppGenerator
    from app.backends.openai_server import OpenAIServerGenerator, list_models

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=128)
    args = parser.parse_args(argv)
    model = bundled_chat_model()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host",
         "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not list_models(url):
            if server.poll() is not None or time.monotonic() > deadline:
                print("the model server did not start")
                return 1
            time.sleep(0.3)
        builtin = LlamaCppGenerator(model, context_size=2048, threads=2, temperature=0.0)
        served = OpenAIServerGenerator(url, "", temperature=0.0)
        print(f"{model.name}, {args.tokens} tokens at most, {args.runs} runs each:")
        a = measure(builtin, builtin, "built-in llama.cpp", args.runs, args.tokens)
        b = measure(served, builtin, "llama-cpp-python server (loopback)", args.runs,
                    args.tokens)
        print(f"  server / built-in: first token {b[0] / a[0]:.2f}x, tokens/s {b[1] / a[1]:.2f}x,"
              f" whole answer {b[2] / a[2]:.2f}x")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
