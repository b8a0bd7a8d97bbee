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

_NAME = r"[A-Z][a-z][\w'-]*(?: [A-Z][a-z][\w'-]*)?"
_HANDLE = r"@[\w.-]*\w"
_FIRST_PERSON = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|but|so|ok|okay|sure|yes|yeah|fine|then)[,]?\s+)"
    r"(?:I'll|I will|I'm going to|I am going to|I can take (?:that|this|it)(?: on)?|"
    # minutes drop the subject: "Ready for council eyes, will post a link"
    r"(?P<bare>(?-i:[Ww])ill)(?= (?!be\b|have\b|need\b|probably\b|likely\b|depend)[a-z])|"
    r"(?P<want>I (?:definitely |really |also |still )?want to)|"
    r"we'll|we will|we're going to|we are going to|"
    r"I'll take (?:that|this|it)(?: on)?|let me|I'll handle|I will handle|"
    r"I can(?! not\b| also\b| only\b| see\b| say\b| tell\b| imagine\b| understand\b)|"
    r"I'm happy to|I am happy to|I can volunteer to|(?:I )?can volunteer to|"
    r"(?:my |the )?next steps? (?:is|are|would be) to|I volunteer to|I'll try to)\s+(?P<rest>.+)",
    re.I)
_PEOPLE = rf"(?:{_HANDLE}|{_NAME})(?:(?:, | and | & )(?:{_HANDLE}|{_NAME}))*"  # "Khio and Jack"
_THIRD_PERSON = re.compile(
    rf"(?:^|[,;]\s*|\b(?:and|so|then)\s+)(?P<who>{_PEOPLE}|[Hh]e|[Ss]he|[Tt]hey)\s+"
    r"(?:will|'ll|is going to|are going to|agreed to|offered to|volunteered to|promised to|"
    r"said (?:he|she|they)(?:'d| would| will)|is to|has to|needs to)\s+(?P<rest>.+)")
# "X to open an issue and tag Y": minutes' shorthand for a task, when X is a person here
_NAMED_TO = re.compile(rf"(?:^|[,;]\s*)(?P<who>{_PEOPLE})\s+to\s+(?P<rest>[a-z]\w+\b.+)")
_ADDRESSED = re.compile(
    rf"^(?:(?:ok|okay|so|and)[,]?\s+)?(?P<who>{_NAME}),\s+(?:(?P<aside>[^,?]{{3,60}}),\s+)?"
    r"(?:could|can|would|will) you\s+(?:please\s+|be (?:up for|willing to|able to)\s+|"
    r"mind\s+)?(?P<rest>.+)"
    rf"|^(?:(?:ok|okay|so|and)[,]?\s+)?(?P<who2>{_NAME}),\s+please\s+(?P<rest2>.+)")
_ASKED = re.compile(rf"\b(?P<asker>{_NAME}) asked (?P<who>{_NAME}|him|her|them) to\s+"
                    r"(?P<rest>.+)")
_PLEASE = re.compile(r"^(?:(?:and|so|also|ok|okay)[,]?\s+|[^,]{3,40},\s+)?(?:please|"
                     r"could you(?: please)?|"
                     r"can you(?: please)?|would you(?: please)?)\s+(?P<rest>.+)", re.I)
_CLAIM = re.compile(r"^(?:sure|yes|yep|ok|okay|will do|on it|absolutely|of course)?[,.!]?\s*"
                    r"(?:I'll do (?:it|that)|I can do (?:it|that)|I'll take (?:it|that)|"
                    r"will do|on it|I'm on it|I'll handle (?:it|that))\b", re.I)
_DECIDED = re.compile(
    r"\b(?:we|the (?:group|team|committee|board|tsc|council)|everyone|everybody|all of us)\s+"
    r"(?:all\s+|have\s+|has\s+|then\s+|finally\s+)*(?:decided|agreed|resolved|concluded)"
    r"(?:\s+(?:to|that|on))?\s+(?P<rest>.+)"
    r"|\bwe(?:'ll| will| are going to) go with\s+(?P<rest2>.+)"
    r"|\blet's (?:stick with|go with|go ahead with)\s+(?P<rest3>.+)"
    r"|\bfinal (?:answer|decision)\s*[:,]\s*(?P<rest4>.+)"
    r"|\b(?:it was|it's been) (?:decided|agreed)(?: that| to)?\s+(?P<rest5>.+)"
    # "we'll adopt / approve / defer / leave this nominated": the room settling, not a task
    r"|\bwe(?:'ll| will)\s+(?P<rest6>(?:adopt|approve|accept|defer|postpone|table|reject|"
    r"decline|leave (?:this|it|that) (?:nominated|open|on the agenda|as is))\b.+)", re.I)
