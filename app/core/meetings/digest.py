"""What a person who missed some meetings wants: everything since a day, across meetings.

Decisions taken and action items opened in the meetings since then (grouped by meeting,
each with its place in the note), items marked done since then, and open items whose due
day has passed, grouped again by person. A decision on an agenda item that earlier
meetings also decided is shown with those earlier decisions, so a reversal or a
replacement is seen for what it is. Everything comes from the ledger written at index
time: a digest over a thousand meetings is a few queries, not a read of every note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.core.meetings.ledger import ActionLedger, ActionRow, DecisionRow
from app.core.types import JsonDict

EARLIER_SHOWN = 2  # earlier decisions shown per topic, newest first


@dataclass
class DigestDecision:
    """A decision of the period, with the latest earlier decisions on the same topic."""

    decision: DecisionRow
    earlier: list[DecisionRow] = field(default_factory=list)


@dataclass
class DigestMeeting:
    """One meeting of the period: its decisions and the action items it opened."""

    path: str
    meeting_date: str | None
    title: str | None
    decisions: list[DigestDecision] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)


@dataclass
class PersonDigest:
    """One owner's part: items opened for them, done since, and overdue."""

    name: str
    opened: list[ActionRow] = field(default_factory=list)
    done: list[ActionRow] = field(default_factory=list)
    overdue: list[ActionRow] = field(default_factory=list)


@dataclass
class Digest:
    """``hearth digest``: the meetings since ``since`` (inclusive) up to ``today``."""

    since: str
    today: str
    meetings: list[DigestMeeting] = field(default_factory=list)
    done: list[ActionRow] = field(default_factory=list)
    overdue: list[ActionRow] = field(default_factory=list)
    people: list[PersonDigest] = field(default_factory=list)

    def to_json(self) -> JsonDict:
        """The stable ``digest --json`` contract: add fields, never rename or drop."""
        return {"since": self.since, "today": self.today,
                "meetings": [_meeting_json(m) for m in self.meetings],
                "done": [_row_json(r) for r in self.done],
                "overdue": [_row_json(r) for r in self.overdue],
                "people": [{"name": p.name, "opened": [r.id for r in p.opened],
                            "done": [r.id for r in p.done],
                            "overdue": [r.id for r in p.overdue]} for p in self.people]}


def build_digest(ledger: ActionLedger, since: str, today: str,
                 owner: str | None = None) -> Digest:
    """The digest of the meetings from ``since`` to ``today`` (YYYY-MM-DD); with ``owner``,
    only that person's action items (decisions concern everyone and stay)."""
    digest = Digest(since, today)
    meetings: dict[str, DigestMeeting] = {}
    for row in ledger.decisions(after=since, before=today):
        meeting = _meeting(meetings, row.path, row.meeting_date, row.title)
        meeting.decisions.append(DigestDecision(row, _earlier(ledger, row)))
    for item in ledger.items(owner, "all", after=since, before=today):
        _meeting(meetings, item.path, item.meeting_date, item.title).actions.append(item)
    digest.meetings = sorted(meetings.values(), key=lambda m: (m.meeting_date or "", m.path),
                             reverse=True)
    marks = ledger.marked_since(_epoch(since))
    digest.done = [r for r in ledger.items(owner, "done")
                   if marks.get(r.id) or (r.id not in marks and since <= (r.meeting_date or ""))]
    digest.overdue = ledger.items(owner, "open", due_before=today)
    digest.people = _by_person(digest)
    return digest


def default_since(today: str) -> str:
    """A week before ``today``: "since last week"."""
    return (date.fromisoformat(today) - timedelta(days=7)).isoformat()


def _meeting(meetings: dict[str, DigestMeeting], path: str, when: str | None,
             title: str | None) -> DigestMeeting:
    if path not in meetings:
        meetings[path] = DigestMeeting(path, when, title)
    return meetings[path]


def _earlier(ledger: ActionLedger, row: DecisionRow) -> list[DecisionRow]:
    """Decisions on the same agenda item in meetings before this one, newest first."""
    if not row.topic or not row.meeting_date:
        return []
    return [d for d in ledger.decisions(topic=row.topic, before=row.meeting_date)
            if d.meeting_date and d.meeting_date < row.meeting_date][:EARLIER_SHOWN]


def _by_person(digest: Digest) -> list[PersonDigest]:
    people: dict[str, PersonDigest] = {}

    def person(row: ActionRow) -> PersonDigest:
        name = row.owner or "(no owner)"
        return people.setdefault(name, PersonDigest(name))

    for meeting in digest.meetings:
        for row in meeting.actions:
            person(row).opened.append(row)
    for row in digest.done:
        person(row).done.append(row)
    for row in digest.overdue:
        person(row).overdue.append(row)
    return sorted(people.values(), key=lambda p: (p.name == "(no owner)", p.name.casefold()))


def _epoch(day: str) -> float:
    return datetime.fromisoformat(day).timestamp()


def _row_json(row: ActionRow) -> JsonDict:
    return {"id": row.id, "text": row.text, "owner": row.owner, "due": row.due,
            "due_date": row.due_date, "done": row.done, "path": row.path,
            "meeting_date": row.meeting_date, "line_start": row.line_start,
            "time_start": row.time_start, "topic": row.topic}


def _decision_json(row: DecisionRow) -> JsonDict:
    return {"text": row.text, "topic": row.topic, "path": row.path,
            "meeting_date": row.meeting_date, "line_start": row.line_start,
            "time_start": row.time_start}


def _meeting_json(meeting: DigestMeeting) -> JsonDict:
    return {"path": meeting.path, "meeting_date": meeting.meeting_date, "title": meeting.title,
            "decisions": [_decision_json(d.decision)
                          | {"earlier": [_decision_json(e) for e in d.earlier]}
                          for d in meeting.decisions],
            "actions": [_row_json(r) for r in meeting.actions]}
