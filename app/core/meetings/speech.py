"""Commitments, requests and decisions that people say, read from transcripts and prose.

Transcripts and prose minutes rarely mark their tasks: people say "I'll draft the
migration plan", "Noor, could you check the invoices before the fifteenth?", "so we all
agreed to move the offsite to October". Cue-phrase rules over each sentence find them;
the speaker of a transcript line owns a first-person commitment, the person addressed owns
a request (an "I'll do it" reply from another speaker claims an unaddressed one). Rules
err on the side of precision: plans about oneself ("I'll be late"), questions and
discussion ("we talked about the budget") are not items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.meetings import speech_cues as cue
from app.core.meetings.consent import (
    consented,
    is_assent,
    objection_free,
    proposal_before,
    put_and_answered,
)
from app.core.meetings.due_dates import find_due, resolve_due
from app.core.meetings.people import People
from app.core.text import rough_sentences, utterance
from app.core.types import Block, ItemKind

_Said = tuple[str, str | None]  # (the item's words, its owner if said)


@dataclass(frozen=True)
class SpokenItem:
    """An item read from speech or prose, with where it was said."""

    kind: ItemKind
    text: str
    owner: str | None = None
    due: str | None = None
    due_date: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    time_start: str | None = None
    speaker: str | None = None
    heading: str = ""  # the heading it was said under




def spoken_items(blocks: list[Block], people: People,
                 meeting_date: str | None) -> list[SpokenItem]:
    """Every commitment, request and decision said in ``blocks``, in order."""
    found: list[SpokenItem] = []
    for index, block in enumerate(blocks):
        said = [cue.BULLET_MARK.sub("", s) for s in rough_sentences(utterance(block))]
        context = _Context(blocks[max(0, index - 4):index],
                           blocks[index + 1] if index + 1 < len(blocks) else None)
        for n, sentence in enumerate(said):
            item = _read(sentence, said[n + 1] if n + 1 < len(said) else None,
                         block, context, people, meeting_date)
            if item is None:
                continue
            item = _claimed(item, blocks, index, people)
            if _plea(item, sentence, block):
                continue  # "please take a look": asked of everyone, owned by no one
            found.append(item)
    return _unique(found)


def _plea(item: SpokenItem, sentence: str, block: Block) -> bool:
    """A request in minutes that names no one and no one took: a plea to the room."""
    return (item.kind == "action" and item.owner is None and block.time_start is None
            and bool(cue.PLEASE.match(sentence)))


@dataclass(frozen=True)
class _Context:
    """The lines around a sentence's block: a few before (the proposal an assent answers)
    and the one after (the answer to a question put to the room)."""

    earlier: list[Block]
    following: Block | None


def _read(sentence: str, following: str | None, block: Block, context: _Context,
          people: People, meeting_date: str | None) -> SpokenItem | None:
    if sentence.rstrip().endswith("?"):
        put = put_and_answered(sentence, context.following) if following is None else None
        if put:
            return _item("decision", _clause(put), None, block, meeting_date)
        if not cue.ADDRESSED.match(sentence) and not cue.PLEASE.match(sentence):
            return None  # a question is not a commitment or a decision
    if cue.CLAIM.match(sentence) and len(sentence.split()) <= 6:
        return None  # "Sure, I'll do it": claims the request before it (see _claimed)
    decision = _decision(sentence, following, context.earlier, block.line_start, block.speaker)
    if decision:
        return _item("decision", decision, None, block, meeting_date)
    for make in (_addressed, _first_person, _third_person, _please, _lets_do):
        action = make(sentence, block, people)
        if action:
            text, owner = action
            return _item("action", text, owner, block, meeting_date)
    return None


def _decision(sentence: str, following: str | None, earlier: list[Block],
              line: int | None = None, speaker: str | None = None) -> str | None:
    if cue.AGREED_ALONE.match(sentence.strip()) or is_assent(sentence):
        if following and cue.DECIDED.search(following):
            return None  # the next sentence states the decision itself
        if following and (m := cue.LETS.match(following)) and not _deferral(m.group("rest")):
            return _clause(m.group("rest"))
        # a note-taker's "No objections. Mara will coordinate." states what was agreed; a
        # speaker's "Agreed. The idea here is ..." goes on with their own view
        deferred = bool(following and (m := cue.LETS.match(following)) and _deferral(
            m.group("rest")))
        if following and not deferred and speaker:
            return None
        if following and not deferred and not following.rstrip().endswith("?"):
            return _clause(following)
        proposal = proposal_before(earlier, line)
        return _clause(proposal) if proposal else None
    if rest := consented(sentence):
        return _clause(rest)
    # the note-taker's "No objections to X." records the room; "Eric: No objections to
    # asking." is one person's view
    if not speaker and (agreed := objection_free(sentence)) is not None:
        proposal = agreed or proposal_before(earlier, line)
        return _clause(proposal) if proposal else None
    if m := cue.DECIDED.search(sentence):
        rest = next(g for g in m.groups() if g)
        return None if cue.NOT_A_DECISION.match(rest) else _clause(rest)
    if (m := re.match(r"^(?:agreed|decided|resolved)(?P<how>[,:]|\s+(?:to|that|on)\b)\s*"
                      r"(?P<lets>let's\s+)?(?P<rest>.+)", sentence, re.I)):
        if speaker and m.group("how") == "," and not m.group("lets"):
            return None  # "TC: Agreed, we're planning to ...": a reply, then their view
        return _clause(m.group("rest"))
    return None


def _taken_notes(block: Block) -> bool:
    """Written by a note-taker, who states a task in few words even when the line reads
    like speech ("TC: We'll reply to ..."): minutes under headings. A transcript (cue
    times, or a heading-less "Name: ..." file) records talk, where "I want to" and "but I
    can" rarely commit to anything."""
    return block.time_start is None and bool(block.heading)


