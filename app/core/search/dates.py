"""Days and months a question names in words, as a span of meeting dates.

"Who attended the meeting on June 11, 2025?", "what did we decide in March 2025",
"last week's meeting": a person names the meeting by its date as they would say it, not as
``after:2025-06-11``. The span found here narrows a question's search to the meetings in
it (``Assistant``), when the library holds any. Rules, not a parsing library: the forms
people write are few, and a number that is not a date ("1.85", "$2000") must stay one.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_MONTHS = {name.casefold(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): n for n, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FORMS = [
    re.compile(r"\b(?P<iso>(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d))\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),   # 20 July 2023
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),             # June 11, 2025
    re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I),              # February 2025
]
_RELATIVE = re.compile(r"\b(?P<which>last|this|past|previous)\s+(?P<unit>week|month)('s)?\b"
                       r"|\b(?P<single>yesterday|today)('s)?\b", re.I)


def mentioned_span(text: str, today: date | None = None) -> tuple[str, str] | None:
    """The first day and the last (YYYY-MM-DD, inclusive) of the date ``text`` names, or
    None: a day ("20 July 2023", "June 11, 2025", "2025-06-11"), a month ("February
    2025"), or a span relative to ``today`` ("last week", "this month", "yesterday")."""
    for form in _FORMS:
        if m := form.search(text):
            return _span(m)
    if m := _RELATIVE.search(text):
        return _relative(m, today or date.today())
    return None


def _span(m: re.Match[str]) -> tuple[str, str] | None:
    groups = m.groupdict()
    try:
        if groups.get("iso"):
            day = date(int(groups["year"]), int(groups["m"]), int(groups["d"]))
            return day.isoformat(), day.isoformat()
        year, month = int(groups["year"]), _MONTHS[groups["month"].casefold().rstrip(".")]
        if groups.get("day"):
            day = date(year, month, int(groups["day"]))
            return day.isoformat(), day.isoformat()
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1).isoformat(), date(year, month, last).isoformat()
    except ValueError:  # "31 February 2025": no such day, so no date
        return None


def _relative(m: re.Match[str], today: date) -> tuple[str, str]:
    single = (m.group("single") or "").casefold()
    if single:
        day = today - timedelta(days=1) if single == "yesterday" else today
        return day.isoformat(), day.isoformat()
    back = m.group("which").casefold() in ("last", "past", "previous")
    if m.group("unit").casefold() == "week":
        monday = today - timedelta(days=today.weekday()) - timedelta(weeks=1 if back else 0)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    first = today.replace(day=1)
    if back:
        first = (first - timedelta(days=1)).replace(day=1)
    last = calendar.monthrange(first.year, first.month)[1]
    return first.isoformat(), first.replace(day=last).isoformat()
