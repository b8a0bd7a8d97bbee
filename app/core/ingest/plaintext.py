"""Plain text: paragraphs separated by blank lines, each with its lines and offsets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core.ingest.decoding import decode_text
from app.core.types import Block, Document


def read_text(path: Path) -> str:
    """Read and decode a text file (any common encoding)."""
    return decode_text(path.read_bytes())


def paragraph_blocks(lines: list[str], first_line: int = 1, offset: int = 0,
                     heading: str = "", page: int | None = None,
                     keep: frozenset[int] = frozenset()) -> list[Block]:
    """Group consecutive non-blank lines into blocks.

    Args:
        lines: the lines, without newline characters.
        first_line: the 1-based number of ``lines[0]`` in the file.
        offset: the character offset of ``lines[0]`` in the file text.
        heading: heading path to attach to every block.
        page: page number to attach to every block.
        keep: indexes of blank lines that do not end a paragraph (inside code fences).
    """
    blocks: list[Block] = []
    start = None
    start_offset = 0
    pos = offset
    for i, line in enumerate(lines + [""]):
        blank = not line.strip() and i not in keep
        if not blank and start is None:
            start, start_offset = i, pos
        elif blank and start is not None:
            raw = "\n".join(lines[start:i])
            text = raw.strip()
            begin = start_offset + len(raw) - len(raw.lstrip())
            blocks.append(Block(text=text, page=page, heading=heading,
                                line_start=first_line + start, line_end=first_line + i - 1,
                                char_start=begin, char_end=begin + len(text)))
            start = None
        pos += len(line) + 1
    return blocks


_TITLE_CHARS = 150


class TextParser:
    """Parser for ``.txt`` and other plain-text notes.

    A short single first line followed by more text is the note's title: it becomes the
    heading of the paragraphs below it (as a markdown heading would) instead of a passage
    of its own.
    """

    def parse(self, path: Path) -> Document:
        text = read_text(path)
        blocks = paragraph_blocks(text.split("\n"))
        title = path.stem
        first = blocks[0] if blocks else None
        if (first and len(blocks) > 1 and first.line_start == first.line_end
                and len(first.text) <= _TITLE_CHARS):
            title = first.text
            blocks = [replace(b, heading=title) for b in blocks[1:]]
        return Document(path=path, file_type="txt", blocks=blocks, title=title)
