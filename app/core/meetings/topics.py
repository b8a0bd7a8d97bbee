"""A meeting as its topics, each with its outcome: the summary a reader can use, without a model.

Minutes are organised by agenda item: a heading per topic ("### "Travel grant limits"
council#148"), the discussion under it, the outcome somewhere in it. Each decision and
action read from the note carries the topic it was said under, so the summary lists the
topics in order with what came of each: "decided: ...", "action (owner): ...", or
"discussed, no outcome recorded". Procedural sections (attendance, roles, check-in,
consent to the agenda, an empty "Topics we didn't get to") and the item lists themselves
("Action items", "Consented decisions") are not topics.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass, field

from app.core.meetings.boilerplate import line_key
from app.core.meetings.lines import LINK
from app.core.text import rough_sentences
from app.core.types import Block, JsonDict

_ISSUE_REF = re.compile(r"\s*(?:\[[^\]]*\]\([^)]*\)|[\w.-]+#\d+|#\d+)\s*$")
_PROCEDURAL = re.compile(
    r"^(?:agenda|attendance|attendees|present|participants|meeting roles?|roles|check[- ]?in|"
    r"check[- ]?out|consent to (?:the )?agenda|approval of (?:the )?agenda|announcements?"
    r"(?: or custom items)?|minutes|notes|meeting notes|call to order|adjourn(?:ment)?|"
    r"next meeting|(?:action items?|actions|next steps|to-?dos?|decisions?|consented decisions"
    r"|outcomes?)(?: from .*)?|nominated issues|other business|aob|any other business)$", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
# a speaker or a time box around an agenda bullet: "Ryan: ...", "(*Mara*, **Time**: 5 minutes)"
_BULLET_TOPIC = re.compile(r"^[\w ]{1,20}:\s+|\s*\([^)]*(?:\*|\btime\b|\bmin)[^)]*\)\s*$",
                           re.I)
_MIN_DISCUSSION_WORDS = 20  # less than this under a heading: a placeholder, not a discussion


@dataclass
class Topic:
    """One agenda item and what came of it."""

    title: str
    decisions: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)  # "text (owner)"
    line_start: int | None = None

    @property
    def outcome(self) -> str:
        return "decision" if self.decisions else "action" if self.actions else "discussed"

    def to_json(self) -> JsonDict:
        return {"title": self.title, "outcome": self.outcome, "decisions": self.decisions,
                "actions": self.actions, "line_start": self.line_start}

    def line(self) -> str:
        """The topic as one line of a summary."""
        said = [f"decided: {d.rstrip('. ')}" for d in self.decisions]
        said += [f"action: {a.rstrip('. ')}" for a in self.actions]
        return f"{self.title}: " + ("; ".join(said) if said else "discussed, no outcome recorded")


def topic_title(heading: str) -> str:
    """The last heading of a path as a reader names the topic: no issue reference, quotes,
    link syntax or emphasis."""
    last = heading.rsplit(" > ", 1)[-1]
    last = LINK.sub(r"\1", _ISSUE_REF.sub("", last))
    return " ".join(last.replace("**", "").split()).strip(" \"'“”*_:")


def bullet_parents(blocks: list[Block]) -> dict[int, str]:
    """For each line of a nested list, the outermost bullet above it: minutes that list
    agenda items as bullets ("- Figuring out meeting cadence") put the discussion and
    outcome in bullets under them. A bullet that only gathers the agenda ("- Agenda
    items") is no topic: the bullet under it is."""
    return {line: next((text for text in above if not _GATHERS.match(text)), above[0])
            for line, above in _nesting(blocks)}


def bullet_above(blocks: list[Block]) -> dict[int, str]:
    """For each line of a nested list, the bullet right above it (what "here" or "this"
    in "Decision: let Eric go ahead here" points at)."""
    return {line: above[-1] for line, above in _nesting(blocks)}


def _nesting(blocks: list[Block]) -> Iterator[tuple[int, list[str]]]:
    """(line, the bullets it is nested in, outermost first) for every line under one."""
    for block in blocks:
        if block.line_start is None:
            continue
        above: list[tuple[int, str]] = []
        for offset, line in enumerate(block.text.split("\n")):
            bullet = _BULLET.match(line)
            if bullet:
                while above and above[-1][0] >= _indent(line):
                    above.pop()
            if above and line.strip():
                yield block.line_start + offset, [text for _, text in above]
            if bullet:
                above.append((_indent(line), bullet.group(1)))


_GATHERS = re.compile(r"^\W*(?:agenda(?: items)?|(?:meeting )?notes|discussion(?: items)?|"
                      r"topics|items|minutes|(?:new|old) business)\W*$", re.I)


def topic_path(heading: str, parent: str | None) -> str:
    """The heading path of an item said under an agenda bullet: the bullet is its topic."""
    return f"{heading} > {_BULLET_TOPIC.sub('', parent)}" if parent else heading


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def meeting_topics(blocks: list[Block], decided: list[tuple[str, str]],
                   acted: list[tuple[str, str]], title: str = "") -> list[Topic]:
    """The topics of ``blocks`` in order; ``decided`` and ``acted`` are (heading, text) of
    each decision and action, placed under the heading they were said under. The note's
    ``title`` is not a topic."""
    words: dict[str, int] = {}
    starts: dict[str, int | None] = {}
    for block in blocks:
        if block.heading:
            words[block.heading] = words.get(block.heading, 0) + len(block.text.split())
            starts.setdefault(block.heading, block.line_start)
    titled = any(" > " in h for h in words)  # then a top-level heading is the note's title
    topics: dict[str, Topic] = {}
    for heading in words:
        name = topic_title(heading)
        if name and not _PROCEDURAL.match(name) and (" > " in heading or not titled) \
                and name != topic_title(title):
            topics[heading] = Topic(name, line_start=starts[heading])
    for heading, _ in decided + acted:  # agenda items written as bullets
        name = topic_title(heading)
        if heading not in topics and heading not in words and name \
                and not _PROCEDURAL.match(name):
            topics[heading] = Topic(name)
    for heading, text in decided:
        if heading in topics and text not in topics[heading].decisions:
            topics[heading].decisions.append(text)
    for heading, text in acted:
        if heading in topics and text not in topics[heading].actions:
            topics[heading].actions.append(text)
    return [t for h, t in topics.items()
            if t.decisions or t.actions or words[h] >= _MIN_DISCUSSION_WORDS]


def topics_summary(topics: list[Topic], blocks: list[Block],
                   template: Set[str] = frozenset()) -> str:
    """The summary text: one line per topic with its outcome; a note without agenda
    headings is summed up by the opening sentence of each of its first paragraphs (none
    of them a ``template`` line)."""
    if topics:
        return "\n".join(f"- {topic.line()}" for topic in topics)
    return "\n".join(f"- {sentence}" for sentence in _openings(blocks, template))


def _openings(blocks: list[Block], template: Set[str], limit: int = 3) -> list[str]:
    """The first sentence of the first ``limit`` paragraphs of discussion (no lists, no
    "Field:" lines, nothing under an item section, no template line)."""
    found = []
    for block in blocks:
        if any(line_key(line) in template for line in block.text.splitlines()[:1]):
            continue
        title = topic_title(block.heading)
        text = " ".join(block.text.split())
        if (title and _PROCEDURAL.match(title) and title.casefold() not in ("notes", "minutes",
                                                                            "meeting notes")) \
                or block.speaker or re.match(r"^(?:[-*+|>]|\d+[.)]|[\w ]{1,20}:)", text):
            continue
        first = rough_sentences(text)[:1]
        if first and len(first[0].split()) >= 6:
            found.append(first[0])
        if len(found) == limit:
            break
    return found
