"""Plain data passed between the parts of Hearth.

They carry where every piece of text came from (file, page, heading, lines, cue times),
because citations are only as good as that provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

# A JSON object as the CLI's --json, the owner's socket and the registry's meta columns
# carry it: string keys, values of any JSON type.
JsonDict = dict[str, Any]

# The words Hearth's data uses for states and kinds: checked by mypy where they are set,
# and the same strings in --json and in the registry.
FileStatus = Literal["indexed", "failed", "skipped", "pending"]
SearchMode = Literal["hybrid", "vector", "keyword"]
ItemSource = Literal["note", "speech", "prose", "model"]  # where an action item was read
ItemKind = Literal["action", "decision"]
SummarySource = Literal["model", "extractive", "structure", "none"]
# "structure": the topics and their outcomes read from the note; "none": no summary yet
ActionStatus = Literal["open", "done", "all"]
ProseMode = Literal["evidence", "model", "none"]  # what answered: quotes, quotes + model
# When a file that was not (fully) read is read again although it did not change: once OCR
# is on, once the OCR page limit is above the one that cut it, once it is readable. Stored
# with the file as a code (``retry_code``), never read back out of the reason's words.
RetryWhen = Literal["ocr_on", "more_ocr_pages", "readable"]
SEARCH_MODES: tuple[SearchMode, ...] = get_args(SearchMode)
ACTION_STATUSES: tuple[ActionStatus, ...] = get_args(ActionStatus)


@dataclass(frozen=True)
class Block:
    """A structural unit of a parsed document: a paragraph, a list, a transcript cue.

    ``char_start``/``char_end`` are offsets into the decoded file text, or into the
    page's text for PDFs. Lines are 1-based and inclusive.
    """

    text: str
    page: int | None = None
    heading: str = ""
    line_start: int | None = None
    line_end: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    time_start: str | None = None
    time_end: str | None = None
    speaker: str | None = None


@dataclass
class Document:
    """A parsed file: its blocks in reading order plus document-level metadata."""

    path: Path
    file_type: str
    blocks: list[Block]
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """A piece of a document small enough for the embedder, with its provenance."""

    index: int
    text: str
    heading: str = ""
    page: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    time_start: str | None = None
    time_end: str | None = None
    speaker: str | None = None

    extra: str = ""  # searchable words that are not shown as the passage (a meeting's people)

    @property
    def embed_text(self) -> str:
        """The text given to the embedder and the keyword index: the heading path adds
        context to the passage, ``extra`` the document's metadata."""
        text = f"{self.heading}\n{self.text}" if self.heading else self.text
        return f"{text}\n{self.extra}" if self.extra else text


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as the vector store returns it."""

    id: str
    text: str
    meta: JsonDict
    distance: float | None = None
    vector: list[float] | None = None


@dataclass(frozen=True)
class Hit:
    """One search result, ready for display or JSON."""

    path: str
    score: float
    text: str
    chunk_id: str
    file_type: str = ""
    heading: str = ""
    page: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    time_start: str | None = None
    time_end: str | None = None
    speaker: str | None = None
    vector_score: float | None = None   # cosine to the query (``score`` is what ordered it)
    keyword_score: float | None = None  # BM25, when the keyword side found it

    def location(self) -> str:
        """Where in its file the passage is, in words ("page 3, lines 4–9", "00:01:05–
        00:01:40", "line 12"): the one label the prompt, the CLI and the window show."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.time_start:
            parts.append(f"{self.time_start}–{self.time_end}" if self.time_end
                         else f"at {self.time_start}")
        elif self.line_start is not None:
            last = self.line_end if self.line_end is not None else self.line_start
            parts.append(f"lines {self.line_start}–{last}" if last != self.line_start
                         else f"line {self.line_start}")
        return ", ".join(parts)


@dataclass(frozen=True)
class FileProblem:
    """A file that was not indexed, and why, in words a person understands."""

    path: str
    reason: str


@dataclass
class IndexReport:
    """What one indexing run did; the CLI's ``index --json`` prints it."""

    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    moved: int = 0
    chunks: int = 0
    failed: list[FileProblem] = field(default_factory=list)
    skipped: list[FileProblem] = field(default_factory=list)
    seconds: float = 0.0
    offline: list[str] = field(default_factory=list)
    ocr_pages: int = 0  # pages read by OCR (now, or from the OCR cache)
    ocr_cached_pages: int = 0
    ocr_files: int = 0
    partial: list[FileProblem] = field(default_factory=list)  # indexed, some pages left out

    def to_json(self) -> JsonDict:
        """The stable ``--json`` contract: add fields, never rename or drop them."""
        return {
            "offline": self.offline,
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "moved": self.moved,
            "failed": [{"path": p.path, "reason": p.reason} for p in self.failed],
            "skipped": [{"path": p.path, "reason": p.reason} for p in self.skipped],
            "chunks": self.chunks,
            "seconds": round(self.seconds, 3),
            "ocr_pages": self.ocr_pages,
            "ocr_cached_pages": self.ocr_cached_pages,
            "ocr_files": self.ocr_files,
            "partial": [{"path": p.path, "reason": p.reason} for p in self.partial],
        }


@dataclass(frozen=True)
class Progress:
    """A snapshot of indexing progress; the CLI renders it as a bar, the UI as a widget."""

    files_done: int
    files_total: int
    chunks_done: int
    elapsed: float
    current: str = ""
    ocr_pages: int = 0  # pages OCR'd so far in this run
    detail: str = ""  # what the current file is at, e.g. "OCR page 3/12"
    seconds_left: float | None = None  # the indexer's estimate (core.eta), by file type

    @property
    def chunks_per_second(self) -> float:
        return self.chunks_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left: the indexer's estimate, else at the file rate so far; None before
        any file finished."""
        if self.files_done == 0 or self.elapsed <= 0:
            return None
        if self.seconds_left is not None:
            return self.seconds_left
        return (self.files_total - self.files_done) * self.elapsed / self.files_done


@dataclass(frozen=True)
class OcrLine:
    """One line of text an OCR engine read, with its box (x0, y0, x1, y1) in pixels and the
    engine's confidence (0-1)."""

    text: str
    box: tuple[float, float, float, float]
    score: float = 1.0


def retry_code(when: RetryWhen, pages: int = 0) -> str:
    """The stored form of a retry condition: "ocr_on", "readable", "more_ocr_pages:200"."""
    return f"{when}:{pages}" if when == "more_ocr_pages" else when


def parse_retry(code: str | None) -> tuple[RetryWhen, int] | None:
    """``retry_code``'s parts back (None for no code, or one an older version wrote)."""
    when, _, pages = (code or "").partition(":")
    if when in ("ocr_on", "readable"):
        return ("ocr_on" if when == "ocr_on" else "readable"), 0
    if when == "more_ocr_pages" and pages.isdigit():
        return "more_ocr_pages", int(pages)
    return None

