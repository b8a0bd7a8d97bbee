"""Structure-aware chunking that never exceeds the embedder's own token limit.

Blocks (paragraphs, cues, page parts) are merged while they share a page and heading and
fit the target size; a block too long for the model is cut at sentence or word
boundaries found with the model's own tokenizer, so no text is silently truncated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.core.types import Block, Chunk, Document

TokenCounter = Callable[[str], int]
TokenOffsets = Callable[[str], list[tuple[int, int]]]

_SEGMENT_CHARS = 20_000  # long blocks are pre-cut so one tokenizer call stays small
_HEADING_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?;:][\"')\]]?\s+$")


@dataclass(frozen=True)
class ChunkLimits:
    """Sizes in the embedder's tokens: ``max_tokens`` includes special tokens."""

    max_tokens: int
    target_tokens: int


def chunk_document(doc: Document, count_tokens: TokenCounter, token_offsets: TokenOffsets,
                   limits: ChunkLimits) -> list[Chunk]:
    """Split ``doc`` into chunks whose ``embed_text`` fits ``limits.max_tokens``."""
    count_tokens = _remembered(count_tokens)  # a block and its heading are counted once
    pieces: list[tuple[Block, int]] = []
    for block in doc.blocks:
        block = replace(block, heading=block.heading[:_HEADING_CHARS])
        budget = limits.max_tokens - _heading_cost(block.heading, count_tokens)
        for piece in _split_block(block, count_tokens, token_offsets, budget):
            pieces.append((piece, count_tokens(piece.text) - 2))
    return _merge(pieces, count_tokens, limits)


def _remembered(count_tokens: TokenCounter) -> TokenCounter:
    """``count_tokens`` with the counts of this document kept (tokenizing is the chunker's
    main cost, and an unsplit block, or a heading shared by many, came back each time)."""
    counts: dict[str, int] = {}

    def count(text: str) -> int:
        if text not in counts:
            counts[text] = count_tokens(text)
        return counts[text]

    return count


def _heading_cost(heading: str, count_tokens: TokenCounter) -> int:
    """Tokens the heading line adds to a chunk's embed text (special tokens included)."""
    return count_tokens(heading + "\n") if heading else 2


def _split_block(block: Block, count_tokens: TokenCounter, token_offsets: TokenOffsets,
                 budget: int) -> list[Block]:
    if len(block.text) <= _SEGMENT_CHARS and count_tokens(block.text) - 2 <= budget:
        return [block]
    pieces = []
    for seg_start, seg_end in _segments(block.text):
        segment = block.text[seg_start:seg_end]
        for start, end in _token_windows(segment, token_offsets(segment), budget):
            pieces.append(_sub_block(block, seg_start + start, seg_start + end))
    return [p for p in pieces if p.text]


def _segments(text: str) -> list[tuple[int, int]]:
    """Cut ``text`` into spans of at most ``_SEGMENT_CHARS`` at whitespace."""
    spans, start = [], 0
    while len(text) - start > _SEGMENT_CHARS:
        end = start + _SEGMENT_CHARS
        cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
        end = cut if cut > start else end
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _token_windows(text: str, offsets: list[tuple[int, int]], budget: int) -> list[tuple[int, int]]:
    """Character spans of at most ``budget`` tokens each, cut at sentence or word ends."""
    spans, i = [], 0
    while i < len(offsets):
        j = min(i + budget, len(offsets))
        if j < len(offsets):
            j = _best_cut(text, offsets, i, j)
        end = offsets[j][0] if j < len(offsets) else len(text)
        spans.append((offsets[i][0], end))
        i = j
    return spans


def _best_cut(text: str, offsets: list[tuple[int, int]], i: int, j: int) -> int:
    """Latest token in (i, j] that starts a sentence, else a word, else ``j`` itself."""
    floor = i + max(1, (j - i) // 2)
    word_cut = None
    for k in range(j, i, -1):
        pos = offsets[k][0]
        if pos == 0 or not text[pos - 1].isspace():
            continue
        if k >= floor and _SENTENCE_END.search(text[max(0, pos - 4):pos]):
            return k
        word_cut = word_cut or k
    return word_cut or j


def _sub_block(block: Block, start: int, end: int) -> Block:
    """The part ``block.text[start:end]`` with its own lines and offsets."""
    raw = block.text[start:end]
    text = raw.strip()
    start += len(raw) - len(raw.lstrip())
    line_start = block.line_start
    if line_start is not None:
        line_start += block.text[:start].count("\n")
    line_end = line_start + text.count("\n") if line_start is not None else None
    char_start = block.char_start + start if block.char_start is not None else None
    char_end = char_start + len(text) if char_start is not None else None
    return replace(block, text=text, line_start=line_start, line_end=line_end,
                   char_start=char_start, char_end=char_end)


def _merge(pieces: list[tuple[Block, int]], count_tokens: TokenCounter,
           limits: ChunkLimits) -> list[Chunk]:
    """Merge neighbouring pieces of one section up to the target size."""
    chunks: list[Chunk] = []
    group: list[Block] = []
    size = 0
    for block, tokens in pieces:
        same_section = group and (group[0].page, group[0].heading) == (block.page, block.heading)
        if group and (not same_section or size + tokens + 1 > limits.target_tokens):
            chunks += _emit(group, len(chunks), count_tokens, limits)
            group, size = [], 0
        group.append(block)
        size += tokens + 1
    if group:
        chunks += _emit(group, len(chunks), count_tokens, limits)
    return chunks


def _emit(group: list[Block], index: int, count_tokens: TokenCounter,
          limits: ChunkLimits) -> list[Chunk]:
    """One chunk for the group, or one per block if tokenization made the join too long."""
    chunk = _join(group, index)
    if len(group) == 1 or count_tokens(chunk.embed_text) <= limits.max_tokens:
        return [chunk]
    return [_join([block], index + n) for n, block in enumerate(group)]


def _join(group: list[Block], index: int) -> Chunk:
    first, last = group[0], group[-1]
    speakers = list(dict.fromkeys(b.speaker for b in group if b.speaker))
    return Chunk(
        index=index,
        text="\n\n".join(b.text for b in group) if not first.time_start else
        "\n".join(b.text for b in group),
        heading=first.heading,
        page=first.page,
        line_start=first.line_start,
        line_end=last.line_end,
        char_start=first.char_start,
        char_end=last.char_end,
        time_start=first.time_start,
        time_end=last.time_end,
        speaker=", ".join(speakers) or None,
    )
