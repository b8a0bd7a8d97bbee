"""The answer gate's rules, on given signals (calibration: benchmarks/answer_gate.py)."""

from __future__ import annotations

from app.core.answers.gate import (
    Thresholds,
    expected_type,
    gate_weights,
    has_type,
    judge,
    name_like,
    question_terms,
)


def test_question_words_are_not_terms_and_names_are_recognized():
    assert question_terms("What did we decide about PgBouncer?") == ["decide", "pgbouncer"]
    assert name_like("What was Quillfeather Analytics' revenue in 2023?") == {
        "quillfeather", "analytics", "2023"}
    assert name_like("what about pgbouncer") == set()
    # a code identifier names one thing as a capitalized word does
    assert name_like("how to use the post_save signal, not __init__?") == {"post_save"}


def test_a_name_the_library_never_holds_is_said_when_nothing_is_found():
    signals = judge("What was Quillfeather's revenue?", best_score=0.3, cosine=0.3,
                    terms=["quillfeather", "revenue"], counts={"revenue": 3})
    assert not signals.found and signals.unknown_names == ("quillfeather",)
    assert "never mention quillfeather" in signals.reason
    # a close sentence still answers: real questions spell names differently ("dLNs")
    assert judge("CCL19 is absent within dLNs.", 0.7, 0.5, ["ccl19", "absent", "dlns"],
                 {"ccl19": 2, "absent": 4}).found


def test_the_best_sentence_score_decides():
    terms, counts = ["decide", "pgbouncer"], {"decide": 1, "pgbouncer": 1}
    strict = Thresholds(min_score=0.7)
    assert judge("What did we decide about PgBouncer?", 0.69, 0.26, terms, counts).found
    assert not judge("What did we decide about PgBouncer?", 0.69, 0.26, terms, counts,
                     strict).found


def test_how_much_and_when_questions_need_a_number_or_a_date():
    assert expected_type("How much did the bathroom cost?") == "number"
    assert expected_type("When is it due?") == "time"
    assert expected_type("By when?") == "time"
    assert expected_type("Who is writing the runbook?") is None
    assert not has_type("Tiling is done by the same team as the bathroom.", "number")
    assert has_type("The cabinets cost 7,940 EUR.", "number")
    assert has_type("Check the invoices before the fifteenth.", "time")
    assert has_type("Two thirds are deductible.", "number")


def test_words_the_library_never_holds_are_weighted_by_the_setting():
    weights = gate_weights(["bicycle", "tyre"], {"tyre": 1}, 100, Thresholds(unknown_weight=0.5))
    full = gate_weights(["bicycle", "tyre"], {"tyre": 1}, 100, Thresholds(unknown_weight=1.0))
    assert weights["tyre"] == full["tyre"] and weights["bicycle"] == full["bicycle"] / 2
    assert full["bicycle"] > full["tyre"]  # never seen: the rarest of all


def test_a_quoted_phrase_found_verbatim_answers():
    args = ("What about the “blue box”?", 0.2, 0.2, ["blue", "box"], {"blue": 1, "box": 1})
    assert not judge(*args).found
    assert judge(*args, phrase_held=True).found