_AGREED_ALONE = re.compile(r"^(?:ok(?:ay)?[,.]?\s+)?(?:agreed|decided|deal|done|settled)[.!]$",
                           re.I)
_LETS = re.compile(r"^(?:so[,]?\s+|ok(?:ay)?[,]?\s+|then[,]?\s+)?let's\s+(?P<rest>.+)", re.I)
_NOT_A_TASK = re.compile(
    r"^(?:be|been|have|had|need|want|like|love|hate|know|think|guess|see|feel|try to be|"
    r"probably|maybe|likely|possibly|perhaps|hopefully|mind|never|not|miss|see (?:how|if|whether|"
    r"what)|figure out whether|get back (?:home|from)|say|admit|"
    r"bet|let you know if|jump in|bring up|give (?:an?|my|some|the) (?:quick )?(?:overview|"
    r"update|summary|intro|introduction)|"
    r"go on holiday|be (?:late|out|away|off|on holiday|travelling|traveling))\b", re.I)
# Speech acts that run a meeting ("I'll go back to Mr Smith", "let me continue in English")
# rather than commit to work, and verbs of talk.
_PROCEDURE = re.compile(
    r"^(?:continue|go (?:back|on|now|over|through|to|ahead)|move (?:on|to)|turn to|come (?:back|to|"
    r"and)|hand (?:over|it)|pass (?:it|over|on to)|start (?:off )?(?:with|by)|begin|stop|leave it|"
    r"walk (?:you|us|everyone|people) through|take (?:my|this|that|the|your) question|join us|"
    r"remain|invite (?:any|anyone|everyone|all) who|wrap (?:this |it |things )?up|"
    r"give (?:my|our|a) \+1|second (?:what|that|this|the|it)\b|"
    r"(?:put|check|tick) (?:my|our|the) (?:check ?)?box(?:es)?|"
    r"just|ask (?:you|a|one|another|the|my)|suggest|mention|say|speak|explain|show you|"
    r"talk(?! (?:to|with) (?-i:[A-Z]))|"
    r"tell you|remind you|repeat|read (?:it|out|the question)|answer|respond|comment|add (?:that|"
    r"to that|one)|draw|give (?:it|you|a|the floor)|try(?! to \w)|do (?:it|that|this|so)|put it|"
    r"wrap up|finish|close (?:the |this )?(?:meeting|call|session)|"
    r"take (?:a|the|that|this|it) (?:look|second|minute|break|point)|give (?:some )?background|"
    r"be brief|keep (?:it|on|asking|going|focused|that|this|working)|allow|welcome|thank|note|"
    r"clarify|discuss|"
    r"give (?:us|me|everyone) (?:the|an|a|some) (?:\w+ )?(?:update|overview|summary)|"
    r"describe (?:some|my|the|a few) (?:initial )?thoughts|share (?:my|some) thoughts|"
    r"prefer|hope|wish|assure|react|stick (?:to|with)|always|share my time|take (?:that|it) as|"
    r"wait|hear|listen|look at (?:it|this|that)|focus (?:my|on)|pick up|switch to|proceed|"
    r"go (?:first|this|that|next|last|around)|do (?:your|my|the|his|her) presentation|present|"
    r"tell us|expand on|elaborate|activate|direct your|unmute|mute|let \w+ do)\b", re.I)
_FUNCTION_END = re.compile(
    r"\b(?:the|a|an|to|of|in|on|at|for|with|by|and|or|but|mr|ms|mrs|dr|that|this|is|are|was|"
    r"be|you|we|i|it|they|he|she|my|our|your|their|its|some|any|so|then|if|as|from|into)$",
    re.I)
