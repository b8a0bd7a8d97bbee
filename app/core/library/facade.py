"""The library: the one object the CLI and the window call for index, search and status.

It owns the registry and reaches the store and embedder through providers that load them
on first use, so ``hearth status`` never pays for loading a neural network.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from app.core.answers import (
    Answer,
    Assistant,
    ChatInfo,
    ChatStore,
    ChatTurn,
    TokenCallback,
    clean_name,
)
from app.core.errors import (
    DiskFull,
    DocumentError,
    HearthError,
    NotInLibrary,
    PathNotFound,
    is_disk_full,
)
from app.core.files import UNSTORABLE_NAME, LinkRule, shown, storable, under_any
from app.core.filters import SearchFilter
from app.core.indexing import (
    BATCH_CHUNKS,
    CancelCheck,
    Indexer,
    KeywordSink,
    LedgerSink,
    ProgressCallback,
)
from app.core.ingest import read_text
from app.core.library.meetings import LibraryMeetings
from app.core.library.status import LibraryStatus, library_status
from app.core.meetings import (
    ActionLedger,
)
from app.core.paths import absolute
from app.core.ports import Embedder, Generator, Parser, VectorStore
from app.core.search import OutsideLibrary, Retriever, read_passage
from app.core.settings import Settings
from app.core.storage import (
    CheckReport,
    FileRecord,
    KeywordIndex,
    Registry,
    check_and_repair,
    check_library,
)
from app.core.types import (
    Document,
    FileStatus,
    Hit,
    IndexReport,
    JsonDict,
    SearchMode,
)

T = TypeVar("T")


@dataclass(frozen=True)
class LibraryParts:
    """What a Library is made of, for tests and benchmarks that look inside. Front ends
    never use it (the architecture test checks): they call the Library's methods."""

    registry: Registry
    indexer: Indexer
    keywords: KeywordIndex
    ledger: ActionLedger
    retriever: Retriever
    assistant: Assistant
    chats: ChatStore
    store_provider: Callable[[], VectorStore]
    embedder_provider: Callable[[], Embedder]

    @property
    def store(self) -> VectorStore:
        return self.store_provider()

    @property
    def embedder(self) -> Embedder:
        return self.embedder_provider()


