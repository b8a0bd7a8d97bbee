"""Answer objects, and the citations read from the model's text.

An answer opens with evidence: sentences quoted verbatim from the passages
(``core.evidence``), so the bundled 135M model's own words are never needed; its prose
follows only where it passes the checks of ``core.answer_prose``. The sources listed are
what was used: the passages of the evidence and the ``[n]`` the kept prose cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.answers.gate import GateSignals
from app.core.text import suspicion
from app.core.types import Hit, JsonDict, ProseMode

# "[2]" or "[1, 3]", but not "arr[1]", "[1](https://...)" (a link) or "[1]" in `code`.
_CITE = re.compile(r"(?<![\]`])\[(\d+(?:\s*[,;]\s*\d+)*)\](?![(\[])")
_CODE = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Citation:
    """A numbered source the answer used."""

    n: int
    hit: Hit

    def to_json(self) -> JsonDict:
        hit = self.hit
        return {"n": self.n, "path": hit.path, "page": hit.page, "line_start": hit.line_start,
                "line_end": hit.line_end, "heading": hit.heading, "text": hit.text,
                "time_start": hit.time_start, "time_end": hit.time_end,
                "suspicious": suspicion(hit.text)}


@dataclass(frozen=True)
class Evidence:
    """A sentence quoted verbatim from passage ``n``; ``speaker``: who said it (a
    transcript turn) or the label it stands under ("Decision", "Priya")."""

    n: int
    quote: str
    score: float = 0.0
    speaker: str | None = None

    def render(self) -> str:
        said = f"“{self.quote}”"
        return f"{self.speaker}: {said} [{self.n}]" if self.speaker else f"{said} [{self.n}]"


@dataclass
class Answer:
    """The result of ``ask``: the text, what it cites, the quoted evidence.

    ``text`` is the evidence (quoted, with its ``[n]``) followed by the model's checked prose
    (``prose``); ``dropped_sentences`` counts the prose sentences that failed the checks."""

    question: str
    text: str
    passages: list[Hit] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    found: bool = True
    model_called: bool = False
    cancelled: bool = False
    prose: str = ""
    dropped_sentences: int = 0
    chat: str | None = None
    retrieval_query: str = ""
    gate: GateSignals | None = None
    seconds_to_evidence: float | None = None
    # "evidence": the quotes alone (the model was not asked); "model": the quotes, then the
    # model's checked sentences; "none": nothing found, nothing quoted
    prose_mode: ProseMode = "evidence"

    def to_json(self) -> JsonDict:
        """The stable ``ask --json`` contract: add fields, never rename or drop."""
        gate = self.gate
        return {
            "question": self.question,
            "answer": self.text,
            "evidence": [{"n": e.n, "quote": e.quote, "speaker": e.speaker,
                          "suspicious": suspicion(e.quote)} for e in self.evidence],
            "citations": [c.to_json() for c in self.citations],
            "found": self.found,
            "cancelled": self.cancelled,
            "passages": [Citation(n, h).to_json() for n, h in enumerate(self.passages, 1)],
            "prose": self.prose,
            "dropped_sentences": self.dropped_sentences,
            "chat": self.chat,
            "retrieval_query": self.retrieval_query,
            "seconds_to_evidence": self.seconds_to_evidence,
            "prose_mode": self.prose_mode if self.found else "none",
            "gate": None if gate is None else {
                "reason": gate.reason, "cosine": gate.cosine, "score": gate.score,
                "expected": gate.expected, "terms": list(gate.terms),
                "unknown_names": list(gate.unknown_names)},
        }


def cited_numbers(text: str) -> list[int]:
    """The ``[n]`` citation numbers in ``text``, in order, each once (not in code or links)."""
    numbers: list[int] = []
    for match in _CITE.finditer(_CODE.sub(lambda m: " " * len(m.group()), text)):
        for n in re.split(r"\s*[,;]\s*", match.group(1)):
            if int(n) not in numbers:
                numbers.append(int(n))
    return numbers


def keep_valid_citations(text: str, count: int) -> str:
    """``text`` without citation numbers outside 1..``count`` (the model invents some)."""
    code = [m.span() for m in _CODE.finditer(text)]

    def keep_valid(match: re.Match[str]) -> str:
        if any(a <= match.start() < b for a, b in code):
            return match.group(0)
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1))]
        valid = list(dict.fromkeys(n for n in numbers if 1 <= n <= count))
        return f"[{', '.join(str(n) for n in valid)}]" if valid else ""

    cleaned = _CITE.sub(keep_valid, text)
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip()


def used_citations(evidence: list[Evidence], prose: str, passages: list[Hit]) -> list[Citation]:
    """The passages the answer used: those quoted as evidence, then those the prose cites."""
    numbers = list(dict.fromkeys([e.n for e in evidence] + cited_numbers(prose)))
    return [Citation(n, passages[n - 1]) for n in numbers if 1 <= n <= len(passages)]


def evidence_text(evidence: list[Evidence]) -> str:
    """The quotes that open an answer, one per line, each with its source number."""
    return "\n".join(e.render() for e in evidence)
