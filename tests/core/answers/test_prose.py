"""The model's answer prose is checked sentence by sentence while it streams."""

from __future__ import annotations

from app.core.answers.answer import Evidence
from app.core.answers.prose import ProseFilter
from app.core.types import Hit

WEEKLY = Hit(path="/n/weekly.md", score=0.5, chunk_id="w:0", text=(
    "- [ ] Marco: move the nightly report job to the read API — due 2026-03-20\n"
    "- [ ] Priya: write the rollback runbook and rehearse it in staging — due 2026-03-27"))
API = Hit(path="/n/api.md", score=0.4, chunk_id="a:0", text=(
    "Idempotency keys are kept for 72 hours. After that a request with the same key is "
    "treated as new. Webhooks are retried for 3 days."))


def run(prose: str, evidence=(), chunks=1) -> ProseFilter:
    shown: list[str] = []
    checked = ProseFilter([WEEKLY, API], "When is the rollback runbook due?", shown.append,
                          evidence)
    size = max(1, len(prose) // chunks)
    for i in range(0, len(prose), size):  # the model streams pieces of any size
        checked.feed(prose[i:i + size])
    checked.finish()
    assert shown == checked.kept
    return checked


def test_a_supported_sentence_is_kept_and_cites_its_passage():
    checked = run("Priya writes the rollback runbook, due on 27 March 2026.", chunks=7)
    assert checked.kept == ["Priya writes the rollback runbook, due on 27 March 2026 [1]."]
    assert checked.dropped == 0


def test_a_number_from_another_sentence_of_the_passage_is_dropped():
    checked = run("The rollback runbook is due on March 20.")
    assert checked.kept == [] and checked.dropped == 1


def test_invented_numbers_refusals_and_repeated_evidence_are_dropped():
    evidence = [Evidence(2, "Idempotency keys are kept for 72 hours.")]
    checked = run("The keys are kept for 72 hours [2]. Webhooks are retried for 9 days [2]. "
                  "The files do not mention the runbook. Priya owns the runbook [1].",
                  evidence, chunks=5)
    assert checked.kept == ["Priya owns the runbook [1]."]
    assert checked.dropped == 3


def test_a_citation_that_does_not_exist_is_removed_before_checking():
    checked = run("Marco moves the nightly report job [7].")
    assert checked.kept == ["Marco moves the nightly report job [1]."]


def test_a_repeated_sentence_and_filler_are_dropped():
    checked = run("Priya writes the rollback runbook, due on 27 March 2026. The document is: "
                  "[1]. Priya writes the rollback runbook, due on 27 March 2026 [1]. Here is "
                  "the answer.")
    assert checked.kept == ["Priya writes the rollback runbook, due on 27 March 2026 [1]."]
    assert checked.dropped == 3
