"""Meeting notes: attendees, decisions and action items read from the text, spoken items,
due dates, the action ledger, and summaries with their cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.meetings.boilerplate import (
        SIBLINGS as SIBLINGS,
        template_lines as template_lines,
    )
    from app.core.meetings.digest import (
        Digest as Digest,
        build_digest as build_digest,
        default_since as default_since,
    )
    from app.core.meetings.extractive import extractive_summary as extractive_summary
    from app.core.meetings.items import (
        ActionItem as ActionItem,
        Decision as Decision,
        attendee_passages as attendee_passages,
        explicit_items as explicit_items,
    )
    from app.core.meetings.ledger import (
        ActionLedger as ActionLedger,
        ActionRow as ActionRow,
        DecisionRow as DecisionRow,
    )
    from app.core.meetings.people import people_lines as people_lines
    from app.core.meetings.summarize import (
        MeetingSummary as MeetingSummary,
        structure_summary as structure_summary,
        summarize_document as summarize_document,
    )
    from app.core.meetings.summary_cache import SummaryCache as SummaryCache
    from app.core.meetings.topics import Topic as Topic

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.meetings.boilerplate": ("SIBLINGS", "template_lines"),
    "app.core.meetings.digest": ("Digest", "build_digest", "default_since"),
    "app.core.meetings.extractive": ("extractive_summary",),
    "app.core.meetings.items": ("ActionItem", "Decision", "attendee_passages", "explicit_items"),
    "app.core.meetings.ledger": ("ActionLedger", "ActionRow", "DecisionRow"),
    "app.core.meetings.people": ("people_lines",),
    "app.core.meetings.summarize": ("MeetingSummary", "structure_summary", "summarize_document"),
    "app.core.meetings.summary_cache": ("SummaryCache",),
    "app.core.meetings.topics": ("Topic",),
})
