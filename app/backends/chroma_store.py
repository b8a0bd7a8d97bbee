"""The vector store on Chroma: embedded on disk by default, or a user's own Chroma server.

Telemetry is off, the collection has no embedding function (Chroma's default would
download a model; Hearth always passes its own vectors) and uses cosine distance. The
embedder that filled the collection is recorded in its metadata, so a different model
is refused instead of silently mixing incompatible vectors.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from app.core.errors import REBUILD_HINT, ConfigError, HearthError, LibraryDamaged, StoreError
from app.core.filters import SearchFilter, day_number
from app.core.types import StoredChunk

log = logging.getLogger(__name__)
_PAGE = 5000


def _chroma_settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def open_embedded(path: Path, collection: str, embedder_id: str) -> ChromaStore:
    """A store in ``path`` on this machine."""
    import chromadb

    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except Exception as exc:  # chromadb raises plain errors for a damaged or locked store
        raise LibraryDamaged(f"Cannot open the index in {path} ({exc}); {REBUILD_HINT}") from exc
    try:
        return ChromaStore(client, collection, embedder_id)
    except HearthError:
        raise
    except Exception as exc:
        _close_client(client)
        raise LibraryDamaged(f"Cannot read the index in {path} ({exc}); {REBUILD_HINT}") from exc


def open_server(host: str, port: int, collection: str, embedder_id: str) -> ChromaStore:
    """A store on a Chroma server (``chroma run``) that the user runs."""
    import chromadb

    client = None
    try:
        client = chromadb.HttpClient(host=host, port=port, settings=_chroma_settings())
        client.heartbeat()
    except Exception as exc:
        if client is not None:
            _close_client(client)
        raise StoreError(f"Cannot reach the Chroma server at {host}:{port}: {exc}") from exc
    return ChromaStore(client, collection, embedder_id)


class ChromaStore:
    """The core's VectorStore over one Chroma collection."""

    def __init__(self, client, name: str, embedder_id: str) -> None:
        self._client = client
        self._collection = client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder_id})
        stored = (self._collection.metadata or {}).get("embedder")
        if stored and stored != embedder_id and self._collection.count() == 0:
            # an empty index has no vectors to mix: it takes the embedder now configured
            self._collection.modify(metadata={**self._collection.metadata,
                                              "embedder": embedder_id})
        elif stored and stored != embedder_id:
            raise ConfigError(f"The index was built with the embedder {stored!r}, but "
                              f"{embedder_id!r} is configured; run 'hearth rebuild' to re-index "
                              "with it, or switch back")
        self._max_batch = max(1, int(client.get_max_batch_size()))

    def upsert(self, ids: Sequence[str], vectors: Sequence[list[float]], texts: Sequence[str],
               metas: Sequence[dict]) -> None:
        for start in range(0, len(ids), self._max_batch):
            end = start + self._max_batch
            self._collection.upsert(ids=list(ids[start:end]), embeddings=list(vectors[start:end]),
                                    documents=list(texts[start:end]),
                                    metadatas=[_clean(m) for m in metas[start:end]])

    def delete_file(self, file_id: int) -> None:
        self._collection.delete(where={"file_id": file_id})

    def delete_files(self, file_ids: Sequence[int]) -> None:
        for start in range(0, len(file_ids), self._max_batch):
            part = list(file_ids[start:start + self._max_batch])
            self._collection.delete(where={"file_id": {"$in": part}})

    def repoint_file(self, file_id: int, changes: dict) -> None:
        found = self._collection.get(where={"file_id": file_id}, include=["metadatas"])
        if not found["ids"]:
            return
        metas = [{**(meta or {}), **changes} for meta in found["metadatas"]]
        self._collection.update(ids=found["ids"], metadatas=[_clean(m) for m in metas])

    def query(self, vector: list[float], k: int,
              search_filter: SearchFilter | None = None) -> list[StoredChunk]:
        if k <= 0:
            return []
        # no count() first: an empty collection answers with empty lists, and counting
        # cost a few ms on every search
        result = self._collection.query(query_embeddings=[vector], n_results=k,
                                        where=where_clause(search_filter),
                                        include=["documents", "metadatas", "distances"])
        if not result["ids"] or not result["ids"][0]:
            return []
        return [StoredChunk(id=i, text=doc or "", meta=meta or {}, distance=dist)
                for i, doc, meta, dist in zip(result["ids"][0], result["documents"][0],
                                              result["metadatas"][0], result["distances"][0],
                                              strict=True)]

    def nearest_ids(self, vector: list[float], k: int,
                    search_filter: SearchFilter | None = None) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        # ids and distances only: reading 100 passages with their metadata took 14.5 ms of
        # a 10k-passage search, the ids 3.2 ms (benchmarks/retrieval.py)
        result = self._collection.query(query_embeddings=[vector], n_results=k,
                                        where=where_clause(search_filter),
                                        include=["distances"])
        if not result["ids"] or not result["ids"][0]:
            return []
        return list(zip(result["ids"][0], result["distances"][0], strict=True))

    def get(self, ids: Sequence[str],
            search_filter: SearchFilter | None = None) -> list[StoredChunk]:
        if not ids:
            return []
        found = self._collection.get(ids=list(ids), where=where_clause(search_filter),
                                     include=["documents", "metadatas", "embeddings"])
        return [StoredChunk(id=i, text=doc or "", meta=meta or {}, vector=list(vec))
                for i, doc, meta, vec in zip(found["ids"], found["documents"],
                                             found["metadatas"], found["embeddings"],
                                             strict=True)]

    def chunk_index(self) -> dict[int, list[tuple[str, str]]]:
        index: dict[int, list[tuple[str, str]]] = {}
        offset = 0
        while True:
            page = self._collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
            for chunk_id, meta in zip(page["ids"], page["metadatas"], strict=False):
                meta = meta or {}
                index.setdefault(int(meta.get("file_id", -1)), []).append(
                    (chunk_id, str(meta.get("path", ""))))
            if len(page["ids"]) < _PAGE:
                return index
            offset += _PAGE

    def count(self) -> int:
        return self._collection.count()

    def close(self) -> None:
        _close_client(self._client)


def _close_client(client) -> None:
    """Close a Chroma client, including the HTTP session chromadb's close() leaves open."""
    for owner in (client, getattr(client, "_admin_client", None)):
        session = getattr(getattr(owner, "_server", None), "_session", None)
        if session is not None:
            session.close()
    client.close()


def where_clause(search_filter: SearchFilter | None) -> dict | None:
    """The filter in Chroma's ``where`` language (the one place it is translated)."""
    if search_filter is None:
        return None
    clauses: list[dict] = []
    if search_filter.meetings:
        clauses.append({"kind": "meeting"})
    if search_filter.after:
        clauses.append({"meeting_day": {"$gte": day_number(search_filter.after)}})
    if search_filter.before:
        clauses.append({"meeting_day": {"$lte": day_number(search_filter.before)}})
    if search_filter.file_type:
        clauses.append({"file_type": search_filter.file_type})
    if search_filter.folder:
        clauses.append({"folder": search_filter.folder})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _clean(meta: dict) -> dict:
    """Chroma metadata may not hold None; absent means unknown."""
    return {k: v for k, v in meta.items() if v is not None}
