"""Typed requests to the library's owner and its replies, as versioned JSON messages.

Every front end asks for work in these terms: a frozen dataclass per command with the
command's own fields and, where it searches, one ``SearchFilter``. On the socket a
request is ``{"version": 1, "command": "search", "fields": {...}}`` and a reply is
``{"version": 1, "ok": true, "result": ...}`` or ``{"version": 1, "ok": false,
"error": "..."}``. A new field gets a default, so older senders still decode; a change
that cannot be read that way raises ``PROTOCOL_VERSION``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core import (
    ActionRow,
    ActionStatus,
    Answer,
    ChatInfo,
    ChatTurn,
    CheckReport,
    Digest,
    FileRecord,
    HearthError,
    Hit,
    IndexReport,
    LibraryStatus,
    MeetingSummary,
    SearchFilter,
    SearchMode,
    from_data,
    to_data,
)

PROTOCOL_VERSION = 1


class BadRequest(HearthError):
    """A message that is not a request this owner understands."""


@dataclass(frozen=True)
class IndexRequest:
    """Add these folders or files (none: everything) and bring the index up to date."""

    paths: tuple[str, ...] = ()
    command = "index"
    result_type = IndexReport


@dataclass(frozen=True)
class SearchRequest:
    """Passages for a query in the search syntax, narrowed by ``filter``."""

    query: str
    k: int = 5
    mode: SearchMode = "hybrid"
    filter: SearchFilter = field(default_factory=SearchFilter)
    command = "search"
    result_type = list[Hit]


@dataclass(frozen=True)
class AskRequest:
    """An answer from the library's passages, with citations and quoted evidence."""

    question: str
    k: int = 5
    filter: SearchFilter = field(default_factory=SearchFilter)
    chat: str | None = None  # continue (or start) this named chat
    command = "ask"
    result_type = Answer


@dataclass(frozen=True)
class ChatsRequest:
    """Every chat, the most recently used first."""
    command = "chats"
    result_type = list[ChatInfo]


@dataclass(frozen=True)
class ChatTurnsRequest:
    """The questions and answers of one chat, in order."""

    name: str
    command = "chat_turns"
    result_type = list[ChatTurn]


@dataclass(frozen=True)
class RenameChatRequest:
    old: str
    new: str
    command = "rename_chat"
    result_type = type(None)


@dataclass(frozen=True)
class DeleteChatRequest:
    name: str
    command = "delete_chat"
    result_type = type(None)


@dataclass(frozen=True)
class SummarizeRequest:
    """Summary, decisions, action items and attendees of one meeting note."""

    path: str
    command = "summarize"
    result_type = MeetingSummary


@dataclass(frozen=True)
class StatusRequest:
    """Folders, counts, failures and where the data lives (``hearth status``)."""

    command = "status"
    result_type = LibraryStatus


@dataclass(frozen=True)
class ForgetRequest:
    """Remove a folder or file from the library; the result is how many files dropped."""

    path: str
    command = "forget"
    result_type = int


@dataclass(frozen=True)
class CheckRequest:
    """Compare the registry with the vector store, its vector index and the keyword
    index; with ``repair``, fix what disagrees."""

    repair: bool = False
    command = "check"
    result_type = CheckReport


@dataclass(frozen=True)
class ReadPassageRequest:
    """An indexed passage and its neighbours, by chunk id or by path and page/line; only
    files inside the library's folders."""

    path: str | None = None
    chunk_id: str | None = None
    page: int | None = None
    line: int | None = None
    neighbours: int = 1
    command = "read_passage"
    result_type = dict


@dataclass(frozen=True)
class MeetingsRequest:
    """Indexed meetings, newest first, optionally within a date range."""

    after: str | None = None
    before: str | None = None
    command = "meetings"
    result_type = list[FileRecord]


@dataclass(frozen=True)
class ActionsRequest:
    """Action items of the meetings, by owner, open/done/all and meeting date."""

    owner: str | None = None
    status: ActionStatus = "open"
    after: str | None = None
    before: str | None = None
    overdue: bool = False  # only open items whose due day has passed
    command = "actions"
    result_type = list[ActionRow]


