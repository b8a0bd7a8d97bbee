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


def noted(*lines: tuple[str | None, str], heading: str = "Minutes > Budget") -> list[Block]:
    """Lines of taken minutes: under a heading, no cue times."""
    return [Block(f"{who}: {text}" if who else text, heading=heading, speaker=who,
                  line_start=n + 1, line_end=n + 1) for n, (who, text) in enumerate(lines)]


def test_minutes_shorthand_commits_the_speaker():
    blocks = noted(("Ryan", "Draft is ready. Ready for council eyes, will post a link on Zulip."),
                   ("Eric", "No bandwidth myself but I can try to find a champion for the RFC."),
                   ("Lori", "I'll talk to Abi about the board report."),
                   ("Mara", "As soon as it's approved, I want to do a save-the-date blog post."),
                   ("James", "I want to make sure we are not putting Lori on the spot."),
                   (None, "Will release 1.87 on stage."),
                   (None, "Khio and Jack will put together a concrete proposal."),
                   ("Josh", "David, as part of the rework, would you be up for asking teams?"),
                   ("TC", "Process-wise, let's start an FCP on the plan."),
                   ("Jonathan", "Let's consider alternative names."),
                   ("Eric", "I committed to writing down our process. I still plan to do it."),
                   ("Eric", "Good to wrap up? Action item to get PRs up next week."))
    people = People(["Ryan", "Eric", "Lori", "Mara", "James", "Josh", "David", "Khio", "Jack",
                     "TC", "Jonathan"])
    items = [(i.text, i.owner) for i in spoken_items(blocks, people, MEETING)]
    assert items == [("post a link on Zulip", "Ryan"),
                     ("try to find a champion for the RFC", "Eric"),
                     ("talk to Abi about the board report", "Lori"),
                     ("do a save-the-date blog post", "Mara"),
                     ("put together a concrete proposal", "Khio, Jack"),
                     ("asking teams (as part of the rework)", "David"),
                     ("start an FCP on the plan", None),
                     ("writing down our process", "Eric"),
                     ("get PRs up next week", "Eric")]


def test_the_same_words_in_a_transcript_are_talk():
    blocks = [Block("Ann: I want to thank the minister.", speaker="Ann"),
              Block("Ann: Will do a quick recap, but I can stop anytime.", speaker="Ann")]
    assert spoken_items(blocks, People(["Ann"]), MEETING) == []


def test_a_long_task_in_minutes_is_cut_where_a_reader_sees_the_cut():
    blocks = noted(("TC", "We'll review the minutes and check off that we're OK with them being "
                          "posted next week, after giving a few days for each of us to clarify "
                          "our remarks."),
                   ("TC", "I'll invite Jonathan to the next meeting and ask Bec for her thoughts "
                          "on whether Foundation counsel might join our meeting or whether there "
                          "is a better way to get that input."))
    texts = [i.text for i in spoken_items(blocks, People(["TC"]), MEETING)]
    assert texts == [
        "review the minutes and check off that we're OK with them being posted next week",
        "invite Jonathan to the next meeting and ask Bec for her thoughts on whether "
        "Foundation counsel might join our meeting …"]


def test_consent_in_minutes():
    blocks = noted((None, "Proposal: Agree that one second is needed for both drafts."),
                   ("Mark", "(discuss proposal above)"),
                   (None, "No objection to plan, will proceed with one second."),
                   (None, "No objections to creating a working group."),
                   ("TC", "Hearing support and no objections, the date is approved."),
                   ("TC", "Hearing none, there are no clarifications."),
                   ("TC", "Agreed, we're planning to announce it shortly."),
                   ("TC", "Agreed. The idea is to stretch the funds."))
    decisions = [i.text for i in spoken_items(blocks, People(["Mark", "TC"]), MEETING)
                 if i.kind == "decision"]
    assert decisions == ["Agree that one second is needed for both drafts",
                         "creating a working group", "the date is approved"]


def test_consent_then_taking_the_details_offline_agrees_to_the_proposal():
    blocks = noted((None, "Proposal: Approve setting up our own Mastodon instance."),
                   ("Mara", "Any objections?"),
                   ("Ryan", "No objections. Let's take any detail discussion offline."))
    decisions = [i.text for i in spoken_items(blocks, People(["Mara", "Ryan"]), MEETING)]
    assert decisions == ["Approve setting up our own Mastodon instance"]
