"""Decisions that minutes record as consent rather than as a "Decision:" line.

Real minutes write a decision as the room's answer to a proposal: "Hearing no objections,
this meeting is open to observers", "Any objection to a draft that we put to a vote?" /
"No.", "Is it OK if we keep the numbers in our minutes?" / "Yes, that would be OK", a
"No objections, agreed." under "Proposal: two may miss (quorum N-2)", "consensus was to
...", "the vote passed". The decision is the proposal that was consented to. Routine
consent to the agenda is not a decision.
"""

from __future__ import annotations

import re

from app.core.text import utterance
from app.core.types import Block

_HEARING = re.compile(
    # "Hearing support and no objections, X", "seeing signals of agreement and no objections"
    r"\b(?:hearing|with|seeing)\s+(?:[\w+'-]+\s+){0,6}?(?:and\s+)?no\s+(?:other\s+)?"
    r"(?:objections?|objectons?|concerns?)"
    r"\s*(?:to\s+(?:that|this|it))?\s*[,;:]\s*(?:so\s+|then\s+)?(?P<rest>.+)"
    r"|\b(?:the\s+|our\s+)?consensus\s+(?:is|was)\s+(?:to|that)\s+(?P<rest2>.+)"
    r"|\bwe\s+(?:seem\s+to\s+|now\s+)?have\s+(?:a\s+)?(?:rough\s+|general\s+)?consensus\s+"
    r"(?:on|that|to|for)\s+(?P<rest7>.+)"
    r"|\bno\s+objections?,?\s+so\s+(?P<rest3>.+)"
    r"|\bif\s+(?:it's|it\s+is|there\s+is|there's)\s+(?:without|no)\s+objections?,?\s+"
    r"(?:let's\s+|we'll\s+|I\s+propose\s+(?:that\s+)?(?:we\s+)?)?(?P<rest4>.+)"
    r"|(?P<rest5>\b(?:the\s+)?(?:council|committee|board|group)\s+(?:generally\s+|all\s+)?"
    r"(?:approves|approved)\s+.+|\bwe\s+(?:all\s+)?approved\s+.+)"
    r"|\bthe\s+plan\s+is\s+(?:that|to)\s+(?P<rest6>.+)", re.I)
# "Hearing none, ..." answers a question of its own, a call for clarifications
_NONE_HEARD = re.compile(r"\bno\s+(?:clarifications|questions)\b", re.I)
_ASSENT_ALONE = re.compile(
    r"^(?:ok(?:ay)?[,.]?\s+)?(?:no\s+objections?(?:[,.;]?\s*(?:so\s+)?(?:agreed|approved|"
    r"decided))?|hearing\s+no\s+objections?|(?:everyone|all)\s+(?:agrees?|approves?|agreed|"
    r"approved)|(?:vote|motion)\s+(?:passed|carried|approved)|consensus(?:\s+reached)?|"
    r"approved|agreed|decided|settled)[.!]*$", re.I)
# A question that puts a proposal to the room, and the proposal it puts.
# "No objections to creating a WG.", "The council had no objections to us participating."
_NO_OBJECTION_TO = re.compile(r"^(?:(?:the\s+)?(?:council|committee|board|group|team|we)\s+"
                              r"(?:had|has|have)\s+)?no\s+objections?\s+to\s+(?P<rest>.+)",
                              re.I)
_POINTS_BACK = re.compile(r"^(?:the\s+|this\s+|that\s+)?(?:this|that|it|plan|proposal|"
                          r"(?:rough\s+)?direction)\b", re.I)
_PUT = re.compile(
    r"^(?:so[,]?\s+)?(?:(?:are\s+there\s+)?any\s+objections?\s+to\s+(?P<a>.+)"
    r"|is\s+it\s+(?:ok|okay|fine|alright)\s+(?:if|that)\s+(?P<b>.+)"
    r"|(?:are\s+we|is\s+everyone)\s+(?:ok|okay|fine|happy|good)\s+(?:with\s+)?(?P<c>.+)"
    r"|(?:can|do|shall)\s+we\s+(?:all\s+)?agree\s+(?:to|on|that)\s+(?P<d>.+)"
    r"|(?:does\s+anyone|anyone)\s+object\s+to\s+(?P<e>.+))\?\s*$", re.I)
