"""Meeting summaries with the real tiny model: explicit items exact, long notes map-reduced."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core.meetings.summarize import grounded
from app.core.settings import settings_for_home
from app.services import build
from tests.conftest import SAMPLE_NOTES
from tests.support.fakes import RecordingGenerator

pytestmark = pytest.mark.slow
MEETINGS = SAMPLE_NOTES / "meetings"


@pytest.fixture
def prose_library(real_library):
    """The real library with the model's prose on: these tests prove the model path."""
    real_library.apply_settings(replace(real_library.settings, prose="on"))
    return real_library


def test_markdown_meeting_note(prose_library):
    summary = prose_library.summarize(str(MEETINGS / "2026-03-04-atlas-weekly.md"))
    assert summary.attendees == ["Dana Whitfield", "Marco Ruiz", "Priya Natarajan", "Aiko Tanaka"]
    assert summary.date == "2026-03-04"
    assert summary.decisions[:2] == [
        "roll out the new orders path by percentage: 1%, 10%, 50%, then 100%, one step per day.",
        "the cutover window is Saturday 18 April, 06:00–08:00 UTC."]
    explicit = [a for a in summary.action_items if a.source == "note"]
    assert [(a.owner, a.due, a.done) for a in explicit] == [
        ("Marco Ruiz", "2026-03-20", False), ("Priya Natarajan", "2026-03-27", False),
        ("Aiko Tanaka", "2026-04-10", False), ("Dana Whitfield", None, True)]
    assert [(a.due_date, a.line_start) for a in explicit][:2] == [("2026-03-20", 27),
                                                                  ("2026-03-27", 28)]
    assert explicit[1].text == "write the rollback runbook and rehearse it in staging"
    assert summary.summary
    data = summary.to_json()
    assert set(data) >= {"path", "summary", "decisions", "action_items", "attendees"}
    assert set(data["action_items"][0]) >= {"text", "owner", "due", "due_date", "line_start",
                                             "line_end", "time_start", "id"}


def test_transcript_speakers_are_the_attendees(prose_library):
    summary = prose_library.summarize(str(MEETINGS / "2026-03-11-design-review.vtt"))
    assert summary.attendees == ["Dana Whitfield", "Priya Natarajan", "Marco Ruiz",
                                 "Aiko Tanaka"]
    assert summary.summary and summary.sections == 1
    source = (MEETINGS / "2026-03-11-design-review.vtt").read_text()
    assert all(grounded(item.text, source) for item in summary.action_items)
    said = [a for a in summary.action_items if a.source == "speech"]
    assert [(a.due_date, a.time_start) for a in said if "status page" in a.text] == [
        ("2026-03-31", "00:00:44.500")]
    assert any("PgBouncer" in d for d in summary.decisions)


def test_note_longer_than_the_context_is_summarized_in_full(tmp_path, real_embedder,
                                                              small_context_generator):
    topics = ["budget", "hiring", "office move", "security audit", "customer churn",
              "roadmap"]
    lines = ["# Quarterly planning", "", "Attendees: Ana, Ben, Chloe", ""]
    for topic in topics:
        lines += [f"## {topic.title()}", ""]
        lines += [f"The group discussed the {topic} in detail and reviewed point {i} of the "
                  f"{topic} plan, noting risks and owners." for i in range(8)] + [""]
    note = tmp_path / "planning.md"
    note.write_text("\n".join(lines))
    recorder = RecordingGenerator(small_context_generator)
    library = build(settings_for_home(tmp_path / "h", prose="on"), embedder=real_embedder,
                    generator=recorder)
    summary = library.summarize(str(note))
    assert summary.sections >= 3 and summary.summary
    sent = "\n".join(m["content"] for call in recorder.calls for m in call)
    assert all(f"point 7 of the {topic} plan" in sent for topic in topics)  # nothing dropped
    combine_calls = [c for c in recorder.calls if "partial summaries" in c[0]["content"]]
    assert combine_calls
    assert summary.attendees == ["Ana", "Ben", "Chloe"]
    library.close()


def test_grounding_rejects_invented_items():
    source = "Marco will add PgBouncer in transaction mode before the rerun."
    assert grounded("Marco will add PgBouncer", source)
    assert not grounded("Priya will buy new servers", source)
