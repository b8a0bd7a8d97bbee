"""The dispatcher: the one place a typed request becomes a call on the Library.

The owner's socket (``serve``) and an in-process client (``dispatch`` with callbacks for
streaming, progress and Ctrl+C) share it, so a command does the same work wherever it
runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from app.core import HearthError, Library, Progress
from app.owner.requests import (
    ActionsRequest,
    AskRequest,
    BadRequest,
    ChatsRequest,
    ChatTurnsRequest,
    CheckRequest,
    DeleteChatRequest,
    DigestRequest,
    ForgetRequest,
    IndexRequest,
    MarkActionRequest,
    MeetingsRequest,
    ReadPassageRequest,
    RenameChatRequest,
    Request,
    SearchRequest,
    StatusRequest,
    SummarizeRequest,
    decode_request,
    error_reply,
    result_reply,
)

log = logging.getLogger(__name__)


def dispatch(library: Library, request: Request, *,
             on_token: Callable[[str], None] | None = None,
             progress: Callable[[Progress], None] | None = None,
             cancelled: Callable[[], bool] | None = None,
             on_prompt: Callable[[int, int], None] | None = None) -> Any:
    """Run ``request`` on ``library`` and return its result object."""
    match request:
        case IndexRequest(paths=paths):
            return library.index(list(paths) or None, progress, cancelled)
        case SearchRequest(query=query, k=k, mode=mode, filter=search_filter):
            return library.search(query, k, search_filter, mode)
        case AskRequest(question=question, k=k, filter=search_filter, chat=chat):
            return library.ask(question, k, search_filter=search_filter, on_token=on_token,
                               cancelled=cancelled, chat=chat, on_prompt=on_prompt)
        case ChatsRequest():
            return library.chat_list()
        case ChatTurnsRequest(name=name):
            return library.chat_turns(name)
        case RenameChatRequest(old=old, new=new):
            return library.rename_chat(old, new)
        case DeleteChatRequest(name=name):
            return library.delete_chat(name)
        case SummarizeRequest(path=path):
            return library.summarize(path, cancelled=cancelled)
        case StatusRequest():
            return library.status()
        case ForgetRequest(path=path):
            return library.forget(path)
        case CheckRequest(repair=repair):
            return library.check(repair)
        case ReadPassageRequest():
            return library.read_passage(request.path, request.chunk_id, request.page,
                                        request.line, request.neighbours)
        case MeetingsRequest(after=after, before=before):
            return library.meetings(after, before)
        case ActionsRequest(owner=owner, status=status, after=after, before=before,
                            overdue=overdue):
            return library.action_items(owner, status, after, before, overdue=overdue)
        case DigestRequest(since=since, owner=owner):
            return library.digest(since, owner)
        case MarkActionRequest(id=item_id, done=done):
            return library.mark_action(item_id, done)
    raise BadRequest(f"no handler for {type(request).__name__}")


def serve(library: Library, message: dict,
          notify: Callable[[dict], None] | None = None) -> dict:
    """Answer one message from the owner's socket: the result, or the error in words;
    progress goes to ``notify`` when the message asked for it."""
    progress = None
    if notify is not None and isinstance(message, dict) and message.get("progress"):
        progress = lambda p: notify({"progress": asdict(p)})  # noqa: E731
    try:
        request = decode_request(message)
        return result_reply(dispatch(library, request, progress=progress))
    except HearthError as exc:
        log.info("forwarded request refused: %s", exc)
        return error_reply(str(exc))
