"""retrieve -> gate -> quote the evidence -> the model's checked prose -> cite what was used.

1. The question (with the previous turn's key terms for a follow-up, ``core.chats``) is
   embedded once; the vector serves retrieval and the choice of evidence.
2. The sentences of the retrieved passages are scored against it (``core.evidence``), and
   ``core.answer_gate`` decides from those and the other retrieval signals whether the
   library holds an answer; when it does not, the model is not called at all.
3. The best sentences are streamed first as quoted evidence, so the answer's substance is
   on screen within a second, before the model has read its prompt.
4. The model's prose streams after it, sentence by sentence, each checked against the
   passages it cites (``core.answer_prose``); what fails is dropped and counted.

The prompt (system text, the last turn of a chat, numbered passages, question) plus a
reserve for the answer is measured with the model's own tokenizer and never exceeds its
context: the lowest-ranked passages are dropped first, then the chat turn, then the last
passage left is trimmed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace

from app.core.answers.answer import Answer, Evidence, evidence_text, used_citations
from app.core.answers.chats import ChatTurn, retrieval_query
from app.core.answers.evidence import best_score, pick_evidence, score_sentences
from app.core.answers.gate import DEFAULT, Thresholds, gate_weights, judge, question_terms
from app.core.answers.prose import ProseFilter
from app.core.answers.records import ATTENDANCE_QUESTION, PEOPLE_WORDS, attendance_evidence
from app.core.errors import PromptTooLong
from app.core.filters import SearchFilter
from app.core.ports import Embedder, Generator, Message
from app.core.prompts import ANSWER_STOPS, ANSWER_SYSTEM, answer_user_message, passage_block
from app.core.search import ParsedQuery, Retriever, mentioned_span
from app.core.types import Hit

NOTHING_FOUND = "I found nothing about that in your files."
# What stands before the model's own sentences, so nobody mistakes them for quotes.
MODEL_LABEL = "In the model's words (checked against the passages):"
TokenCallback = Callable[[str], None]
PromptCallback = Callable[[int, int], None]  # (prompt tokens read, prompt tokens in all)
FollowUp = Callable[[str, ChatTurn | None], str]  # question, previous turn -> what to search
PREVIOUS_ANSWER_WORDS = 120  # of the last turn's answer, in the prompt of a follow-up
# How many of the best passages have the passage that follows them in their file read for
# evidence too; chosen on the dev questions of ../shared/eval (benchmarks/real_answers.py:
# the notes' fact in the quotes 13 -> 15 of 20, in the first quote 12 -> 13; the minutes'
# quotes unchanged at 5 of 8, the first quote 5 -> 4: a following passage's date line
# outranked the answer).
FOLLOWED = 1



def source_label(hit: Hit) -> str:
    """A short citation label: file name plus page, lines or cue time."""
    name = hit.path.rsplit("/", 1)[-1]
    where = hit.location()
    return f"{name}, {where}" if where else name


class Assistant:
    """Answers questions from the library's passages, the evidence first."""

    def __init__(self, retriever: Retriever, embedder: Callable[[], Embedder],
                 generator: Callable[[], Generator], *, answer_tokens: int = 256,
                 thresholds: Thresholds = DEFAULT, follow_up: FollowUp = retrieval_query
                 ) -> None:
        """``thresholds`` (of the gate and the evidence) and ``follow_up`` (what a chat's
        next question searches for) are the measured defaults; benchmarks pass others."""
        self._retriever = retriever
        self._embedder = embedder
        self._generator = generator
        self.answer_tokens = answer_tokens
        self.thresholds = thresholds
        self._follow_up = follow_up

    def ask(self, question: str, k: int = 5, *, search_filter: SearchFilter | None = None,
            on_token: TokenCallback | None = None,
            cancelled: Callable[[], bool] | None = None,
            previous: ChatTurn | None = None, prose: bool = True,
            on_evidence: Callable[[Answer], None] | None = None,
            on_prompt: PromptCallback | None = None) -> Answer:
        """Answer ``question``; ``on_token`` receives the answer as it is written:
        the evidence at once, then (with ``prose``) each of the model's sentences that
        passes the checks. Without ``prose`` the model is not called: the answer is the
        quoted evidence alone (``prose_mode`` "evidence"). ``on_evidence`` receives that
        evidence-only answer before the model starts (its citations can be opened while
        the model works); ``on_prompt(done, total)`` the model's progress reading the
        prompt (tokens), before it writes."""
        started = time.perf_counter()
        question = " ".join(question.split())
        query = self._follow_up(question, previous)
        parsed = self._retriever.parse(query, search_filter)
        text = parsed.text
        vector = self._embedder().embed([text])[0] if text else None
        hits = self._retriever.search(parsed, k, query_vector=vector) if vector else []
        span = None if parsed.filter.after or parsed.filter.before else mentioned_span(text)
        record: list[Evidence] = []
        if vector is not None and span is not None:
            dated = replace(parsed, filter=replace(parsed.filter, after=span[0], before=span[1]))
            hits = self._dated_first(dated, hits, k, vector)
            if ATTENDANCE_QUESTION.search(question):
                hits, record = self._attendance_first(question, dated, hits)
        terms = question_terms(text)
        counts = self._retriever.frequencies(terms) if terms and hits else {}
        # A follow-up's borrowed terms find the passages; its own words pick the sentence
        # ("how much did that cost?" after "what did the mechanic replace?").
        own = [t for t in question_terms(question) if t in terms] or terms
        weights = gate_weights(own, counts, self._retriever.passage_count(), self.thresholds)
        following = self._retriever.following(hits[:FOLLOWED]) if hits and vector else []
        pool = hits + following
        scored = score_sentences(text, vector, pool, weights, self._embedder(),
                                 self.thresholds.keyword_weight,
                                 follows=_follows(hits, following)) if hits and vector else []
        cosine = max((h.vector_score if h.vector_score is not None else h.score
                      for h in hits), default=0.0)
        phrase_held = any(parsed.accepts(h.path, h.text) for h in hits) if parsed.phrases \
            else False
        gate = judge(text, best_score(scored), cosine, terms, counts, self.thresholds,
                     phrase_held)
        if record and not gate.found:  # the named meeting's people list answers it
            gate = replace(gate, found=True, reason="the meeting's attendance record")
        if not gate.found:
            return Answer(question, NOTHING_FOUND, passages=hits, found=False,
                          retrieval_query=query, gate=gate)
        evidence = record + [e for e in pick_evidence(scored, question=text) if e.n > 1] \
            if record else pick_evidence(scored, question=text)
        hits, evidence = _with_quoted(hits, following, evidence)
        quoted = evidence_text(evidence)
        if on_token and quoted:
            on_token(quoted)
        seconds_to_evidence = time.perf_counter() - started
        answer = Answer(question, quoted, hits, used_citations(evidence, "", hits), evidence,
                        found=True, retrieval_query=query, gate=gate,
                        seconds_to_evidence=round(seconds_to_evidence, 3))
        if cancelled and cancelled():
            answer.cancelled = True
            return answer
        if not prose:
            return answer
        if on_evidence:
            on_evidence(answer)
        return self._add_prose(answer, previous, on_token, cancelled, on_prompt)

    def _dated_first(self, dated: ParsedQuery, hits: list[Hit], k: int,
                     vector: list[float]) -> list[Hit]:
        """When the question names a day or a month in words ("the 20 July 2023 meeting",
        "in February 2025", "last week") and no date filter was set (``dated`` carries the
        span as one), the passages of the meetings of that time come first; the others
        fill the places left."""
        found = self._retriever.search(dated, k, query_vector=vector)
        seen = {hit.chunk_id for hit in found}
        return (found + [hit for hit in hits if hit.chunk_id not in seen])[:max(k, len(found))]

    def _attendance_first(self, question: str, dated: ParsedQuery, hits: list[Hit]
                          ) -> tuple[list[Hit], list[Evidence]]:
        """For a question about who was at the meeting of a named day: that meeting's
        people list first among the passages, and its lines as the first evidence."""
        for found in self._retriever.search(replace(dated, text=PEOPLE_WORDS, phrases=()), 3):
            quoted = attendance_evidence(question, found, 1)
            if quoted:
                return [found] + [h for h in hits if h.chunk_id != found.chunk_id], quoted
        return hits, []

    def _add_prose(self, answer: Answer, previous: ChatTurn | None,
                   on_token: TokenCallback | None,
                   cancelled: Callable[[], bool] | None,
                   on_prompt: PromptCallback | None = None) -> Answer:
        generator = self._generator()
        messages, given = fit_prompt(generator, answer.question, answer.passages,
                                     self.answer_tokens, previous)
        lead = [("\n\n" if answer.text else "") + MODEL_LABEL + " "]

        def show(sentence: str) -> None:
            if on_token:
                on_token(lead[0] + sentence)
            lead[0] = " "

        prose = ProseFilter(given, answer.question, show, answer.evidence)
        for piece in generator.stream(messages, max_tokens=self.answer_tokens,
                                      cancelled=cancelled, stop=ANSWER_STOPS,
                                      on_prompt=on_prompt):
            prose.feed(piece)
        prose.finish()
        said = f"{MODEL_LABEL} {prose.text}" if prose.text else ""
        text = "\n\n".join(part for part in (answer.text, said) if part)
        return replace(answer, text=text, prose=prose.text, dropped_sentences=prose.dropped,
                       citations=used_citations(answer.evidence, prose.text, answer.passages),
                       model_called=True, cancelled=bool(cancelled and cancelled()),
                       prose_mode="model")


