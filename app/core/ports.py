"""The small Protocols through which the core reaches heavy dependencies.

One per dependency, each with the least the core needs; conveniences live above them in
the core. Backends in ``app.backends`` implement them; tests use small fakes that do too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from app.core.filters import SearchFilter
from app.core.types import Document, JsonDict, OcrLine, StoredChunk

Vector = list[float]


class Embedder(Protocol):
    """Turns texts into normalized vectors; knows its own token limit."""

    model_id: str
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> list[Vector]:
        """Embed a batch of texts (already within ``max_tokens``)."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model would see for ``text``, special tokens included."""

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        """(start, end) character offsets of each token of ``text``, without special
        tokens: where the chunker may cut a block that is over the limit."""


class VectorStore(Protocol):
    """Chunk vectors with metadata, keyed by stable ids of the form ``<file_id>:<n>``."""

    def upsert(self, ids: Sequence[str], vectors: Sequence[Vector], texts: Sequence[str],
               metas: Sequence[JsonDict]) -> None: ...

    def delete_file(self, file_id: int) -> None:
        """Remove every chunk of one file."""

    def delete_files(self, file_ids: Sequence[int]) -> None:
        """Remove every chunk of these files, in one call."""

    def repoint_file(self, file_id: int, changes: JsonDict) -> None:
        """Rewrite metadata fields (path, folder) of every chunk of a moved file."""

    def query(self, vector: Vector, k: int,
              search_filter: SearchFilter | None = None) -> list[StoredChunk]:
        """The ``k`` nearest chunks that pass the filter, nearest first, with cosine
        distance. The backend translates the filter into its own language."""

    def nearest_ids(self, vector: Vector, k: int,
                    search_filter: SearchFilter | None = None) -> list[tuple[str, float]]:
        """(id, cosine distance) of the ``k`` nearest chunks that pass the filter, nearest
        first, without reading their text (search reads only the passages it shows)."""

    def get(self, ids: Sequence[str],
            search_filter: SearchFilter | None = None) -> list[StoredChunk]:
        """The chunks with these ids that pass the filter (unknown ids are left out),
        with their vectors."""

    def chunk_index(self) -> dict[int, list[tuple[str, str]]]:
        """For consistency checks: file_id -> [(chunk id, stored path)]."""

    def count(self) -> int: ...

    def close(self) -> None:
        """Release connections and files."""


class Watcher(Protocol):
    """Reports changed paths under watched folders to the callback it was made with."""

    def watch(self, folders: dict[str, bool]) -> None:
        """Watch exactly these folders; the value says whether to watch recursively."""

    def stop(self) -> None: ...


Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": ...}


class Generator(Protocol):
    """A chat model that streams text; knows its context size and counts its own tokens."""

    model_id: str
    context_size: int

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` alone, as the model's tokenizer sees it."""

    def count_prompt_tokens(self, messages: list[Message]) -> int:
        """Tokens of the full prompt for ``messages``, chat template included."""

    def stream(self, messages: list[Message], *, max_tokens: int,
               cancelled: Callable[[], bool] | None = None,
               stop: Sequence[str] = (),
               on_prompt: Callable[[int, int], None] | None = None) -> Iterator[str]:
        """Yield the reply piece by piece; ends at a ``stop`` string or when ``cancelled()``.
        ``on_prompt(done, total)``: progress reading the prompt, where the model can tell
        (a model server cannot: it is not called)."""


class Parser(Protocol):
    """Reads one file format into a Document, or raises a DocumentError with a reason."""

    def parse(self, path: Path) -> Document: ...


ParserFactory = Callable[[], Parser]


@runtime_checkable
class Closeable(Protocol):
    """A part that holds a resource to release with the library (a reader process)."""

    def close(self) -> None: ...


class OcrEngine(Protocol):
    """Reads the text lines of one image (a page render or a photo).

    ``image`` is whatever the backend's renderer produces (a PIL image); the core passes it
    through untouched. ``engine_id`` names the engine and its models, so cached results of
    another engine are never reused.
    """

    engine_id: str

    def recognize(self, image: object) -> list[OcrLine]:
        """The recognized lines, each with its box in image pixels."""
