"""Due dates said in words, resolved against the meeting's date.

"by the ninth", "by Monday", "tomorrow", "next Wednesday", "end of the month", "before the
board meeting on 3 July", "2026-09-30": each becomes an ISO day counted from the day of the
meeting. What cannot be pinned to one day ("soon", "next week", "Q3") stays None: a wrong
date in a task list is worse than none.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}
_ORDINALS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first".split(), start=1)}
_NUMBERS = {w: n for n, w in enumerate("one two three four five six seven eight nine ten "
                                       "eleven twelve".split(), start=1)}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
         r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_ORDINAL = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_NOT_A_DAY = ("one|ones|time|times|item|items|option|point|part|half|quarter|step|thing|phase|"
              "round|version|week|day|month|year|draft|pass|person|page|slide|issue|meeting")
_COUNT = r"(?:\d+|" + "|".join(_NUMBERS) + r"|a|an)"

# The expressions, longest first; WHEN matches one of them inside a sentence.
WHEN = (rf"\d{{4}}-\d{{2}}-\d{{2}}"
        rf"|(?:the )?end of (?:the |this |next )?(?:month|week)"
        rf"|(?:the )?end of {_MONTH}\b"
        rf"|(?:the )?{_DAY_NUM} (?:of )?{_MONTH}\b(?:,? \d{{4}})?"
        rf"|{_MONTH} (?:the )?{_DAY_NUM}\b(?:,? \d{{4}})?"
        rf"|the (?:{_ORDINAL}|{_DAY_NUM})\b(?! (?:{_NOT_A_DAY})\b)"
        rf"|(?:next |this |on )?{_WEEKDAY}\b"
        rf"|(?:the day after )?tomorrow|today|tonight"
        rf"|in {_COUNT} (?:days?|weeks?)")
_WHEN_RE = re.compile(WHEN, re.I)
_DUE_PHRASE = re.compile(rf"\b(?:by|before|until|till|due(?: on| by)?|no later than|on)\s+"
                         rf"(?:the [\w-]+ (?:meeting|review|call|demo|deadline) on )?({WHEN})"
                         rf"|\b({WHEN})\b", re.I)


def find_due(sentence: str) -> str | None:
    """The words of the first date expression in ``sentence`` (with "by"/"before" when
    written so), or None."""
    match = _DUE_PHRASE.search(sentence)
    if not match:
        return None
    return " ".join(match.group(0).split()).rstrip(".,;")


def resolve_due(words: str | None, meeting_date: str | None) -> str | None:
    """``words`` as an ISO day, counted from ``meeting_date`` (YYYY-MM-DD), or None."""
    if not words:
        return None
    match = _WHEN_RE.search(words)
    if not match:
        return None
    text = " ".join(match.group(0).lower().split())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    if not meeting_date:
        return None
    try:
        base = dt.date.fromisoformat(meeting_date)
    except ValueError:
        return None
    day = _relative(text, base)
    return day.isoformat() if day else None


def _relative(text: str, base: dt.date) -> dt.date | None:
    if text in ("today", "tonight"):
        return base
    if text == "tomorrow":
        return base + dt.timedelta(days=1)
    if text == "the day after tomorrow":
        return base + dt.timedelta(days=2)
    if m := re.fullmatch(rf"in ({_COUNT}) (days?|weeks?)", text):
        count = _NUMBERS.get(m.group(1)) or (1 if m.group(1) in ("a", "an") else int(m.group(1)))
        return base + dt.timedelta(days=count * (7 if m.group(2).startswith("week") else 1))
    if m := re.fullmatch(rf"(next |this |on )?({_WEEKDAY})", text):
        return _weekday(base, _WEEKDAYS[m.group(2)], (m.group(1) or "").strip() == "next")
    if m := re.fullmatch(r"(?:the )?end of (the |this |next )?(month|week)", text):
        return _end_of(base, m.group(2), (m.group(1) or "").strip() == "next")
    if m := re.fullmatch(rf"(?:the )?end of ({_MONTH})", text):
        month = _MONTHS[m.group(1)[:3] if m.group(1) not in _MONTHS else m.group(1)]
        year = base.year + (month < base.month)
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return _calendar_day(text, base)


def _weekday(base: dt.date, weekday: int, next_word: bool) -> dt.date:
    ahead = (weekday - base.weekday()) % 7 or 7
    day = base + dt.timedelta(days=ahead)
    if next_word and day.isocalendar()[1] == base.isocalendar()[1]:
        day += dt.timedelta(days=7)  # "next Friday" said on a Monday: the week after
    return day


def _end_of(base: dt.date, unit: str, following: bool) -> dt.date:
    if unit == "week":
        friday = base + dt.timedelta(days=(4 - base.weekday()) % 7)
        return friday + dt.timedelta(days=7 if following else 0)
    year, month = (base.year + (base.month == 12), base.month % 12 + 1) if following else (
        base.year, base.month)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _calendar_day(text: str, base: dt.date) -> dt.date | None:
    year = None
    if m := re.search(r",? (\d{4})$", text):
        year, text = int(m.group(1)), text[: m.start()]
    text = text.removeprefix("the ").replace(" of ", " ")
    month = day = None
    for part in text.split():
        word = part.rstrip(",")
        if word in _MONTHS:
            month = _MONTHS[word]
        elif word in _ORDINALS:
            day = _ORDINALS[word]
        elif m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word):
            day = int(m.group(1))
        elif word != "the":
            return None
    if day is None:
        return None
    if month is None:  # "the ninth": this month, or the next when it has passed
        month, year = base.month, base.year
        if day < base.day:
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
    elif year is None:
        year = base.year + (dt.date(base.year, month, 1) < dt.date(base.year, base.month, 1))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
