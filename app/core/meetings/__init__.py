"""Meeting notes: attendees, decisions and action items read from the text, spoken items,
due dates, the action ledger, and summaries with their cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.meetings.items import (
        ActionItem as ActionItem,
        attendee_passages as attendee_passages,
        explicit_items as explicit_items,
    )
    from app.core.meetings.ledger import ActionLedger as ActionLedger, ActionRow as ActionRow
    from app.core.meetings.summarize import (
        MeetingSummary as MeetingSummary,
        structure_summary as structure_summary,
        summarize_document as summarize_document,
    )
    from app.core.meetings.summary_cache import SummaryCache as SummaryCache
    from app.core.meetings.topics import Topic as Topic

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.meetings.items": ("ActionItem", "attendee_passages", "explicit_items"),
    "app.core.meetings.ledger": ("ActionLedger", "ActionRow"),
    "app.core.meetings.summarize": ("MeetingSummary", "structure_summary", "summarize_document"),
    "app.core.meetings.summary_cache": ("SummaryCache",),
    "app.core.meetings.topics": ("Topic",),
})
