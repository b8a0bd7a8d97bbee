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
from dataclasses import dataclass, field, replace

from app.core.meetings.due_dates import find_due, resolve_due
from app.core.meetings.lines import Where, entries, indent, said_parts, unmarked
from app.core.meetings.nesting import pointed_at, volunteers
from app.core.meetings.people import (
    ATTENDEE_LINE,
    PEOPLE_HEADING,
    People,
    listed_people,
    read_people,
    role_holders,
)
from app.core.meetings.speakers import speaker_blocks, speakers
from app.core.meetings.speech import spoken_items
from app.core.meetings.topics import (
    Topic,
    bullet_above,
    bullet_parents,
    meeting_topics,
    topic_path,
    topic_title,
)
from app.core.types import Block, Chunk, Document, ItemSource, JsonDict

_MARK = r"\s*\**\s*"  # bold markers, also written "**Action  **:"
_DECISION = re.compile(rf"^\s*(?:[-*+]\s*)?(?:\[[ xX]\]\s*)?{_MARK}(?:decisions?|decided|agreed"
                       rf"|resolution|resolved|outcome|consensus){_MARK}\s*[:\-–]{_MARK}(.+)$",
                       re.I)
_ACTION = re.compile(rf"^\s*(?:[-*+]\s*)?{_MARK}(?:next\s+)?(?:action(?:\s+items?)?s?|todo|to-do"
                     rf"|tasks?|ai|follow[- ]?ups?){_MARK}\s*[:\-–]{_MARK}(.+)$", re.I)
