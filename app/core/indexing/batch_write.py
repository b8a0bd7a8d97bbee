"""Embed and write one batch of parsed files: the indexer's last step.

One store delete, one upsert and one registry transaction per batch (per-file store calls
cost more than embedding small files); the registry marks a file indexed only after its
chunks are in the store, so an interrupted write is redone by the next run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from app.core.files import DiskFile
from app.core.indexing.run import IndexRun
from app.core.indexing.sinks import FileSink
from app.core.ingest import meeting_fields
from app.core.ports import Embedder, Vector, VectorStore
from app.core.storage import Registry
from app.core.types import Chunk, Document, FileProblem, JsonDict

log = logging.getLogger(__name__)
# Chunks embedded and written together. 256 rather than 64: sorted by length as one batch
# they need less padding, and the store is written a quarter as often (indexing 400 SciFact
# abstracts 39 -> 47 chunks/s); a batch is ~5 s of embedding here, progress ticks within.
# A run starts with FIRST_BATCH and doubles: files are counted done (and the time-left
# estimate learns what each type costs) within the first seconds.
BATCH_CHUNKS = 256
FIRST_BATCH = 64
EMBED_SLICE = 64


class BatchWriter:
    """Embeds a run's batch and writes it to the store, the file sinks and the registry."""

    def __init__(self, registry: Registry, sinks: Sequence[FileSink],
                 store: Callable[[], VectorStore], embedder: Callable[[], Embedder]) -> None:
        self.registry = registry
        self._sinks = tuple(sinks)
        self._store = store
        self._embedder = embedder

    @staticmethod
    def due(run: IndexRun, batch_chunks: int) -> bool:
        """Whether the batch is full: FIRST_BATCH chunks, doubling per batch up to
        ``batch_chunks``."""
        limit = min(batch_chunks, FIRST_BATCH << run.flushes)
        return sum(len(p.chunks) for p in run.batch) >= limit

    def _embed(self, texts: list[str], run: IndexRun) -> list[list[float]]:
        """Embed a batch in slices of similar length: sorted as a whole, the slices carry
        little padding (the embedder's cost), and progress is shown between them."""
        embedder = self._embedder()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[Vector | None] = [None] * len(texts)
        for start in range(0, len(order), EMBED_SLICE):
            part = order[start:start + EMBED_SLICE]
            for i, vector in zip(part, embedder.embed([texts[i] for i in part]), strict=True):
                vectors[i] = vector
            if len(order) > EMBED_SLICE:
                run.detail = f"embedding {min(start + EMBED_SLICE, len(order))}/{len(order)}"
                run.tick()
        run.detail = ""
        return [v for v in vectors if v is not None]  # every slot was filled

    def write(self, run: IndexRun) -> None:
        """Embed the batch (``_embed``), then write it: delete old, add new, mark indexed.

        One store delete, one upsert and one registry transaction per batch: per-file
        store calls cost more than embedding small files.
        """
        if not run.batch:
            return
        started = time.monotonic()
        texts = [c.embed_text for parsed in run.batch for c in parsed.chunks]
        vectors = self._embed(texts, run)
        ids: list[str] = []
        metas: list[JsonDict] = []
        kinds: dict[int, JsonDict] = {}
        for parsed in run.batch:
            extra = kinds[parsed.file_id] = meeting_fields(parsed.doc)
            ids += [f"{parsed.file_id}:{c.index}" for c in parsed.chunks]
            metas += [chunk_meta(parsed.file_id, parsed.disk, parsed.doc, c) | extra
                      for c in parsed.chunks]
        store = self._store()
        store.delete_files([parsed.file_id for parsed in run.batch])
        store.upsert(ids, vectors, [c.text for p in run.batch for c in p.chunks], metas)
        with self.registry.transaction():  # every file of the batch turns indexed at once
            for parsed in run.batch:
                for sink in self._sinks:
                    sink.replace_file(parsed.file_id, parsed.doc, parsed.chunks)
                self.registry.finish_file(parsed.file_id, status="indexed",
                                          size=parsed.disk.size, mtime_ns=parsed.disk.mtime_ns,
                                          chunks=len(parsed.chunks), title=parsed.doc.title,
                                          kind=kinds[parsed.file_id].get("kind"),
                                          meeting_date=kinds[parsed.file_id].get(
                                              "meeting_date"),
                                          reason=parsed.doc.meta.get("ocr_note"),
                                          ocr_pages=int(parsed.doc.meta.get("ocr_pages", 0)),
                                          retry=parsed.doc.meta.get("retry"))
        batch_seconds = time.monotonic() - started
        for parsed in run.batch:
            run.report.indexed += 1
            run.report.chunks += len(parsed.chunks)
            share = batch_seconds * len(parsed.chunks) / max(1, len(texts))
            run.finished(parsed.disk, parsed.seconds + share)
            ocr_pages = int(parsed.doc.meta.get("ocr_pages", 0))
            run.report.ocr_pages += ocr_pages
            run.report.ocr_cached_pages += int(parsed.doc.meta.get("ocr_cached", 0))
            run.report.ocr_files += ocr_pages > 0
            if parsed.doc.meta.get("ocr_note"):
                run.report.partial.append(FileProblem(parsed.disk.path,
                                                      parsed.doc.meta["ocr_note"]))
            run.tick(parsed.disk.path)
        run.batch = []
        run.flushes += 1


def chunk_meta(file_id: int, disk_file: DiskFile, doc: Document, chunk: Chunk) -> JsonDict:
    """The metadata stored with a chunk: provenance for citations, fields for filters."""
    meta = {
        "file_id": file_id,
        "chunk_index": chunk.index,
        "path": disk_file.path,
        "folder": disk_file.root,
        "file_type": doc.file_type,
        "mtime": disk_file.mtime_ns / 1e9,
        "title": doc.title,
        "heading": chunk.heading,
        "page": chunk.page,
        "line_start": chunk.line_start,
        "line_end": chunk.line_end,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "time_start": chunk.time_start,
        "time_end": chunk.time_end,
        "speaker": chunk.speaker,
    }
    return {k: v for k, v in meta.items() if v is not None}


def start_opening(store: Callable[[], VectorStore]) -> threading.Thread:
    """Open the store on a thread while the first files are parsed and embedded: opening
    Chroma costs seconds of imports, ONNX Runtime leaves the interpreter free while it
    embeds, and the first write waits for the (thread-safe, once-only) provider. A store
    that fails to open fails again, with its message, at that write."""
    def open_quietly() -> None:
        try:
            store()
        except Exception:  # noqa: BLE001 - raised again where the run writes
            log.debug("opening the store in the background failed", exc_info=True)

    thread = threading.Thread(target=open_quietly, name="hearth-store-open", daemon=True)
    thread.start()
    return thread
