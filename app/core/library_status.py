"""What ``hearth status`` and the window's Library tab show: folders, counts, failures
with their reasons, OCR, the embedder, and where every byte Hearth wrote lives."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.paths import shared_model_cache
from app.core.settings import Settings, embedder_advice, resolved_backend
from app.core.storage import Registry, damaged_copies
from app.core.types import JsonDict


def library_status(registry: Registry, settings: Settings) -> JsonDict:
    """The stable ``status --json`` object: add fields, never rename or drop."""
    counts = registry.counts()
    paths = settings.paths
    records = registry.files()
    roots = registry.roots()
    problems = [rec for rec in records if rec.status in ("failed", "skipped")]
    ocr_files, ocr_pages = registry.ocr_counts()
    return {
        "folders": [r.path for r in roots if not r.excluded],
        "excluded": [r.path for r in roots if r.excluded],
        "offline": [r.path for r in roots if not r.excluded and not os.path.exists(r.path)],
        "files": {s: counts[s] for s in ("indexed", "failed", "skipped", "pending")},
        "chunks": registry.total_chunks(),
        "failed": [{"path": r.path, "reason": r.reason} for r in problems
                   if r.status == "failed"],
        "skipped": [{"path": r.path, "reason": r.reason} for r in problems
                    if r.status == "skipped"],
        "partial": [{"path": r.path, "reason": r.reason} for r in records
                    if r.status == "indexed" and r.reason],
        "ocr": {"enabled": settings.ocr, "files": ocr_files, "pages": ocr_pages,
                "max_pages": settings.ocr_max_pages},
        "unread_types": registry.unread_types(),
        "data_dir": str(paths.data),
        "store_bytes": dir_size(paths.store_dir) + file_size(paths.registry_file),
        "store_backend": settings.store_backend,
        "embedder": _embedder_status(registry, settings),
        "locations": {name: {"path": str(p), "bytes": dir_size(p)} for name, p in
                      (("config", paths.config), ("data", paths.data),
                       ("cache", paths.cache), ("logs", paths.logs),
                       ("models", shared_model_cache()))},
        # indexes set aside by rebuilds (the newest is kept, for a bug report)
        "damaged": [{"path": c.path, "bytes": c.bytes, "created": c.created}
                    for c in damaged_copies(paths.data)],
    }


def _embedder_status(registry: Registry, settings: Settings) -> JsonDict:
    setting, recorded = settings.embedder_backend, registry.fact("embedder_backend")
    backend = resolved_backend(setting, recorded)
    return {"backend": backend, "setting": setting,
            "vectors": "int8" if backend == "onnx-int8" else "fp32",
            "advice": embedder_advice(setting, recorded)}


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
