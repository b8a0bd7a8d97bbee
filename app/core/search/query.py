"""The search syntax shared by the search box and the CLI.

Free words, ``"exact phrases"`` and fields: ``type:pdf``, ``file:budget`` (part of the file
name, or a glob), ``in:/path/to/folder``, ``after:2026-03-01`` / ``before:2026-03-31``
(meeting dates) and ``is:meeting``. Anything else is text. ``in:`` takes an absolute
path; the caller resolves relative ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import PurePath

from app.core.filters import SearchFilter

_TOKEN = re.compile(r'(?P<field>\b(?:type|file|in|after|before|is):(?:"[^"]*"|\S+))'
                    r'|"(?P<phrase>[^"]+)"', re.I)


@dataclass(frozen=True)
class ParsedQuery:
    """A query split into free text, required phrases and filters."""

    text: str
    phrases: tuple[str, ...] = ()
    filter: SearchFilter = SearchFilter()
    file: str | None = None
    inside: str | None = None

    @property
    def needs_post_filter(self) -> bool:
        return bool(self.phrases or self.file or self.inside)

    def accepts(self, path: str, text: str) -> bool:
        """Whether a passage satisfies the phrase and file-name parts of the query."""
        folded = " ".join(text.casefold().split())
        if any(" ".join(p.casefold().split()) not in folded for p in self.phrases):
            return False
        if self.inside and not (path == self.inside or path.startswith(self.inside + "/")):
            return False
        if self.file:
            name = PurePath(path).name.casefold()
            pattern = self.file.casefold()
            return fnmatch(name, pattern) if any(c in pattern for c in "*?[") else pattern in name
        return True


def parse_query(raw: str, base: SearchFilter | None = None) -> ParsedQuery:
    """Split ``raw`` into text, phrases and filters; the query's fields override ``base``
    (the caller's controls or flags), so the two are merged here and nowhere else.

    Raises InvalidFilter for an impossible ``after:``/``before:`` day."""
    phrases: list[str] = []
    query_filter = base or SearchFilter()
    file_pattern = inside = None
    for match in _TOKEN.finditer(raw):
        if match.group("phrase"):
            phrases.append(match.group("phrase").strip())
            continue
        key, _, value = match.group("field").partition(":")
        value = value.strip('"')
        key = key.lower()
        if key == "file":
            file_pattern = value
        elif key == "type":
            query_filter = replace(query_filter, file_type=value)
        elif key == "in":
            inside = value.rstrip("/") or "/"
        elif key in ("after", "before"):
            query_filter = (replace(query_filter, after=value) if key == "after"
                            else replace(query_filter, before=value))
        elif key == "is" and value.lower() in ("meeting", "meetings"):
            query_filter = replace(query_filter, meetings_only=True)
    text = " ".join(_TOKEN.sub(lambda m: m.group("phrase") or " ", raw).split())
    return ParsedQuery(text, tuple(p for p in phrases if p), query_filter, file_pattern, inside)
