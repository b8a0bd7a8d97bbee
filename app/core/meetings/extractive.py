"""A meeting's own words as its summary, when the model's prose does not hold up.

The most central utterances or sentences of the meeting (closest to the meeting's mean
embedding), in their order and with their speakers, labeled as such.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.core.ports import Embedder
from app.core.text import rough_sentences, utterance
from app.core.types import Block

_FIELD = re.compile(r"^(?:attendees|participants|present|date|time|location|agenda|where|when"
                    r"|minutes|chair|notes?)\s*:", re.I)
EXTRACTIVE_LABEL = "Extractive summary (the meeting's own words):"


def extractive_summary(blocks: Sequence[Block], embedder: Embedder, count: int = 5,
                       candidates: int = 300) -> str:
    """The ``count`` most central utterances (transcripts) or sentences (notes), in the
    order they were said, each with its speaker; of a long meeting, ``candidates`` spread
    evenly over it are embedded (bounded time on two cores)."""
    units = _units(blocks)
    if not units:
        return ""
    if len(units) > candidates:  # a long meeting: candidates from all of it, not its start
        step = len(units) / candidates
        units = [units[int(i * step)] for i in range(candidates)]
    vectors = embedder.embed([text for _, text in units])
    dim = len(vectors[0])
    mean = [sum(v[i] for v in vectors) / len(vectors) for i in range(dim)]
    scores = [sum(a * b for a, b in zip(v, mean, strict=True)) for v in vectors]
    chosen = sorted(sorted(range(len(units)), key=lambda i: -scores[i])[:count])
    lines = [f"{units[i][0]}: {units[i][1]}" if units[i][0] else units[i][1] for i in chosen]
    return EXTRACTIVE_LABEL + "\n" + "\n".join(f"- {line}" for line in lines)


def _units(blocks: Sequence[Block]) -> list[tuple[str | None, str]]:
    """(speaker, text) of every utterance or sentence long enough to say something."""
    units = []
    for block in blocks:
        said = utterance(block)
        pieces = [said] if block.speaker else rough_sentences(said)
        units += [(block.speaker, " ".join(p.split())) for p in pieces
                  if len(p.split()) >= 6 and not p.lstrip().startswith(("-", "*", "|"))
                  and not _FIELD.match(p.strip())]
    return units