# what "I want to ..." says that is a point made in the discussion, not work taken on
_WANTED_TALK = re.compile(r"^(?:make sure|lay out|raise|flag|point out|highlight|echo|add|"
                          r"emphasi[sz]e|stress|note|be (?:clear|careful)|avoid|keep|get|"
                          r"understand|push back|discuss|know|ask)\b", re.I)
_LETS_WORK = re.compile(r"^(?:write|draft|start|file|open|send|post|publish|create|email|"
                        r"inform|ping|schedule|merge|set up|reach out|contact|draft)\b", re.I)
MAX_WORDS = 20
_BULLET_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
MAX_DECISION_WORDS = 45  # minutes state a decision with its terms
# "if needed" makes an offer; "figure out if" asks a question and commits all the same;
# "if it sounds right to the council, I'll ..." is a commitment the room can stop
_CONDITIONAL = re.compile(r"(?<!out )(?<!see )(?<!check )(?<!ask )(?<!know )(?<!whether )"
                          r"\b(?:if|unless|in case|whenever)\b(?! (?:it sounds|that sounds|"
                          r"there are no objections|no one objects|nobody objects))", re.I)
_NOT_A_DECISION = re.compile(r"^(?:not|nothing|disagree|to disagree|on nothing)\b", re.I)
_PRONOUNS = {"he", "she", "they"}
_NOT_NAMES = {"The", "This", "That", "It", "There", "We", "You", "I", "Our", "Your", "Their",
              "His", "Her", "Its", "Everyone", "Somebody", "Someone", "Nobody", "Which",
              "What", "Who", "When", "Where", "Why", "How", "If", "So", "And", "But", "Then",
              "Also", "Maybe", "Perhaps", "Today", "Tomorrow", "Next", "Last", "Firstly",
              "Secondly", "Finally", "Well", "Now", "Okay", "Yes", "No", "Please", "Thanks"}

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
        said = [_BULLET_MARK.sub("", s) for s in rough_sentences(utterance(block))]
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
            and bool(_PLEASE.match(sentence)))


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
        if not _ADDRESSED.match(sentence) and not _PLEASE.match(sentence):
            return None  # a question is not a commitment or a decision
    if _CLAIM.match(sentence) and len(sentence.split()) <= 6:
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
    if _AGREED_ALONE.match(sentence.strip()) or is_assent(sentence):
        if following and _DECIDED.search(following):
            return None  # the next sentence states the decision itself
        if following and (m := _LETS.match(following)) and not _deferral(m.group("rest")):
            return _clause(m.group("rest"))
        # a note-taker's "No objections. Mara will coordinate." states what was agreed; a
        # speaker's "Agreed. The idea here is ..." goes on with their own view
        deferred = bool(following and (m := _LETS.match(following)) and _deferral(
            m.group("rest")))
        if following and not deferred and speaker:
            return None
        if following and not deferred and not following.rstrip().endswith("?"):
            return _clause(following)
        proposal = proposal_before(earlier, line)
        return _clause(proposal) if proposal else None
    if rest := consented(sentence):
        return _clause(rest)
    if (agreed := objection_free(sentence)) is not None:
        proposal = agreed or proposal_before(earlier, line)
        return _clause(proposal) if proposal else None
    if m := _DECIDED.search(sentence):
        rest = next(g for g in m.groups() if g)
        return None if _NOT_A_DECISION.match(rest) else _clause(rest)
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
    return bool(_PROCEDURE.match(rest) or re.search(r"\boffline\b|\blater\b", rest, re.I))


def _first_person(sentence: str, block: Block, people: People) -> _Said | None:
    m = _FIRST_PERSON.search(sentence)
    if not m or _NOT_A_TASK.match(re.sub(r"^(?:all|both) ", "", m.group("rest"))) \
            or _CONDITIONAL.search(sentence):
        return None  # "happy to help if needed" is an offer, not a commitment
    if (m.group("bare") or m.group("want") or m.group(0).lower().startswith("but")) \
            and not _taken_notes(block):
        return None  # said aloud, "I want to", "but I can" and a dropped subject are talk
    if m.group("bare") and not block.speaker:
        return None  # "Will release 1.87 on stage": whose plan, the note does not say
    if m.group("want") and _WANTED_TALK.match(m.group("rest")):
        return None  # "I want to make sure we ...": a concern, not a task
    return _clause(m.group("rest")), block.speaker


