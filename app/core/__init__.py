"""Hearth's headless domain, and the one door the front ends use.

Nothing in this package imports a UI toolkit, a vector database, a model runtime or a
file-format library: those live in ``app.backends`` and reach the core through the
Protocols in ``app.core.ports``. A test (tests/core/test_core_is_headless.py) enforces it.

The rooms (each package's ``__init__`` names what it offers; one package reaches another
only through that surface, and the front ends only through this one):
``files`` (scan, links, events), ``ingest`` (parsing to blocks, chunking, ``ocr``),
``storage`` (registry, keyword index, recovery, checks), ``indexing`` (the indexer),
``search`` (query, retrieval, passages), ``answers`` (gate, evidence, prose, chats),
``meetings`` (items, ledger, summaries), ``text`` (sentences, grounding checks).
Shared by all: ``types``, ``errors``, ``ports``, ``filters``, ``settings``, ``paths``,
``codec``, ``prompts``; and on top the ``Library`` (the ``library`` package: the facade,
its meetings part and its status) and ``watch``, which the front ends call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from app.core.answers.answer import Answer as Answer
    from app.core.answers.chats import ChatInfo as ChatInfo, ChatTurn as ChatTurn
    from app.core.codec import from_data as from_data, to_data as to_data
    from app.core.errors import HearthError as HearthError, LibraryDamaged as LibraryDamaged
    from app.core.filters import SearchFilter as SearchFilter
    from app.core.library import (
        Library as Library,
        LibraryStatus as LibraryStatus,
        dir_size as dir_size,
    )
    from app.core.meetings.digest import Digest as Digest
    from app.core.meetings.extractive import EXTRACTIVE_LABEL as EXTRACTIVE_LABEL
    from app.core.meetings.ledger import ActionRow as ActionRow
    from app.core.meetings.summarize import MeetingSummary as MeetingSummary
    from app.core.paths import (
        AppPaths as AppPaths,
        absolute as absolute,
        delete_all_data as delete_all_data,
        resolve_paths as resolve_paths,
    )
    from app.core.search.dates import mentioned_span as mentioned_span
    from app.core.search.query import parse_query as parse_query
    from app.core.search.retrieval import hit_to_json as hit_to_json
    from app.core.settings import (
        Settings as Settings,
        apply_overrides as apply_overrides,
        load_settings as load_settings,
        loopback_url as loopback_url,
    )
    from app.core.storage.consistency import CheckReport as CheckReport
    from app.core.storage.registry import FileRecord as FileRecord
    from app.core.types import (
        ActionStatus as ActionStatus,
        Block as Block,
        Hit as Hit,
        IndexReport as IndexReport,
        JsonDict as JsonDict,
        Progress as Progress,
        SearchMode as SearchMode,
    )
    from app.core.watch import WatchService as WatchService

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    "app.core.answers.answer": ("Answer",),
    "app.core.answers.chats": ("ChatInfo", "ChatTurn"),
    "app.core.codec": ("from_data", "to_data"),
    "app.core.errors": ("HearthError", "LibraryDamaged"),
    "app.core.filters": ("SearchFilter",),
    "app.core.library": ("Library", "LibraryStatus", "dir_size"),
    "app.core.meetings.digest": ("Digest",),
    "app.core.meetings.extractive": ("EXTRACTIVE_LABEL",),
    "app.core.meetings.ledger": ("ActionRow",),
    "app.core.meetings.summarize": ("MeetingSummary",),
    "app.core.paths": ("absolute", "AppPaths", "delete_all_data", "resolve_paths"),
    "app.core.search.dates": ("mentioned_span",),
    "app.core.search.query": ("parse_query",),
    "app.core.search.retrieval": ("hit_to_json",),
    "app.core.settings": ("apply_overrides", "load_settings", "loopback_url", "Settings"),
    "app.core.storage.consistency": ("CheckReport",),
    "app.core.storage.registry": ("FileRecord",),
    "app.core.types": (
        "ActionStatus",
        "Block",
        "Hit",
        "IndexReport",
        "JsonDict",
        "Progress",
        "SearchMode",
    ),
    "app.core.watch": ("WatchService",),
})
