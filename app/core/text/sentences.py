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
_FENCE = re.compile(r"^(?:```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_MASK = "hearthcodespan"
_MASKED = re.compile(_MASK + r"(\d+)x")
_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))+\)")  # [text](url)
MAX_CODE_LINES = 8     # a recipe; a longer block is a program, quoted line by line
MAX_CODE_CHARS = 600
MAX_LINE_CHARS = 240  # a line of a long block quoted alone
MIN_CODE_WORDS = 2  # words (with a letter or digit) a line of a long block quoted alone has
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
    Duration: 47 minutes.") only the first sentence stands under its label.

    A fenced code block is not prose: a short one (a command) is quoted whole, in
    backticks, after the sentence that introduces it ("To turn it off: `brew developer
    off`"), and its fences never stand in a quote; of a long one, each line that says
    something stands alone in backticks (the one line of a workflow that answers, "git diff
    --quiet || git commit ..."). Markdown links read as their text."""
    result: list[tuple[str | None, str]] = []
    for kind, part in _prose_and_code(text):
        if kind == "cut code":
            result += [(None, f"`{line}`") for line in _code_lines(part)]
            continue
        if kind == "code":
            command = _command(part)
            if command is None:
                result += [(None, f"`{line}`") for line in _code_lines(part)]
                continue
            if result and result[-1][1].endswith(":"):
                label, intro = result.pop()
                result.append((label, f"{intro} {command}"))
            elif len(command.split()) >= 2:
                result.append((None, command))
            continue
        result += _prose_sentences(part, turns)
    return result


def _prose_and_code(text: str) -> list[tuple[str, str]]:
    """``text`` cut at its code fences: ("prose", ...) and ("code", ...) in order.

    A passage is a cut of its file, and the cut can fall inside a code block: then its
    first fence closes a block rather than opening one (``_starts_in_code``)."""
    parts: list[tuple[str, str]] = []
    current: list[str] = []
    lines = text.split("\n")
    in_code = _starts_in_code(lines)
    cut = in_code  # a block whose start lies before the passage: never a whole command
    for line in lines:
        if _FENCE.match(line.strip()):
            if current:
                kind = ("cut code" if cut else "code") if in_code else "prose"
                parts.append((kind, "\n".join(current)))
            cut = False
            current, in_code = [], not in_code
            continue
        current.append(line)
    if current:  # a block still open at the end goes on after the passage
        parts.append(("cut code" if in_code else "prose", "\n".join(current)))
    return parts


def _starts_in_code(lines: list[str]) -> bool:
    """Whether the text begins inside a code block: its first fence is a bare one (an
    opening fence usually names its language; a closing one never does), and either the
    fences are odd in number and the next one names a language, or the lines before the
    first fence read as code rather than prose."""
    fences = [n for n, line in enumerate(lines) if _FENCE.match(line.strip())]
    if not fences or lines[fences[0]].strip().strip("`~"):
        return False
    if len(fences) > 1 and lines[fences[1]].strip().strip("`~"):
        return True  # "```" then "```python": the first one closed a block
    if len(fences) % 2 == 0:
        return False  # the blocks open and close within the passage
    before = [_LINK.sub(r"\1", line) for line in lines[:fences[0]]
              if line.strip() and not _HEADING.match(line.strip())]
    if not before:
        return False
    return sum(not _reads_as_prose(line) for line in before) * 2 > len(before)


def _reads_as_prose(line: str) -> bool:
    """A line of words (most tokens alphabetic, few brackets or operators)."""
    tokens = line.split()
    words = sum(bool(re.fullmatch(r"[\w'’,.;:!?()-]*[A-Za-z]{2,}[\w'’,.;:!?()-]*", t))
                for t in tokens)
    symbols = sum(line.count(c) for c in "{}[]=<>;|\\")
    return len(tokens) >= 3 and words >= 0.7 * len(tokens) and symbols <= 1


def _command(code: str) -> str | None:
    """A short code block as one quotable line in backticks; None for a long one."""
    lines = [line.strip() for line in code.split("\n") if line.strip()]
    if not lines or len(lines) > MAX_CODE_LINES or sum(map(len, lines)) > MAX_CODE_CHARS:
        return None
    return "`" + " ; ".join(lines) + "`"


def _mask_code(paragraph: str, spans: list[str]) -> str:
    counter = iter(range(len(spans)))
    return _INLINE_CODE.sub(lambda m: f"{_MASK}{next(counter)}x", paragraph)


def _unmask(piece: str, spans: list[str]) -> str:
    return _MASKED.sub(lambda m: spans[int(m.group(1))], piece)


def _code_lines(code: str) -> list[str]:
    """The lines of a long code block worth quoting alone: a few words, not a bracket."""
    lines = (line.strip() for line in code.split("\n"))
    return [line for line in lines
            if sum(any(c.isalnum() for c in word) for word in line.split()) >= MIN_CODE_WORDS
            and not line.endswith(("{", "(", "[", ":"))  # an opener says nothing alone
            and len(line) <= MAX_LINE_CHARS and not line.startswith(("#", "//"))]


def _prose_sentences(text: str, turns: bool) -> list[tuple[str | None, str]]:
    result = []
    for paragraph in paragraphs(text):
        paragraph = _BULLET.sub("", paragraph)
        speaker = _SPEAKER.match(paragraph)
        if speaker and len(paragraph) - speaker.end() > 0:
            paragraph = paragraph[speaker.end():]
        # inline code (`!:q`, `a.b()`) is one word to the segmenter, never a sentence end
        spans = _INLINE_CODE.findall(paragraph)
        masked = _mask_code(paragraph, spans) if spans else paragraph
        with _lock:  # pysbd keeps per-call state on the segmenter
            pieces = _segmenter().segment(masked)
        label = speaker.group(1) if speaker else None
        for position, piece in enumerate(pieces):
            if spans:
                piece = _unmask(piece, spans)
            sentence = _LINK.sub(r"\1", " ".join(piece.split()))
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
