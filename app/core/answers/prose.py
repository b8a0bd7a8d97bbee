"""The model's answer prose, checked sentence by sentence as it streams.

A sentence is shown only once it is complete and has passed the checks of
``core.text.grounding`` against the passages it cites (a sentence citing none must hold up
against the one passage closest to it, which it then cites): every number, date and name
must occur there, each number in a sentence about the same thing (not another task's
date), most of its words must, it must not be a template or a role prefix, and it must not
repeat the passages, the question, the instructions or the quoted evidence. A sentence saying the
files do not answer is dropped too: the gate found the evidence and the answer quotes it.
Invalid ``[n]`` are removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from app.core.answers.answer import Evidence, cited_numbers, keep_valid_citations
from app.core.prompts import ANSWER_SYSTEM
from app.core.text import fails, flat, known, split_sentences
from app.core.types import Hit

# A sentence ends at . ! or ? (closing quotes and trailing citations included) before
# whitespace and a capital, digit or opening quote.
_BOUNDARY = re.compile(r"[.!?][\"”’)]*(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*(?=\s+[A-Z0-9\"“(])")
_REFUSAL = re.compile(r"\b(?:(?:do|does|did)\s*n[o']t|cannot|can't|no)\s+(?:say|mention|contain"
                      r"|provide|specify|include|state|information|answer|details?)\b"
                      r"|\bnot\s+(?:mentioned|specified|provided|stated|available)\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Sentences about the answer rather than of it.
_FILLER = re.compile(r"^(?:(?:the|this|that) (?:document|passage|text|file|note|source|answer)s?"
                     r"(?: (?:is|are|says|states|reads))?\s*[:.]?$|here (?:is|are)\b|"
                     r"(?:the )?answer(?: is)?\s*:|i hope (?:this|that) helps|let me know\b)",
                     re.I)
_REPEAT_SHARE = 0.7
_STOP = frozenset("""the and are was were has have had for from with that this these those its
their they them his her she him you your our not but can will would should could into onto
about than then there here which what when where who whom how also been being does did""".split())
_MONTH_NAMES = ("january february march april may june july august september october november "
                "december").split()
_DATE_WORDS = frozenset(_MONTH_NAMES + "monday tuesday wednesday thursday friday saturday "
                                       "sunday".split())
# Words an answer uses about its sources, not facts that must be in them.
_ANSWER_WORDS = frozenset("""according answer answers passage passages file files note notes
document documents source sources question mentioned mentions states stated says shows""".split())


class ProseFilter:
    """Feed it the streamed pieces; ``on_sentence`` receives each sentence that passes."""

    def __init__(self, passages: Sequence[Hit], question: str,
                 on_sentence: Callable[[str], None] | None = None,
                 evidence: Sequence[Evidence] = ()) -> None:
        self._passages = list(passages)
        self._quoted = [_content(e.quote) for e in evidence]
        self._sentences = [split_sentences(h.text) for h in self._passages]
        # Flattened once: every streamed sentence is checked against them.
        self._echo_flat = flat("\n".join([h.text for h in self._passages]
                                         + [question, ANSWER_SYSTEM]))
        self._passage_words = [_content(h.text) for h in self._passages]
        self._on_sentence = on_sentence
        self._buffer = ""
        self.kept: list[str] = []
        self._said: set[str] = set()  # the content words of each kept sentence
        self.dropped = 0

    def feed(self, piece: str) -> None:
        self._buffer += piece
        while True:
            match = _BOUNDARY.search(self._buffer)
            if not match:
                return
            sentence, self._buffer = self._buffer[:match.end()], self._buffer[match.end():]
            self._check(sentence)

    def finish(self) -> None:
        """Check what is left once the model stops (a last sentence without a boundary)."""
        rest, self._buffer = self._buffer, ""
        if rest.strip():
            self._check(rest)

    @property
    def text(self) -> str:
        return " ".join(self.kept)

    def _check(self, raw: str) -> None:
        sentence = keep_valid_citations(" ".join(raw.split()), len(self._passages))
        bare = re.sub(r"\[[\d,; ]+\]", "", sentence).strip()
        if len(bare.split()) < 2:
            return  # a stray fragment ("[1].", "Answer:") is not a sentence
        if _FILLER.match(bare) or len(_content(bare)) < 2:
            self.dropped += 1  # "The document is: [1]", "Here is the answer." say nothing
            return
        said = " ".join(sorted(_content(bare)))
        if said in self._said:
            self.dropped += 1  # the same sentence again (small models loop)
            return
        cited = [n for n in cited_numbers(sentence) if 1 <= n <= len(self._passages)]
        if not cited:  # uncited: it must hold up against one passage, which it then cites
            cited = [self._closest(bare)]
            sentence = _cite(sentence, cited[0])
        source = "\n".join(self._passages[n - 1].text for n in cited)
        words = _inflected(known(source)) | _months(source) | _ANSWER_WORDS
        if (_REFUSAL.search(bare) or self._repeats_evidence(bare)
                or fails(bare, words, flat(source), allow_first_person=True)
                or fails(bare, words, self._echo_flat, allow_first_person=True)
                or not _numbers_bound(bare, [s for n in cited for s in self._sentences[n - 1]])):
            self.dropped += 1
            return
        self.kept.append(sentence)
        self._said.add(said)
        if self._on_sentence:
            self._on_sentence(sentence)

    def _closest(self, sentence: str) -> int:
        """The passage sharing the most content words with ``sentence`` (1-based)."""
        words = _content(sentence)
        overlaps = [len(words & passage) for passage in self._passage_words]
        return overlaps.index(max(overlaps)) + 1

    def _repeats_evidence(self, sentence: str) -> bool:
        """Says again what a quoted evidence sentence says (most of its words are there)."""
        words = _content(sentence)
        return bool(words) and any(len(words & quoted) >= _REPEAT_SHARE * len(words)
                                   for quoted in self._quoted)


def _inflected(words: set[str]) -> set[str]:
    """``words`` and their regular inflections: prose says "writes" where a note says
    "write", "moved" where it says "move"."""
    forms = set(words)
    for w in words:
        if w.isalpha() and len(w) > 2:
            forms.update((w + "s", w + "es", w + "ed", w + "d", w + "ing"))
            if w.endswith("e"):
                forms.add(w[:-1] + "ing")
    return forms


def _months(text: str) -> set[str]:
    """The month names of the ISO dates in ``text`` ("2026-03-27" is "march")."""
    return {_MONTH_NAMES[int(m) - 1] for m in re.findall(r"\b\d{4}-(\d{2})-\d{2}\b", text)
            if 1 <= int(m) <= 12}


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9][a-z0-9'-]*", text.casefold())
            if w not in _STOP and len(w) > 2 or w.isdigit()}


def _cite(sentence: str, n: int) -> str:
    """``sentence`` with ``[n]`` before its closing punctuation."""
    match = re.search(r"[.!?]+[\"”’)]*$", sentence)
    if not match:
        return f"{sentence} [{n}]"
    return f"{sentence[:match.start()]} [{n}]{sentence[match.start():]}"


def _numbers_bound(sentence: str, source_sentences: Sequence[str]) -> bool:
    """Every number of ``sentence`` stands in one source sentence that shares its other
    content words ("The runbook is due on March 20" fails where 20 is another task's
    date): at least two of them, or all when it has fewer."""
    numbers = set(_NUMBER.findall(sentence))
    if not numbers:
        return True
    words = {w for w in _content(sentence) if not w.isdigit() and w not in _DATE_WORDS}
    need = min(2, len(words))
    for number in numbers:
        if not any(re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", source)
                   and len(words & _content(source)) >= need for source in source_sentences):
            return False
    return True
