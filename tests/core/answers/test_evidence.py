"""Evidence: the sentences quoted first, chosen by meaning and rare words together."""

from __future__ import annotations

from app.core.answers.evidence import ScoredSentence, pick_evidence, score_sentences
from app.core.answers.gate import gate_weights, question_terms
from app.core.types import Hit
from tests.support.fakes import HashingEmbedder

NETWORK = Hit("/n/network.md", 0.5, "The guest network is called Lighthouse-Guest. Its password "
              "is amber-otter-42 and it changes every January. The router sits in the hall.",
              "n:0")
REVIEW = Hit("/n/review.vtt", 0.4, "Dana Whitfield: Agreed. Let's add PgBouncer and rerun the "
             "load test next Tuesday.\nAiko Tanaka: Please send me the status page text.",
             "r:0", file_type="vtt")


def sentence(n, position, text, score, typed=True) -> ScoredSentence:
    return ScoredSentence(n, text, score, 0.0, score, typed, None, position)


def test_the_sentence_that_continues_the_best_one_is_quoted_with_it():
    scored = [sentence(1, 0, "The guest network is called Lighthouse-Guest.", 0.63),
              sentence(2, 4, "Guests may use the printer.", 0.62),
              sentence(1, 1, "Its password is amber-otter-42.", 0.5)]
    assert [e.quote for e in pick_evidence(scored)] == [
        "The guest network is called Lighthouse-Guest.", "Its password is amber-otter-42."]


def test_a_second_sentence_only_when_it_scores_nearly_as_well():
    scored = [sentence(1, 0, "Kept for 72 hours.", 0.9), sentence(2, 0, "Other text.", 0.5)]
    assert [e.quote for e in pick_evidence(scored)] == ["Kept for 72 hours."]
    assert pick_evidence([sentence(1, 0, "No number here at all.", 0.9, typed=False)]) == []


def test_the_rare_term_sentence_is_a_candidate_and_keeps_its_speaker():
    question = "What did we decide about PgBouncer?"
    terms = question_terms(question)
    weights = gate_weights(terms, {"decide": 0, "pgbouncer": 1}, 50)
    embedder = HashingEmbedder()
    scored = score_sentences(question, embedder.embed([question])[0], [NETWORK, REVIEW],
                             weights, embedder)
    best = scored[0]
    assert best.sentence.startswith("Let's add PgBouncer") and best.speaker == "Dana Whitfield"
    assert best.keyword > 0 and best.n == 2
