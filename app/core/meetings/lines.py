"""How a note's lines are read for items: where each line is, a bullet wrapped over
several lines joined back into one, and what the marker rules leave for the sentence rules.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.core.types import Block

Where = tuple[int | None, int | None, str | None]  # line_start, line_end, time_start
BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # [text](url)


def unmarked(text: str) -> str:
    """A line's words as an item's text: bold marks gone, spacing made single."""
    return " ".join(text.replace("**", "").split()).strip()


def entries(block: Block) -> list[tuple[Where, str]]:
    """The block's lines with where each is, a bullet's wrapped continuation lines joined
    to it ("- Decision: we will add\\n  other Web APIs" is one decision, not a fragment)."""
    found: list[tuple[Where, str]] = []
    lines = block.text.split("\n")
    if len(lines) == 1:  # one line, perhaps wrapped lines joined already (``speakers``)
        return [((block.line_start, block.line_end, block.time_start), lines[0])]
    for offset, line in enumerate(lines):
        where = line_of(block, offset)
        if found and continues(found[-1][1], line):
            (start, _, time_start), text = found[-1]
            found[-1] = ((start, where[1], time_start), f"{text} {line.strip()}")
        else:
            found.append((where, line))
    return found


def continues(previous: str, line: str) -> bool:
    """Whether ``line`` wraps the bullet ``previous`` onto another line."""
    return (bool(BULLET.match(previous)) and bool(line.strip()) and not BULLET.match(line)
            and indent(line) > indent(previous) and not line.lstrip().startswith(("#", "|")))


def line_of(block: Block, offset: int) -> tuple[int | None, int | None, str | None]:
    if block.line_start is None:
        return None, None, block.time_start
    line = block.line_start + offset
    if block.line_end is not None and line > block.line_end:
        return block.line_start, block.line_end, block.time_start
    return line, line, block.time_start


def said_parts(block: Block, rest: list[tuple[int | None, str]]) -> list[Block]:
    """The lines of ``block`` no marker consumed, as blocks for the sentence rules: one per
    bullet of a list (with its own line, so an item cites it and its agenda bullet is
    found), else one block of them all."""
    if not any(line.strip() for _, line in rest):
        return []
    if not any(BULLET.match(line) for _, line in rest):
        lines = [n for n, _ in rest if n is not None]
        return [replace(block, text="\n".join(line for _, line in rest),
                        line_start=lines[0] if lines else block.line_start,
                        line_end=lines[-1] if lines else block.line_end)]
    parts: list[list[tuple[int | None, str]]] = []
    for number, line in rest:
        if BULLET.match(line) or not parts:
            parts.append([])
        parts[-1].append((number, line))
    return [replace(block, text="\n".join(line for _, line in part), line_start=part[0][0],
                    line_end=part[-1][0] if part[-1][0] is not None else block.line_end)
            for part in parts if any(line.strip() for _, line in part)]


def indent(line: str) -> int:
    return len(line) - len(line.lstrip())
