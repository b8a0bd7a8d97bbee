"""Reading a passage by place: only indexed files inside the library's folders."""

from __future__ import annotations

import os

import pytest

from app.core.errors import HearthError
from app.core.search.passages import OutsideLibrary


@pytest.fixture
def notes(fake_library, tmp_path):
    folder = tmp_path / "notes"
    (folder / "work").mkdir(parents=True)
    (folder / "work" / "plan.md").write_text(
        "# Plan\n\nThe cutover is on Friday night after the freeze.\n\n"
        "# Risks\n\nReplication lag above five seconds blocks the cutover entirely.\n\n"
        "# People\n\nDana writes the rollback runbook before the cutover weekend.\n")
    (folder / "private").mkdir()
    (folder / "private" / "diary.md").write_text("# Diary\n\nThe safe code is 4711.\n")
    fake_library.index([str(folder)])
    fake_library.forget(str(folder / "private"))
    return folder.resolve()


def test_by_line_by_chunk_id_and_neighbours(fake_library, notes):
    plan = str(notes / "work" / "plan.md")
    found = fake_library.read_passage(plan, line=7, neighbours=0)
    assert [p["text"] for p in found["passages"]] == [
        "Replication lag above five seconds blocks the cutover entirely."]
    around = fake_library.read_passage(chunk_id=found["match"], neighbours=1)
    assert len(around["passages"]) == 3 and around["passages"][1]["chunk_id"] == found["match"]
    first = fake_library.read_passage(plan)
    assert first["passages"][0]["heading"] == "Plan" and len(first["passages"]) == 2
    with pytest.raises(HearthError, match="No passage at line 99"):
        fake_library.read_passage(plan, line=99)


def test_refuses_everything_outside_the_library(fake_library, notes, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("secret")
    link = notes / "work" / "link.md"
    os.symlink(outside, link)
    for path in ("work/plan.md", str(notes / "work" / ".." / "work" / "plan.md"),
                 str(outside), "/etc/passwd", str(link), str(notes / "private" / "diary.md")):
        with pytest.raises(OutsideLibrary):
            fake_library.read_passage(path)
    with pytest.raises(HearthError, match="chunk id"):
        fake_library.read_passage(chunk_id="1:../2")
    (notes / "work" / "new.md").write_text("# New\n\nNot indexed yet.\n")
    with pytest.raises(HearthError, match="not indexed"):
        fake_library.read_passage(str(notes / "work" / "new.md"))


def test_meetings_and_action_items_filters(fake_library, tmp_path):
    folder = tmp_path / "meetings"
    folder.mkdir()
    (folder / "2026-03-04-sync.md").write_text(
        "# Sync\n\nAttendees: Dana Whitfield, Marco Rossi\n\n"
        "- [ ] Marco: move the report job — due 2026-03-20\n- [x] Dana: send the notes\n")
    (folder / "2026-04-01-review.md").write_text(
        "# Review\n\nAttendees: Dana Whitfield\n\nAction: Dana will book the room\n")
    fake_library.index([str(folder)])
    assert [m.meeting_date for m in fake_library.meetings()] == ["2026-04-01", "2026-03-04"]
    assert [m.meeting_date for m in fake_library.meetings(before="2026-03-31")] == [
        "2026-03-04"]
    open_items = fake_library.action_items()
    assert {(i.owner, i.meeting_date) for i in open_items} == {
        ("Marco Rossi", "2026-03-04"), ("Dana Whitfield", "2026-04-01")}
    assert [i.text for i in fake_library.action_items(owner="MAR")] == [
        "move the report job"]
    assert [i.owner for i in fake_library.action_items(status="done")] == ["Dana Whitfield"]
    assert len(fake_library.action_items(status="all", after="2026-04-01")) == 1
    with pytest.raises(HearthError):
        fake_library.action_items(status="later")
