"""OCR for the parsers: cached by content, bounded per file, visible while it runs.

Recognizing one page takes seconds on a laptop CPU, so a page is read once per content:
results are kept under the cache directory keyed by the file's SHA-256, the page number,
the engine and how the page was rendered. A re-index, a moved or renamed file, the viewer
opening the page: all read the cache. Deleting the cache loses nothing but time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from app.core.files import file_hash
from app.core.ports import OcrEngine
from app.core.types import OcrLine, retry_code

OCR_OFF = "OCR is off (setting ocr)"
DEFAULT_MAX_PAGES = 200
# Fewer letters/digits than this on a PDF page: its text layer is empty "or nearly so"
# (a page number, a scanner's stamp), so the page is rendered and read.
MIN_TEXT_CHARS = 16

PageListener = Callable[["OcrPage"], None]


@dataclass(frozen=True)
class OcrPage:
    """Progress of the OCR of one file: page ``done`` of ``total`` scanned pages."""

    path: str
    done: int
    total: int
    cached: bool


@dataclass
class OcrTally:
    """What OCR did for one document; parsers store it in ``Document.meta``."""

    pages: int = 0  # pages whose text came from OCR (read now or from the cache)
    cached: int = 0
    left_out: int = 0  # scanned pages beyond the per-file limit

    def to_meta(self, limit: int) -> dict[str, str]:
        meta = {"ocr_pages": str(self.pages), "ocr_cached": str(self.cached)}
        if self.left_out:
            meta["ocr_note"] = (f"OCR read the first {limit} scanned pages; {self.left_out} more "
                                "were left out (setting ocr_max_pages)")
            meta["retry"] = retry_code("more_ocr_pages", limit)
        return meta


def has_text(text: str) -> bool:
    """Whether a page's text layer holds real text, not just a page number or a stamp."""
    return sum(ch.isalnum() for ch in text) >= MIN_TEXT_CHARS


class OcrCache:
    """Recognized lines as small JSON files named by a hash of the key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, digest: str, page: int, engine: str, render: str) -> Path:
        key = hashlib.sha256(f"{digest}\0{page}\0{engine}\0{render}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key[:32]}.json"

    def get(self, digest: str, page: int, engine: str, render: str) -> list[OcrLine] | None:
        try:
            rows = json.loads(self._file(digest, page, engine, render).read_text("utf-8"))
            return [OcrLine(text, (x0, y0, x1, y1), score)
                    for text, x0, y0, x1, y1, score in rows]
        except (OSError, ValueError, TypeError):
            return None  # missing or damaged: read the page again

    def put(self, digest: str, page: int, engine: str, render: str,
            lines: list[OcrLine]) -> None:
        target = self._file(digest, page, engine, render)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        rows = [[line.text, *line.box, line.score] for line in lines]
        handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(rows, out)
        os.replace(partial, target)  # concurrent writers of one page write the same rows


class OcrPages:
    """The OCR service the PDF and image parsers share.

    ``engine`` is called on the first page that is not cached, so a library whose scans
    were all read before never loads the models. ``spacer`` repairs each line's word
    spacing after the cache (raw lines are cached, so a better repair needs no new OCR).
    ``listener`` is set by whoever wants to show progress (the indexer) and called after
    every page.
    """

    def __init__(self, engine: Callable[[], OcrEngine], engine_id: str,
                 cache: OcrCache | None, *, enabled: bool = True,
                 max_pages: int = DEFAULT_MAX_PAGES,
                 spacer: Callable[[str], str] | None = None) -> None:
        self._engine = engine
        self.spacer = spacer
        self.engine_id = engine_id
        self.cache = cache
        self.enabled = enabled
        self.max_pages = max_pages
        self.listener: PageListener | None = None
        self._lock = threading.Lock()
        self._digests: dict[tuple[str, int, int], str] = {}

    def digest(self, path: Path) -> str:
        """The file's SHA-256 (remembered per path, size and mtime)."""
        st = path.stat()
        key = (str(path), st.st_size, st.st_mtime_ns)
        if key not in self._digests:  # one file at a time is all parsers need
            self._digests = {key: file_hash(str(path))}
        return self._digests[key]

    def read(self, path: Path, page: int, render: Callable[[], object], render_id: str,
             tally: OcrTally, total: int) -> list[OcrLine]:
        """The lines of one page or image: from the cache, else rendered and recognized
        (``render`` returns None for a page it found blank: no lines, no engine)."""
        digest = self.digest(path)
        lines = self.cache.get(digest, page, self.engine_id, render_id) if self.cache else None
        cached = lines is not None
        if lines is None:
            image = render()
            if image is None:
                lines = []
            else:
                with self._lock:  # one recognition at a time: the engine uses every core
                    lines = self._engine().recognize(image)
            if self.cache:
                self.cache.put(digest, page, self.engine_id, render_id, lines)
        if self.spacer:
            lines = [replace(line, text=self.spacer(line.text)) for line in lines]
        tally.pages += 1
        tally.cached += cached
        if self.listener:
            self.listener(OcrPage(str(path), tally.pages, total, cached))
        return lines
