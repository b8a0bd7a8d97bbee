"""Read one indexed passage and its neighbours, only from files inside the library.

Other assistants (``hearth mcp``) ask for passages by the path and page/line that search
returned, or by chunk id. What they may read is exactly what the user put in the
library: a path must be absolute, without ``..``, inside a library folder and not inside
an excluded one as written, and the symlink rule of ``core.links`` must let Hearth read
it (whether asked by path or by chunk id); the text comes from the index (the passages
as Hearth cut them), not from reading arbitrary files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from app.core.errors import HearthError
from app.core.files import LinkRule, under_any
from app.core.ports import VectorStore
from app.core.search.retrieval import hit_to_json, to_hit
from app.core.storage import FileRecord, Registry
from app.core.types import JsonDict, StoredChunk

MAX_NEIGHBOURS = 5
_CHUNK_ID = re.compile(r"^(\d{1,18}):(\d{1,9})$")  # as many digits as SQLite holds


class OutsideLibrary(HearthError):
    """A path that is not inside the library's folders (or not allowed to be read)."""


def library_file(registry: Registry, path: str, links: LinkRule | None = None) -> str:
    """``path`` as the registry stores it, after checking that it may be read."""
    if not path or not os.path.isabs(path):
        raise OutsideLibrary(f"Give the absolute path of a file in the library, as search "
                             f"returns it, not {path!r}")
    if ".." in Path(path).parts:
        raise OutsideLibrary(f"Paths with '..' are not accepted: {path}")
    written = os.path.normpath(path)
    if not inside_library(registry, written):
        raise OutsideLibrary(f"Not inside the library's folders: {path}")
    _check_links(registry, written, links)
    return written if registry.get(written) else str(Path(path).resolve())


def _check_links(registry: Registry, path: str, links: LinkRule | None) -> None:
    rule = links or LinkRule.of([(r.path, r.excluded) for r in registry.roots()])
    refused = rule.refusal(path)
    if refused:
        raise OutsideLibrary(f"Not read: {path}: {refused}")


def inside_library(registry: Registry, path: str) -> bool:
    roots = registry.roots()
    included = [r.path for r in roots if not r.excluded]
    excluded = [r.path for r in roots if r.excluded]
    return under_any(path, included) and not under_any(path, excluded)


def read_passage(registry: Registry, store: VectorStore, *, path: str | None = None,
                 chunk_id: str | None = None, page: int | None = None,
                 line: int | None = None, neighbours: int = 1,
                 links: LinkRule | None = None) -> JsonDict:
    """The passage at ``chunk_id``, or in ``path`` at ``page``/``line`` (else its first),
    with up to ``neighbours`` passages before and after it, in reading order."""
    record = _record(registry, path, chunk_id, links)
    chunks = sorted(store.get([f"{record.id}:{n}" for n in range(record.chunks)]),
                    key=lambda c: int(c.id.split(":")[1]))
    if not chunks:
        raise HearthError(f"{record.path} has no passages in the index; run 'hearth index'")
    at = _position(chunks, chunk_id, page, line, record.path)
    around = max(0, min(int(neighbours), MAX_NEIGHBOURS))
    window = chunks[max(0, at - around): at + around + 1]
    return {"path": record.path, "title": record.title, "chunks": record.chunks,
            "match": chunks[at].id, "passages": [_passage(c) for c in window]}


def _record(registry: Registry, path: str | None, chunk_id: str | None,
            links: LinkRule | None) -> FileRecord:
    if chunk_id:
        found = _CHUNK_ID.match(chunk_id.strip())
        if not found:
            raise HearthError(f"A chunk id looks like '12:3' (file:passage), not {chunk_id!r}")
        record = registry.get_by_id(int(found.group(1)))
        if record is None or (path and library_file(registry, path, links) != record.path):
            raise HearthError(f"No passage {chunk_id} in the library")
        if not inside_library(registry, record.path):
            raise OutsideLibrary(f"Not inside the library's folders: {record.path}")
        _check_links(registry, record.path, links)
        return record
    if not path:
        raise HearthError("Say which passage: a path (with page or line) or a chunk id")
    target = library_file(registry, path, links)
    record = registry.get(target)
    if record is None or record.status != "indexed":
        reason = f" ({record.reason})" if record and record.reason else ""
        raise HearthError(f"{path} is in the library's folders but not indexed{reason}")
    return record


def _position(chunks: list[StoredChunk], chunk_id: str | None, page: int | None,
              line: int | None, path: str) -> int:
    if chunk_id:
        ids = [c.id for c in chunks]
        if chunk_id.strip() not in ids:
            raise HearthError(f"No passage {chunk_id} in {path}")
        return ids.index(chunk_id.strip())
    for n, chunk in enumerate(chunks):
        meta = chunk.meta
        if page is not None and meta.get("page") != page:
            continue
        if line is not None and not (meta.get("line_start") or 0) <= line <= (
                meta.get("line_end") or meta.get("line_start") or 0):
            continue
        return n
    if page is None and line is None:
        return 0
    where = ", ".join(x for x in (f"page {page}" if page is not None else "",
                                  f"line {line}" if line is not None else "") if x)
    raise HearthError(f"No passage at {where} in {path}")


def _passage(chunk: StoredChunk) -> JsonDict:
    data = hit_to_json(to_hit(chunk))
    data.pop("score", None)  # a passage read by place has no relevance score
    return data
