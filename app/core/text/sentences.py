"""Whole sentences of a passage, for quoting: lines rejoined where the text wraps, then
split by pysbd, a rule-based segmenter that knows abbreviations, decimals and initials.

A quote must never be cut mid-phrase ("[ReasonML's `Bytes` module](...) has a"), so a
line break only ends a sentence where the text starts something new: a blank line, a
list item, a heading, a table row or a speaker's turn ("Dana Whitfield: ...").
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from app.core.types import Block

# A line that starts a paragraph of its own: a bullet or numbered item, a heading, a
# table row, a quote, or a transcript turn ("Name:" / "Name Surname:" / "[00:12]").
_STARTS_PARAGRAPH = re.compile(
    r"^(?:[-*+•]\s|\d{1,3}[.)]\s|#{1,6}\s|\||>|\[\d|\d{1,2}:\d{2}(?::\d{2})?\s+\w"
    r"|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}:\s)")
_TABLE_ROW = re.compile(r"^\|?[^|]+(?:\|[^|]*){2,}$")  # three cells or more
_HEADING = re.compile(r"^#{1,6}\s")
_BULLET = re.compile(r"^(?:[-*+•]\s+(?:\[[ xX]\]\s+)?|\d{1,3}[.)]\s+)")
# "Dana Whitfield: ..." at the start of a transcript turn (at most three capitalized words).
_SPEAKER = re.compile(r"^([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}):\s+(?=\S)")
_MIN_WORDS = 3
_ROUGH_SENTENCE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n+")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _segmenter() -> Any:  # pysbd has no type information
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, each on one line: wrapped lines joined, headings dropped."""
    found: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            found.append(" ".join(current))
            current.clear()

    lines = [line.strip() for line in text.splitlines()]
    for n, stripped in enumerate(lines):
        if not stripped:
            flush()
            continue
        if _HEADING.match(stripped) or re.fullmatch(r"\|?[\s:|-]+\|?", stripped):
            flush()  # a heading titles what follows, a rule draws a table: neither answers
            continue
        if _TABLE_ROW.match(stripped):
            flush()
            previous = lines[n - 1] if n else ""
            following = lines[n + 1] if n + 1 < len(lines) else ""
            if not _TABLE_ROW.match(previous) and _TABLE_ROW.match(following):
                continue  # a table's header row names columns; its rows hold the values
            found.append(stripped)
            continue
        if _STARTS_PARAGRAPH.match(stripped):
            flush()
        current.append(stripped)
    flush()
    return found


def split_sentences(text: str) -> list[str]:
    """Every sentence of ``text`` with at least three words, whitespace normalized, list
    markers removed (the words are the user's own, verbatim)."""
    return [sentence for _, sentence in attributed_sentences(text)]


def attributed_sentences(text: str, turns: bool = True) -> list[tuple[str | None, str]]:
    """(label, sentence) for every sentence of ``text``. A line's "Label: " prefix is not
    part of the quoted words: in a transcript turn (``turns``: "Dana Whitfield: Agreed.
    Let's add PgBouncer.") every sentence keeps who said it; elsewhere ("Severity: SEV-2.
    Duration: 47 minutes.") only the first sentence stands under its label."""
    result = []
    for paragraph in paragraphs(text):
        paragraph = _BULLET.sub("", paragraph)
        speaker = _SPEAKER.match(paragraph)
        if speaker and len(paragraph) - speaker.end() > 0:
            paragraph = paragraph[speaker.end():]
        with _lock:  # pysbd keeps per-call state on the segmenter
            pieces = _segmenter().segment(paragraph)
        label = speaker.group(1) if speaker else None
        for position, piece in enumerate(pieces):
            sentence = " ".join(piece.split())
            if len(sentence.split()) >= _MIN_WORDS:
                result.append((label if turns or position == 0 else None, sentence))
    return result

def utterance(block: Block) -> str:
    """What was said, without the "Speaker: " prefix a transcript block carries."""
    if block.speaker and block.text.startswith(block.speaker + ":"):
        return block.text[len(block.speaker) + 1:].strip()
    return block.text


def rough_sentences(text: str) -> list[str]:
    """Sentences of a block by punctuation alone, lines rejoined where a sentence wraps:
    for checks that run over every sentence of a meeting at index time, where pysbd's
    cost (about a millisecond a sentence) would show; quotes use ``split_sentences``."""
    joined = re.sub(r"(?<![.!?:])\n(?!\s*(?:[-*+]|\d+[.)])\s)", " ", text.strip())
    return [s.strip() for s in _ROUGH_SENTENCE.split(joined) if s and s.strip()]
