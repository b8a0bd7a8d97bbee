"""The action-item ledger: written at index time, kept in step with the files, marks kept."""

from __future__ import annotations

import pytest

from app.core.codec import to_data
from app.core.errors import HearthError

SYNC = ("# Sync 2026-03-04\n\nAttendees: Dana Whitfield, Marco Rossi\n\n"
        "- [ ] Marco: move the report job — due 2026-03-20\n- [x] Dana: send the notes\n\n"
        "Marco, could you check the invoices by Friday?\n")
REVIEW = "# Review 2026-04-01\n\nAttendees: Dana Whitfield\n\nAction: Dana will book the room\n"


@pytest.fixture
def meetings(fake_library, tmp_path):
    folder = tmp_path / "meetings"
    folder.mkdir()
    (folder / "2026-03-04-sync.md").write_text(SYNC)
    (folder / "2026-04-01-review.md").write_text(REVIEW)
    other = tmp_path / "notes"  # not a meeting: no items, though it says "I'll ..."
    other.mkdir()
    (other / "plan.txt").write_text("I'll draft the migration plan.\n")
    fake_library.index([str(folder), str(other)])
    return folder


def texts(items):
    return [i.text for i in items]


def test_the_ledger_holds_every_item(fake_library, meetings):
    items = fake_library.action_items(status="all")
    assert texts(items) == ["book the room", "move the report job", "send the notes",
                            "check the invoices by Friday"]
    assert to_data(items[3]) | {"id": None} == {
        "id": None, "text": "check the invoices by Friday", "owner": "Marco Rossi",
        "due": "by Friday", "due_date": "2026-03-06", "done": False, "source": "prose",
        "line_start": 8, "line_end": 8, "time_start": None,
        "path": str((meetings / "2026-03-04-sync.md").resolve()), "meeting_date": "2026-03-04",
        "title": "Sync 2026-03-04", "topic": None}
    assert texts(fake_library.action_items(owner="rOSS")) == ["move the report job",
                                                              "check the invoices by Friday"]
    assert texts(fake_library.action_items(status="done")) == ["send the notes"]
    assert texts(fake_library.action_items(status="all", before="2026-03-31")) == [
        "move the report job", "send the notes", "check the invoices by Friday"]


def test_marks_survive_reindexing_and_follow_the_text(fake_library, meetings):
    item = next(i for i in fake_library.action_items() if i.text == "move the report job")
    assert fake_library.mark_action(item.id).done is True
    assert "move the report job" not in texts(fake_library.action_items(status="open"))
    undone = next(i for i in fake_library.action_items(status="done") if i.text ==
                  "send the notes")
    fake_library.mark_action(undone.id, done=False)  # the user's mark beats the checkbox
    assert "send the notes" in texts(fake_library.action_items(status="open"))
    note = meetings / "2026-03-04-sync.md"
    note.write_text(SYNC.replace("check the invoices", "check the supplier invoices"))
    fake_library.index()
    after = {i.text: i for i in fake_library.action_items(status="all")}
    assert after["move the report job"].done is True  # unchanged text keeps its mark
    assert after["move the report job"].id == item.id
    assert "check the supplier invoices by Friday" in after
    assert "check the invoices by Friday" not in after
    note.unlink()
    fake_library.index()
    assert texts(fake_library.action_items(status="all")) == ["book the room"]
    with pytest.raises(HearthError, match="No action item"):
        fake_library.mark_action("0123456789ab")


def test_files_indexed_before_the_ledger_are_read_by_the_next_reconcile(fake_library,
                                                                           meetings):
    with fake_library.parts.registry.transaction() as db:  # as a library from before migration 004
        db.execute("DELETE FROM action_items")
        db.execute("DELETE FROM ledger_files")
    assert fake_library.action_items(status="all") == []
    report = fake_library.index()
    assert report.indexed == 0  # nothing embedded again
    assert len(fake_library.action_items(status="all")) == 4


def test_owner_found_by_handle_and_items_keep_their_agenda_item(fake_library, tmp_path):
    folder = tmp_path / "meetings"
    folder.mkdir()
    (folder / "2026-05-06-tsc.md").write_text(
        "# TSC 2026-05-06\n\n## Present\n\n* Anna Henningsen (@addaleax)\n"
        "* Rich Trott (@Trott)\n\n## Agenda\n\n### Remove the deprecated API #51981\n\n"
        "* @addaleax will open an issue and tag the release team\n"
        "* Rich to draft the deprecation notice\n")
    fake_library.index([str(folder)])
    mine = fake_library.action_items(owner="addaleax")
    assert [(i.text, i.owner, i.topic) for i in mine] == [
        ("open an issue and tag the release team", "Anna Henningsen",
         "Remove the deprecated API")]
    assert texts(fake_library.action_items(owner="@trott")) == ["draft the deprecation notice"]


def test_overdue_items_are_open_ones_due_before_today(fake_library, meetings):
    # "move the report job" is due 2026-03-20, "check the invoices" 2026-03-06
    assert texts(fake_library.action_items(overdue=True, today="2026-03-10")) == [
        "check the invoices by Friday"]
    assert texts(fake_library.action_items(overdue=True, today="2026-04-01")) == [
        "move the report job", "check the invoices by Friday"]
    done = next(i for i in fake_library.action_items() if i.text == "move the report job")
    fake_library.mark_action(done.id)
    assert texts(fake_library.action_items(overdue=True, today="2026-04-01")) == [
        "check the invoices by Friday"]
    with pytest.raises(HearthError):
        fake_library.action_items(overdue=True, today="last week")
