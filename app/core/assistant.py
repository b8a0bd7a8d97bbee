"""retrieve -> build the prompt within the context budget -> stream -> cite -> quote.

The prompt (system text, numbered passages, question) plus a reserve for the answer is
measured with the model's own tokenizer and never exceeds its context: the lowest-ranked
passages are dropped first, then the last one left is trimmed. When retrieval finds
nothing relevant enough the model is not called at all.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.answers import Answer, pick_evidence, resolve_citations
from app.core.errors import PromptTooLong
from app.core.filters import SearchFilter
from app.core.ports import Embedder, Generator, Message
from app.core.prompts import ANSWER_STOPS, ANSWER_SYSTEM, answer_user_message, passage_block
from app.core.types import Hit

NOTHING_FOUND = "I found nothing about that in your files."
TokenCallback = Callable[[str], None]


def source_label(hit: Hit) -> str:
    """A short citation label: file name plus page, lines or cue time."""
    name = hit.path.rsplit("/", 1)[-1]
    where = hit.location()
    return f"{name}, {where}" if where else name


class Assistant:
    """Answers questions from the library's passages with a local chat model."""

    def __init__(self, search: Callable[..., list[Hit]], embedder: Callable[[], Embedder],
                 generator: Callable[[], Generator], *, min_score: float = 0.3,
                 answer_tokens: int = 256) -> None:
        self._search = search
        self._embedder = embedder
        self._generator = generator
        self.min_score = min_score
        self.answer_tokens = answer_tokens

    def ask(self, question: str, k: int = 5, *, search_filter: SearchFilter | None = None,
            on_token: TokenCallback | None = None,
            cancelled: Callable[[], bool] | None = None) -> Answer:
        """Answer ``question``; ``on_token`` receives the answer as it streams."""
        question = " ".join(question.split())
        hits = self._search(question, k, search_filter) if question else []
        if not hits or max(h.score for h in hits) < self.min_score:
            return Answer(question, NOTHING_FOUND, passages=hits, found=False)
        generator = self._generator()
        messages, passages = fit_prompt(generator, question, hits, self.answer_tokens)
        pieces: list[str] = []
        for piece in generator.stream(messages, max_tokens=self.answer_tokens,
                                      cancelled=cancelled, stop=ANSWER_STOPS):
            pieces.append(piece)
            if on_token:
                on_token(piece)
        text, citations = resolve_citations("".join(pieces), passages)
        evidence = pick_evidence(question, citations, self._embedder())
        stopped = bool(cancelled and cancelled())
        return Answer(question, text, passages, citations, evidence, found=True,
                      model_called=True, cancelled=stopped)


def build_messages(question: str, passages: list[Hit]) -> list[Message]:
    blocks = [passage_block(n, source_label(h), h.text) for n, h in enumerate(passages, 1)]
    return [{"role": "system", "content": ANSWER_SYSTEM},
            {"role": "user", "content": answer_user_message(question, blocks)}]


def fit_prompt(generator: Generator, question: str, hits: list[Hit],
               answer_tokens: int) -> tuple[list[Message], list[Hit]]:
    """The largest prefix of ``hits`` (the last one trimmed if need be) that fits."""
    budget = generator.context_size - answer_tokens
    passages = list(hits)
    while passages:
        messages = build_messages(question, passages)
        used = generator.count_prompt_tokens(messages)
        if used <= budget:
            return messages, passages
        if len(passages) > 1:
            passages.pop()
            continue
        passages = [_trimmed(passages[0], used - budget, generator)]
        if not passages[0].text:
            break
    raise PromptTooLong("The question is too long for the model's context; "
                        "shorten it or choose a model with a larger context in the settings")


def _trimmed(hit: Hit, excess_tokens: int, generator: Generator) -> Hit:
    """``hit`` with enough words cut from its end to save ``excess_tokens`` (and a margin)."""
    from dataclasses import replace

    words = hit.text.split()
    tokens = max(1, generator.count_tokens(hit.text))
    keep = int(len(words) * (1 - (excess_tokens + 8) / tokens))
    return replace(hit, text=" ".join(words[:max(0, keep)]) + (" …" if keep > 0 else ""))
