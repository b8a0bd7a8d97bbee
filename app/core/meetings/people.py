"""Who was at a meeting, as real minutes write it, and who a name or handle in the text means.

Minutes list people in many ways: "Attendance: a, b", a "## Present" list of bullets, a
list grouped by role ("- Council members: a, b" / "Observers: c"), "Name (@handle)"
entries, absences beside them ("Apologies: d", "- Mara not attending"). Names are kept
apart from their role and remarks ("Jack Huey (2nd half)" is "Jack Huey"), absent people
are left out, and handles map to names so that "@handle will follow up" and
``--owner handle`` find the person. Minutes with no list at all name the people who speak
("Ryan: ...") or hold a role ("Facilitator: TC").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.types import Block, Document

PEOPLE_HEADING = re.compile(r"^(?:present|attendees|attendance|participants|in attendance"
                            r"|members present|people|who was there)$", re.I)
_MARK = r"\s*\**\s*"
ATTENDEE_LINE = re.compile(rf"^\s*(?:[-*]\s*)?{_MARK}(?:attendees|participants|present|attendance"
                           rf"|in attendance|observers|guests){_MARK}\s*:{_MARK}(.+)$", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
_LABELLED = re.compile(r"^([A-Za-z][\w .'/-]{0,40}?)\s*:\s*(.*)$")
_ABSENT = re.compile(r"\b(?:apolog(?:y|ies)|regrets|absent|absence|missing|unavailable|"
                     r"excused|not (?:attending|present|here|available)|away|unable)\b", re.I)
_PEOPLE_LABEL = re.compile(r"\b(?:attend\w*|present|participants?|members?|council|observers?|"
                           r"guests?|invited|visitors?)\b", re.I)
_ROLE = re.compile(r"^(?:facilitator|facilitating|chair|host|minutes|minute[- ]taker|"
                   r"note[- ]?takers?|notes|scribe|moderator|secretary)$", re.I)
_HANDLE = re.compile(r"@([A-Za-z0-9][\w.-]*[\w])")
_TITLES = re.compile(r"^(?:prof|dr|mr|mrs|ms|mx|sir|dame)\.?\s+", re.I)
_NOT_PEOPLE = {"all", "none", "everyone", "everybody", "n/a", "na", "tbd", "nobody", "others",
               "and others", "council", "observers", "guests", "members", "team"}


@dataclass
class People:
    """The meeting's attendees (as written, cleaned) and the handles that stand for them."""

    attendees: list[str] = field(default_factory=list)
    handles: dict[str, str] = field(default_factory=dict)  # casefolded handle -> name

    def resolve(self, name: str) -> str | None:
        """The attendee ``name`` means: a full name, a unique first or last name, a handle."""
        wanted = name.casefold().strip().lstrip("@")
        if wanted in self.handles:
            return self.handles[wanted]
        return resolve_person(name.lstrip("@"), self.attendees)

    def handles_of(self, name: str) -> tuple[str, ...]:
        """The handles ``name`` goes by in this meeting's people list (of each, when an
        item has several owners: "Khio, Jack Huey")."""
        names = set(name.split(", "))
        return tuple(h for h, who in self.handles.items() if who in names)

    def add(self, names: list[str]) -> None:
        known = {a.casefold() for a in self.attendees}
        for name in names:
            if name and name.casefold() not in known:
                known.add(name.casefold())
                self.attendees.append(name)


def read_people(doc: Document) -> People:
    """The people a document lists as present, with their handles."""
    people = People()
    for key in ("attendees", "participants"):
        if doc.meta.get(key):
            people.add(_names(split_people(doc.meta[key]), people))
            break
    for block in doc.blocks:
        if PEOPLE_HEADING.match(block.heading.rsplit(" > ", 1)[-1].strip(" :*")):
            people.add(_names(listed_people(block.text), people))
            continue
        for line in block.text.split("\n"):
            if m := ATTENDEE_LINE.match(line):
                people.add(_names(split_people(m.group(1)), people))
    people.add([b.speaker for b in doc.blocks if b.speaker])
    return people


