"""Verify that the registry and the vector store describe the same library.

Every indexed file must have exactly its chunks ``<id>:0 .. <id>:n-1`` stored under its
current path; files that failed or were skipped have none; no chunk belongs to an unknown
file; no file is left half-written (``pending``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.keyword_index import KeywordIndex
from app.core.ports import VectorStore
from app.core.registry import Registry


@dataclass
class CheckReport:
    """The result of ``hearth check``."""

    problems: list[str] = field(default_factory=list)
    files: int = 0
    chunks: int = 0

    @property
    def consistent(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"consistent": self.consistent, "problems": self.problems,
                "files": self.files, "chunks": self.chunks}


def check_library(registry: Registry, store: VectorStore,
                  keywords: KeywordIndex) -> CheckReport:
    """Compare every registry row with the chunks the store and keyword index hold for it."""
    stored = store.chunk_index()
    keyword_ids = keywords.chunk_ids()
    report = CheckReport(chunks=sum(len(v) for v in stored.values()))
    for rec in registry.files():
        report.files += 1
        chunks = stored.pop(rec.id, [])
        report.problems += _keyword_problems(rec, keyword_ids.pop(rec.id, []))
        if rec.status == "pending":
            report.problems.append(f"{rec.path}: indexing was interrupted (pending)")
        elif rec.status != "indexed" and chunks:
            report.problems.append(f"{rec.path}: {rec.status} but has {len(chunks)} chunks")
        elif rec.status == "indexed":
            report.problems += _file_problems(rec.path, rec.id, rec.chunks, chunks)
    for file_id, chunks in stored.items():
        report.problems.append(f"{len(chunks)} orphan chunk(s) of unknown file id {file_id} "
                               f"(e.g. {chunks[0][1] or chunks[0][0]})")
    for file_id, ids in keyword_ids.items():
        report.problems.append(f"{len(ids)} orphan keyword row(s) of unknown file id {file_id}")
    return report


def _keyword_problems(rec, ids: list[str]) -> list[str]:
    expected = {f"{rec.id}:{n}" for n in range(rec.chunks)} if rec.status == "indexed" else set()
    if rec.status == "pending" or set(ids) == expected and len(ids) == len(expected):
        return []
    return [f"{rec.path}: keyword index has {len(ids)} rows, expected {len(expected)}"]


def _file_problems(path: str, file_id: int, expected: int,
                   chunks: list[tuple[str, str]]) -> list[str]:
    problems = []
    ids = [chunk_id for chunk_id, _ in chunks]
    want = {f"{file_id}:{n}" for n in range(expected)}
    if len(ids) != len(set(ids)):
        problems.append(f"{path}: duplicate chunks")
    if set(ids) != want:
        problems.append(f"{path}: expected {expected} chunks, store has {len(set(ids) & want)} "
                        f"of them and {len(set(ids) - want)} extra")
    stale = {p for _, p in chunks if p != path}
    if stale:
        problems.append(f"{path}: chunks point at an old path {sorted(stale)[0]}")
    return problems
