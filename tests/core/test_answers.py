"""Citation numbers the model writes are checked against the passages it was given."""

from __future__ import annotations

from app.core.answers import resolve_citations, sentences
from app.core.types import Hit


def hits(n: int) -> list[Hit]:
    return [Hit(path=f"/n/{i}.md", score=0.5, text=f"text {i}", chunk_id=f"{i}:0")
            for i in range(1, n + 1)]


def test_unknown_numbers_are_dropped_and_only_cited_sources_listed():
    text, cited = resolve_citations("Kept 72 hours [2]. Also [7] and [1, 9].", hits(3))
    assert text == "Kept 72 hours [2]. Also and [1]."
    assert [c.n for c in cited] == [2, 1]


def test_no_citation_lists_every_passage_given():
    text, cited = resolve_citations("Seventy-two hours.", hits(3))
    assert text == "Seventy-two hours." and [c.n for c in cited] == [1, 2, 3]


def test_sentences_are_split_for_quoting():
    assert sentences("One sentence here. Another one here!\nA line of text") == [
        "One sentence here.", "Another one here!", "A line of text"]
