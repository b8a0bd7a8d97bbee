"""Pictures of text (scans, photos of whiteboards and shopping lists) read by OCR.

Each frame of the file is a page (a multi-page TIFF has several; a photo has one), its
lines put in reading order and split into paragraphs like a text file's.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from app.backends.page_images import frame_count, image_frame
from app.core.errors import NothingToIndex
from app.core.files import file_type
from app.core.ingest import OCR_OFF, OcrPages, OcrTally, page_lines, paragraph_blocks
from app.core.types import Block, Document, retry_code

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff")


class ImageParser:
    """Parser for picture files; needs the OCR service."""

    def __init__(self, ocr: OcrPages) -> None:
        self.ocr = ocr

    def parse(self, path: Path) -> Document:
        if not self.ocr.enabled:
            raise NothingToIndex(f"{OCR_OFF}: pictures are not read", retry_code("ocr_on"))
        frames = frame_count(path)
        tally = OcrTally()
        limit = self.ocr.max_pages
        blocks: list[Block] = []
        for index in range(min(frames, limit)):
            lines = self.ocr.read(path, index + 1, partial(image_frame, path, index),
                                  "image", tally, min(frames, limit))
            page = index + 1 if frames > 1 else None
            blocks += paragraph_blocks(page_lines(lines), page=page)
        tally.left_out = max(0, frames - limit)
        if not blocks:
            raise NothingToIndex("no text found in the picture (OCR read nothing)")
        return Document(path=path, file_type=file_type(str(path)), blocks=blocks, title=path.stem,
                        meta={"pages": str(frames)} | tally.to_meta(limit))
