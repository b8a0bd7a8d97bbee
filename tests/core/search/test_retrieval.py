"""Fusion and keyword matching at the unit level."""

from __future__ import annotations

from app.core.search.retrieval import rrf_scores
from app.core.storage.keyword_index import match_expression


def _ranked(rankings: list[list[str]]) -> list[str]:
    scores = rrf_scores(rankings)
    return sorted(scores, key=lambda item: -scores[item])


def test_rrf_rewards_agreement_between_rankings():
    fused = _ranked([["a", "b", "c"], ["b", "d", "e"]])
    assert fused[0] == "b" and set(fused) == {"a", "b", "c", "d", "e"}


def test_rrf_with_one_ranking_keeps_its_order():
    assert _ranked([["x", "y", "z"]]) == ["x", "y", "z"]


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
    ids = [cid for cid, _ in fake_library.parts.keywords.search("QX7R2M", 5)]
    assert len(ids) == 1
    assert fake_library.search("QX7R2M", k=1)[0].path.endswith("a.txt")
    phrase = fake_library.parts.keywords.phrase_search("replace the toner", 5)
    assert len(phrase) == 1


def test_scores_follow_the_order_and_keep_each_signal(fake_library, tmp_path):
    notes = tmp_path / "n"
    notes.mkdir()
    for n, text in enumerate(["The printer jams on duplex jobs.", "Replace the toner in spring.",
                              "The printer QX7R2M needs a new drum.", "Garden: water the roses.",
                              "Printer driver 4.2 fixes duplex jams."]):
        (notes / f"{n}.txt").write_text(text + "\n")
    fake_library.index([str(notes)])
    for mode in ("hybrid", "vector", "keyword"):
        hits = fake_library.search("printer duplex jams", k=5, mode=mode)
        assert hits, mode
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True), (mode, scores)
        assert all(h.vector_score is not None for h in hits)
    keyword_hits = fake_library.search("QX7R2M", k=1, mode="keyword")
    assert keyword_hits[0].keyword_score and keyword_hits[0].keyword_score > 0


def test_convex_fusion_keeps_both_top_lists_in_the_pool():
    from app.core.search.retrieval import convex_scores

    scores = convex_scores([("v1", 0.9), ("v2", 0.5)], [("k1", 12.0), ("k2", 3.0)],
                           [("k1", 1.0)], alpha=0.6, phrase_bonus=0.1)
    assert set(scores) == {"v1", "v2", "k1", "k2"}
    assert scores["k1"] == 0.4 + 0.1 and scores["v1"] == 0.6


def _keyword_library(fake_library, tmp_path, texts: list[str]):
    notes = tmp_path / "kw"
    notes.mkdir()
    for n, text in enumerate(texts):
        (notes / f"n{n}.txt").write_text(text + "\n")
    fake_library.index([str(notes)])
    return fake_library.parts.keywords


def test_words_in_half_the_passages_are_left_out_of_the_keyword_query(fake_library, tmp_path):
    texts = [f"meeting notes number {n}" for n in range(6)] + ["meeting about the heron kayak"]
    keywords = _keyword_library(fake_library, tmp_path, texts)
    assert keywords.word_counts(["meeting", "heron", "absent"]) == {
        "meeting": 7, "heron": 1, "absent": 0}
    # "meeting" is in every passage: zero IDF in BM25, only cost; alone it is kept
    assert keywords.bounded_expression("meeting heron") == '"heron"'
    assert keywords.bounded_expression("meeting") == '"meeting"'
    assert [cid for cid, _ in keywords.search("meeting heron", 5)] == [
        cid for cid, _ in keywords._match('"meeting" OR "heron"', 5)][:1]


def test_a_long_query_keeps_its_rarest_words(fake_library, tmp_path, monkeypatch):
    import app.core.storage.keyword_index as kw

    texts = [" ".join(f"w{i}" for i in range(n + 1)) for n in range(8)]  # w0 everywhere
    keywords = _keyword_library(fake_library, tmp_path, texts)
    monkeypatch.setattr(kw, "MAX_TERMS", 3)
    assert keywords.bounded_expression("w1 w2 w3 w4 w5 w6 w7") == '"w5" OR "w6" OR "w7"'


def test_phrases_only_for_quoted_or_short_queries(fake_library, tmp_path):
    keywords = _keyword_library(fake_library, tmp_path, [
        "please replace the toner in the second floor printer every spring"])
    assert keywords.phrase_search("replace the toner", 5)
    long_question = "please replace the toner in the second floor printer"
    assert keywords.phrase_search(long_question, 5) == []
    assert keywords.phrase_search(long_question, 5, quoted=True)


def test_document_frequencies_fold_accents_and_count_phrases(fake_library, tmp_path):
    keywords = _keyword_library(fake_library, tmp_path, [
        "Café Lisboa opens at nine", "the cafe closes at six", "nine lives"])
    counts = keywords.document_frequencies(["café", "opens at nine", "nine", "zebra"])
    assert counts == {"café": 2, "opens at nine": 1, "nine": 2, "zebra": 0}


def test_document_frequencies_count_identifiers_as_the_index_stores_them(fake_library, tmp_path):
    # FTS5 stores "group_concat" as "group concat": counted as that phrase, it is found
    keywords = _keyword_library(fake_library, tmp_path, [
        "Use group_concat() with a subselect", "group the rows, then concat them"])
    counts = keywords.document_frequencies(["group_concat", "post_save"])
    assert counts == {"group_concat": 1, "post_save": 0}


def test_a_list_of_links_is_recognized():
    from app.core.search.retrieval import is_link_list

    index = ("## sqlite\n\n* [Vacuum a database](sqlite/vacuum.md)\n"
             "* [Lazy images](html/lazy.md) - 2022-11-26\n1. [Kayak](boats/kayak.md)\n")
    assert is_link_list(index)
    assert not is_link_list("The kayak is kept in the boathouse. See [Kayak](boats/kayak.md).")
    assert not is_link_list("* [one](a.md)\n* [two](b.md)\nSome words of a real note here.\n"
                            "More words.\nAnd more words.")


def test_an_index_note_ranks_below_the_note_it_links_to(fake_library, tmp_path):
    # the index names the note's title, so it matches as well as the note: it goes below
    # it, and still shows where nothing else matches (a person may look for it)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "kayak.md").write_text(
        "# Kayak storage\n\nWinter kayak storage: the club rents racks in the boathouse at "
        "Tegel from November to March; bring the paddle bag and the spray deck, label them "
        "with your name, and leave the key under the heron statue by the gate.\n")
    (notes / "README.md").write_text("# Notes\n\n* [Kayak storage](kayak.md)\n"
                                     "* [Heron watching](herons.md)\n* [Tegel walks](walks.md)\n"
                                     "* [Boathouse keys](keys.md)\n")
    fake_library.index([str(notes)])
    # the index holds all three words in its titles, the note in its text: before the
    # demotion the index ranked first
    hits = fake_library.search("kayak storage heron", k=2)
    assert [h.path.rsplit("/", 1)[1] for h in hits] == ["kayak.md", "README.md"]
    keyword = fake_library.search("kayak storage heron", k=2, mode="keyword")
    assert keyword[0].path.endswith("README.md")  # a keyword search: where the words stand
    assert fake_library.search("heron watching", k=1)[0].path.endswith("README.md")
