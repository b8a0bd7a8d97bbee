"""How long an indexing run has left, from what its finished files cost.

Counting files misleads as soon as they differ: a folder of short notes followed by a few
long PDFs (or scans that need OCR) shows an ETA that is far too short, then jumps. Here the
time spent on each finished file (reading it, plus its share of the embedding batch) is
kept per file type, as seconds per byte; the files still to do are costed at their own
type's rate. A type not seen yet is costed from the text files' rate and how much less
text a byte of it holds (measured in benchmarks/progress_eta.py: a PDF byte costs about a
tenth of a text byte), or at the average file when no text file finished yet.
"""

from __future__ import annotations

from collections import Counter, defaultdict

# Seconds per byte of a format relative to plain text, for types with no finished file yet
# (a PDF or Word file is mostly layout, fonts and images; a picture's cost is its OCR).
RELATIVE_COST = {".pdf": 0.1, ".docx": 0.1, ".png": 0.02, ".jpg": 0.02, ".jpeg": 0.02,
                 ".webp": 0.02, ".tif": 0.02, ".tiff": 0.02}


class WorkLeft:
    """The remaining work of one run, by file type (extension) and size."""

    def __init__(self, todo: list[tuple[str, int]]) -> None:
        self.bytes_left: Counter[str] = Counter()
        self.files_left: Counter[str] = Counter()
        for kind, size in todo:
            self.bytes_left[kind] += max(size, 1)
            self.files_left[kind] += 1
        self.seconds: dict[str, float] = defaultdict(float)
        self.bytes_done: Counter[str] = Counter()
        self.files_done = 0
        self.seconds_done = 0.0

    def finished(self, kind: str, size: int, seconds: float) -> None:
        """One file is done (indexed, skipped or failed) and took ``seconds``."""
        size = max(size, 1)
        self.bytes_left[kind] = max(0, self.bytes_left[kind] - size)
        self.files_left[kind] = max(0, self.files_left[kind] - 1)
        self.seconds[kind] += seconds
        self.bytes_done[kind] += size
        self.files_done += 1
        self.seconds_done += seconds

    def dropped(self, kind: str, size: int) -> None:
        """A file left the run unread (deleted before it was read)."""
        self.bytes_left[kind] = max(0, self.bytes_left[kind] - max(size, 1))
        self.files_left[kind] = max(0, self.files_left[kind] - 1)

    def seconds_left(self) -> float | None:
        """Estimated seconds to finish; None before any file finished."""
        if not self.files_done:
            return None
        per_file = self.seconds_done / self.files_done
        text = [k for k in self.bytes_done if k not in RELATIVE_COST]
        text_bytes = sum(self.bytes_done[k] for k in text)
        text_rate = sum(self.seconds[k] for k in text) / text_bytes if text_bytes else None
        total = 0.0
        for kind, files in self.files_left.items():
            if not files:
                continue
            if self.bytes_done[kind]:
                total += self.seconds[kind] / self.bytes_done[kind] * self.bytes_left[kind]
            elif text_rate is not None:
                total += text_rate * RELATIVE_COST.get(kind, 1.0) * self.bytes_left[kind]
            else:
                total += per_file * files
        return total
