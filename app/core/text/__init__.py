"""Text as sentences: whole sentences for quoting, passages that speak to an AI, and the
checks that keep model prose grounded in the source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.text.folding import fold as fold
    from app.core.text.grounding import (
        checked_prose as checked_prose,
        fails as fails,
        flat as flat,
        known as known,
    )
    from app.core.text.sentences import (
        attributed_sentences as attributed_sentences,
        rough_sentences as rough_sentences,
        split_sentences as split_sentences,
        utterance as utterance,
    )
    from app.core.text.suspicious import suspicion as suspicion

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.text.folding": ("fold",),
    "app.core.text.grounding": ("checked_prose", "fails", "flat", "known"),
    "app.core.text.sentences": (
        "attributed_sentences",
        "rough_sentences",
        "split_sentences",
        "utterance",
    ),
    "app.core.text.suspicious": ("suspicion",),
})
