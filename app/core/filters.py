"""Search filters (meetings only, date range, file type, folder) as one ``where`` clause.

The clause uses Chroma's filter syntax so the vector side filters in the store; the same
clause is evaluated here for keyword-side candidates, so both sides obey one filter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchFilter:
    """What a user can narrow a search or question to."""

    meetings_only: bool = False
    after: str | None = None  # YYYY-MM-DD, inclusive (meeting date)
    before: str | None = None  # YYYY-MM-DD, inclusive
    file_type: str | None = None
    folder: str | None = None

    def where(self) -> dict | None:
        clauses: list[dict] = []
        if self.meetings_only or self.after or self.before:
            clauses.append({"kind": "meeting"})
        if self.after:
            clauses.append({"meeting_day": {"$gte": _day(self.after)}})
        if self.before:
            clauses.append({"meeting_day": {"$lte": _day(self.before)}})
        if self.file_type:
            clauses.append({"file_type": self.file_type.lower().lstrip(".")})
        if self.folder:
            clauses.append({"folder": self.folder})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _day(date: str) -> int:
    digits = date.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        raise ValueError(f"dates are written YYYY-MM-DD, not {date!r}")
    return int(digits)


def matches(meta: dict, where: dict | None) -> bool:
    """Evaluate a ``where`` clause (equality, $and, $gte, $lte) against chunk metadata."""
    if not where:
        return True
    if "$and" in where:
        return all(matches(meta, clause) for clause in where["$and"])
    for key, condition in where.items():
        value = meta.get(key)
        if isinstance(condition, dict):
            if value is None:
                return False
            if "$gte" in condition and not value >= condition["$gte"]:
                return False
            if "$lte" in condition and not value <= condition["$lte"]:
                return False
        elif value != condition:
            return False
    return True