def _deferral(rest: str) -> bool:
    """"take the details offline", "move on": what comes after the consent, not what it
    consents to."""
    return bool(cue.PROCEDURE.match(rest) or re.search(r"\boffline\b|\blater\b", rest, re.I))


def _first_person(sentence: str, block: Block, people: People) -> _Said | None:
    m = cue.FIRST_PERSON.search(sentence)
    if not m or cue.NOT_A_TASK.match(re.sub(r"^(?:all|both) ", "", m.group("rest"))) \
            or cue.CONDITIONAL.search(sentence):
        return None  # "happy to help if needed" is an offer, not a commitment
    if len(re.findall(r'["“”]', sentence[:m.start("rest")])) % 2:
        return None  # 'empowered to say "We're aware and will address soon"': a quote
    if (m.group("bare") or m.group("want") or m.group(0).lower().startswith("but")) \
            and not _taken_notes(block):
        return None  # said aloud, "I want to", "but I can" and a dropped subject are talk
    if m.group("bare") and not block.speaker:
        return None  # "Will release 1.87 on stage": whose plan, the note does not say
    if m.group("want") and cue.WANTED_TALK.match(m.group("rest")):
        return None  # "I want to make sure we ...": a concern, not a task
    return _clause(m.group("rest")), block.speaker


def _third_person(sentence: str, block: Block, people: People) -> _Said | None:
    m = cue.THIRD_PERSON.search(sentence)
    if not m:
        named = cue.NAMED_TO.search(sentence)
        if named and (owners := _owners(named.group("who"), people, strict=True)) \
                and not cue.NOT_A_TASK.match(named.group("rest")):
            return _clause(named.group("rest")), owners
        return None
    if cue.NOT_A_TASK.match(m.group("rest")):
        return None
    who = m.group("who")
    if who.lower() in cue.PRONOUNS:
        return _clause(m.group("rest")), None
    owners = _owners(who, people, strict=bool(people.attendees))
    return (_clause(m.group("rest")), owners) if owners else None


def _owners(named: str, people: People, strict: bool) -> str | None:
    """"Khio and Jack" as the people of this meeting they name ("Khio, Jack Huey"); None
    when one is not a person here ("The migration will ...") and ``strict`` asks for all."""
    found = []
    for who in re.split(r", | and | & ", named):
        if who.split()[0] in cue.NOT_NAMES:
            return None
        resolved = people.resolve(who)
        if resolved is None and strict:
            return None
        found.append(resolved or who)
    return ", ".join(found)


def _lets_do(sentence: str, block: Block, people: People) -> _Said | None:
    """"Let's write down the responsibilities", "let's start an FCP": work the room takes
    on without naming who does it (an item with no owner). Only in taken minutes, and only
    work a person can go and do: "let's consider", "let's avoid" are discussion."""
    m = cue.LETS.match(re.sub(r"^[\w -]{1,20},\s+(?=let's)", "", sentence))
    if not m or not _taken_notes(block) or not cue.LETS_WORK.match(m.group("rest")):
        return None
    return _clause(m.group("rest")), None


