"""A small model's summary is checked against the note, or replaced by the note's words."""

from __future__ import annotations

from pathlib import Path

from app.core.ingest.transcripts import VttParser
from app.core.meetings.extractive import EXTRACTIVE_LABEL, extractive_summary
from app.core.meetings.summarize import summarize_document
from app.core.text.grounding import checked_prose
from tests.conftest import SAMPLE_NOTES
from tests.support.fakes import HashingEmbedder, ScriptedGenerator

REVIEW = SAMPLE_NOTES / "meetings" / "2026-03-11-design-review.vtt"
SOURCE = REVIEW.read_text(encoding="utf-8")


def test_invented_names_numbers_templates_prefixes_and_echoes_are_dropped():
    prose = ("The team agreed to add PgBouncer in front of the primary. "
             "Akiyama Tanaka will write the status text. "  # a person not in the meeting
             "The new version is now 3.5. "  # a number not in the meeting
             "A keynote speech delivered by [Speaker's Name] at [Event Name]. "
             "Dana Whitfield (10/28): Thanks for joining. "  # a role prefix
             "Today we review the results of the load test on the new orders path. "  # echo
             "Aiko asked for the status page text by the end of March.")
    kept, dropped = checked_prose(prose, SOURCE)
    assert kept == ("The team agreed to add PgBouncer in front of the primary. "
                    "Aiko asked for the status page text by the end of March.")
    assert dropped == 5


def test_extractive_summary_keeps_order_and_speakers():
    blocks = VttParser().parse(REVIEW).blocks
    summary = extractive_summary(blocks, HashingEmbedder(), count=3)
    lines = summary.splitlines()
    assert lines[0] == EXTRACTIVE_LABEL and len(lines) == 4
    said = [b.text for b in blocks]
    positions = [said.index(line.removeprefix("- ")) for line in lines[1:]]
    assert positions == sorted(positions)  # in the order they were said, "Speaker: text"


def test_summarize_falls_back_to_the_meetings_words():
    doc = VttParser().parse(REVIEW)
    junk = ScriptedGenerator("Meeting notes: A keynote speech delivered by [Speaker's Name] "
                             "at [Event Name] in 1999.")
    summary = summarize_document(doc, junk, model_items=False, embedder=HashingEmbedder())
    assert summary.summary_source == "extractive" and summary.dropped_sentences == 1
    assert summary.summary.startswith(EXTRACTIVE_LABEL)
    assert summary.to_json()["summary_source"] == "extractive"
    good = ScriptedGenerator("The team reviewed the load test and agreed to add PgBouncer "
                             "in front of the primary before signing off.")
    kept = summarize_document(doc, good, model_items=False, embedder=HashingEmbedder())
    assert kept.summary_source == "model" and "PgBouncer" in kept.summary
    assert Path(kept.path) == REVIEW
