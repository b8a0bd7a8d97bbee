"""What a meeting note states: attendees, decisions, action items, read from the text.

These are read deterministically, so they never depend on the model: attendee lines and
lists under a Present/Attendees heading, "Decision:" and "Action:" lines (also bold, also
"Next action:"), checkboxes, lists under a Decisions or Action items heading, transcript
speakers, and commitments, requests and decisions said in sentences (``speech_items``).
Every action item carries its line range or cue time and a due day resolved against the
meeting date; the model only adds what is stated in prose, and only when it is grounded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from app.core.meetings.due_dates import find_due, resolve_due
from app.core.meetings.speech import resolve_person, spoken_items
from app.core.types import Block, Chunk, Document, ItemSource, JsonDict

_MARK = r"\s*\**\s*"  # bold markers, also written "**Action  **:"
_ATTENDEES = re.compile(rf"^\s*(?:[-*]\s*)?{_MARK}(?:attendees|participants|present|attendance"
                        rf"|in attendance){_MARK}\s*:{_MARK}(.+)$", re.I)
_DECISION = re.compile(rf"^\s*(?:[-*+]\s*)?(?:\[[ xX]\]\s*)?{_MARK}(?:decisions?|decided|agreed"
                       rf"|resolution|resolved|outcome){_MARK}\s*[:\-–]{_MARK}(.+)$", re.I)
_ACTION = re.compile(rf"^\s*(?:[-*+]\s*)?{_MARK}(?:next\s+)?(?:action(?:\s+items?)?s?|todo|to-do"
                     rf"|tasks?|ai|follow[- ]?ups?){_MARK}\s*[:\-–]{_MARK}(.+)$", re.I)
_CHECKBOX = re.compile(r"^\s*[-*+]\s*\[([ xX])\]\s*(.+)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
_OWNER_PREFIX = re.compile(r"^@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\s*[:–-]\s+(.+)$")
_OWNER_VERB = re.compile(r"^@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?) (?:to|will|should|must) (.+)$")
_OWNER_TAG = re.compile(r"\s*\((?:owner\s*:\s*)?@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\)\s*$")
_WHEN = (r"\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+(?: \d{4})?|[A-Z][a-z]+ \d{1,2}(?:, \d{4})?"
         r"|(?:next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|end of \w+|tomorrow|today")
_DUE = re.compile(rf"\s*[—–,-]?\s*\(?\b(?:due|by|deadline)\b\s*:?\s*({_WHEN})\)?\s*\.?$", re.I)
_DECISION_HEADING = re.compile(r"decision|agreed|outcome|resolution|conclusion", re.I)
_ACTION_HEADING = re.compile(r"action|next step|todo|to-do|tasks|follow", re.I)
_PEOPLE_HEADING = re.compile(r"^(?:present|attendees|attendance|participants|in attendance"
                             r"|members present|people)$", re.I)
_TITLES = re.compile(r"^(?:prof|dr|mr|mrs|ms|mx|sir|dame)\.?\s+", re.I)


@dataclass(frozen=True)
class ActionItem:
    """A task from the meeting: what, who, when, whether it is done, and where it is said.

    ``source``: "note" when marked as a task (Action:, a checkbox, an action list),
    "speech" when said in a transcript, "prose" when said in a note's sentences, "model"
    when read by the chat model (and checked against the text)."""

    text: str
    owner: str | None = None
    due: str | None = None
    done: bool = False
    source: ItemSource = "note"
    due_date: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    time_start: str | None = None
    id: str | None = None

    def to_json(self) -> JsonDict:
        return {"text": self.text, "owner": self.owner, "due": self.due, "done": self.done,
                "source": self.source, "due_date": self.due_date, "line_start": self.line_start,
                "line_end": self.line_end, "time_start": self.time_start, "id": self.id}


@dataclass
class MeetingItems:
    attendees: list[str]
    decisions: list[str]
    action_items: list[ActionItem]


def explicit_items(doc: Document) -> MeetingItems:
    """Attendees, decisions and action items the document states: marked ones (Action:,
    checkboxes, lists under a heading) and those said in its sentences or utterances."""
    from app.core.ingest import meeting_date

    date = meeting_date(doc)
    attendees = _front_matter_people(doc) + _speakers(doc)
    decisions: list[str] = []
    actions: list[ActionItem] = []
    residual: list[Block] = []
    for block in doc.blocks:
        if _PEOPLE_HEADING.match(block.heading.rsplit(" > ", 1)[-1].strip(" :*")):
            attendees += _listed_people(block.text)
            continue
        rest = []
        for offset, line in enumerate(block.text.split("\n")):
            where = _line_of(block, offset)
            if not _read_line(line, block.heading, attendees, decisions, actions, where, date):
                rest.append(line)
        if any(line.strip() for line in rest):
            residual.append(replace(block, text="\n".join(rest)))
    attendees = [_person(p) for p in attendees]
    attendees = _unique([p for p in attendees if p])
    for item in spoken_items(residual, attendees, date):
        if item.kind == "decision":
            decisions.append(item.text)
        else:
            actions.append(ActionItem(item.text, item.owner, item.due, False,
                                      "speech" if item.speaker else "prose", item.due_date,
                                      item.line_start, item.line_end, item.time_start))
    actions = [replace(a, id=item_id(str(doc.path), a.text),
                       owner=resolve_person(a.owner, attendees) or a.owner if a.owner else None)
               for a in actions]
    return MeetingItems(attendees, _unique(decisions), _unique_actions(actions))


def item_id(path: str, text: str) -> str:
    """A stable id for an item: the same text in the same file keeps its id."""
    digest = hashlib.sha1(f"{path}\n{' '.join(text.casefold().split())}".encode())
    return digest.hexdigest()[:12]


def _line_of(block: Block, offset: int) -> tuple[int | None, int | None, str | None]:
    if block.line_start is None:
        return None, None, block.time_start
    line = block.line_start + offset
    if block.line_end is not None and line > block.line_end:
        return block.line_start, block.line_end, block.time_start
    return line, line, block.time_start


_Where = tuple[int | None, int | None, str | None]  # line_start, line_end, time_start


def _read_line(line: str, heading: str, attendees: list[str], decisions: list[str],
               actions: list[ActionItem], where: _Where, date: str | None) -> bool:
    """Read one marked line; False when it carries no marker (left for sentence rules)."""
    last_heading = heading.rsplit(" > ", 1)[-1]
    if m := _ATTENDEES.match(line):
        attendees += split_people(m.group(1))
    elif m := _DECISION.match(line):
        decisions.append(_clean(m.group(1)))
    elif m := _CHECKBOX.match(line):
        actions.append(_placed(parse_action(m.group(2), done=m.group(1) != " "), where, date))
    elif m := _ACTION.match(line):
        actions.append(_placed(parse_action(m.group(1)), where, date))
    elif (m := _BULLET.match(line)) and _DECISION_HEADING.search(last_heading):
        decisions.append(_clean(m.group(1)))
    elif (m := _BULLET.match(line)) and _ACTION_HEADING.search(last_heading):
        actions.append(_placed(parse_action(m.group(1)), where, date))
    else:
        return False
    return True


def _placed(item: ActionItem, where: _Where, date: str | None) -> ActionItem:
    line_start, line_end, time_start = where
    due_words = item.due or find_due(item.text)
    return replace(item, text=item.text.rstrip(". "), due=due_words,
                   due_date=resolve_due(due_words, date),
                   line_start=line_start, line_end=line_end, time_start=time_start)


def attendee_passages(chunks: list[Chunk]) -> list[Chunk]:
    """``chunks`` without the passages that only list a meeting's people (a "## Present"
    list would otherwise come first for any question naming them); the names go to the
    first remaining passage's searchable ``extra`` words, so the meeting is still found by
    who was there. Kept as they are when nothing else would remain."""
    listed = [c for c in chunks if _PEOPLE_HEADING.match(c.heading.rsplit(" > ", 1)[-1]
                                                         .strip(" :*"))
              and all(_BULLET.match(line) and len(line.split()) <= 8
                      for line in c.text.split("\n") if line.strip())]
    if not listed or len(listed) == len(chunks):
        return chunks
    people = [p for c in listed for p in _listed_people(c.text)]
    kept = [c for c in chunks if c not in listed]
    first = replace(kept[0], extra=" ".join(filter(None, [kept[0].extra, "Attendees: "
                                                           + ", ".join(people)])))
    return [replace(c, index=i) for i, c in enumerate([first] + kept[1:])]


def _listed_people(text: str) -> list[str]:
    people: list[str] = []
    for line in text.split("\n"):
        entry = _BULLET.match(line)  # a bullet is one person: "Carla Mendes, treasurer"
        people += [entry.group(1).split(",")[0]] if entry else split_people(line)
    return people


def _person(raw: str) -> str:
    """A name as a person writes it: no @handle, (role), title or trailing remark."""
    name = re.sub(r"\(.*?\)|\[.*?\]|<.*?>|@[\w.-]+", " ", raw)
    name = re.split(r"\s+[—–-]\s+|:", name)[0]
    name = _TITLES.sub("", " ".join(name.split()).strip(" .,*_"))
    return name if 0 < len(name.split()) <= 5 else ""


def parse_action(text: str, done: bool = False, source: ItemSource = "note") -> ActionItem:
    """Split "Marco: move the report job — due 2026-03-20" into text, owner and due date."""
    text = _clean(text)
    due = None
    if m := _DUE.search(text):
        due, text = m.group(1), text[: m.start()].rstrip(" ,;—–-")
    owner = None
    if m := _OWNER_TAG.search(text):
        owner, text = m.group(1), text[: m.start()]
    elif m := _OWNER_PREFIX.match(text) or _OWNER_VERB.match(text):
        owner, text = m.group(1), m.group(2)
    return ActionItem(_clean(text), owner, due, done, source)


def split_people(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", _clean(text))
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _front_matter_people(doc: Document) -> list[str]:
    for key in ("attendees", "participants"):
        if doc.meta.get(key):
            return split_people(doc.meta[key])
    return []


def _speakers(doc: Document) -> list[str]:
    return [b.speaker for b in doc.blocks if b.speaker]


def _clean(text: str) -> str:
    return " ".join(text.replace("**", "").split()).strip()


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def _unique_actions(items: list[ActionItem]) -> list[ActionItem]:
    seen, out = set(), []
    for item in items:
        if item.text and item.text.lower() not in seen:
            seen.add(item.text.lower())
            out.append(item)
    return out
