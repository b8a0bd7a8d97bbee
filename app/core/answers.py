"""Answer objects and what is derived from the model's text: citations and evidence.

The bundled 135M model is often wrong in its own words, so every answer also carries the
one or two sentences of the cited passages that best answer the question, chosen by
embedding similarity: the quote keeps the answer checkable whatever the model wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.ports import Embedder
from app.core.types import Hit

_CITE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Citation:
    """A numbered source the answer used."""

    n: int
    hit: Hit

    def to_json(self) -> dict:
        hit = self.hit
        return {"n": self.n, "path": hit.path, "page": hit.page, "line_start": hit.line_start,
                "line_end": hit.line_end, "heading": hit.heading, "text": hit.text,
                "time_start": hit.time_start, "time_end": hit.time_end}


@dataclass(frozen=True)
class Evidence:
    """A sentence quoted verbatim from passage ``n``."""

    n: int
    quote: str
    score: float = 0.0


@dataclass
class Answer:
    """The result of ``ask``: the text, what it cites, the quoted evidence."""

    question: str
    text: str
    passages: list[Hit] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    found: bool = True
    model_called: bool = False
    cancelled: bool = False

    def to_json(self) -> dict:
        """The stable ``ask --json`` contract: add fields, never rename or drop."""
        return {
            "question": self.question,
            "answer": self.text,
            "evidence": [{"n": e.n, "quote": e.quote} for e in self.evidence],
            "citations": [c.to_json() for c in self.citations],
            "found": self.found,
            "cancelled": self.cancelled,
            "passages": [Citation(n, h).to_json() for n, h in enumerate(self.passages, 1)],
        }


def resolve_citations(text: str, passages: list[Hit]) -> tuple[str, list[Citation]]:
    """Drop citation numbers that do not exist; list the sources actually cited.

    Where the model cited nothing, every passage it was given is listed instead.
    """
    cited: list[int] = []

    def keep_valid(match: re.Match) -> str:
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1))]
        valid = [n for n in numbers if 1 <= n <= len(passages)]
        cited.extend(n for n in valid if n not in cited)
        return f"[{', '.join(str(n) for n in valid)}]" if valid else ""

    cleaned = _CITE.sub(keep_valid, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip()
    numbers = cited or list(range(1, len(passages) + 1))
    return cleaned, [Citation(n, passages[n - 1]) for n in numbers]


def pick_evidence(question: str, citations: list[Citation], embedder: Embedder,
                  limit: int = 2) -> list[Evidence]:
    """The ``limit`` sentences of the cited passages most similar to the question."""
    candidates = [(c.n, s) for c in citations for s in sentences(c.hit.text)]
    if not candidates:
        return []
    vectors = embedder.embed([question] + [s for _, s in candidates])
    query = vectors[0]
    scored = sorted(((sum(a * b for a, b in zip(query, vec, strict=True)), n, s)
                     for (n, s), vec in zip(candidates, vectors[1:], strict=True)),
                    key=lambda item: -item[0])
    return [Evidence(n, s, round(score, 4)) for score, n, s in scored[:limit]]


def sentences(text: str) -> list[str]:
    """Sentences (or lines) of a passage worth quoting."""
    parts = (" ".join(p.split()) for p in _SENTENCE.split(text))
    return [p for p in parts if len(p) >= 12]
