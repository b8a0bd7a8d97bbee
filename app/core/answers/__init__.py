"""Answering a question: the gate (is it in the files?), quoted evidence, the model's
checked prose, citations, and the chats that keep the turns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.answers.answer import Answer as Answer
    from app.core.answers.assistant import Assistant as Assistant, TokenCallback as TokenCallback
    from app.core.answers.chats import (
        ChatInfo as ChatInfo,
        ChatStore as ChatStore,
        ChatTurn as ChatTurn,
        clean_name as clean_name,
    )

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.answers.answer": ("Answer",),
    "app.core.answers.assistant": ("Assistant", "TokenCallback"),
    "app.core.answers.chats": ("ChatInfo", "ChatStore", "ChatTurn", "clean_name"),
})
