"""PDF text through pypdf: one block per paragraph, with page numbers and outline headings.

Owner-locked PDFs (restrictions, empty user password) open and are indexed; PDFs that
need a password to open are reported as such. PDFs with pages but no text layer are
reported as image-only, since Hearth does not run OCR.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.errors import NothingToIndex, ParseFailed
from app.core.ingest.plaintext import paragraph_blocks
from app.core.types import Block, Document

log = logging.getLogger(__name__)
_LOCKED = "password-protected PDF: it cannot be opened without its password"


class PdfParser:
    """Parser for ``.pdf`` files."""

    def parse(self, path: Path) -> Document:
        reader = _open(path)
        headings = _outline_by_page(reader)
        blocks: list[Block] = []
        pages = _page_count(reader)
        for number in range(1, pages + 1):
            heading = _heading_for(headings, number)
            text = _page_text(reader, number)
            lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            blocks += paragraph_blocks(lines, heading=heading, page=number)
        if not blocks:
            raise NothingToIndex(f"no text layer: the PDF's {pages} page(s) hold only images "
                                 "or drawings (a scan?); Hearth does not run OCR")
        title = _title(reader) or path.stem
        return Document(path=path, file_type="pdf", blocks=blocks, title=title,
                        meta={"pages": str(pages)})


def _open(path: Path):
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseFailed(_LOCKED)
        return reader
    except ParseFailed:
        raise
    except FileNotDecryptedError as exc:
        raise ParseFailed(_LOCKED) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, NotImplementedError) as exc:
        raise ParseFailed(f"damaged or not a PDF: {exc}") from exc
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        if "crypt" in type(exc).__name__.lower() or "AES" in str(exc):
            raise ParseFailed(f"encrypted PDF that cannot be decrypted: {exc}") from exc
        raise ParseFailed(f"damaged PDF: {type(exc).__name__}: {exc}") from exc


def _page_count(reader) -> int:
    try:
        return len(reader.pages)
    except Exception as exc:  # a broken page tree
        raise ParseFailed(f"damaged PDF: cannot read its pages ({exc})") from exc


def _page_text(reader, number: int) -> str:
    """Text of one page; a page that fails to extract is logged and left out."""
    try:
        return reader.pages[number - 1].extract_text() or ""
    except Exception as exc:  # one bad page must not lose the rest of the document
        log.warning("page %d of a PDF could not be read: %s", number, exc)
        return ""


def _outline_by_page(reader) -> list[tuple[int, str]]:
    """(first page, heading path) for each outline entry, sorted by page."""
    entries: list[tuple[int, str]] = []

    def walk(items, trail):
        last = None
        for item in items:
            if isinstance(item, list):
                walk(item, trail + [last] if last else trail)
                continue
            try:
                page = reader.get_destination_page_number(item) + 1
                title = str(item.title).strip()
            except Exception:  # outline entries pointing nowhere are common
                continue
            last = title
            entries.append((page, " > ".join(trail + [title])))

    try:
        walk(reader.outline, [])
    except Exception as exc:
        log.debug("outline unreadable: %s", exc)
    return sorted(entries, key=lambda e: e[0])


def _heading_for(entries: list[tuple[int, str]], page: int) -> str:
    heading = ""
    for first_page, title in entries:
        if first_page > page:
            break
        heading = title
    return heading


def _title(reader) -> str:
    try:
        meta = reader.metadata
        return str(meta.title).strip() if meta and meta.title else ""
    except Exception:
        return ""
