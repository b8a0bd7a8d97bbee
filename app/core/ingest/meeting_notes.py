"""Recognize meeting notes and their date, so questions can be limited to meetings.

A document is a meeting when it is a transcript, lives in a folder named like meetings,
says so in its front matter, or lists its attendees (an Attendees: line or a Present /
Attendees heading). The date comes from the front
matter, else from the file name or title (ISO ``YYYY-MM-DD``).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from app.core.types import Document, JsonDict

_FOLDER = re.compile(r"meeting|minutes|standup|stand-up|1on1|one-on-one|retro|sync", re.I)
_ATTENDEES = re.compile(r"^\s*(attendees|participants|present|attendance)\s*:", re.I | re.M)
_PEOPLE_HEADING = re.compile(r"^(?:present|attendees|attendance|participants|in attendance)$",
                             re.I)
_DATE = re.compile(r"(20\d\d|19\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
_FRONT_KEYS = ("attendees", "participants")


def meeting_fields(doc: Document) -> JsonDict:
    """``{"kind": "meeting", "meeting_date": ..., "meeting_day": yyyymmdd}`` or ``{}``."""
    if not is_meeting(doc):
        return {}
    fields: JsonDict = {"kind": "meeting"}
    date = meeting_date(doc)
    if date:
        fields["meeting_date"] = date
        fields["meeting_day"] = int(date.replace("-", ""))
    return fields


def is_meeting(doc: Document) -> bool:
    if doc.file_type in ("vtt", "srt"):
        return True
    meta = {k.lower(): str(v).lower() for k, v in doc.meta.items()}
    if meta.get("type") == "meeting" or meta.get("kind") == "meeting":
        return True
    if any(key in meta for key in _FRONT_KEYS):
        return True
    if any(_FOLDER.search(part) for part in PurePath(str(doc.path)).parent.parts[-3:]):
        return True
    opening = "\n".join(b.text for b in doc.blocks[:8])
    if _ATTENDEES.search(opening):
        return True
    return any(_PEOPLE_HEADING.match(b.heading.rsplit(" > ", 1)[-1].strip(" :*"))
               for b in doc.blocks[:12])


def meeting_date(doc: Document) -> str | None:
    for source in (str(doc.meta.get("date", "")), PurePath(str(doc.path)).name, doc.title):
        match = _DATE.search(source)
        if match:
            return match.group(0)
    return None