_CHECKBOX = re.compile(r"^\s*[-*+]\s*\[([ xX])\]\s*(.+)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
_OWNER_PREFIX = re.compile(r"^@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\s*[:–-]\s+(.+)$")
_OWNER_VERB = re.compile(r"^@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?) (?:to|will|should|must) (.+)$")
_OWNER_TAG = re.compile(r"\s*\((?:owner\s*:\s*)?@?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\)\s*$")
_GROUP_OWNER = re.compile(r"\b(?:punt(?:ed)?|hand(?:ed)?(?: it)?(?: over)?|delegat(?:e|ed)|"
                          r"pass(?:ed)?(?: it)?|send|sent|refer(?:red)?)\s+to\s+(?P<group>the\s+"
                          r"[\w.+-]+(?:\s+[\w.+-]+){0,3}?\s+(?:WG|working group|team|group|"
                          r"committee|TSC|council|SIG))\b")
_WHEN = (r"\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+(?: \d{4})?|[A-Z][a-z]+ \d{1,2}(?:, \d{4})?"
         r"|(?:next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|end of \w+|tomorrow|today")
_DUE = re.compile(rf"\s*[—–,-]?\s*\(?\b(?:due|by|deadline)\b\s*:?\s*({_WHEN})\)?\s*\.?$", re.I)
_DECISION_HEADING = re.compile(r"decision|agreed|outcome|resolution|conclusion", re.I)
_ACTION_HEADING = re.compile(r"action|next step|todo|to-do|tasks|follow", re.I)
# Lines that describe an agenda item rather than say anything: "- **Link:** https://..."
# How minutes record an agenda item's outcome in a bullet under it: "vote passed, 10 in
# favour", "LGTM from the TSC", "leave on agenda", "premature to pick a library; revisit in
# June", "agreed to remove it from the agenda until the team makes a proposal"
_OUTCOME = re.compile(
    r"^(?:[\w ]{1,20}:\s+)?(?:(?:the\s+)?(?:vote|motion)\s+(?:passed|carried|failed|approved)|"
    r"lgtm\b|consensus\s+(?:was|is|reached)|(?:agreed|decided|resolved)\s+(?:to|that|on)\b|"
    r"(?:leave|left|keep|kept|remove|removed|take|taken|drop|dropped)\s+(?:it\s+|this\s+)?"
    r"(?:on|off|from)\s+(?:the\s+)?agenda|premature\b|(?:approved|rejected|declined|"
    r"deferred|postponed|tabled)\b)", re.I)
# Sections where what is said runs the meeting rather than assigns work
_RUNNING_THE_MEETING = re.compile(r"^(?:agenda|consent to (?:the )?agenda|approval of (?:the )?"
                                  r"agenda|check[- ]?in|check[- ]?out|meeting roles?|roles|"
                                  r"call to order|adjourn(?:ment)?)$", re.I)
_METADATA = re.compile(r"^\s*(?:[-*+]\s*)?\**\s*(?:links?|labels?|issue|pr|goal|time|"
                       r"previous discussions?|proposal document)\s*\**\s*:", re.I)


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
    topic: str | None = None  # the agenda item it was said under
    owner_handles: tuple[str, ...] = ()  # other names the owner goes by ("alima")

    def to_json(self) -> JsonDict:
        return {"text": self.text, "owner": self.owner, "due": self.due, "done": self.done,
                "source": self.source, "due_date": self.due_date, "line_start": self.line_start,
                "line_end": self.line_end, "time_start": self.time_start, "id": self.id,
                "topic": self.topic}


@dataclass(frozen=True)
class Decision:
    """A decision with the agenda item it settles and where it is written."""

    text: str
    topic: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    time_start: str | None = None

    def to_json(self) -> JsonDict:
        return {"text": self.text, "topic": self.topic, "line_start": self.line_start,
                "line_end": self.line_end, "time_start": self.time_start}


@dataclass
class MeetingItems:
    attendees: list[str]
    decisions: list[str]  # each as a reader sees it: "Topic: decision"
    action_items: list[ActionItem]
    topics: list[Topic] = field(default_factory=list)
    decision_items: list[Decision] = field(default_factory=list)


def explicit_items(doc: Document) -> MeetingItems:
    """Attendees, decisions and action items the document states: marked ones (Action:,
    checkboxes, lists under a heading) and those said in its sentences or utterances."""
    from app.core.ingest import meeting_date

    date = meeting_date(doc)
    people = read_people(doc)
    if not people.attendees:  # no list: those who speak or hold a role were there
        people.add(role_holders(doc.blocks) + speakers(doc.blocks, people))
    decisions: list[str] = []
    heads: list[str] = []  # the heading each decision was said under
    spots: list[Where] = []  # and where it is written
    actions: list[ActionItem] = []
    residual: list[Block] = []
    parents = bullet_parents(doc.blocks)
    above = bullet_above(doc.blocks)
    for block in speaker_blocks(doc.blocks, people):
        marked = len(actions)
        if PEOPLE_HEADING.match(block.heading.rsplit(" > ", 1)[-1].strip(" :*")):
            continue
        rest = []
        lines = block.text.split("\n")
        base = min((indent(line) for line in lines if _BULLET.match(line)), default=0)
        for where, line in entries(block):
            said = bool(block.speaker) and line.startswith(f"{block.speaker}: ")
            body = line[len(f"{block.speaker}: "):] if said else line
            entry = line if said else None  # "Ryan: check the RFC" under "Action items"
            nested = (where[0] in parents) if where[0] is not None else (
                bool(_BULLET.match(line)) and indent(line) > base)
            if volunteered := volunteers(body, above.get(where[0] or 0), people):
                actions.append(_placed(ActionItem(*volunteered), where, date))
            elif not _read_line(body, block.heading, decisions, actions, where, date, entry,
                                nested):
                rest.append((where[0], line))
            topic = topic_path(block.heading, parents.get(where[0] or 0))
            decisions[len(heads):] = [pointed_at(d, above.get(where[0] or 0), topic)
                                      for d in decisions[len(heads):]]
            spots += [where] * (len(decisions) - len(heads))
            heads += [topic] * (len(decisions) - len(heads))
            actions[marked:] = [replace(a, topic=topic) for a in actions[marked:]]
            marked = len(actions)
        residual += said_parts(block, rest)
    for item in spoken_items(residual, people, date):
        parent = parents.get(item.line_start or 0)
        if item.kind == "action" and parent is None and _RUNNING_THE_MEETING.match(
                topic_title(item.heading)):
            continue  # "we'll do a budget report first": the chair setting the agenda
        topic = topic_path(item.heading, parent)
        if item.kind == "decision":
            decisions.append(item.text)
            heads.append(topic)
            spots.append((item.line_start, item.line_end, item.time_start))
        else:
            actions.append(ActionItem(item.text, item.owner, item.due, False,
                                      "speech" if item.speaker else "prose", item.due_date,
                                      item.line_start, item.line_end, item.time_start,
                                      topic=topic))
    actions = [replace(a, id=item_id(str(doc.path), a.text),
                       owner=_owner(a.owner, people) if a.owner else None)
               for a in actions]
    actions = [replace(a, owner_handles=people.handles_of(a.owner)) if a.owner else a
               for a in actions]
    actions = _unique_actions(actions + _assigned(decisions, heads, actions, people, doc))
    topics = meeting_topics(doc.blocks, list(zip(heads, decisions, strict=True)),
                            [(a.topic or "", _owned(a)) for a in actions], doc.title or "")
    titles = {t.title for t in topics}
    actions = [replace(a, topic=_topic_of(a.topic, titles)) for a in actions]
    placed = [_with_topic(text, topic_title(head), titles)
              for head, text in zip(heads, decisions, strict=True)]
    recorded = [Decision(text.rstrip(". "), _topic_of(head, titles), *spot)
                for head, text, spot in zip(heads, decisions, spots, strict=True)]
    return MeetingItems(people.attendees, _unique(placed), actions, topics,
                        _unique_decisions(recorded))


def _unique_decisions(items: list[Decision]) -> list[Decision]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.text and item.text.casefold() not in seen:
            seen.add(item.text.casefold())
            kept.append(item)
    return kept


def _topic_of(heading: str | None, titles: set[str]) -> str | None:
    """An item's agenda item, if it was said under one (not under "Action items")."""
    title = topic_title(heading) if heading else ""
    return title if title in titles else None


def _with_topic(decision: str, title: str, titles: set[str]) -> str:
    """A decision with the agenda item it settles ("Travel grants: Paul has discretion"),
    when it was taken under one and does not name it already."""
    if title not in titles or title.casefold() in decision.casefold():
        return decision
    return f"{title.rstrip('.:; ')}: {decision}"


def _assigned(decisions: list[str], heads: list[str], actions: list[ActionItem],
              people: People, doc: Document) -> list[ActionItem]:
    """Tasks a decision gives a person ("Decision: Mark to create a private channel")."""
    known = {a.text.casefold() for a in actions}
    found = []
    for head, text in zip(heads, decisions, strict=True):
        m = _OWNER_VERB.match(text)
        if m and people.resolve(m.group(1)) and m.group(2).casefold() not in known:
            task = m.group(2).rstrip(". ")
            found.append(ActionItem(task, people.resolve(m.group(1)), topic=head,
                                    id=item_id(str(doc.path), task)))
    return found


def _owned(item: ActionItem) -> str:
    return f"{item.text} ({item.owner})" if item.owner else item.text


def _owner(raw: str, people: People) -> str:
    """An item's owner as the attendee it names ("@handle", a first name), else as written."""
    return people.resolve(raw) or raw


def item_id(path: str, text: str) -> str:
    """A stable id for an item: the same text in the same file keeps its id."""
    digest = hashlib.sha1(f"{path}\n{' '.join(text.casefold().split())}".encode())
    return digest.hexdigest()[:12]


def _read_line(line: str, heading: str, decisions: list[str], actions: list[ActionItem],
               where: Where, date: str | None, entry: str | None = None,
               nested: bool = False) -> bool:
    """Read one marked line; False when it carries no marker (left for sentence rules).

    ``entry``: the line with its speaker ("Ryan: check the RFC"), an entry of a decision
    or action list as a bullet would be; ``nested``: a bullet under another bullet."""
    section = _section_heading(heading)
    if entry is not None and (_DECISION_HEADING.search(section)
                              or _ACTION_HEADING.search(section)):
        line = f"- {entry}"
    if ATTENDEE_LINE.match(line) or _METADATA.match(line):
        return True  # people are read by ``read_people``; an item's link is no item
    if m := _DECISION.match(line):
        decisions.append(unmarked(m.group(1)))
    elif nested and _OUTCOME.match(said := _BULLET.sub(r"\1", line)):
        decisions.append(unmarked(said))  # under an agenda bullet: its outcome
    elif m := _CHECKBOX.match(line):
        actions.append(_placed(parse_action(m.group(2), done=m.group(1) != " "), where, date))
    elif m := _ACTION.match(line):
        actions.append(_placed(parse_action(m.group(1)), where, date))
    elif (m := _BULLET.match(line)) and _DECISION_HEADING.search(section):
        if decisions and nested:
            decisions[-1] = f"{decisions[-1].rstrip('. ')}; {unmarked(m.group(1))}"  # its terms
        else:
            decisions.append(unmarked(m.group(1)))
    elif (m := _BULLET.match(line)) and _ACTION_HEADING.search(section):
        if not (actions and nested):  # a nested bullet notes the item above
            actions.append(_placed(parse_action(m.group(1)), where, date))
    else:
        return False
    return True


def _section_heading(heading: str) -> str:
    """The last heading when it names a section of items ("Action items", "Consented
    Decisions"); an agenda item's title ("\"Decision process\" council#12") is no such
    section, so its bullets are read as what was said."""
    last = heading.rsplit(" > ", 1)[-1].strip(" :*#")
    return "" if len(last.split()) > 5 or re.search(r"#\d|[\"“”]", last) else last


def _placed(item: ActionItem, where: Where, date: str | None) -> ActionItem:
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
    listed = [c for c in chunks if PEOPLE_HEADING.match(c.heading.rsplit(" > ", 1)[-1]
                                                         .strip(" :*"))
              and all(_BULLET.match(line) and len(line.split()) <= 8
                      for line in c.text.split("\n") if line.strip())]
    if not listed or len(listed) == len(chunks):
        return chunks
    people = [p for c in listed for p in listed_people(c.text)]
    kept = [c for c in chunks if c not in listed]
    first = replace(kept[0], extra=" ".join(filter(None, [kept[0].extra, "Attendees: "
                                                           + ", ".join(people)])))
    return [replace(c, index=i) for i, c in enumerate([first] + kept[1:])]


def parse_action(text: str, done: bool = False, source: ItemSource = "note") -> ActionItem:
    """Split "Marco: move the report job — due 2026-03-20" into text, owner and due date."""
    text = unmarked(text)
    due = None
    if m := _DUE.search(text):
        due, text = m.group(1), text[: m.start()].rstrip(" ,;—–-")
    owner = None
    if m := _OWNER_TAG.search(text):
        owner, text = m.group(1), text[: m.start()]
    elif m := _OWNER_PREFIX.match(text) or _OWNER_VERB.match(text):
        owner, text = m.group(1), m.group(2)
    elif m := _GROUP_OWNER.search(text):
        owner = m.group("group")  # "punt to the LTS WG": a group owns it
    text = unmarked(text)
    if text.endswith("?") and not text.lower().startswith("follow up"):
        text = f"Follow up: {text}"  # "Jack: What is our absence policy?" in an action list
    return ActionItem(text, owner, due, done, source)


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