def _follows(hits: list[Hit], following: list[Hit]) -> dict[int, int]:
    """For each passage of ``following`` (numbered after ``hits``), the number of the
    passage of ``hits`` it follows in its file."""
    number = {hit.chunk_id: n for n, hit in enumerate(hits, 1)}
    follows = {}
    for n, hit in enumerate(following, len(hits) + 1):
        file_id, _, index = hit.chunk_id.partition(":")
        before = number.get(f"{file_id}:{int(index) - 1}")
        if before is not None:
            follows[n] = before
    return follows


def _with_quoted(hits: list[Hit], following: list[Hit], evidence: list[Evidence]
                 ) -> tuple[list[Hit], list[Evidence]]:
    """The passages of the answer: the search's, then the following passages that the
    evidence quotes (numbered after them; those it does not quote are left out)."""
    used = sorted({e.n for e in evidence if e.n > len(hits)})
    number = {n: len(hits) + i for i, n in enumerate(used, 1)}
    passages = hits + [following[n - len(hits) - 1] for n in used]
    return passages, [replace(e, n=number.get(e.n, e.n)) for e in evidence]


def build_messages(question: str, passages: list[Hit],
                   previous: ChatTurn | None = None) -> list[Message]:
    blocks = [passage_block(n, source_label(h), h.text) for n, h in enumerate(passages, 1)]
    messages: list[Message] = [{"role": "system", "content": ANSWER_SYSTEM}]
    if previous is not None:
        # Its [n] numbered the previous turn's passages: not these.
        said = re.sub(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]", "", previous.answer.text).split()
        answer = " ".join(said[:PREVIOUS_ANSWER_WORDS]) + (
            " …" if len(said) > PREVIOUS_ANSWER_WORDS else "")
        messages += [{"role": "user", "content": previous.question},
                     {"role": "assistant", "content": answer}]
    messages.append({"role": "user", "content": answer_user_message(question, blocks)})
    return messages


