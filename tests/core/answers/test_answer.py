"""Citations: what the model's [n] mean, and which sources an answer lists."""

from __future__ import annotations

from app.core.answers.answer import (
    Evidence,
    cited_numbers,
    evidence_text,
    keep_valid_citations,
    used_citations,
)
from app.core.types import Hit


def hits(n: int) -> list[Hit]:
    return [Hit(path=f"/n/{i}.md", score=0.5, text=f"text {i}", chunk_id=f"{i}:0")
            for i in range(1, n + 1)]


def test_unknown_numbers_are_dropped():
    assert keep_valid_citations("Kept 72 hours [2]. Also [7] and [1, 9].", 3) == \
        "Kept 72 hours [2]. Also and [1]."


def test_code_and_links_are_not_citations():
    text = "Use `arr[1]` or see [2](https://example.org) and arr[3]; the key [1]."
    assert cited_numbers(text) == [3, 1]
    assert keep_valid_citations("Call `f[9]` first [9].", 3) == "Call `f[9]` first."


def test_sources_are_what_was_used_not_every_passage():
    evidence = [Evidence(2, "Idempotency keys are kept for 72 hours.")]
    cited = used_citations(evidence, "They expire after that [3]. Unrelated [9].", hits(5))
    assert [c.n for c in cited] == [2, 3]
    assert used_citations([], "No citation at all.", hits(5)) == []


def test_evidence_renders_quoted_with_speaker_and_number():
    text = evidence_text([Evidence(1, "Let's add PgBouncer.", speaker="Dana Whitfield"),
                          Evidence(3, "Kept for 72 hours.")])
    assert text == "Dana Whitfield: “Let's add PgBouncer.” [1]\n“Kept for 72 hours.” [3]"
