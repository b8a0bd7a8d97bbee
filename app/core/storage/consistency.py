"""Verify that the registry, the vector store and its vector index describe one library,
and repair what they disagree on without reading unchanged files again.

Every indexed file must have exactly its chunks ``<id>:0 .. <id>:n-1`` stored under its
current path; files that failed or were skipped have none; no chunk belongs to an unknown
file; no file is left half-written (``pending``). The vector index (HNSW) is checked too:
a sample of passages, spread over the whole library, is looked up by its own vector, and
each must come back (or a passage with the very same vector, a duplicate text). A
passage the index cannot find is invisible to meaning search even when asked its exact
words.

Repair (``hearth check --repair``) re-reads only the files whose rows or chunks are off,
drops chunks and keyword rows of files the registry does not know, and writes the
unreachable passages' vectors into the index again (from the store: no parsing, no
embedding).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.ports import VectorStore
from app.core.storage.keyword_index import KeywordIndex
from app.core.storage.registry import FileRecord, Registry
from app.core.types import IndexReport, JsonDict

log = logging.getLogger(__name__)
VECTOR_SAMPLE = 200  # passages looked up by their own vector per check (about a second)
NEAREST = 10
# A second, wider look for a passage the first missed: among many near-identical passages
# (a log written from one template) HNSW's approximate search can rank a passage's own
# vector below ten of its twins without the passage being lost; a wider search (ef grows
# with k) finds it if it is in the index at all.
NEAREST_WIDE = 100
SAME_VECTOR = 1e-4  # cosine distance under which two passages share a vector (a duplicate)


@dataclass
class CheckReport:
    """The result of ``hearth check``; the sets say what ``--repair`` has to fix."""

    problems: list[str] = field(default_factory=list)
    files: int = 0
    chunks: int = 0
    vectors_checked: int = 0
    unreachable: list[str] = field(default_factory=list)  # chunk ids the index misses
    repaired: list[str] = field(default_factory=list)
    reread: list[int] = field(default_factory=list)  # file ids whose rows or chunks are off
    stray: list[int] = field(default_factory=list)  # not indexed, yet with chunks
    orphans: list[int] = field(default_factory=list)  # file ids only the store knows
    keyword_orphans: list[int] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.problems

    def to_json(self) -> JsonDict:
        return {"consistent": self.consistent, "problems": self.problems,
                "files": self.files, "chunks": self.chunks,
                "vectors_checked": self.vectors_checked, "unreachable": self.unreachable,
                "repaired": self.repaired}


def check_library(registry: Registry, store: VectorStore, keywords: KeywordIndex,
                  sample: int = VECTOR_SAMPLE) -> CheckReport:
    """Compare every registry row with the chunks the store and keyword index hold for it,
    then look up a sample of passages by their own vectors."""
    stored = store.chunk_index()
    keyword_ids = keywords.chunk_ids()
    report = CheckReport(chunks=sum(len(v) for v in stored.values()))
    indexed: list[FileRecord] = []
    for rec in registry.files():
        report.files += 1
        chunks = stored.pop(rec.id, [])
        problems = _keyword_problems(rec, keyword_ids.pop(rec.id, []))
        if rec.status == "pending":
            problems.append(f"{rec.path}: indexing was interrupted (pending)")
        elif rec.status != "indexed" and chunks:
            report.problems.append(f"{rec.path}: {rec.status} but has {len(chunks)} chunks")
            report.stray.append(rec.id)
        elif rec.status == "indexed":
            file_problems = _file_problems(rec.path, rec.id, rec.chunks, chunks)
            problems += file_problems
            if not file_problems:
                indexed.append(rec)
        if problems:
            report.problems += problems
            report.reread.append(rec.id)
    for file_id, chunks in stored.items():
        report.problems.append(f"{len(chunks)} orphan chunk(s) of unknown file id {file_id} "
                               f"(e.g. {chunks[0][1] or chunks[0][0]})")
        report.orphans.append(file_id)
    for file_id, ids in keyword_ids.items():
        report.problems.append(f"{len(ids)} orphan keyword row(s) of unknown file id {file_id}")
        report.keyword_orphans.append(file_id)
    _check_vectors(store, _spread([f"{r.id}:{n}" for r in indexed for n in range(r.chunks)],
                                  sample), report)
    return report


def _check_vectors(store: VectorStore, ids: list[str], report: CheckReport) -> None:
    for chunk in store.get(ids):
        if chunk.vector is None:
            continue
        report.vectors_checked += 1
        if _found(store, chunk.id, chunk.vector, NEAREST) \
                or _found(store, chunk.id, chunk.vector, NEAREST_WIDE):
            continue
        report.unreachable.append(chunk.id)
    if report.unreachable:
        report.problems.append(
            f"{len(report.unreachable)} of {report.vectors_checked} sampled passages cannot "
            f"be found by their own vector (e.g. {report.unreachable[0]}): the vector index "
            "misses them; 'hearth check --repair' writes them into it again")


def _found(store: VectorStore, chunk_id: str, vector: list[float], k: int) -> bool:
    """Whether a search for ``vector`` returns the passage (or an identical twin)."""
    near = store.nearest_ids(vector, k)
    return chunk_id in {i for i, _ in near} or bool(near and near[0][1] <= SAME_VECTOR)


def repair_store(store: VectorStore, keywords: KeywordIndex, registry: Registry,
                 report: CheckReport) -> list[str]:
    """Fix what needs no re-reading: stray and orphan chunks, orphan keyword rows, and the
    vectors the index cannot find; mark the files to re-read pending. Returns what it did."""
    done = []
    if report.stray or report.orphans:
        store.delete_files(report.stray + report.orphans)
        done.append(f"removed the chunks of {len(report.stray) + len(report.orphans)} "
                    "file(s) that should have none")
    for file_id in report.keyword_orphans:
        with registry.transaction():
            keywords.delete_file(file_id)
    if report.keyword_orphans:
        done.append(f"removed the keyword rows of {len(report.keyword_orphans)} unknown file(s)")
    if report.unreachable:
        done.append(_reinsert(store, registry, report.unreachable))
    for file_id in report.reread:
        registry.mark_pending(file_id)
    return done


def check_and_repair(registry: Registry, store: VectorStore, keywords: KeywordIndex,
                     reread: Callable[[list[str]], IndexReport]) -> CheckReport:
    """Check; when anything is off, repair it (``reread`` indexes the given paths again)
    and return the state after, with what was done in ``repaired``."""
    report = check_library(registry, store, keywords)
    if report.consistent:
        return report
    done = repair_store(store, keywords, registry, report)
    paths = [rec.path for rec in map(registry.get_by_id, report.reread) if rec]
    if paths:
        again = reread(paths)
        done.append(f"read {again.indexed} file(s) again"
                    + (f" ({len(again.failed)} failed)" if again.failed else ""))
    after = check_library(registry, store, keywords)
    after.repaired = done
    return after


# After a process that was writing died, the passages written last are looked up by their
# own vector: the vector index may not have persisted them, although the store keeps them.
RECENT_WRITES = 2000


def heal_recent(registry: Registry, store: VectorStore, budget: int = RECENT_WRITES
                ) -> list[str]:
    """Write back into the vector index the recent passages it cannot find (the chunk ids
    that were unreachable). A kill -9 while the store was being written can leave a
    passage in the store that its vector index lacks: search never finds it, yet nothing
    else is wrong (seen about one run in four of the kill test: 1 of 137 passages)."""
    report = CheckReport()
    _check_vectors(store, registry.recent_chunk_ids(budget), report)
    if report.unreachable:
        log.warning(_reinsert(store, registry, report.unreachable))
    return report.unreachable


def _reinsert(store: VectorStore, registry: Registry, chunk_ids: list[str]) -> str:
    """Delete and write back every passage of the files the unreachable ones belong to,
    with the vectors, texts and metadata the store holds: a fresh insert into the index."""
    file_ids = sorted({int(chunk_id.split(":")[0]) for chunk_id in chunk_ids})
    for file_id in file_ids:
        rec = registry.get_by_id(file_id)
        if rec is None:
            continue
        chunks = [c for c in store.get([f"{file_id}:{n}" for n in range(rec.chunks)])
                  if c.vector is not None]
        store.delete_file(file_id)
        store.upsert([c.id for c in chunks], [c.vector or [] for c in chunks],
                     [c.text for c in chunks], [c.meta for c in chunks])
    return (f"wrote the vectors of {len(file_ids)} file(s) into the vector index again "
            f"({len(chunk_ids)} sampled passage(s) were unreachable)")


def _spread(ids: list[str], sample: int) -> list[str]:
    """Up to ``sample`` ids, evenly spaced over the whole list (every part of the library)."""
    if len(ids) <= sample:
        return ids
    step = len(ids) / sample
    return [ids[int(i * step)] for i in range(sample)]


def _keyword_problems(rec: FileRecord, ids: list[str]) -> list[str]:
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
