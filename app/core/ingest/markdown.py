"""Markdown: front matter, ATX and setext headings, fenced code kept whole.

Each paragraph remembers its heading path ("Project > Risks"), so a passage found by
search can say where in the note it sits.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.ingest.plaintext import paragraph_blocks, read_text
from app.core.types import Block, Document, JsonDict

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def split_front_matter(text: str) -> tuple[JsonDict, int]:
    """Return (front matter mapping, number of lines it takes) for a leading YAML block."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return _load_yaml("\n".join(lines[1:i])), i + 1
    return {}, 0


def _load_yaml(source: str) -> JsonDict:
    import yaml

    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


class MarkdownParser:
    """Parser for ``.md`` and ``.markdown`` notes."""

    def parse(self, path: Path) -> Document:
        text = read_text(path)
        front, skip = split_front_matter(text)
        lines = text.split("\n")
        blocks, first_h1 = markdown_blocks(lines, skip)
        title = str(front.get("title") or first_h1 or path.stem)
        meta = {str(k): _flat(v) for k, v in front.items()}
        return Document(path=path, file_type="md", blocks=blocks, title=title, meta=meta)


def _flat(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def markdown_blocks(lines: list[str], skip: int = 0) -> tuple[list[Block], str]:
    """Split markdown lines into paragraph blocks under their heading path."""
    offsets = _line_offsets(lines)
    stack: list[tuple[int, str]] = []
    blocks: list[Block] = []
    first_h1 = ""
    section_start = skip
    in_fence = False
    i = skip
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _heading_at(lines, i, section_start)
        if heading is None:
            i += 1
            continue
        level, title, used = heading
        end = i - (1 if used == 2 else 0)  # a setext title line is not body text
        blocks += _section(lines, section_start, end, offsets, stack)
        stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, title)]
        first_h1 = first_h1 or (title if level == 1 else "")
        i = end + used
        section_start = i
    blocks += _section(lines, section_start, len(lines), offsets, stack)
    return blocks, first_h1


def _heading_at(lines: list[str], i: int, section_start: int) -> tuple[int, str, int] | None:
    """(level, title, lines used) when a heading ends at line ``i``, else None."""
    atx = _ATX.match(lines[i])
    if atx:
        return len(atx.group(1)), (atx.group(2) or "").strip(), 1
    setext = _SETEXT.match(lines[i])
    starts_paragraph = i < 2 or not lines[i - 2].strip()
    if setext and i > section_start and lines[i - 1].strip() and starts_paragraph:
        if _ATX.match(lines[i - 1]) or _SETEXT.match(lines[i - 1]):
            return None
        return (1 if setext.group(1)[0] == "=" else 2), lines[i - 1].strip(), 2
    return None


def _section(lines: list[str], start: int, end: int, offsets: list[int],
             stack: list[tuple[int, str]]) -> list[Block]:
    heading = " > ".join(t for _, t in stack if t)
    if start >= end:
        return []
    return _fenced_aware_blocks(lines[start:end], start + 1, offsets[start], heading)


def _fenced_aware_blocks(lines: list[str], first_line: int, offset: int,
                         heading: str) -> list[Block]:
    """Paragraph blocks, except that a fenced code block is never split at blank lines."""
    keep = set()
    in_fence = False
    for j, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif in_fence:
            keep.add(j)
    return paragraph_blocks(lines, first_line, offset, heading, keep=frozenset(keep))


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    offsets.append(pos)
    return offsets
