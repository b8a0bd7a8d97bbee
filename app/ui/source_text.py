"""The text the source viewer shows for a passage, and where in it the passage is.

Text and Markdown files are shown as they are on disk, so the cited line numbers are the
file's own; other formats are shown as Hearth parsed them (PDF page by page, transcripts
cue by cue). No Qt here: the viewer only displays the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.core import Block, Hit, Library

RAW_TYPES = (".txt", ".text", ".md", ".markdown")
MARKDOWN_TYPES = (".md", ".markdown")
_WORDS = 12  # words of the passage used to find it again in the rendered text


@dataclass(frozen=True)
class SourceText:
    """A document as text, with the passage's span (``start == end`` when not found)."""

    path: str
    text: str
    start: int
    end: int
    where: str

    @property
    def markdown(self) -> bool:
        """A Markdown note: the viewer shows it formatted, as a person reads it."""
        return Path(self.path).suffix.lower() in MARKDOWN_TYPES


def source_text(library: Library, hit: Hit) -> SourceText:
    """Read ``hit``'s file and locate the passage in it (only what the link rule lets
    Hearth read: a link swapped for one to /etc since indexing is refused)."""
    if Path(hit.path).suffix.lower() in RAW_TYPES:
        text = library.file_text(hit.path)
        span = _line_span(text, hit.line_start, hit.line_end) or find_passage(text, hit.text)
        return SourceText(hit.path, text, *span, where=hit.location())
    doc = library.read_document(hit.path)
    text, spans = render_blocks(doc.blocks)
    span = find_passage(text, hit.text)
    if span == (0, 0):
        span = _located_block(hit, spans) or span
    return SourceText(hit.path, text, *span, where=hit.location())


def render_blocks(blocks: list[Block]) -> tuple[str, list[tuple[Block, int, int]]]:
    """Blocks as readable text: page headers for PDFs, time and speaker for cues."""
    parts: list[str] = []
    spans = []
    offset, page = 0, None
    for block in blocks:
        if block.page is not None and block.page != page:
            page = block.page
            header = f"— Page {page} —\n\n"
            parts.append(header)
            offset += len(header)
        prefix = ""
        if block.time_start:
            named = block.speaker and not block.text.startswith(f"{block.speaker}:")
            prefix = f"[{block.time_start}] " + (f"{block.speaker}: " if named else "")
        piece = prefix + block.text + "\n\n"
        spans.append((block, offset, offset + len(piece) - 2))
        parts.append(piece)
        offset += len(piece)
    return "".join(parts), spans


def find_passage(text: str, passage: str) -> tuple[int, int]:
    """The span of ``passage`` in ``text``, tolerant of different whitespace."""
    exact = text.find(passage)
    if exact >= 0:
        return exact, exact + len(passage)
    words = passage.split()
    if not words:
        return 0, 0
    head = re.search(r"\s+".join(map(re.escape, words[:_WORDS])), text)
    if head is None:
        return 0, 0
    tail = re.compile(r"\s+".join(map(re.escape, words[-_WORDS:])))
    end = tail.search(text, head.start())
    return head.start(), end.end() if end else head.end()


def _line_span(text: str, first: int | None, last: int | None) -> tuple[int, int] | None:
    if not first:
        return None
    lines = text.splitlines(keepends=True)
    if first > len(lines):
        return None
    start = sum(len(line) for line in lines[:first - 1])
    last = min(last or first, len(lines))
    end = start + sum(len(line) for line in lines[first - 1:last])
    return start, end


def _located_block(hit: Hit, spans: list[tuple[Block, int, int]]) -> tuple[int, int] | None:
    """The blocks at the hit's cue time or page, when its text cannot be found."""
    chosen = [(s, e) for b, s, e in spans
              if (hit.time_start and b.time_start == hit.time_start)
              or (not hit.time_start and hit.page is not None and b.page == hit.page)]
    return (chosen[0][0], chosen[-1][1]) if chosen else None


_MARKUP = [
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # [text](url): its text
    (re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)", re.M), ""),
    (re.compile(r"[*_`~]+"), " "),
]


def find_rendered(rendered: str, raw: str) -> tuple[int, int]:
    """The span of the raw Markdown passage ``raw`` in the text Qt rendered from the note
    (links as their text, no emphasis marks, bullets and heading marks gone): found by its
    words in order, whatever punctuation and spacing came between them."""
    for pattern, replacement in _MARKUP:
        raw = pattern.sub(replacement, raw)
    words = re.findall(r"\w+", raw)
    if not words:
        return 0, 0
    gap = r"\W+"
    head = re.search(gap.join(words[:_WORDS]), rendered)
    if head is None:
        return 0, 0
    tail = re.compile(gap.join(words[-_WORDS:]))
    end = tail.search(rendered, head.start())
    return head.start(), end.end() if end else head.end()
