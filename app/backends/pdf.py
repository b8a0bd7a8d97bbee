"""PDF text through pypdf: one block per paragraph, with page numbers and outline headings.

Owner-locked PDFs (restrictions, empty user password) open and are indexed; PDFs that
need a password to open are reported as such. A page whose text layer is empty (or holds
only a page number or a scanner's stamp) is rendered and read by OCR when the OCR service
is given and on; a page with text is never OCR'd, so a mixed PDF is read page by page.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from app.core.errors import DocumentError, NothingToIndex, ParseFailed
from app.core.ingest import OCR_OFF, OcrPages, OcrTally, has_text, page_lines, paragraph_blocks
from app.core.types import Block, Document, retry_code

log = logging.getLogger(__name__)
_LOCKED = "password-protected PDF: it cannot be opened without its password"


class PdfParser:
    """Parser for ``.pdf`` files; scanned pages need ``ocr``."""

    def __init__(self, ocr: OcrPages | None = None) -> None:
        self.ocr = ocr

    def parse(self, path: Path) -> Document:
        reader = _open(path)
        headings = _outline_by_page(reader)
        pages = _page_count(reader)
        texts = {number: _page_text(reader, number) for number in range(1, pages + 1)}
        scanned = [number for number, text in texts.items() if not has_text(text)]
        tally, note = OcrTally(), ""
        if scanned and self.ocr and self.ocr.enabled:
            note = self._read_scans(path, scanned, texts, tally)
        elif scanned and self.ocr:
            note = f"{len(scanned)} page(s) without a text layer not read: {OCR_OFF}"
        blocks: list[Block] = []
        for number, text in texts.items():
            lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            blocks += paragraph_blocks(lines, heading=_heading_for(headings, number),
                                       page=number)
        ocr_off = bool(scanned and self.ocr and not self.ocr.enabled)
        if not blocks:
            raise NothingToIndex(f"no text layer: the PDF's {pages} page(s) hold only images "
                                 f"or drawings (a scan?); {note or _no_ocr(self.ocr)}",
                                 retry_code("ocr_on") if ocr_off else None)
        title = _title(reader) or path.stem
        meta = {"pages": str(pages)}
        if self.ocr:
            meta |= tally.to_meta(self.ocr.max_pages)
            if note:
                meta["ocr_note"] = note
            if ocr_off:
                meta["retry"] = retry_code("ocr_on")
        return Document(path=path, file_type="pdf", blocks=blocks, title=title, meta=meta)

    def _read_scans(self, path: Path, scanned: list[int], texts: dict[int, str],
                    tally: OcrTally) -> str:
        """OCR the scanned pages (up to the limit) into ``texts``; a note on what was not."""
        from app.backends.page_images import RENDER_DPI, render_pdf_page

        ocr = self.ocr
        if ocr is None:  # the caller reads scans only with OCR on; nothing to read here
            return ""
        limit = ocr.max_pages
        chosen = scanned[:limit]
        tally.left_out = len(scanned) - len(chosen)
        failed: list[str] = []
        for number in chosen:
            try:
                lines = ocr.read(path, number, partial(render_pdf_page, path, number),
                                 f"pdf@{RENDER_DPI}", tally, len(chosen))
            except DocumentError as exc:  # one unreadable page must not lose the others
                failed.append(f"page {number}: {exc.reason}")
                continue
            except Exception as exc:  # PDFium rejects some damaged pages pypdf accepted
                log.warning("page %d of %s could not be rendered: %s", number, path, exc)
                failed.append(f"page {number}: cannot be rendered ({exc})")
                continue
            texts[number] = "\n".join(page_lines(lines))
        if tally.left_out:
            failed.insert(0, f"OCR read the first {limit} scanned pages; {tally.left_out} more "
                          "were left out (setting ocr_max_pages)")
        return "; ".join(failed)


def _no_ocr(ocr: OcrPages | None) -> str:
    return "OCR found no text on them" if ocr else "Hearth does not run OCR here"


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