def _third_person(sentence: str, block: Block, people: People) -> _Said | None:
    m = _THIRD_PERSON.search(sentence)
    if not m:
        named = _NAMED_TO.search(sentence)
        if named and (owners := _owners(named.group("who"), people, strict=True)) \
                and not _NOT_A_TASK.match(named.group("rest")):
            return _clause(named.group("rest")), owners
        return None
    if _NOT_A_TASK.match(m.group("rest")):
        return None
    who = m.group("who")
    if who.lower() in _PRONOUNS:
        return _clause(m.group("rest")), None
    owners = _owners(who, people, strict=bool(people.attendees))
    return (_clause(m.group("rest")), owners) if owners else None


def _owners(named: str, people: People, strict: bool) -> str | None:
    """"Khio and Jack" as the people of this meeting they name ("Khio, Jack Huey"); None
    when one is not a person here ("The migration will ...") and ``strict`` asks for all."""
    found = []
    for who in re.split(r", | and | & ", named):
        if who.split()[0] in _NOT_NAMES:
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
    m = _LETS.match(re.sub(r"^[\w -]{1,20},\s+(?=let's)", "", sentence))
    if not m or not _taken_notes(block) or not _LETS_WORK.match(m.group("rest")):
        return None
    return _clause(m.group("rest")), None


def _addressed(sentence: str, block: Block, people: People) -> _Said | None:
    m = _ADDRESSED.match(sentence)
    if m:
        who, rest = (m.group("who"), m.group("rest")) if m.group("who") else (
            m.group("who2"), m.group("rest2"))
        if who.split()[0] in _NOT_NAMES or _NOT_A_TASK.match(rest) or (
                people.attendees and not people.resolve(who)):  # "Reminder, please ..."
            return None
        task = _clause(rest)
        if m.group("aside"):  # "David, as part of t-comprehensibility, would you ask ..."
            task = f"{task} ({m.group('aside').strip()})"
        return task, people.resolve(who) or who
    m = _ASKED.search(sentence)
    if m and not _NOT_A_TASK.match(m.group("rest")):
        who = m.group("who")
        owner = None if who in ("him", "her", "them") else people.resolve(who) or who
        return _clause(m.group("rest")), owner
    return None


def _please(sentence: str, block: Block, people: People) -> _Said | None:
    m = _PLEASE.match(sentence)
    if not m or _NOT_A_TASK.match(m.group("rest")):
        return None
    rest = m.group("rest")
    if (named := re.search(rf",\s*({_NAME})\s*[?.!]?$", rest)) and people.resolve(
            named.group(1)):
        return _clause(rest[: named.start()]), people.resolve(named.group(1))
    return _clause(rest), None


def _claimed(item: SpokenItem, blocks: list[Block], index: int,
             people: People) -> SpokenItem:
    """An unowned request is owned by whoever answers it with "I'll do it" right after."""
    if item.kind != "action" or item.owner or index + 1 >= len(blocks):
        return item
    reply = blocks[index + 1]
    if reply.speaker and reply.speaker != blocks[index].speaker and _CLAIM.match(
            utterance(reply)):
        return SpokenItem(**{**item.__dict__, "owner": reply.speaker})
    return item


def _item(kind: ItemKind, text: str, owner: str | None, block: Block,
          meeting_date: str | None) -> SpokenItem | None:
    spoken = block.time_start is not None  # a transcript rambles; minutes state terms
    longest = MAX_DECISION_WORDS if kind == "decision" and not spoken else MAX_WORDS
    if kind == "action" and _taken_notes(block):
        text = _fitted(text, longest)
    words = text.rstrip(" …").split()
    ending = _FUNCTION_END.search(text.rstrip(" …"))
    if ending and _taken_notes(block) and ending.group(0).lower() in ("you", "it"):
        ending = None  # "... she can give you": written down, an object ends a task
    if not 2 <= len(words) <= longest or ending:
        return None  # a fragment cut by a disfluency, or a ramble rather than an item
    if kind == "action" and _PROCEDURE.match(re.sub(r"^try to ", "", text, flags=re.I)):
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
    while _FUNCTION_END.search(head):
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
