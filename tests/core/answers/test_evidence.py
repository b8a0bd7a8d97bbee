"""Evidence: the sentences quoted first, chosen by meaning and rare words together."""

from __future__ import annotations

from app.core.answers.evidence import (
    ScoredSentence,
    candidates,
    pick_evidence,
    score_sentences,
)
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


def test_a_resolution_after_the_best_sentence_is_quoted_with_it_across_passages():
    # the passage the search did not return (6) continues passage 1 in its file
    scored = [sentence(1, 3, "I realized that VACUUM writes to the /tmp volume.", 0.7),
              sentence(2, 0, "The data volume had room to spare.", 0.66),
              ScoredSentence(6, "The fix was to set SQLITE_TMPDIR to the data volume.", 0.3,
                             0.0, 0.4, True, None, 4, chain=1)]
    assert [(e.n, e.quote) for e in pick_evidence(scored)] == [
        (1, "I realized that VACUUM writes to the /tmp volume."),
        (6, "The fix was to set SQLITE_TMPDIR to the data volume.")]


def test_a_following_passage_continues_the_places_of_the_one_it_follows():
    first = Hit("/n/a.md", 0.5, "I wanted lazy images. They still all loaded at once.", "7:0")
    other = Hit("/n/b.md", 0.4, "Images can be resized with a flag.", "8:0")
    after = Hit("/n/a.md", 0.0, "They still all loaded at once. There's one catch: set the "
                "width and height.", "7:1")
    pool = candidates([first, other, after], {}, follows={3: 1})
    places = {c.sentence: (c.n, c.chain, c.position, c.rank) for c in pool}
    assert places["I wanted lazy images."] == (1, 1, 0, 1)
    assert places["There's one catch: set the width and height."] == (3, 1, 2, 3)
    assert places["Images can be resized with a flag."] == (2, 2, 0, 2)


def test_the_answer_quotes_the_passage_that_follows_a_found_one(fake_library, tmp_path,
                                                                 monkeypatch):
    # the note states the problem in one passage and the fix in the next one: the search
    # returns the first, and the fix is quoted from the second, cited with its own place
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "vacuum.md").write_text(
        "# Vacuum\n\nRunning vacuum on the big database failed with disk full errors.\n\n"
        "The fix was to point the temporary directory at the data volume, which had room "
        "to spare for every copy.\n", encoding="utf-8")
    fake_library.index([str(notes)])
    monkeypatch.setattr(fake_library, "writes_prose", lambda: False)  # the quotes alone
    answer = fake_library.ask("Why did running vacuum on the big database fail with disk "
                              "full errors?", k=1)
    assert [e.n for e in answer.evidence] == [1, 2]
    assert answer.evidence[1].quote.startswith("The fix was to point the temporary directory")
    assert [p.chunk_id.rsplit(":", 1)[1] for p in answer.passages] == ["0", "1"]
    assert answer.passages[1].line_start == 5
