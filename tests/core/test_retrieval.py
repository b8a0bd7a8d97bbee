"""Fusion and keyword matching at the unit level."""

from __future__ import annotations

from app.core.keyword_index import match_expression
from app.core.retrieval import reciprocal_rank_fusion


def test_rrf_rewards_agreement_between_rankings():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d", "e"]])
    assert fused[0] == "b" and set(fused) == {"a", "b", "c", "d", "e"}


def test_rrf_with_one_ranking_keeps_its_order():
    assert reciprocal_rank_fusion([["x", "y", "z"]]) == ["x", "y", "z"]


def test_match_expression_quotes_terms_and_drops_stopwords():
    assert match_expression("What is the HX-55120 error?") == '"hx" OR "55120" OR "error"'
    assert match_expression('"); DROP TABLE files; --') == '"drop" OR "table" OR "files"'
    assert match_expression("the") == '"the"'
    assert match_expression("?!") == ""


def test_keyword_search_finds_exact_codes(fake_library, tmp_path):
    notes = tmp_path / "n"
    notes.mkdir()
    (notes / "a.txt").write_text("Ticket QX7R2M: the printer jams on duplex jobs.\n")
    (notes / "b.txt").write_text("Printer notes: replace the toner every spring.\n")
    fake_library.index([str(notes)])
    ids = [cid for cid, _ in fake_library.indexer.keywords.search("QX7R2M", 5)]
    assert len(ids) == 1
    assert fake_library.search("QX7R2M", k=1)[0].path.endswith("a.txt")
    phrase = fake_library.indexer.keywords.phrase_search("replace the toner", 5)
    assert len(phrase) == 1