def fit_prompt(generator: Generator, question: str, hits: list[Hit], answer_tokens: int,
               previous: ChatTurn | None = None) -> tuple[list[Message], list[Hit]]:
    """The largest prefix of ``hits`` (the last one trimmed if need be) that fits, with the
    previous turn of a chat while at least one whole passage fits beside it."""
    budget = generator.context_size - answer_tokens
    passages = list(hits)
    while passages:
        messages = build_messages(question, passages, previous)
        used = generator.count_prompt_tokens(messages)
        if used <= budget:
            return messages, passages
        if len(passages) > 1:
            passages.pop()
            continue
        if previous is not None:
            previous = None
            continue
        passages = [_trimmed(passages[0], used - budget, generator)]
        if not passages[0].text:
            break
    raise PromptTooLong("The question is too long for the model's context; "
                        "shorten it or choose a model with a larger context in the settings")


def _trimmed(hit: Hit, excess_tokens: int, generator: Generator) -> Hit:
    """``hit`` with enough words cut from its end to save ``excess_tokens`` (and a margin)."""
    words = hit.text.split()
    tokens = max(1, generator.count_tokens(hit.text))
    keep = int(len(words) * (1 - (excess_tokens + 8) / tokens))
    return replace(hit, text=" ".join(words[:max(0, keep)]) + (" …" if keep > 0 else ""))

