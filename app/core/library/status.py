"""What ``hearth status`` and the window's Library tab show: folders, counts, failures
with their reasons, OCR, the embedder, and where every byte Hearth wrote lives."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.core.codec import to_data
from app.core.paths import shared_model_cache
from app.core.settings import EmbedderBackend, Settings, embedder_advice, resolved_backend
from app.core.storage import DamagedCopy, Registry, damaged_copies
from app.core.types import FileProblem, JsonDict


@dataclass(frozen=True)
class FileCounts:
    indexed: int
    failed: int
    skipped: int
    pending: int


@dataclass(frozen=True)
class OcrStatus:
    enabled: bool
    files: int     # files with pages read by OCR
    pages: int
    max_pages: int


@dataclass(frozen=True)
class EmbedderStatus:
    backend: EmbedderBackend  # what the library runs with
    setting: EmbedderBackend  # what settings.json asks for ("auto")
    vectors: str              # "int8" or "fp32"
    advice: str               # how to get a faster library; "" when there is none


@dataclass(frozen=True)
class Location:
    path: str
    bytes: int


@dataclass(frozen=True)
class LibraryStatus:
    """What ``hearth status`` shows. Its fields are the ``status --json`` object, a stable
    contract: add fields, never rename or drop."""

    folders: list[str]
    excluded: list[str]
    offline: list[str]     # folders that are not there now (an unplugged drive): index kept
    files: FileCounts
    chunks: int
    failed: list[FileProblem]
    skipped: list[FileProblem]
    partial: list[FileProblem]  # indexed in part (OCR off, or past its page limit)
    ocr: OcrStatus
    unread_types: dict[str, int]  # extension -> files Hearth does not read
    data_dir: str
    store_bytes: int
    store_backend: str
    embedder: EmbedderStatus
    locations: dict[str, Location]  # config, data, cache, logs, models
    damaged: list[DamagedCopy]  # indexes set aside by rebuilds (the newest is kept)

    def to_json(self) -> JsonDict:
        return dict(to_data(self))


def library_status(registry: Registry, settings: Settings) -> LibraryStatus:
    counts = registry.counts()
    paths = settings.paths
    records = registry.files()
    roots = registry.roots()
    ocr_files, ocr_pages = registry.ocr_counts()
    return LibraryStatus(
        folders=[r.path for r in roots if not r.excluded],
        excluded=[r.path for r in roots if r.excluded],
        offline=[r.path for r in roots if not r.excluded and not os.path.exists(r.path)],
        files=FileCounts(counts["indexed"], counts["failed"], counts["skipped"],
                         counts["pending"]),
        chunks=registry.total_chunks(),
        failed=[FileProblem(r.path, r.reason or "") for r in records if r.status == "failed"],
        skipped=[FileProblem(r.path, r.reason or "") for r in records
                 if r.status == "skipped"],
        partial=[FileProblem(r.path, r.reason) for r in records
                 if r.status == "indexed" and r.reason],
        ocr=OcrStatus(settings.ocr, ocr_files, ocr_pages, settings.ocr_max_pages),
        unread_types=registry.unread_types(),
        data_dir=str(paths.data),
        store_bytes=dir_size(paths.store_dir) + file_size(paths.registry_file),
        store_backend=settings.store_backend,
        embedder=_embedder_status(registry, settings),
        locations={name: Location(str(p), dir_size(p)) for name, p in
                   (("config", paths.config), ("data", paths.data), ("cache", paths.cache),
                    ("logs", paths.logs), ("models", shared_model_cache()))},
        damaged=damaged_copies(paths.data),
    )


def _embedder_status(registry: Registry, settings: Settings) -> EmbedderStatus:
    setting, recorded = settings.embedder_backend, registry.fact("embedder_backend")
    backend = resolved_backend(setting, recorded)
    return EmbedderStatus(backend, setting, "int8" if backend == "onnx-int8" else "fp32",
                          embedder_advice(setting, recorded))


def dir_size(path: Path) -> int:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += file_size(Path(folder, name))
    return total


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
