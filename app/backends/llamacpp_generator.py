"""The chat model through llama-cpp-python: a local GGUF file, its own chat template.

The prompt is rendered with the template stored in the GGUF metadata (as the model's
authors wrote it) and counted with the model's own tokenizer, so the core can budget the
context exactly. Decoding defaults keep small models from looping: a repeat penalty, a
token cap and the template's end-of-turn token as a stop.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from app.core.errors import ModelError, PromptTooLong

# llama.cpp's CPU threads come from OpenMP (libgomp), whose idle threads spin by default:
# with another busy program on the machine one answer took 49.1 s instead of 23.4 s (the
# same 13-14 s either way when idle; the machine's 2 cores, two `yes` competing). Read by
# libgomp when llama.cpp loads, so set here, before any import of llama_cpp; a value the
# user set wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

log = logging.getLogger(__name__)

# Used only when a GGUF file carries no chat template of its own.
CHATML = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
          "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def check_gguf(path: Path) -> None:
    """Fail with a clear message unless ``path`` looks like a GGUF model file."""
    if not path.is_file():
        raise ModelError(f"Model file not found: {path}")
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic != b"GGUF":
        raise ModelError(f"Not a GGUF model file: {path}")


@functools.cache
def _close_null_files_at_exit() -> None:
    """llama_cpp opens two /dev/null handles at import and never closes them."""
    from llama_cpp import _utils

    atexit.register(lambda: [f.close() for f in (_utils.outnull_file, _utils.errnull_file)])


PROMPT_STEP = 256  # tokens read between two progress reports (about a second on 2 cores)


class LlamaCppGenerator:
    """The core's Generator over ``llama_cpp.Llama``; loaded once, reused for every call."""

    def __init__(self, model_path: Path, *, context_size: int = 2048, threads: int = 0,
                 gpu_layers: int = 0, temperature: float = 0.2, repeat_penalty: float = 1.15,
                 seed: int = 0) -> None:
        check_gguf(model_path)
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        _close_null_files_at_exit()

        try:
            self._llm = Llama(model_path=str(model_path), n_ctx=context_size,
                              n_threads=threads or os.cpu_count(), n_gpu_layers=gpu_layers,
                              seed=seed, verbose=False)
        except (ValueError, RuntimeError) as exc:
            raise ModelError(f"Cannot load the model {model_path}: {exc}") from exc
        eos = self._token_text(self._llm.token_eos())
        bos = self._token_text(self._llm.token_bos())
        template = self._llm.metadata.get("tokenizer.chat_template") or CHATML
        self._format = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
        self._stops = [s for s in {eos, "<|im_end|>", "<|eot_id|>", "<|end|>"} if s]
        self.model_id = model_path.name
        self.context_size = self._llm.n_ctx()
        self.temperature = temperature
        self.repeat_penalty = repeat_penalty
        # One llama.cpp context is not safe for two generations at once (the window's
        # question and a forwarded ``hearth ask`` could overlap): they take turns.
        self._lock = threading.RLock()

    def _token_text(self, token_id: int) -> str:
        return self._llm._model.token_get_text(token_id) if token_id >= 0 else ""  # noqa: SLF001 (pinned llama-cpp-python)

    def render(self, messages: list[dict]) -> str:
        """The prompt text for ``messages`` under the model's chat template."""
        return self._format(messages=messages).prompt

    def _tokens(self, text: str) -> list[int]:
        return self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def count_prompt_tokens(self, messages: list[dict]) -> int:
        return len(self._tokens(self.render(messages)))

    def stream(self, messages: list[dict], *, max_tokens: int,
               cancelled: Callable[[], bool] | None = None,
               stop: Sequence[str] = (),
               on_prompt: Callable[[int, int], None] | None = None) -> Iterator[str]:
        tokens = self._tokens(self.render(messages))
        if len(tokens) + max_tokens > self.context_size:
            raise PromptTooLong(f"The prompt needs {len(tokens)} + {max_tokens} tokens; the "
                                f"model's context holds {self.context_size}")
        with self._lock:
            if not self._read_prompt(tokens, on_prompt, cancelled):
                return
            parts = self._llm.create_completion(
                tokens, max_tokens=max_tokens, temperature=self.temperature, top_p=0.9,
                top_k=40, repeat_penalty=self.repeat_penalty, stop=self._stops + list(stop),
                stream=True)
            try:
                for part in parts:
                    if cancelled and cancelled():
                        return
                    text = part["choices"][0]["text"]
                    if text:
                        yield text
            finally:
                parts.close()

    def _read_prompt(self, tokens: list[int], on_prompt: Callable[[int, int], None] | None,
                     cancelled: Callable[[], bool] | None) -> bool:
        """Evaluate the prompt but its last token in steps of ``PROMPT_STEP`` tokens, so that
        reading it (seconds to minutes on a CPU) reports ``on_prompt(done, total)`` and can
        be cancelled; llama.cpp keeps what was read, and the completion that follows reads
        only the last token (its prefix cache). False when cancelled."""
        llm = self._llm
        head = tokens[:-1]
        cached = 0
        for had, new in zip(llm._input_ids, head, strict=False):  # noqa: SLF001 (pinned)
            if had != new:
                break
            cached += 1
        if cached == 0:
            llm.reset()
        llm.n_tokens = cached
        if on_prompt:
            on_prompt(cached, len(tokens))
        for start in range(cached, len(head), PROMPT_STEP):
            if cancelled and cancelled():
                return False
            llm.eval(head[start:start + PROMPT_STEP])
            if on_prompt:
                on_prompt(min(start + PROMPT_STEP, len(head)), len(tokens))
        return not (cancelled and cancelled())