_OBJECTION_QUESTION = re.compile(r"\bobject", re.I)
_YES = re.compile(r"^(?:yes|yep|yeah|sure|agreed|\+1|sounds\s+(?:good|right|fine)|"
                  r"that\s+(?:would\s+be|is|'s|sounds)\s+(?:ok|okay|fine|good|right)|"
                  r"no\s+objections?|(?:👍|thumbs\s+up))\b", re.I)
_NO = re.compile(r"^(?:no|none|nope|no\s+objections?)\b[.!]?", re.I)
_PROPOSAL = re.compile(r"\b(?:propos\w*|suggest\w*|let's|should\s+we|any\s+objections?)\b",
                       re.I)
_PROPOSED = re.compile(r"\bpropos", re.I)
_AGENDA = re.compile(r"\bagenda\b.*\b(?:approved|adopted|accepted|agreed)\b"
                     r"|\b(?:approve|adopt|accept|consent\s+to)\s+the\s+agenda\b", re.I)
_AGENDA_OUTCOME = re.compile(r"\b(?:remove|removed|leave|left|keep|kept|take|taken|drop|"
                             r"dropped|add|added|put)\b[^.]*\b(?:on|off|from|to)\s+(?:the\s+)?"
                             r"agenda\b", re.I)
_MARKER = re.compile(r"^(?:\*+|_+)?\s*(?:proposal|decision|question)\s*(?:\*+)?\s*[:\-–]\s*",
                     re.I)


def consented(sentence: str) -> str | None:
    """The decision a "hearing no objections, X" sentence states, or None."""
    m = _HEARING.search(sentence)
    if not m:
        return None
    rest = next(g for g in m.groups() if g)
    return None if is_agenda_consent(rest) or _NONE_HEARD.search(rest) else rest


def objection_free(sentence: str) -> str | None:
    """What a "No objections to X." line consents to: X, or "" when X points back ("to
    this", "to the plan"), so that the proposal before it is what was agreed."""
    m = _NO_OBJECTION_TO.match(sentence.strip().strip("*_ "))
    if not m:
        return None
    return "" if _POINTS_BACK.match(m.group("rest")) else m.group("rest")


def is_assent(sentence: str) -> bool:
    """A bare "No objections, agreed." / "Agreed." that consents to what came before."""
    return bool(_ASSENT_ALONE.match(sentence.strip().strip("*_ ")))


def proposal_before(earlier: list[Block], line: int | None = None) -> str | None:
    """The proposal a bare assent (on ``line``) consents to: the nearest earlier line that
    proposes (within a few lines), else the line just before. None when the line just
    before the assent is not among ``earlier`` (it was a marked "Decision:", which the
    assent seconds)."""
    last = earlier[-1].line_end if earlier else None
    if line is not None and last is not None and line - last > 2:
        return None
    for cue in (_MARKER, _PROPOSED, _PROPOSAL):  # "Proposal: ..." over a nearer "let's ..."
        for block in reversed(earlier):
            text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", utterance(block)).strip()
            if cue.search(text):
                return _without_marker(text)
    if not earlier:
        return None
    text = _without_marker(utterance(earlier[-1]).strip())
    return None if is_agenda_consent(text) or text.endswith("?") else text


def put_and_answered(question: str, reply: Block | None) -> str | None:
    """The proposal of a question put to the room ("Any objection to X?") when the next
    line answers it with consent ("No." to an objection question, "Yes" to the others)."""
    m = _PUT.match(_without_marker(question.strip()))
    if not m or reply is None:
        return None
    answer = utterance(reply).strip().strip("*_ ")
    agreed = _NO.match(answer) if _OBJECTION_QUESTION.search(question) else _YES.match(answer)
    proposal = next(g for g in m.groups() if g)
    return None if not agreed or is_agenda_consent(proposal) else proposal


def is_agenda_consent(text: str) -> bool:
    """Routine consent to the agenda or its order, which minutes record but no one would
    call a decision (taking an item off the agenda, or keeping it on, is one)."""
    return bool(_AGENDA.search(text)) or bool(
        re.search(r"\bagenda\b", text, re.I) and not _AGENDA_OUTCOME.search(text))


def _without_marker(text: str) -> str:
    return _MARKER.sub("", text)
