"""From a file's bytes to blocks that remember where they came from (page, heading, lines,
cue times), and blocks to chunks the embedder can take; OCR in ``ocr``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.ingest.chunking import (
        ChunkLimits as ChunkLimits,
        chunk_document as chunk_document,
    )
    from app.core.ingest.markdown import (
        MarkdownParser as MarkdownParser,
        markdown_blocks as markdown_blocks,
    )
    from app.core.ingest.meeting_notes import (
        is_meeting as is_meeting,
        meeting_date as meeting_date,
        meeting_fields as meeting_fields,
    )
    from app.core.ingest.ocr.layout import page_lines as page_lines
    from app.core.ingest.ocr.runner import (
        OCR_OFF as OCR_OFF,
        OcrCache as OcrCache,
        OcrPage as OcrPage,
        OcrPages as OcrPages,
        OcrTally as OcrTally,
        has_text as has_text,
    )
    from app.core.ingest.ocr.spacing import WordSpacer as WordSpacer
    from app.core.ingest.plaintext import (
        TextParser as TextParser,
        paragraph_blocks as paragraph_blocks,
        read_text as read_text,
    )
    from app.core.ingest.transcripts import SrtParser as SrtParser, VttParser as VttParser

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.ingest.chunking": ("chunk_document", "ChunkLimits"),
    "app.core.ingest.markdown": ("markdown_blocks", "MarkdownParser"),
    "app.core.ingest.meeting_notes": ("is_meeting", "meeting_date", "meeting_fields"),
    "app.core.ingest.ocr.layout": ("page_lines",),
    "app.core.ingest.ocr.runner": (
        "has_text",
        "OCR_OFF",
        "OcrCache",
        "OcrPage",
        "OcrPages",
        "OcrTally",
    ),
    "app.core.ingest.ocr.spacing": ("WordSpacer",),
    "app.core.ingest.plaintext": ("paragraph_blocks", "read_text", "TextParser"),
    "app.core.ingest.transcripts": ("SrtParser", "VttParser"),
})
