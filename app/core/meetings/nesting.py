"""What a bullet's place under another says in minutes that nest their outcomes.

"Volunteers: Eric Holk, Ryan" under a proposal names who will do it; a decision that
points back ("let Eric go ahead with creation/movement here") is about the bullet above
it. ``items`` reads the nesting (``topics.bullet_above``) and asks these.
"""

from __future__ import annotations

import re

from app.core.meetings.lines import LINK, unmarked
from app.core.meetings.people import People, clean_name

_VOLUNTEERS = re.compile(r"^\s*(?:[-*+]\s+)?\**volunteers?\**\s*:\**\s*(?P<who>\S.*)$", re.I)
_PROPOSED = re.compile(r"^(?:[\w ]{1,30}:\s+)?(?:\**(?:decision(?: proposal)?|proposal)\**"
                       r"\s*[:\-–]\s*)?", re.I)


def volunteers(line: str, parent: str | None, people: People) -> tuple[str, str] | None:
    """"Volunteers: Eric Holk, Ryan" under a proposal or decision: the people who will do
    what it says ("Create a subcommittee to bring back a proposal ..."). Not under a
    question ("any volunteers?"): that is only the call."""
    m = _VOLUNTEERS.match(line)
    if not m or not parent or parent.rstrip().endswith("?"):
        return None
    task = unmarked(_PROPOSED.sub("", parent)).rstrip(". ")
    names = [people.resolve(n) or clean_name(n) for n in re.split(r",\s*|\s+and\s+", m["who"])]
    owners = ", ".join(n for n in names if n)
    return (task, owners) if task and owners else None


_CONSENT = re.compile(r"^(?:no objections?|decision|agreed|consensus)\b", re.I)
_POINTS = re.compile(r"\b(?:here|this|that|it)\W*$", re.I)
_SUBJECT = re.compile(r"^[\s*_]*(?:\**\s*(?:goal|proposal|question|topic|discussion)\s*\**\s*:"
                      r"\s*\**\s*)?(?:call for feedback on\s+)?", re.I)


def pointed_at(decision: str, parent: str | None, topic: str) -> str:
    """A decision that ends pointing back ("let Eric go ahead with creation/movement
    here") with what it points at: the bullet right above it, when that is not the agenda
    item the decision is already placed under ("... here (publishing policy on the
    Forge)")."""
    if not parent or not _POINTS.search(decision.rstrip(". ")):
        return decision
    subject = LINK.sub(r"\1", _SUBJECT.sub("", parent))
    subject = re.sub(r"[:,]?\s*https?://\S+", "", subject).strip(" :*.")
    if not subject or subject.endswith("?") or subject in LINK.sub(r"\1", topic) \
            or _CONSENT.match(subject):
        return decision  # "No objections to a WG" above it: a second, not a subject
    return f"{decision.rstrip('. ')} ({subject})"
