"""The state of one indexing run that the Indexer updates and the front ends see:
the batch of parsed files waiting for the embedder, and the progress (files done, OCR
pages, the time left from ``core.eta``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.files import DiskFile, extension
from app.core.indexing.eta import WorkLeft
from app.core.ingest import OcrPage
from app.core.types import Chunk, Document, IndexReport, Progress

ProgressCallback = Callable[[Progress], None]


@dataclass
class ParsedFile:
    """A parsed file waiting in the embedding batch."""

    file_id: int
    disk: DiskFile
    doc: Document
    chunks: list[Chunk]
    seconds: float = 0.0  # reading and chunking it


@dataclass
class IndexRun:
    """One indexing run's bookkeeping: the batch waiting for the embedder, the report,
    and the progress it shows (files, OCR pages, time left)."""

    report: IndexReport
    total: int
    started: float
    progress: ProgressCallback | None
    done: int = 0
    batch: list[ParsedFile] = field(default_factory=list)
    flushes: int = 0  # batches written so far (the first ones are kept small)

    ocr_pages: int = 0
    detail: str = ""
    work: WorkLeft | None = None

    def tick(self, current: str = "") -> None:
        if self.progress:
            left = self.work.seconds_left() if self.work else None
            self.progress(Progress(self.done, self.total, self.report.chunks,
                                   time.monotonic() - self.started, current,
                                   ocr_pages=self.ocr_pages, detail=self.detail,
                                   seconds_left=left))

    def finished(self, disk_file: DiskFile, seconds: float) -> None:
        """Count one file done and what it cost (for the time-left estimate)."""
        self.done += 1
        if self.work:
            self.work.finished(extension(disk_file.path), disk_file.size, seconds)

    def ocr_page(self, page: OcrPage) -> None:
        """The OCR service read a page: show it (OCR is the slow part of a scan)."""
        self.ocr_pages += 1
        self.detail = "" if page.done >= page.total else f"OCR page {page.done + 1}/{page.total}"
        self.tick(page.path)
