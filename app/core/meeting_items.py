"""What a meeting note states explicitly: attendees, decisions, action items.

These are read deterministically (attendee lines, "Decision:" lines, checkboxes, "Action:"
lines, lists under a Decisions or Action items heading, transcript speakers), so they are
exact; the model only adds what is stated in prose, and only when it is grounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.types import Document

_ATTENDEES = re.compile(r"^\s*(?:[-*]\s*)?\**(?:attendees|participants|present|attendance)\**"
                        r"\s*:\s*(.+)$", re.I)
_DECISION = re.compile(r"^\s*(?:[-*+]\s*)?(?:\[[ xX]\]\s*)?\**(?:decision|decided|agreed)\**"
                       r"\s*[:\-–]\s*(.+)$", re.I)
_ACTION = re.compile(r"^\s*(?:[-*+]\s*)?\**(?:action(?: item)?|todo|to-do|task|ai)\**\s*[:\-–]"
                     r"\s*(.+)$", re.I)
_CHECKBOX = re.compile(r"^\s*[-*+]\s*\[([ xX])\]\s*(.+)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
_OWNER_PREFIX = re.compile(r"^@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\s*[:–-]\s+(.+)$")
_OWNER_VERB = re.compile(r"^@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?) (?:to|will|should|must) (.+)$")
_OWNER_TAG = re.compile(r"\s*\((?:owner\s*:\s*)?@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\)\s*$")
_WHEN = (r"\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+(?: \d{4})?|[A-Z][a-z]+ \d{1,2}(?:, \d{4})?"
         r"|(?:next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|end of \w+|tomorrow|today")
_DUE = re.compile(rf"\s*[—–,-]?\s*\(?\b(?:due|by|deadline)\b\s*:?\s*({_WHEN})\)?\s*\.?$", re.I)
_DECISION_HEADING = re.compile(r"decision|agreed|outcome|resolution", re.I)
_ACTION_HEADING = re.compile(r"action|next step|todo|to-do|tasks|follow", re.I)


@dataclass(frozen=True)
class ActionItem:
    """A task from the meeting: what, who, when, and whether the note ticks it off."""

    text: str
    owner: str | None = None
    due: str | None = None
    done: bool = False
    source: str = "note"  # "note" when stated explicitly, "model" when read from prose

    def to_json(self) -> dict:
        return {"text": self.text, "owner": self.owner, "due": self.due, "done": self.done,
                "source": self.source}


@dataclass
class MeetingItems:
    attendees: list[str]
    decisions: list[str]
    action_items: list[ActionItem]


def explicit_items(doc: Document) -> MeetingItems:
    """Attendees, decisions and action items the document states in so many words."""
    attendees = _front_matter_people(doc) + _speakers(doc)
    decisions: list[str] = []
    actions: list[ActionItem] = []
    for block in doc.blocks:
        for line in block.text.split("\n"):
            _read_line(line, block.heading, attendees, decisions, actions)
    return MeetingItems(_unique(attendees), _unique(decisions), _unique_actions(actions))


def _read_line(line: str, heading: str, attendees: list, decisions: list, actions: list) -> None:
    last_heading = heading.rsplit(" > ", 1)[-1]
    if m := _ATTENDEES.match(line):
        attendees += split_people(m.group(1))
    elif m := _DECISION.match(line):
        decisions.append(_clean(m.group(1)))
    elif m := _CHECKBOX.match(line):
        actions.append(parse_action(m.group(2), done=m.group(1) != " "))
    elif m := _ACTION.match(line):
        actions.append(parse_action(m.group(1)))
    elif (m := _BULLET.match(line)) and _DECISION_HEADING.search(last_heading):
        decisions.append(_clean(m.group(1)))
    elif (m := _BULLET.match(line)) and _ACTION_HEADING.search(last_heading):
        actions.append(parse_action(m.group(1)))


def parse_action(text: str, done: bool = False, source: str = "note") -> ActionItem:
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
