"""Decisions and action items said in speech and prose, and due dates in words."""

from __future__ import annotations

import pytest

from app.core.meetings.due_dates import find_due, resolve_due
from app.core.meetings.people import People
from app.core.meetings.speech import spoken_items
from app.core.types import Block
from benchmarks.meeting_items import score

MEETING = "2026-03-11"  # a Wednesday


@pytest.mark.parametrize("words, day", [
    ("by the ninth", "2026-04-09"), ("by the 15th", "2026-03-15"), ("by Monday", "2026-03-16"),
    ("tomorrow", "2026-03-12"), ("next Wednesday", "2026-03-18"), ("next Tuesday", "2026-03-17"),
    ("end of the month", "2026-03-31"), ("by the end of March", "2026-03-31"),
    ("before the board meeting on 3 July", "2026-07-03"), ("2026-09-30", "2026-09-30"),
    ("July 3rd, 2027", "2027-07-03"), ("in two weeks", "2026-03-25"),
    ("end of the week", "2026-03-13"), ("the end of February", "2027-02-28"),
    ("soon", None), ("next week", None), ("Q3", None), ("2026-02-30", None)])
def test_due_dates_resolve_against_the_meeting_date(words, day):
    assert resolve_due(words, MEETING) == day


def test_due_words_are_found_but_not_invented():
    assert find_due("Send the report by the ninth, please.") == "by the ninth"
    assert find_due("I will first check the logs.") is None
    assert find_due("We pick the second option.") is None
    assert resolve_due("next Friday", None) is None  # no meeting date: no guess


def said(*lines: tuple[str, str]) -> list[Block]:
    return [Block(f"{who}: {text}", speaker=who, time_start=f"00:00:{n:02d}.000")
            for n, (who, text) in enumerate(lines)]


def test_owners_come_from_the_speaker_the_addressee_or_the_reply():
    blocks = said(("Noor Haddad", "Omar, could you check the invoices before the fifteenth?"),
                  ("Omar Farouk", "I'll draft the migration plan."),
                  ("Lena Kovacs", "Please send me the agenda."),
                  ("Noor Haddad", "Will do."))
    people = People(["Noor Haddad", "Omar Farouk", "Lena Kovacs"])
    items = {i.text: (i.owner, i.due_date, i.time_start)
             for i in spoken_items(blocks, people, MEETING)}
    assert items == {
        "check the invoices before the fifteenth": ("Omar Farouk", "2026-03-15", "00:00:00.000"),
        "draft the migration plan": ("Omar Farouk", None, "00:00:01.000"),
        "send me the agenda": ("Noor Haddad", None, "00:00:02.000")}


@pytest.mark.parametrize("sentence", [
    "We discussed the budget.", "I'll be late on Monday.", "The migration will take two weeks.",
    "Can we talk about the roadmap next time?", "It will probably rain on the open day.",
    "We talked about the bins but did not decide anything.", "I'll go back to Mr. Smith now.",
    "Let me continue in English.", "I think we will need more time.", "Sure, I'll do it."])
def test_talk_is_not_an_item(sentence):
    dana = People(["Dana Whitfield"])
    assert spoken_items(said(("Dana Whitfield", sentence)), dana, MEETING) == []


def test_decisions_in_speech():
    blocks = said(("Marco Ruiz", "We can fix that by putting PgBouncer in front of the primary."),
                  ("Dana Whitfield", "Agreed."),
                  ("Lena Kovacs", "So we all agreed to move the offsite to October."))
    decisions = [i.text for i in spoken_items(blocks, People(), MEETING) if i.kind == "decision"]
    assert decisions == ["We can fix that by putting PgBouncer in front of the primary",
                         "move the offsite to October"]


def test_the_labeled_meetings_are_read_exactly():
    result = score()
    assert result["action_precision"] == result["decision_precision"] == 1.0, result
    assert result["action_recall"] >= 0.9 and result["decision_recall"] == 1.0, result
    assert result["owner_accuracy"] == result["due_accuracy"] == 1.0, result
    assert result["attendee_recall"] == 1.0, result


def test_a_word_ending_like_a_filler_keeps_its_letters():
    blocks = said(("Noor Haddad", "Omar, could you fix the webhook?"),
                  ("Noor Haddad", "Lena, please update the notebook, ok?"))
    people = People(["Noor Haddad", "Omar Farouk", "Lena Kovacs"])
    assert [(i.text, i.owner) for i in spoken_items(blocks, people, MEETING)] == [
        ("fix the webhook", "Omar Farouk"), ("update the notebook", "Lena Kovacs")]
