"""The digest across meetings: decisions since a day with earlier ones on the same topic,
action items opened, done and overdue, by meeting and by person."""

from __future__ import annotations

import pytest

from app.core.errors import HearthError

MARCH = """# Council 2026-03-04

## Attendance

- Members: Ana Lima (@alima), Ben Okafor

## Agenda

### "Travel grant limits" council#148

TC: Hearing no objections, the limit stays at $1000 per person.

Ben: I'll update the travel grant form by 2026-03-20.
"""

APRIL = """# Council 2026-04-01

## Attendance

- Members: Ana Lima (@alima), Ben Okafor

## Agenda

### "Travel grant limits" council#148

Ana: Hearing no objections, we lift the limit to $2000 for the all-hands week.

@alima will write to the foundation about the new limit.

### "Blog post sign-off" council#150

Ben: I'll draft the sign-off policy by 2026-04-03.
"""


@pytest.fixture
def council(fake_library, tmp_path):
    folder = tmp_path / "meetings"
    folder.mkdir()
    (folder / "2026-03-04.md").write_text(MARCH)
    (folder / "2026-04-01.md").write_text(APRIL)
    fake_library.index([str(folder)])
    return fake_library


def test_decisions_since_a_day_show_earlier_ones_on_the_same_topic(council):
    digest = council.digest(since="2026-03-15", today="2026-04-10")
    assert [m.meeting_date for m in digest.meetings] == ["2026-04-01"]
    [decided] = digest.meetings[0].decisions
    assert decided.decision.topic == "Travel grant limits"
    assert decided.decision.text == "we lift the limit to $2000 for the all-hands week"
    assert [(e.meeting_date, e.text) for e in decided.earlier] == [
        ("2026-03-04", "the limit stays at $1000 per person")]
    assert [a.text for a in digest.meetings[0].actions] == [
        "write to the foundation about the new limit", "draft the sign-off policy by 2026-04-03"]


def test_done_and_overdue_by_person(council):
    form = next(i for i in council.action_items() if "travel grant form" in i.text)
    council.mark_action(form.id)
    digest = council.digest(since="2026-03-15", today="2026-04-10")
    assert [r.text for r in digest.done] == ["update the travel grant form by 2026-03-20"]
    assert [r.text for r in digest.overdue] == ["draft the sign-off policy by 2026-04-03"]
    people = {p.name: (len(p.opened), len(p.done), len(p.overdue)) for p in digest.people}
    assert people == {"Ana Lima": (1, 0, 0), "Ben Okafor": (1, 1, 1)}
    data = digest.to_json()
    assert data["since"] == "2026-03-15" and data["meetings"][0]["decisions"][0]["earlier"]
    assert {"name": "Ben Okafor", "opened": [digest.overdue[0].id], "done": [form.id],
            "overdue": [digest.overdue[0].id]} in data["people"]


def test_owner_narrows_the_items_and_the_default_is_a_week(council):
    mine = council.digest(since="2026-03-01", owner="alima", today="2026-04-10")
    assert [p.name for p in mine.people] == ["Ana Lima"]
    assert len([d for m in mine.meetings for d in m.decisions]) == 2  # decisions stay
    assert council.digest(today="2026-04-05").since == "2026-03-29"
    with pytest.raises(HearthError):
        council.digest(since="last week")