def _addressed(sentence: str, block: Block, people: People) -> _Said | None:
    m = cue.ADDRESSED.match(sentence)
    if m:
        who, rest = (m.group("who"), m.group("rest")) if m.group("who") else (
            m.group("who2"), m.group("rest2"))
        if who.split()[0] in cue.NOT_NAMES or cue.NOT_A_TASK.match(rest) or (
                people.attendees and not people.resolve(who)):  # "Reminder, please ..."
            return None
        task = _clause(rest)
        if m.group("aside"):  # "David, as part of t-comprehensibility, would you ask ..."
            task = f"{task} ({m.group('aside').strip()})"
        return task, people.resolve(who) or who
    m = cue.ASKED.search(sentence)
    if m and not cue.NOT_A_TASK.match(m.group("rest")):
        who = m.group("who")
        owner = None if who in ("him", "her", "them") else people.resolve(who) or who
        return _clause(m.group("rest")), owner
    return None


def _please(sentence: str, block: Block, people: People) -> _Said | None:
    m = cue.PLEASE.match(sentence)
    if not m or cue.NOT_A_TASK.match(m.group("rest")):
        return None
    rest = m.group("rest")
    if (named := re.search(rf",\s*({cue.NAME})\s*[?.!]?$", rest)) and people.resolve(
            named.group(1)):
        return _clause(rest[: named.start()]), people.resolve(named.group(1))
    return _clause(rest), None


def _claimed(item: SpokenItem, blocks: list[Block], index: int,
             people: People) -> SpokenItem:
    """An unowned request is owned by whoever answers it with "I'll do it" right after."""
    if item.kind != "action" or item.owner or index + 1 >= len(blocks):
        return item
    reply = blocks[index + 1]
    if reply.speaker and reply.speaker != blocks[index].speaker and cue.CLAIM.match(
            utterance(reply)):
        return SpokenItem(**{**item.__dict__, "owner": reply.speaker})
    return item


def _item(kind: ItemKind, text: str, owner: str | None, block: Block,
          meeting_date: str | None) -> SpokenItem | None:
    spoken = block.time_start is not None  # a transcript rambles; minutes state terms
    longest = cue.MAX_DECISION_WORDS if kind == "decision" and not spoken else cue.MAX_WORDS
    if kind == "action" and _taken_notes(block):
        text = _fitted(text, longest)
    words = text.rstrip(" …").split()
    ending = cue.FUNCTION_END.search(text.rstrip(" …"))
    if ending and _taken_notes(block) and ending.group(0).lower() in ("you", "it"):
        ending = None  # "... she can give you": written down, an object ends a task
    if not 2 <= len(words) <= longest or ending:
        return None  # a fragment cut by a disfluency, or a ramble rather than an item
    if kind == "action" and cue.PROCEDURE.match(re.sub(r"^try to ", "", text, flags=re.I)):
        return None
    due = find_due(text) if kind == "action" else None
    return SpokenItem(kind, text, owner, due, resolve_due(due, meeting_date), block.line_start,
                      block.line_end, block.time_start, block.speaker, block.heading)


def _fitted(task: str, longest: int) -> str:
    """A long task from minutes as its first ``longest`` words: asides in brackets go, and
    the cut falls on a clause's end when one is near, else is marked with an ellipsis ("I'll
    invite Jonathan to the next meeting, and I'll ask Bec whether counsel might join …")."""
    if len(task.split()) <= longest:
        return task
    task = " ".join(re.sub(r"\s*\([^()]*\)", "", task).split())
    words = task.split()
    if len(words) <= longest:
        return task
    head = " ".join(words[:longest])
    ends = [m.start() for m in re.finditer(r"[,;:—–]", head)]
    if ends and len(head[:ends[-1]].split()) >= longest * 2 // 3:
        return head[:ends[-1]]
    while cue.FUNCTION_END.search(head):
        head = head.rsplit(" ", 1)[0]
    return f"{head.rstrip(' ,;:')} …"


def _clause(text: str) -> str:
    """The clause as an item's text: one sentence, no filler, no reason clause after it."""
    text = " ".join(re.sub(r"\b(?:uh|um|erm|er|uh-huh|hmm)\b\s*", "", text, flags=re.I).split())
    text = re.sub(r"^(?:now|also|then|just|quickly|first|actually|maybe)\s+", "", text,
                  flags=re.I)
    text = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    text = re.sub(r"^(?:also|then|just|quickly|first|happily|gladly|definitely|certainly)\s+",
                  "", text, flags=re.I)
    text = re.sub(r",\s+(?:our|my|their|because|since|as|so that|which|otherwise|it's|that's|"
                  r"I think|I believe|I guess|I hope|but)\b.*$", "", text)
    text = re.sub(r"[,;]?\s*\b(?:okay|ok|right|alright|please|thanks|thank you)\s*[?.!]*$", "",
                  text, flags=re.I)
    return text.strip(" .!?,;:-–—\"'")



def _unique(items: list[SpokenItem]) -> list[SpokenItem]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in items:
        key = (item.kind, item.text.casefold())
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
