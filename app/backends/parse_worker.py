"""Parsers in a child process the owner can abandon: limits on memory and on time.

A hostile file can make a parser take all the memory (a page rendered huge, a zip bomb)
or run for hours (pathological nesting); in-process, that takes the owner down with it
(the window, ``hearth watch``) or blocks it. The formats with heavy parsers (PDF, Word,
HTML, pictures, and OCR with them) are therefore read by a long-lived child process, one
per calling thread, under an address-space limit (``parse_memory_mb``). A child that
dies (out of memory, a crash in native code) or sends nothing for ``parse_timeout_s``
(OCR reports each page as it goes, so a long scan is not silence) is killed, and the
file is reported with the limit it hit; the next file gets a fresh child. Plain text,
Markdown and transcripts stay in-process: their parsers are linear and already bounded
by ``max_text_mb``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import DocumentError, NothingToIndex, ParseFailed
from app.core.ingest import OcrPages
from app.core.settings import Settings
from app.core.types import Document

log = logging.getLogger(__name__)
POLL_S = 0.2
# Files a child reads; the rest are parsed in-process.
ISOLATED = (".pdf", ".docx", ".html", ".htm", ".png", ".jpg", ".jpeg", ".webp", ".tif",
            ".tiff")


class WorkerParser:
    """The Parser protocol for one extension, parsed by the pool's child for the calling
    thread. ``ocr`` is this process's OCR service: its on/off and page limit (changed by
    the settings) go with each file, and the child's pages reach its listener."""

    def __init__(self, pool: WorkerPool, extension: str, ocr: OcrPages | None) -> None:
        self.pool = pool
        self.extension = extension
        self.ocr = ocr

    def parse(self, path: Path) -> Document:
        return self.pool.worker().parse(self.extension, path, self.ocr)

    def close(self) -> None:
        self.pool.close()


ParserTable = Callable[[Settings], dict[str, Any]]


class WorkerPool:
    """One child per calling thread (the indexer and the viewer read at the same time).
    ``table`` makes the child's in-process parsers from the settings: a module-level
    function (``services.parsers`` without isolation), pickled by name into the child."""

    def __init__(self, settings: Settings, table: ParserTable) -> None:
        self.settings = settings
        self.table = table
        self._local = threading.local()
        self._workers: list[_Worker] = []
        self._guard = threading.Lock()

    def worker(self) -> _Worker:
        found = getattr(self._local, "worker", None)
        if found is None:
            found = self._local.worker = _Worker(self.settings, self.table)
            with self._guard:
                self._workers.append(found)
        return found

    def close(self) -> None:
        with self._guard:
            for worker in self._workers:
                worker.stop()
            self._workers.clear()
        self._local = threading.local()


class _Worker:
    """A child process and its pipe, started on the first file and after each loss."""

    def __init__(self, settings: Settings, table: ParserTable) -> None:
        self.settings = settings
        self.table = table
        self._process: Any = None
        self._conn: Any = None

    def parse(self, extension: str, path: Path, ocr: OcrPages | None) -> Document:
        conn = self._ensure()
        conn.send((extension, str(path), bool(ocr and ocr.enabled),
                   ocr.max_pages if ocr else 0))
        quiet_since = time.monotonic()
        while True:
            if conn.poll(POLL_S):
                try:
                    kind, value = conn.recv()
                except (EOFError, OSError):
                    raise self._lost(path) from None
                if kind == "page":
                    quiet_since = time.monotonic()
                    if ocr is not None and ocr.listener is not None:
                        ocr.listener(value)
                    continue
                return _outcome(kind, value)
            if not self._process.is_alive():
                raise self._lost(path)
            if time.monotonic() - quiet_since > self.settings.parse_timeout_s:
                log.warning("%s: no progress for %d s, reader stopped", path,
                            self.settings.parse_timeout_s)
                self.stop()
                raise ParseFailed(f"reading it took longer than {self.settings.parse_timeout_s}"
                                  " s without progress, so it was stopped (setting "
                                  "parse_timeout_s)")

    def _lost(self, path: Path) -> ParseFailed:
        code = self._process.exitcode if self._process is not None else None
        self.stop()
        log.warning("%s: the reader process died (exit code %s)", path, code)
        return ParseFailed(f"reading it took the reader process down (exit code {code}): it "
                           f"needs more than the {self.settings.parse_memory_mb} MB memory "
                           "limit (setting parse_memory_mb), or the file crashes its parser")

    def _ensure(self):
        if self._process is not None and self._process.is_alive():
            return self._conn
        self.stop()
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        parent, child = context.Pipe()
        self._process = context.Process(target=serve, args=(child, self.settings, self.table),
                                        name="hearth-reader", daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        return parent

    def stop(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
            self._process.close()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None


def _outcome(kind: str, value: Any) -> Document:
    """The child's answer as this process's result or exception."""
    if kind == "ok":
        return value
    if kind in ("skip", "fail"):  # (reason, retry) from a parser, or the reader's reason
        reason, retry = value if isinstance(value, tuple) else (value, None)
        raise (NothingToIndex if kind == "skip" else ParseFailed)(reason, retry)
    if kind == "oserror":
        errno, strerror, filename = value
        raise OSError(errno, strerror, filename)  # its subclass, as if raised here
    raise ParseFailed(f"unexpected error: {value}")


def serve(conn, settings: Settings, make_table: ParserTable) -> None:
    """The child: limit its memory, then parse each file it is sent until the pipe ends."""
    _limit_memory(settings.parse_memory_mb)
    from app.backends.st_embedder import go_offline
    from app.logs import setup_logging

    go_offline()
    setup_logging(settings.paths)
    table = make_table(settings)
    ocr = next((p.ocr for p in table.values() if isinstance(getattr(p, "ocr", None),
                                                             OcrPages)), None)
    while True:
        try:
            extension, path, ocr_on, max_pages = conn.recv()
        except (EOFError, OSError):
            return
        if ocr is not None:
            ocr.enabled, ocr.max_pages = ocr_on, max_pages or ocr.max_pages
            ocr.listener = lambda page: conn.send(("page", page))
        conn.send(_parse(table[extension], Path(path)))


def _parse(parser, path: Path) -> tuple[str, Any]:
    try:
        return "ok", parser.parse(path)
    except NothingToIndex as exc:
        return "skip", (exc.reason, exc.retry)
    except DocumentError as exc:
        return "fail", (exc.reason, exc.retry)
    except MemoryError:
        return "fail", "reading it needs more memory than the reader may use (setting " \
                       "parse_memory_mb)"
    except OSError as exc:
        return "oserror", (exc.errno, exc.strerror, exc.filename)
    except Exception as exc:  # a parser bug costs one file, as in-process
        log.exception("unexpected error while reading %s", path)
        return "error", f"{type(exc).__name__}: {exc}"


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    try:
        import resource

        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError) as exc:  # not on this platform
        log.info("reader memory limit not set: %s", exc)