@dataclass(frozen=True)
class DigestRequest:
    """Decisions and action items since a day, by meeting and by person."""

    since: str | None = None
    owner: str | None = None
    command = "digest"
    result_type = Digest


@dataclass(frozen=True)
class MarkActionRequest:
    """Mark an action item done or not done (kept in Hearth's data, not in the note)."""

    id: str
    done: bool = True
    command = "mark_action"
    result_type = ActionRow


Request = (IndexRequest | SearchRequest | AskRequest | SummarizeRequest | StatusRequest
           | ForgetRequest | CheckRequest | ReadPassageRequest | MeetingsRequest
           | ActionsRequest | MarkActionRequest | ChatsRequest | ChatTurnsRequest
           | RenameChatRequest | DeleteChatRequest | DigestRequest)
REQUESTS: dict[str, type[Request]] = {cls.command: cls for cls in (
    IndexRequest, SearchRequest, AskRequest, SummarizeRequest, StatusRequest, ForgetRequest,
    CheckRequest, ReadPassageRequest, MeetingsRequest, ActionsRequest, MarkActionRequest,
    ChatsRequest, ChatTurnsRequest, RenameChatRequest, DeleteChatRequest, DigestRequest)}


def encode_request(request: Request) -> dict:
    return {"version": PROTOCOL_VERSION, "command": request.command,
            "fields": to_data(request)}


def decode_request(message: Any) -> Request:
    """The request in ``message``; BadRequest when it is not one this version reads."""
    if not isinstance(message, dict) or message.get("version") != PROTOCOL_VERSION:
        version = message.get("version") if isinstance(message, dict) else None
        raise BadRequest(f"unsupported request (protocol version {version!r}; this Hearth "
                         f"speaks {PROTOCOL_VERSION}): restart the other Hearth process")
    command = message.get("command")
    cls = REQUESTS.get(command) if isinstance(command, str) else None
    if cls is None:
        raise BadRequest(f"unknown command {message.get('command')!r}")
    fields = message.get("fields") or {}
    if not isinstance(fields, dict):
        raise BadRequest("a request's fields must be an object")
    try:
        return from_data(cls, fields)
    except (TypeError, ValueError, KeyError) as exc:
        raise BadRequest(f"malformed {cls.command} request: {exc}") from exc


def result_reply(result: Any) -> dict:
    return {"version": PROTOCOL_VERSION, "ok": True, "result": to_data(result)}


def error_reply(message: str) -> dict:
    return {"version": PROTOCOL_VERSION, "ok": False, "error": message}


# Requests that only read the library: an owner serves them beside its indexing and its
# model's work, never behind them.
READS: tuple[type, ...] = ()  # filled below, once the request classes exist
# The work of a model: seconds to minutes; an owner runs it beside its indexing.
MODEL_WORK: tuple[type, ...] = ()


def lane_of(message: object) -> str:
    """Where an owner runs a forwarded ``message``: "read", "model" or "write" (also for
    a message that is no request: the write lane's ``serve`` refuses it with a reason)."""
    try:
        request = decode_request(message)
    except HearthError:
        return "write"
    if isinstance(request, READS):
        return "read"
    return "model" if isinstance(request, MODEL_WORK) else "write"


def is_request(message: object) -> bool:
    """Whether ``message`` is a request this version reads."""
    try:
        decode_request(message)
    except HearthError:
        return False
    return True


def busy_reply(message: str) -> dict:
    """The owner serves only reads now (a model is writing an answer in it): a request
    that changes the library waits for the lock instead (``LibraryClient``)."""
    return {**error_reply(message), "busy": True}


def decode_reply(request: Request, reply: dict) -> Any:
    """The result of ``request`` from the owner's reply; its error raised as HearthError."""
    if reply.get("version") != PROTOCOL_VERSION:
        raise HearthError("The Hearth process that owns this library is another version; "
                          "restart it (close the window or stop 'hearth watch')")
    if not reply.get("ok"):
        raise HearthError(str(reply.get("error") or "the request failed"))
    return from_data(request.result_type, reply.get("result"))


READS = (SearchRequest, StatusRequest, ChatsRequest, ChatTurnsRequest, ReadPassageRequest,
         MeetingsRequest, ActionsRequest, DigestRequest)
MODEL_WORK = (AskRequest, SummarizeRequest)
