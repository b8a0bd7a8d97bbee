"""The Library's meetings: summaries from the note or the model, the action ledger, the
digest across meetings. A part of the ``Library`` facade kept in its own module (the
facade's class inherits it), so the facade stays readable; front ends still call
``library.summarize``, ``library.action_items`` and the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from app.core.errors import HearthError
from app.core.filters import SearchFilter
from app.core.meetings import (
    SIBLINGS,
    ActionLedger,
    ActionRow,
    Digest,
    MeetingSummary,
    SummaryCache,
    build_digest,
    default_since,
    extractive_summary,
    structure_summary,
    summarize_document,
    template_lines,
)
from app.core.paths import absolute
from app.core.ports import Embedder, Generator
from app.core.settings import Settings
from app.core.storage import FileRecord, Registry
from app.core.types import ActionStatus, Document

TEXT_MEETINGS = ("md", "txt", "vtt", "srt")  # meetings whose text a template check reads


class LibraryMeetings:
    """Meeting summaries, the action ledger and the digest, for the ``Library``."""

    settings: Settings
    _registry: Registry
    _ledger: ActionLedger
    _embedder: Callable[[], Embedder]

    if TYPE_CHECKING:  # the Library provides these
        def read_document(self, path: str) -> Document: ...
        def file_text(self, path: str) -> str: ...
        def writes_prose(self) -> bool: ...
        def _generator(self) -> Generator: ...

    def meeting_items(self, path: str) -> MeetingSummary:
        """The meeting's topics with their outcomes, attendees, decisions and action items,
        read from the text alone, without the model (instant); what the folder's other
        meetings all repeat (their template) is left out."""
        doc = self.read_document(path)
        return structure_summary(doc, template_lines(self._sibling_texts(str(doc.path))))

    def _sibling_texts(self, path: str) -> Iterator[str]:
        """The text of the newest other meetings in the folder of ``path``."""
        folder = os.path.dirname(path)
        siblings = [m.path for m in self._registry.meetings()
                    if os.path.dirname(m.path) == folder and m.path != path
                    and m.file_type in TEXT_MEETINGS]
        for other in siblings[:SIBLINGS]:
            try:
                yield self.file_text(other)
            except HearthError:  # gone or unreadable since it was indexed: not a template
                continue

    def summarize(self, path: str, cancelled: Callable[[], bool] | None = None
                  ) -> MeetingSummary:
        """Summary, decisions, action items and attendees of one meeting note: the model's
        checked prose from a model that can write it (the ``prose`` setting), else the
        topics and their outcomes read from the note, without loading the model; a
        transcript, which has no topics, is summed up by its most central utterances."""
        if not self.writes_prose():
            doc = self.read_document(path)
            summary = structure_summary(doc, template_lines(self._sibling_texts(str(doc.path))))
            if summary.summary or not any(block.speaker for block in doc.blocks):
                return summary
            return replace(summary, summary=extractive_summary(doc.blocks, self._embedder()),
                           summary_source="extractive")
        return summarize_document(self.read_document(path), self._generator(), cancelled,
                                  embedder=self._embedder())

    def meetings(self, after: str | None = None, before: str | None = None
                 ) -> list[FileRecord]:
        """Indexed meeting notes and transcripts, newest first; with ``after``/``before``
        (YYYY-MM-DD, inclusive) only the dated meetings in that range."""
        span = SearchFilter(after=after, before=before)  # checks the dates
        found = self._registry.meetings()
        if span.after or span.before:
            found = [m for m in found if m.meeting_date
                     and (not span.after or m.meeting_date >= span.after)
                     and (not span.before or m.meeting_date <= span.before)]
        return found

    def action_items(self, owner: str | None = None, status: ActionStatus = "open",
                     after: str | None = None, before: str | None = None, *,
                     overdue: bool = False, today: str | None = None) -> list[ActionRow]:
        """Action items of every indexed meeting from the ledger, newest meeting first;
        ``owner`` matches any part of the owner's name or a handle, case-insensitively;
        ``status`` is open, done or all (the user's mark wins over the note's checkbox);
        ``overdue``: only open items due before ``today`` (YYYY-MM-DD, default today)."""
        span = SearchFilter(after=after, before=before)  # checks the dates
        if overdue:
            status, due_before = "open", today or date.today().isoformat()
            SearchFilter(after=due_before)  # checks the day
            return self._ledger.items(owner, status, span.after, span.before,
                                      due_before=due_before)
        return self._ledger.items(owner, status, span.after, span.before)

    def digest(self, since: str | None = None, owner: str | None = None,
               today: str | None = None) -> Digest:
        """Decisions, action items opened, done and overdue since ``since`` (YYYY-MM-DD,
        default a week before ``today``), by meeting and by person; ``owner`` narrows the
        action items to one person (any part of the name or a handle)."""
        today = SearchFilter(before=today or date.today().isoformat()).before or ""
        start = SearchFilter(after=since).after if since else None  # checks the day
        return build_digest(self._ledger, start or default_since(today), today, owner)

    def mark_action(self, item_id: str, done: bool = True) -> ActionRow:
        """Mark an action item done (or not); kept in Hearth's data, never in the note."""
        return self._ledger.mark(item_id, done)

    def cached_summary(self, path: str) -> MeetingSummary | None:
        """The stored summary of ``path`` if its content and the model are unchanged."""
        rec = self._registry.get(absolute(path))
        if rec is None:
            return None
        return SummaryCache(self.settings.paths.cache / "summaries").get(
            rec.path, rec.hash, self._model_key())

    def summarize_cached(self, path: str, cancelled: Callable[[], bool] | None = None
                         ) -> MeetingSummary:
        """``summarize``, kept on disk per content hash and model: generated on demand once."""
        if not self.writes_prose():
            return self.summarize(path, cancelled)  # seconds at most: not kept on disk
        cached = self.cached_summary(path)
        if cached is not None:
            return cached
        summary = self.summarize(path, cancelled)
        rec = self._registry.get(absolute(path))
        if rec is not None and not (cancelled and cancelled()):
            SummaryCache(self.settings.paths.cache / "summaries").put(
                summary, rec.hash, self._model_key())
        return summary

    def _model_key(self) -> str:
        # the version of the prose checks is part of the key: older unchecked prose is redone
        return f"{self.settings.model_path or 'bundled'}|checked-1"
