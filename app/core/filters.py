"""What a search or a question can be narrowed to: one type for every front end.

The CLI flags, the window's controls and the query syntax (``is:meeting``, ``after:``,
``type:``) all produce a ``SearchFilter``; ``parse_query`` merges the query's part into
the caller's once, and the vector store backend turns the result into its own filter
language (Chroma's ``where``) in one place. A filter is checked when it is made, so an
impossible date is a clear error instead of a filter that silently matches nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from app.core.errors import InvalidFilter
from app.core.files import TYPE_ALIASES
from app.core.types import JsonDict


@dataclass(frozen=True)
class SearchFilter:
    """Meetings only, a meeting-date range (inclusive), a file type, a library folder."""

    meetings_only: bool = False
    after: str | None = None  # YYYY-MM-DD, inclusive (meeting date)
    before: str | None = None  # YYYY-MM-DD, inclusive
    file_type: str | None = None  # extension without the dot, lower case
    folder: str | None = None  # a library folder (root) path

    def __post_init__(self) -> None:
        for name in ("after", "before"):
            value = getattr(self, name)
            object.__setattr__(self, name, iso_day(value, name) if value else None)
        kind = (self.file_type or "").strip().lower().lstrip(".")
        kind = TYPE_ALIASES.get(kind, kind)  # files are stored under one name per type
        object.__setattr__(self, "file_type", kind or None)
        object.__setattr__(self, "folder", self.folder or None)
        if self.after and self.before and self.after > self.before:
            raise InvalidFilter(f"the date range is empty: after {self.after} is later than "
                                f"before {self.before}")

    @property
    def meetings(self) -> bool:
        """Whether only meetings match (a date range implies meetings: only they have one)."""
        return bool(self.meetings_only or self.after or self.before)

    @property
    def is_empty(self) -> bool:
        return self == SearchFilter()

    def accepts(self, meta: JsonDict) -> bool:
        """Whether a chunk with metadata ``meta`` passes: the reference meaning of a filter,
        which stores without a filter language of their own (the test fakes) evaluate."""
        if self.meetings and meta.get("kind") != "meeting":
            return False
        day = meta.get("meeting_day")
        if self.after and (day is None or day < day_number(self.after)):
            return False
        if self.before and (day is None or day > day_number(self.before)):
            return False
        if self.file_type and meta.get("file_type") != self.file_type:
            return False
        return not (self.folder and meta.get("folder") != self.folder)

    def to_json(self) -> JsonDict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def iso_day(value: str, name: str = "date") -> str:
    """``value`` as a real calendar day written YYYY-MM-DD (YYYYMMDD is accepted too)."""
    text = str(value).strip()
    digits = text.replace("-", "")
    shaped = len(digits) == 8 and digits.isdigit() and (
        text == digits or (len(text) == 10 and text[4] == text[7] == "-"))
    try:
        if not shaped:
            raise ValueError
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat()
    except ValueError:
        raise InvalidFilter(f"the {name} date {value!r} is not a real day: dates are written "
                            "YYYY-MM-DD and must exist") from None


def day_number(iso: str) -> int:
    """A YYYY-MM-DD day as the integer YYYYMMDD stored in chunk metadata (``meeting_day``)."""
    return int(iso.replace("-", ""))
