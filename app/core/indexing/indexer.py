"""scan -> skip unchanged (stat, then hash) -> re-point moves -> parse -> chunk -> embed -> store.

Write order keeps the registry and the store consistent across crashes: a file's row is
set ``pending`` before its chunks change and gets its final status only after the store
write, so an interrupted run is finished by the next one. Chunk ids are ``<file id>:<n>``
and the file id survives a move, so a renamed file keeps its vectors.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from app.core.errors import DocumentError, NothingToIndex, is_disk_full
from app.core.files import (
    DiskFile,
    LinkRule,
    extension,
    file_hash,
    file_type,
    scan,
    storable,
    under_any,
)
from app.core.indexing.batch_write import BATCH_CHUNKS, BatchWriter, start_opening
from app.core.indexing.eta import WorkLeft
from app.core.indexing.run import IndexRun, ParsedFile, ProgressCallback
from app.core.indexing.scope import narrow
from app.core.indexing.sinks import FileSink
from app.core.indexing.write_mark import WriteMark
from app.core.ingest import ChunkLimits, OcrPages, chunk_document, is_meeting
from app.core.meetings import attendee_passages
from app.core.ports import Closeable, Embedder, Parser, VectorStore
from app.core.storage import FileRecord, Registry
from app.core.types import (
    Chunk,
    Document,
    FileProblem,
    FileStatus,
    IndexReport,
    parse_retry,
    retry_code,
)

log = logging.getLogger(__name__)

# Formats whose size is all text (a PDF or Word file is mostly images and layout).
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".vtt",
                             ".srt"})
CancelCheck = Callable[[], bool]
NO_PERMISSION = "no permission to read the file"
# Runs that may die inside one file's parser before it is failed rather than read again.
MAX_READ_ATTEMPTS = 2
DIED_READING = ("Hearth stopped {n} times while reading this file (it ran out of memory, "
                "hung or was killed), so it is not read again until it changes; it may be "
                "malformed or far larger inside than it looks")


class Indexer:
    """Brings the store and registry in line with the files under the library's roots."""

    def __init__(self, registry: Registry, store: Callable[[], VectorStore],
                 embedder: Callable[[], Embedder], parsers: dict[str, Parser],
                 sinks: Sequence[FileSink], *,
                 target_tokens: int = 200, batch_chunks: int = BATCH_CHUNKS,
                 max_file_bytes: int = 0, max_text_bytes: int = 0,
                 ignore_globs: tuple[str, ...] = (),
                 link_targets: tuple[str, ...] = ()) -> None:
        self.registry = registry
        self._sinks = tuple(sinks)
        self._store = store
        self._embedder = embedder
        self._writer = BatchWriter(registry, self._sinks, store, embedder)
        self.parsers = parsers
        self.target_tokens = target_tokens
        self.batch_chunks = batch_chunks
        self.max_file_bytes = max_file_bytes
        self.max_text_bytes = max_text_bytes
        self.ignore_globs = ignore_globs
        self.link_targets = link_targets
        # The OCR service the PDF and picture parsers share, if they have one: the run
        # shows its pages as progress, and files skipped while it was off are retried.
        shared = (getattr(p, "ocr", None) for p in parsers.values())
        self.ocr: OcrPages | None = next((o for o in shared if isinstance(o, OcrPages)), None)
        self._mark = WriteMark(registry, store)

    @property
    def extensions(self) -> list[str]:
        """The file types this indexer reads (``.md``, ``.pdf``, ...)."""
        return sorted(self.parsers)

    def parser_for(self, path: str) -> Parser | None:
        return self.parsers.get(extension(path))

    def apply(self, ignore_globs: tuple[str, ...], link_targets: tuple[str, ...], ocr: bool,
              ocr_max_pages: int) -> None:
        """Changed settings, for the next scan: what OCR-off left unread is read then."""
        self.ignore_globs = ignore_globs
        self.link_targets = link_targets
        if self.ocr is not None:
            self.ocr.enabled = ocr
            self.ocr.max_pages = ocr_max_pages

    def closed_cleanly(self) -> None:
        """The store was closed: clear the write mark when nothing is half written."""
        self._mark.closed_cleanly()

    def close(self) -> None:
        """Release parsers that hold a process (``backends.parse_worker``), each once."""
        for parser in {id(p): p for p in self.parsers.values()}.values():
            if isinstance(parser, Closeable):
                parser.close()

    def run(self, scope: list[str] | None = None, progress: ProgressCallback | None = None,
            cancelled: CancelCheck | None = None) -> IndexReport:
        """Bring the index in line with the disk, everywhere or at/under the ``scope`` paths.

        Never stops on a bad file. A root that does not exist (an unmounted drive) is
        reported offline and its index is kept untouched until it returns.
        """
        started = time.monotonic()
        self._mark.heal_if_a_writer_died()
        roots = self.registry.roots()
        live = [r.path for r in roots if not r.excluded]
        offline = [p for p in live if not os.path.exists(p)]
        online = [p for p in live if p not in offline]
        targets = online if scope is None else narrow(scope, online)
        excluded = [r.path for r in roots if r.excluded]
        unreadable: list[tuple[str, str]] = []
        unread: dict[str, Counter[str]] = {}
        links = LinkRule.of([(r.path, r.excluded) for r in roots], self.link_targets)
        disk = scan(targets, online, excluded, self.parsers.keys(), self.ignore_globs, unreadable,
                    unread, links)
        for root in online:  # counted only where a whole root was scanned
            if scope is None or root in targets:
                self.registry.set_unread_types(root, dict(unread.get(root, {})))
        if scope is None:  # rows of forgotten roots are cleaned up too
            rows = [r for r in self.registry.files() if not under_any(r.path, offline)]
        else:
            rows = [r for t in targets if storable(t) for r in self.registry.files(under=t)]
        blocked = [path for path, _ in unreadable]  # their files are kept as they were
        known = {rec.path: rec for rec in rows if not under_any(rec.path, blocked)}
        report = IndexReport(offline=offline)
        report.failed += [FileProblem(path, reason) for path, reason in unreadable]
        for path, reason in unreadable:
            log.warning("%s: %s", path, reason)
        todo = self._triage(disk, known, report)
        run = IndexRun(report, len(todo), started, progress,
                   work=WorkLeft([(extension(d.path), d.size) for d, _ in todo]))
        if self.ocr is not None:
            self.ocr.listener = run.ocr_page
        opening = None
        try:
            run.tick()
            if todo:
                self._embedder()  # a model that cannot load ends the run here
                self._mark.begin()
                opening = start_opening(self._store)
            for disk_file, digest in todo:
                if cancelled and cancelled():
                    break
                self._index_file(disk_file, digest, run)
            self._writer.write(run)
            if todo:
                self._mark.end()
        finally:  # the viewer's reads of scans later are not this run's progress
            if self.ocr is not None:
                self.ocr.listener = None
            if opening is not None:
                opening.join()
        if not (cancelled and cancelled()):
            for sink in self._sinks:
                sink.catch_up(self._reparse)
        report.seconds = time.monotonic() - started
        return report

    def _reparse(self, path: str) -> Document | None:
        """``path`` parsed again (for a sink catching up), None without a parser."""
        parser = self.parsers.get(extension(path))
        return parser.parse(Path(path)) if parser else None

    # triage: decide what changed without parsing anything
    def _triage(self, disk: dict[str, DiskFile], known: dict[str, FileRecord],
                report: IndexReport) -> list[tuple[DiskFile, str]]:
        gone = {path: rec for path, rec in known.items() if path not in disk}
        todo = []
        for path, disk_file in disk.items():
            rec = known.get(path)
            if disk_file.refused is not None:  # never read: not even hashed
                if rec and rec.status == "skipped" and rec.reason == disk_file.refused:
                    report.unchanged += 1
                else:
                    todo.append((disk_file, f"refused:{disk_file.size}:{disk_file.mtime_ns}"))
                continue
            if rec and rec.status != "pending" and (rec.size, rec.mtime_ns) == (
                    disk_file.size, disk_file.mtime_ns) and not self._retry(rec):
                report.unchanged += 1
                continue
            digest = self._digest(disk_file)
            if digest is None:
                continue
            if (rec and rec.status == "pending" and rec.hash == digest
                    and rec.read_attempts >= MAX_READ_ATTEMPTS):
                self._give_up(rec, disk_file, report)
                continue
            if rec and rec.status != "pending" and rec.hash == digest and not self._retry(rec):
                self.registry.touch(rec.id, disk_file.size, disk_file.mtime_ns)
                report.unchanged += 1
            elif not rec and self._repoint_move(disk_file, digest, gone):
                report.moved += 1
            else:
                todo.append((disk_file, digest))
        for rec in gone.values():
            self.remove(rec)
            report.removed += 1
        return todo

    def _give_up(self, rec: FileRecord, disk_file: DiskFile, report: IndexReport) -> None:
        """Fail a file whose parser took the process down again and again (each restart
        of ``watch`` or the window would otherwise die on it anew)."""
        reason = DIED_READING.format(n=rec.read_attempts)
        log.warning("%s: %s", disk_file.path, reason)
        self._finish_unread(rec.id, disk_file, "failed", reason)
        report.failed.append(FileProblem(disk_file.path, reason))

    def _retry(self, rec: FileRecord) -> bool:
        """A file left unread because OCR was off is read again once it is on; one cut at
        the page limit, once the limit is raised; one Hearth had no permission to read,
        once it has (``chmod`` changes no mtime, so the stat alone would never show it)."""
        retry = parse_retry(rec.retry)
        if retry is None:
            return False
        when, pages = retry
        if when == "readable":
            return os.access(rec.path, os.R_OK)
        if not (self.ocr and self.ocr.enabled):
            return False
        return when == "ocr_on" or pages < self.ocr.max_pages

    def _too_large(self, disk_file: DiskFile) -> str | None:
        """Why a file is too large to index, or None."""
        if self.max_file_bytes and disk_file.size > self.max_file_bytes:
            return f"larger than the {self.max_file_bytes // 2**20} MB size limit"
        if (self.max_text_bytes and disk_file.size > self.max_text_bytes
                and extension(disk_file.path) in TEXT_EXTENSIONS):
            return (f"larger than the {self.max_text_bytes // 2**20} MB limit for text files "
                    "(setting max_text_mb)")
        return None

    def _digest(self, disk_file: DiskFile) -> str | None:
        if self._too_large(disk_file):
            return f"size:{disk_file.size}:{disk_file.mtime_ns}"
        try:
            return file_hash(disk_file.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"unreadable:{exc.errno}:{disk_file.mtime_ns}"

    def _repoint_move(self, disk_file: DiskFile, digest: str, gone: dict[str, FileRecord]) -> bool:
        """Give a moved file its old id and vectors; True when ``disk_file`` was such a move."""
        for rec in self.registry.files_with_hash(digest):
            if rec.status != "indexed" or os.path.exists(rec.path):
                continue
            self._store().repoint_file(rec.id, {"path": disk_file.path, "folder": disk_file.root,
                                                "mtime": disk_file.mtime_ns / 1e9})
            self.registry.move(rec.id, disk_file.path, disk_file.root, disk_file.size,
                               disk_file.mtime_ns)
            gone.pop(rec.path, None)
            return True
        return False

    def remove(self, rec: FileRecord) -> None:
        """Drop a file's chunks and row, in the order that survives a crash."""
        self.registry.mark_pending(rec.id)
        self._store().delete_file(rec.id)
        with self.registry.transaction():
            for sink in self._sinks:
                sink.delete_file(rec.id)
            self.registry.delete(rec.id)

    # indexing
    def _index_file(self, disk_file: DiskFile, digest: str, run: IndexRun) -> None:
        path = disk_file.path
        started = time.monotonic()
        file_id = self.registry.begin_file(path, disk_file.root, file_type(path), digest,
                                           reading=disk_file.refused is None)
        if disk_file.refused is not None:  # its old chunks (a leak before the rule) go
            self._record_problem(file_id, disk_file, NothingToIndex(disk_file.refused), run)
            return
        try:
            disk_file, doc, chunks = self._read_settled(disk_file, digest)
            self.registry.begin_file(path, disk_file.root, file_type(path), disk_file.digest)
        except DocumentError as exc:
            self._record_problem(file_id, disk_file, exc, run, time.monotonic() - started)
            return
        except FileNotFoundError:
            gone = self.registry.get_by_id(file_id)
            if gone is not None:
                self.remove(gone)
            run.total -= 1
            if run.work:
                run.work.dropped(extension(path), disk_file.size)
            return
        except Exception as exc:  # a parser bug must cost one file, not the run
            if is_disk_full(exc) or isinstance(exc, sqlite3.Error):
                raise  # the library's own storage failed: not this file's fault
            log.exception("unexpected error while reading %s", path)
            problem = DocumentError(f"unexpected error: {type(exc).__name__}: {exc}")
            self._record_problem(file_id, disk_file, problem, run, time.monotonic() - started)
            return
        run.batch.append(ParsedFile(file_id, disk_file, doc, chunks, time.monotonic() - started))
        if self._writer.due(run, self.batch_chunks):
            self._writer.write(run)

    def _read_settled(self, disk_file: DiskFile, digest: str,
                      attempts: int = 3) -> tuple[DiskFile, Document, list[Chunk]]:
        """Parse and chunk a file whose stat and hash hold still while it is read.

        A file being written (a sync client, a copy in progress) can change between the
        scan and the read; what is recorded must be the stat and hash of what was parsed,
        or the next run would take the new content for the old.
        """
        for _ in range(attempts):
            current = disk_file.restat()
            if (current.size, current.mtime_ns) != (disk_file.size, disk_file.mtime_ns):
                digest = self._digest(current) or digest
            disk_file = replace(current, digest=digest)
            doc = self._parse(disk_file)
            chunks = self._chunk(doc)
            after = disk_file.restat()
            if (after.size, after.mtime_ns) == (disk_file.size, disk_file.mtime_ns):
                break
        return disk_file, doc, chunks

    def _parse(self, disk_file: DiskFile) -> Document:
        too_large = self._too_large(disk_file)
        if too_large:
            raise NothingToIndex(too_large)
        if disk_file.size == 0:
            raise NothingToIndex("empty file")
        parser = self.parsers[extension(disk_file.path)]
        try:
            doc = parser.parse(Path(disk_file.path))
        except PermissionError as exc:
            raise DocumentError(NO_PERMISSION, retry_code("readable")) from exc
        except IsADirectoryError as exc:
            raise DocumentError("is a directory") from exc
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise DocumentError(f"cannot read the file: {exc.strerror or exc}") from exc
        self._check_text_length(doc)
        return doc

    def _check_text_length(self, doc: Document) -> None:
        """A small file can expand to hours of embedding (a 1.2 MB Word file held 279 M
        characters): the text a parser returns obeys the same limit as a text file."""
        if not self.max_text_bytes:
            return
        length = sum(len(block.text) for block in doc.blocks)
        if length > self.max_text_bytes:
            raise NothingToIndex(f"holds {length / 1e6:,.0f} million characters of text, over "
                                 f"the {self.max_text_bytes // 2**20} M limit for text "
                                 "(setting max_text_mb)")

    def _chunk(self, doc: Document) -> list[Chunk]:
        embedder = self._embedder()
        limits = ChunkLimits(embedder.max_tokens, min(self.target_tokens, embedder.max_tokens - 2))
        chunks = chunk_document(doc, embedder.count_tokens, embedder.token_offsets, limits)
        if not chunks:
            raise NothingToIndex("no text to index")
        return attendee_passages(chunks) if is_meeting(doc) else chunks

    def _finish_unread(self, file_id: int, disk_file: DiskFile, status: FileStatus,
                       reason: str, retry: str | None = None) -> None:
        """Record a file that was not indexed; an earlier version's chunks must not linger."""
        self._store().delete_file(file_id)
        with self.registry.transaction():
            for sink in self._sinks:
                sink.delete_file(file_id)
            self.registry.finish_file(file_id, status=status, size=disk_file.size,
                                      mtime_ns=disk_file.mtime_ns, chunks=0, reason=reason,
                                      retry=retry)

    def _record_problem(self, file_id: int, disk_file: DiskFile, exc: DocumentError,
                        run: IndexRun, seconds: float = 0.0) -> None:
        status: FileStatus = "skipped" if isinstance(exc, NothingToIndex) else "failed"
        self._finish_unread(file_id, disk_file, status, exc.reason, exc.retry)
        problem = FileProblem(disk_file.path, exc.reason)
        (run.report.skipped if status == "skipped" else run.report.failed).append(problem)
        run.finished(disk_file, seconds)
        run.tick(disk_file.path)
