"""Word documents through python-docx: paragraphs and tables under their heading path."""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.core.errors import NothingToIndex, ParseFailed
from app.core.types import Block, Document

# A Word file's XML, expanded: a 300-page report is a few MB. Past this it is a zip bomb
# (16 MB that expands to 7 GB) or hours of embedding, and python-docx holds it all in
# memory many times over; the sizes come from the zip's directory, before any expansion
# (zipfile never expands a member past its declared size).
MAX_XML_BYTES = 64 * 2**20


class DocxParser:
    """Parser for ``.docx`` files."""

    def parse(self, path: Path) -> Document:
        document = _open(path)
        blocks: list[Block] = []
        stack: list[tuple[int, str]] = []
        offset = 0
        for style, text in _body_items(document):
            level = _heading_level(style)
            if level is not None:
                stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, text)]
                continue
            heading = " > ".join(t for _, t in stack)
            blocks.append(Block(text=text, heading=heading, char_start=offset,
                                char_end=offset + len(text)))
            offset += len(text) + 1
        if not blocks and not stack:
            raise NothingToIndex("the document has no text")
        if not blocks:
            blocks = [Block(text=t, heading="") for _, t in stack]
        title = (document.core_properties.title or "").strip() or path.stem
        return Document(path=path, file_type="docx", blocks=blocks, title=title)


def _check_expansion(path: Path) -> None:
    """Refuse a document whose XML would expand past MAX_XML_BYTES."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseFailed(f"damaged or not a Word document: {exc}") from exc
    expanded = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if expanded > MAX_XML_BYTES:
        packed = sum(m.compress_size for m in members) or 1
        raise ParseFailed(f"its text expands to {expanded / 2**20:,.0f} MB of XML "
                          f"({expanded / packed:,.0f}x its size; the limit is "
                          f"{MAX_XML_BYTES // 2**20} MB): a zip bomb, or far more text than a "
                          "Word document holds")


def _open(path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_expansion(path)
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseFailed(f"damaged or not a Word document: {exc}") from exc


def _body_items(document):
    """(style name, text) for each paragraph and table row in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                yield (item.style.name if item.style is not None else ""), text
        elif isinstance(item, Table):
            for row in item.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                if cells:
                    yield "", " | ".join(cells)


def _heading_level(style: str) -> int | None:
    """0 for the document title, 1-9 for headings, None for body text."""
    if style == "Title":
        return 0
    if style.startswith("Heading "):
        try:
            return int(style.split()[1])
        except (IndexError, ValueError):
            return None
    return None