def listed_people(text: str) -> list[str]:
    """The present people of a people list: one per bullet, or a comma list after a label
    ("Council members: a, b"); lines of absent people are left out."""
    people: list[str] = []
    for line in text.split("\n"):
        entry = _BULLET.match(line)
        body = (entry.group(1) if entry else line).strip()
        labelled = _LABELLED.match(body)
        if labelled and len(labelled.group(1).split()) <= 4 and not _HANDLE.search(
                labelled.group(1)):
            label, rest = labelled.group(1), labelled.group(2)
            if not _ABSENT.search(label):
                people += split_people(rest)
        elif _ABSENT.search(body):
            continue  # "Mara not attending", "Khio (apologies)"
        elif entry:  # a bullet is one person: "Carla Mendes, treasurer"
            people.append(body.split(",")[0])
        else:
            people += split_people(body)
    return people


def split_people(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|&|(?<=[a-z]{3})\.\s)\s*(?![^()]*\))",
                     " ".join(text.split()))
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _names(raw: list[str], people: People) -> list[str]:
    """Each raw entry as a clean name; its @handle (if any) is remembered for it."""
    names = []
    for entry in raw:
        name = clean_name(entry)
        if not name:
            continue
        for handle in _HANDLE.findall(entry):
            people.handles[handle.casefold()] = name
        names.append(name)
    return names


def clean_name(raw: str) -> str:
    """A name as a person writes it: no @handle, (role), title, emphasis or trailing remark."""
    name = re.sub(r"\(.*?\)|\[.*?\]|<.*?>|@[\w.-]+", " ", raw.replace("**", " "))
    name = re.sub(r"\(.*$", " ", name)  # an unclosed remark: "Daniel Rosenwasser (invited"
    name = re.split(r"\s+[—–-]\s+|:", name)[0]
    name = re.sub(r"[()\[\]*_~`]", " ", name)
    name = _TITLES.sub("", " ".join(name.split()).strip(" .,;"))
    if not re.search(r"[^\W\d_]", name) or name.casefold() in _NOT_PEOPLE:
        return ""
    return name if 0 < len(name.split()) <= 4 else ""


def people_lines(text: str, heading: str = "") -> list[str]:
    """The lines of ``text`` that say who was there or not ("Attendees: ...", "Missing:
    Khio", "- Observers: Paul Lenz"); all of them under a people heading."""
    under_heading = bool(PEOPLE_HEADING.match(heading.rsplit(" > ", 1)[-1].strip(" :*")))
    found = []
    for line in text.split("\n"):
        entry = _BULLET.match(line)
        body = (entry.group(1) if entry else line).strip()
        labelled = _LABELLED.match(body)
        said = labelled and len(labelled.group(1).split()) <= 4 and (
            _PEOPLE_LABEL.search(labelled.group(1)) or _ABSENT.search(labelled.group(1)))
        empty = labelled is not None and not labelled.group(2).strip()  # "Observers:"
        if body and not empty and (under_heading or said or ATTENDEE_LINE.match(line)):
            found.append(body)
    return found


def role_holders(blocks: list[Block]) -> list[str]:
    """People named for a meeting role ("Facilitator: TC", "Minutes: Mark")."""
    names = []
    for block in blocks:
        for line in block.text.split("\n"):
            entry = _BULLET.match(line)
            labelled = _LABELLED.match((entry.group(1) if entry else line).strip())
            if labelled and _ROLE.match(labelled.group(1).strip()):
                names += [clean_name(p) for p in split_people(labelled.group(2))]
    return [n for n in names if n]


def resolve_person(name: str, attendees: list[str]) -> str | None:
    """The attendee ``name`` refers to (full name, unique first or last name), or None."""
    wanted = name.casefold().strip()
    for person in attendees:
        if person.casefold() == wanted:
            return person
    for position in (0, -1):
        matches = [p for p in attendees if p.split() and p.split()[position].casefold() == wanted]
        if len(matches) == 1:
            return matches[0]
    return None
