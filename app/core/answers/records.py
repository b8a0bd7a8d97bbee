"""Questions about who was at a meeting, answered from the meeting's own attendance record.

"Which council member was missing from the 20 July 2023 meeting?", "who attended the
meeting on June 11, 2025?", "which guests joined?": the answer is the meeting's people
list ("Attendees: ...", "Missing: Khio", "Observers: Paul Lenz"), which no sentence of the
discussion resembles. When the question names the meeting's day (``search.dates``), its
attendance passage is looked up within that day and its people lines are quoted as they
are written, before any other evidence.
"""

from __future__ import annotations

import re

from app.core.answers.answer import Evidence
from app.core.meetings import people_lines
from app.core.text import fold
from app.core.types import Hit

ATTENDANCE_QUESTION = re.compile(
    r"\b(?:attend\w*|present|missing|absent|absence|apolog\w*|regrets|observ\w*|guests?|"
    r"joined|filled in|stood in|in for|who was (?:there|at)|who came|participants?)\b", re.I)
_GROUPS = {"council", "members", "member", "team", "committee", "board", "people", "project",
           "directors", "staff"}
# What a people list says, for finding it among the passages of the day
PEOPLE_WORDS = "attendance attendees present missing apologies observers guests participants"


def attendance_evidence(question: str, hit: Hit, n: int) -> list[Evidence]:
    """The people lines of passage ``n`` (``hit``), quoted as written; first the lines
    whose label the question asks about ("Missing: ..." for "who was missing")."""
    asked = fold(question)
    lines = people_lines(hit.text, hit.heading)
    return [Evidence(n, line, 1.0) for line in sorted(lines, key=lambda line: not _asked(
        line, asked))]


def _asked(line: str, asked: str) -> bool:
    """Whether the line's label is what the question asks about ("Missing", "Guests");
    a group's name ("Council members") says nothing about presence."""
    label = fold(line.split(":", 1)[0]) if ":" in line else ""
    return any(word[:5] in asked for word in re.findall(r"[a-z]{4,}", label)
               if word not in _GROUPS)
