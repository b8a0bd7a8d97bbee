"""Who says each line of prose minutes: "TC: I'll make the policy update" is TC's.

Minutes taken as a near-transcript prefix each line or bullet with its speaker. A prefix
counts as a speaker when it names an attendee (a full or unique first name, a handle), or,
in minutes without a people list, when the same short capitalized name opens at least two
lines; labels such as "Link:", "Goal:" or "Decision:" never do. Each such line becomes a
block of its own with its speaker set, so a first-person commitment ("I'll ...") is owned
by the speaker, as in a transcript.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from app.core.meetings.lines import continues
from app.core.meetings.people import People, clean_name
from app.core.types import Block

_PREFIX = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?(?P<name>[^\W\d_][\w.'’ -]{0,28}?)(?:\*\*)?"
                     r"\s*:(?:\*\*)?\s+(?P<rest>\S.*)$")
_LABELS = re.compile(
    r"^(?:link|links|labels?|goal|goals|time|note|notes|decision|decisions|action|actions|"
    r"action items?|proposal|proposals?|agenda|minutes|facilitator|scribe|update|updates|"
    r"question|questions|answer|summary|background|context|status|result|outcome|topic|"
    r"resolution|resolved|agreed|consensus|next steps?|todo|fyi|edit|meta|aside|example|"
    r"previous discussions?|proposal document|attendance|attendees|observers|council|"
    r"council members|present|apologies|missing|absent|tl;dr|tldr|ps|re|via|see|source|"
    r"issue|pr|rfc|https?|mailto|warning|important|reminder|followup|follow-up|follow up|"
    r"volunteers?|owners?|attendance|note ?takers?|facilitators?|draft proposals?)$",
    re.I)


def speaker_of(line: str, people: People, recurring: set[str]) -> tuple[str, str] | None:
    """(speaker, what they said) when ``line`` opens with a speaker's name, else None."""
    m = _PREFIX.match(line)
    if not m:
        return None
    name = m.group("name").strip()
    if len(name.split()) > 3 or _LABELS.match(name) or "," in name:
        return None
    who = people.resolve(name)
    if who is None and name in recurring and name[0].isupper() and not _phrase(name):
        who = clean_name(name) or None
    return (who, m.group("rest")) if who else None


_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "bin", "al"}


def _phrase(name: str) -> bool:
    """"Time check", "Stream creation": a label that opens a line, not a person; a name's
    later words are capitalized ("Eric Holk", "Guido van Rossum" apart from its particle)."""
    later = name.split()[1:]
    return any(w[0].islower() and w not in _PARTICLES for w in later)


def recurring_prefixes(blocks: list[Block], strict: bool = False) -> set[str]:
    """Speakers no list names: in minutes where some name opens two or more lines (minutes
    taken speaker by speaker), every short capitalized name that opens one; ``strict``
    (the minutes list their people, so these are guests): only names that open two."""
    seen: Counter[str] = Counter()
    for block in blocks:
        for line in block.text.split("\n"):
            if (m := _PREFIX.match(line)) and not _LABELS.match(m.group("name").strip()):
                seen[m.group("name").strip()] += 1
    if not any(n >= 2 and len(name.split()) <= 2 for name, n in seen.items()):
        return set()
    return {name for name, n in seen.items() if len(name.split()) <= 2 and (n >= 2 or not strict)}


def speaker_blocks(blocks: list[Block], people: People) -> list[Block]:
    """``blocks`` with each speaker-prefixed line as a block of its own, speaker set; the
    text of such a block is "Speaker: what they said", as a transcript block's is."""
    recurring = recurring_prefixes(blocks, strict=bool(people.attendees))
    out: list[Block] = []
    for block in blocks:
        if block.speaker:
            out.append(block)
            continue
        pending: list[str] = []
        start = block.line_start
        opened = ""  # the line a speaker's block opened with, while it may wrap on
        for offset, line in enumerate(block.text.split("\n")):
            if opened and continues(opened, line):  # the speaker's bullet, wrapped
                last = out[-1]
                out[-1] = replace(last, text=f"{last.text} {line.strip()}",
                                  line_end=_at(block, offset))
                start = _at(block, offset + 1)
                continue
            opened = ""
            said = speaker_of(line, people, recurring)
            if said is None:
                pending.append(line)
                continue
            if pending:
                out.append(_part(block, "\n".join(pending), start, offset - 1))
                pending = []
            who, rest = said
            out.append(_part(block, f"{who}: {rest}", _at(block, offset), offset, who))
            start, opened = _at(block, offset + 1), line
        if pending:
            out.append(_part(block, "\n".join(pending), start, None))
    return out


def _at(block: Block, offset: int) -> int | None:
    return None if block.line_start is None else block.line_start + offset


def _part(block: Block, text: str, start: int | None, last_offset: int | None,
          speaker: str | None = None) -> Block:
    end = block.line_end if last_offset is None else _at(block, last_offset)
    if speaker is not None:
        end = start
    return replace(block, text=text, line_start=start, line_end=end, speaker=speaker)


def speakers(blocks: list[Block], people: People) -> list[str]:
    """Everyone who speaks in ``blocks``, in order of first words."""
    seen: dict[str, None] = {}
    for block in speaker_blocks(blocks, people):
        if block.speaker:
            seen.setdefault(block.speaker)
    return list(seen)