class Library(LibraryMeetings):
    """Headless facade over registry, indexer, store and embedder."""

    def __init__(self, settings: Settings, registry: Registry,
                 store: Callable[[], VectorStore], embedder: Callable[[], Embedder],
                 parsers: dict[str, Parser],
                 generator: Callable[[], Generator] | None = None, *,
                 writes_prose: Callable[[Settings], bool] | None = None) -> None:
        """``writes_prose``: whether answers show the model's own sentences for these
        settings (``services.writes_prose``); without it they always do."""
        self.settings = settings
        self._writes_prose = writes_prose
        self._registry = registry
        self._store = store
        self._embedder = embedder
        self._generator_provider = generator
        self._keywords = KeywordIndex(registry)
        self._ledger = ActionLedger(registry)
        self._indexer = Indexer(registry, store, embedder, parsers,
                                [KeywordSink(self._keywords), LedgerSink(self._ledger, registry)],
                                target_tokens=settings.chunk_tokens,
                                batch_chunks=max(BATCH_CHUNKS, settings.embed_batch_size),
                                max_file_bytes=settings.max_file_mb * 2**20,
                                max_text_bytes=settings.max_text_mb * 2**20,
                                ignore_globs=settings.ignore_globs,
                                link_targets=settings.link_targets)
        self._retriever = Retriever(store, embedder, self._keywords, self.link_rule)
        self._assistant = Assistant(self._retriever, embedder, self._generator)
        self._chats = ChatStore(registry)

    @property
    def parts(self) -> LibraryParts:
        return LibraryParts(self._registry, self._indexer, self._keywords, self._ledger,
                            self._retriever, self._assistant, self._chats, self._store,
                            self._embedder)

    def close(self) -> None:
        """Release the registry, the store if it was opened, and parsers that hold a
        process (``backends.parse_worker``)."""
        opened = getattr(self._store, "value", None)
        if opened is not None:
            opened.close()
        self._indexer.closed_cleanly()  # what it wrote is closed with the store
        self._registry.close()
        self._indexer.close()

    @property
    def extensions(self) -> list[str]:
        return self._indexer.extensions

    def add(self, paths: list[str]) -> list[str]:
        """Add folders or files to the library (no indexing yet); returns absolute paths."""
        resolved = [absolute(p) for p in paths]
        for path, given in zip(resolved, paths, strict=False):
            if not os.path.exists(path):
                raise PathNotFound(f"No such file or folder: {shown(given)}")
            if not storable(path):
                raise HearthError(f"{shown(path)}: {UNSTORABLE_NAME}")
        for path in resolved:
            self._registry.add_root(path)
        return resolved

    def add_root(self, path: str, excluded: bool = False) -> None:
        """Record a folder (or an exclusion) without checking the disk: for restoring the
        folder list of a damaged library, whose folders may be offline."""
        self._registry.add_root(path, excluded)

    def index(self, paths: list[str] | None = None, progress: ProgressCallback | None = None,
              cancelled: CancelCheck | None = None) -> IndexReport:
        """Add ``paths`` (if any) and bring the index up to date for them, or for everything."""
        scope = self.add(paths) if paths else None
        return self.reconcile(scope, progress, cancelled)

    def reconcile(self, paths: list[str] | None = None,
                  progress: ProgressCallback | None = None,
                  cancelled: CancelCheck | None = None) -> IndexReport:
        """Bring the index in line with the disk at/under ``paths`` (inside the library's
        folders), or everywhere; adds nothing. The watcher's change path and every full
        reconcile come through here, so both get the same error handling."""
        try:
            return self._indexer.run(paths, progress, cancelled)
        except HearthError:
            raise
        except Exception as exc:
            if is_disk_full(exc, self.settings.paths.data):
                raise DiskFull(f"Could not write the index in {self.settings.paths.data}: "
                               f"the disk is full or failing ({_first_line(exc)}). Free some "
                               "space and index again; everything indexed so far is kept, "
                               "and the interrupted files are redone.") from exc
            raise

    def watched_folders(self) -> dict[str, bool]:
        """What a file watcher must follow: folder -> recursive. A library folder is
        followed recursively; a single file added on its own, through its folder only."""
        folders: dict[str, bool] = {}
        for root in self._registry.roots():
            if root.excluded:
                continue
            if os.path.isdir(root.path):
                folders[root.path] = True
            else:
                folders.setdefault(os.path.dirname(root.path), False)
        return folders

    def search(self, query: str, k: int = 5, search_filter: SearchFilter | None = None,
               mode: SearchMode = "hybrid", query_vector: list[float] | None = None) -> list[Hit]:
        """Passages for ``query`` in the search syntax of ``search.query``, best first.

        ``search_filter`` comes from the caller's controls (CLI flags, the window's
        filters); fields written in the query override it."""
        return self._retriever.search(self._retriever.parse(query, search_filter), k, mode,
                                      query_vector)

    def link_rule(self) -> LinkRule:
        """The symlink rule over the library's folders now (``core.links``)."""
        return LinkRule.of([(r.path, r.excluded) for r in self._registry.roots()],
                           self.settings.link_targets)

    def check_readable(self, path: str) -> None:
        """Refuse a file inside the library that the link rule does not let Hearth read
        (the viewer and ``read_document`` open files from disk, not from the index)."""
        links = self.link_rule()
        if under_any(os.path.normpath(path), links.included):
            refused = links.refusal(path)
            if refused:
                raise OutsideLibrary(f"{path}: {refused}")

    def _generator(self) -> Generator:
        if self._generator_provider is None:
            raise HearthError("No chat model is configured")
        return self._generator_provider()

    def ask(self, question: str, k: int = 5, *, search_filter: SearchFilter | None = None,
            on_token: TokenCallback | None = None,
            cancelled: Callable[[], bool] | None = None, chat: str | None = None,
            on_evidence: Callable[[Answer], None] | None = None,
            on_prompt: Callable[[int, int], None] | None = None) -> Answer:
        """Answer from the library's passages, the evidence first, citing what it used.

        ``chat``: continue (or start) the named chat: the question is read in the context
        of its last turn, and the answer is added to it. ``on_evidence`` and ``on_prompt``:
        the evidence-only answer before the model starts, the model's progress reading its
        prompt (``Assistant.ask``)."""
        previous = None
        if chat is not None:
            chat = clean_name(chat)
            previous = self._chats.last_turn(chat)
        prose = self.writes_prose()
        answer = self._assistant.ask(question, k, search_filter=search_filter, on_token=on_token,
                                     cancelled=cancelled, previous=previous, prose=prose,
                                     on_evidence=on_evidence, on_prompt=on_prompt)
        if chat is not None and answer.question:
            answer.chat = chat
            self._chats.add_turn(chat, answer)
        return answer

    def chat_list(self) -> list[ChatInfo]:
        """Every chat, the most recently used first."""
        return self._chats.all()

    def new_chat_name(self, question: str) -> str:
        """A name for a chat starting with ``question``: its words, made unique."""
        return self._chats.unique_name(question)

    def chat_turns(self, name: str) -> list[ChatTurn]:
        return self._chats.turns(name)

    def rename_chat(self, old: str, new: str) -> None:
        self._chats.rename(old, new)

    def delete_chat(self, name: str) -> None:
        self._chats.delete(name)

    def read_document(self, path: str) -> Document:
        """Parse one file with the parser for its type; a user-facing error if it fails."""
        target = self._readable_file(path)
        parser = self._indexer.parser_for(target)
        if parser is None:
            raise HearthError(f"Cannot read {path}: unsupported file type")
        return self._read(path, lambda: parser.parse(Path(target)))

    def file_text(self, path: str) -> str:
        """A text or Markdown file as it is on disk, decoded (the viewer shows it so that the
        cited line numbers are the file's own); only what the link rule lets Hearth read."""
        target = self._readable_file(path)
        return self._read(path, lambda: read_text(Path(target)))

    def _readable_file(self, path: str) -> str:
        """``path`` as the registry stores it, once the link rule allows it and it exists."""
        self.check_readable(os.path.abspath(os.path.expanduser(path)))
        target = absolute(path)
        if not os.path.isfile(target):
            raise PathNotFound(f"No such file: {path}")
        return target

    @staticmethod
    def _read(path: str, read: Callable[[], T]) -> T:
        """``read()``, its DocumentError said as one line about ``path``."""
        try:
            return read()
        except DocumentError as exc:
            raise HearthError(f"Cannot read {path}: {exc.reason}") from exc

    def writes_prose(self) -> bool:
        """Whether answers and summaries show the chosen model's own sentences."""
        return self._writes_prose(self.settings) if self._writes_prose else True

    def read_passage(self, path: str | None = None, chunk_id: str | None = None,
                     page: int | None = None, line: int | None = None,
                     neighbours: int = 1) -> JsonDict:
        """An indexed passage and its neighbours, from files inside the library only."""
        return read_passage(self._registry, self._store(), path=path, chunk_id=chunk_id,
                            page=page, line=line, neighbours=neighbours,
                            links=self.link_rule())

    def file_ids(self, status: FileStatus | None = None) -> list[int]:
        """Ids of every file (with this status), in path order: what a file table holds."""
        return self._registry.file_ids(status)

    def files_page(self, ids: list[int]) -> dict[int, FileRecord]:
        """The records of these files, for a table that fetches its rows as they show."""
        return self._registry.get_many(ids)

    def file_counts(self) -> dict[str, int]:
        """Files per status (indexed, failed, skipped, pending); cheaper than ``status``."""
        return self._registry.counts()

    def open_index(self) -> int:
        """Open and read the vector store now (it opens lazily otherwise), so a damaged
        index is found before a window shows; returns the number of chunks."""
        return self._store().count()

    def use_generator(self, provider: Callable[[], Generator]) -> None:
        """Switch the chat model (a new model file chosen in the settings)."""
        self._generator_provider = provider

    def apply_settings(self, settings: Settings,
                       generator: Callable[[], Generator] | None = None) -> None:
        """Use changed settings from now on: ignore rules and OCR for the next scan, and the
        chat model ``generator`` provides (loaded on first use) when the model changed."""
        self.settings = settings
        self._indexer.apply(settings.ignore_globs, settings.link_targets, settings.ocr,
                            settings.ocr_max_pages)
        if generator is not None:
            self.use_generator(generator)

    def forget(self, path: str) -> int:
        """Remove a folder or file (or anything inside a folder) from the library.

        Returns how many files were dropped from the index. Forgetting a path inside a
        library folder excludes it, so the next scan does not bring it back.
        """
        target = absolute(path)
        roots = self._registry.roots()
        is_root = any(r.path == target and not r.excluded for r in roots)
        inside = [r.path for r in roots if not r.excluded and under_any(target, [r.path])]
        if not is_root and not inside:
            raise NotInLibrary(f"Not in the library: {path}")
        if is_root:
            self._registry.remove_root(target)
        else:
            self._registry.add_root(target, excluded=True)
        remaining = [r.path for r in self._registry.roots() if not r.excluded]
        excluded = [r.path for r in self._registry.roots() if r.excluded]
        dropped = 0
        for rec in self._registry.files(under=target):
            if not under_any(rec.path, remaining) or under_any(rec.path, excluded):
                self._indexer.remove(rec)
                dropped += 1
        return dropped

    def check(self, repair: bool = False) -> CheckReport:
        """Verify the registry, the store and its vector index; with ``repair``, fix what
        disagrees, re-reading only the files that are off (``core.consistency``)."""
        if not repair:
            return check_library(self._registry, self._store(), self._keywords)
        return check_and_repair(self._registry, self._store(), self._keywords,
                                self.reconcile)

    def status(self) -> LibraryStatus:
        """What ``hearth status`` prints: folders, counts, failures, where data lives."""
        return library_status(self._registry, self.settings)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__

