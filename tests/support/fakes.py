"""Small, deterministic implementations of the core's Protocols for unit tests.

They are real implementations (an in-memory store with cosine search, an embedder that
hashes words into a vector), so the indexer runs exactly as with the heavy backends.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

from app.core.ports import Embedder, Generator, OcrEngine, VectorStore
from app.core.types import OcrLine, StoredChunk

_WORD = re.compile(r"\w+")


class HashingEmbedder(Embedder):
    """Bag-of-words vectors from hashed words; one token per whitespace-separated word."""

    model_id = "hashing-test-embedder"

    def __init__(self, dim: int = 64, max_tokens: int = 32) -> None:
        self.dim = dim
        self.max_tokens = max_tokens
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return [self._vector(t) for t in texts]

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            vec[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text)) + 2

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _WORD.finditer(text)]


class MemoryStore(VectorStore):
    """The VectorStore Protocol over a dict, with exact cosine search."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[list[float], str, dict]] = {}

    def upsert(self, ids, vectors, texts, metas) -> None:
        for chunk_id, vec, text, meta in zip(ids, vectors, texts, metas, strict=False):
            self.rows[chunk_id] = (list(vec), text, dict(meta))

    def delete_file(self, file_id: int) -> None:
        for chunk_id in [i for i, (_, _, m) in self.rows.items() if m["file_id"] == file_id]:
            del self.rows[chunk_id]

    def delete_files(self, file_ids) -> None:
        for file_id in file_ids:
            self.delete_file(file_id)

    def repoint_file(self, file_id: int, changes: dict) -> None:
        for chunk_id, (vec, text, meta) in list(self.rows.items()):
            if meta["file_id"] == file_id:
                self.rows[chunk_id] = (vec, text, {**meta, **changes})

    def query(self, vector, k, search_filter=None) -> list[StoredChunk]:
        scored: list[tuple[float, StoredChunk]] = []
        for chunk_id, (vec, text, meta) in self.rows.items():
            if search_filter and not search_filter.accepts(meta):
                continue
            distance = 1.0 - sum(a * b for a, b in zip(vector, vec, strict=False))
            scored.append((distance, StoredChunk(chunk_id, text, meta, distance)))
        return [chunk for _, chunk in sorted(scored, key=lambda pair: pair[0])[:k]]

    def nearest_ids(self, vector, k, search_filter=None) -> list[tuple[str, float]]:
        return [(c.id, c.distance or 0.0) for c in self.query(vector, k, search_filter)]

    def get(self, ids, search_filter=None) -> list[StoredChunk]:
        return [StoredChunk(i, self.rows[i][1], self.rows[i][2], vector=self.rows[i][0])
                for i in ids if i in self.rows
                and (search_filter is None or search_filter.accepts(self.rows[i][2]))]

    def chunk_index(self) -> dict[int, list[tuple[str, str]]]:
        index: dict[int, list[tuple[str, str]]] = {}
        for chunk_id, (_, _, meta) in self.rows.items():
            index.setdefault(meta["file_id"], []).append((chunk_id, meta["path"]))
        return index

    def count(self) -> int:
        return len(self.rows)

    def close(self) -> None:
        self.rows = {}


class RecordingGenerator(Generator):
    """Wraps a Generator and records every prompt; ``forbid`` makes any call a failure."""

    def __init__(self, inner=None, forbid: bool = False) -> None:
        self.inner = inner
        self.forbid = forbid
        self.calls: list[list[dict]] = []
        self.model_id = getattr(inner, "model_id", "none")
        self.context_size = getattr(inner, "context_size", 2048)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def count_prompt_tokens(self, messages) -> int:
        return self.inner.count_prompt_tokens(messages)

    def stream(self, messages, *, max_tokens, cancelled=None, stop=(), on_prompt=None):
        assert not self.forbid, "the model must not be called"
        self.calls.append(messages)
        assert self.inner.count_prompt_tokens(messages) + max_tokens <= self.context_size
        yield from self.inner.stream(messages, max_tokens=max_tokens, cancelled=cancelled,
                                     stop=stop, on_prompt=on_prompt)


class ScriptedGenerator(Generator):
    """The Generator Protocol answering every prompt with the same text (words as tokens)."""

    def __init__(self, reply: str, context_size: int = 4096) -> None:
        self.reply = reply
        self.context_size = context_size
        self.model_id = "scripted"

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def count_prompt_tokens(self, messages) -> int:
        return sum(len(m["content"].split()) + 4 for m in messages)

    def stream(self, messages, *, max_tokens, cancelled=None, stop=(), on_prompt=None):
        if on_prompt:
            on_prompt(self.count_prompt_tokens(messages), self.count_prompt_tokens(messages))
        yield from (word + " " for word in self.reply.split()[:max_tokens])


class CountingEngine(OcrEngine):
    """Returns the same two lines for any image and counts the images it was given."""

    engine_id = "fake-1"

    def __init__(self) -> None:
        self.calls = 0

    def recognize(self, image) -> list[OcrLine]:
        self.calls += 1
        assert image.width > 100  # a real rendering, not a placeholder
        return [OcrLine("Scanned warranty card", (10, 10, 400, 40)),
                OcrLine(f"serial number SN-{self.calls:04d}", (10, 50, 400, 80))]
