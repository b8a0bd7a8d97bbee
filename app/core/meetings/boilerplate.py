"""Template lines: what recurs in many meetings of one folder is the template, not the meeting.

Minutes written from a template repeat the same lines in every meeting: calendar links,
"Extracted from the agenda issue ...", join instructions, the same procedural headings.
A line (or heading) found in at least half of a folder's other recent meetings, and in at
least three of them, is boilerplate there and never appears in a summary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from app.core.text import fold

MIN_MEETINGS = 3  # a line in fewer other meetings than this is never called a template
SIBLINGS = 12  # how many other meetings of the folder are read


def template_lines(texts: Iterable[str]) -> set[str]:
    """The normalized lines that recur in at least half of ``texts`` (and in three)."""
    seen: Counter[str] = Counter()
    count = 0
    for text in texts:
        count += 1
        seen.update({key for line in text.splitlines() if (key := line_key(line))})
    least = max(MIN_MEETINGS, (count + 1) // 2)
    return {line for line, n in seen.items() if n >= least}


def line_key(line: str) -> str:
    """A line as compared across meetings: folded, no list or heading marks, no dates or
    numbers (a template's "Meeting 2026-03-04" and "Meeting 2026-03-11" are one line)."""
    text = re.sub(r"^\s*(?:#+|[-*+>]|\d+[.)])\s*", "", line)
    text = re.sub(r"\d+", "#", fold(text))
    return " ".join(re.sub(r"[*_`]", "", text).split()).strip(" :")
