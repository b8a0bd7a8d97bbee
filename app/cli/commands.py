"""The library commands: each turns its arguments into a typed request and prints the result.

``run_library_command`` opens a ``LibraryClient``, which runs the request in this process
(holding the library's lock) or in the process that owns the library; the printing is the
same either way. ``search -`` and ``ask -`` read one query per line from stdin and print
one JSON line each.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TextIO

from app.cli.output import (
    ProgressBar,
    format_actions,
    format_answer_sources,
    format_chat,
    format_chats,
    format_digest,
    format_hits,
    format_report,
    format_status,
    format_summary,
)
from app.core import (
    ActionRow,
    HearthError,
    JsonDict,
    LibraryStatus,
    SearchFilter,
    Settings,
    hit_to_json,
)
from app.owner.client import LibraryClient
from app.owner.requests import (
    ActionsRequest,
    AskRequest,
    ChatsRequest,
    ChatTurnsRequest,
    CheckRequest,
    DeleteChatRequest,
    DigestRequest,
    ForgetRequest,
    IndexRequest,
    MarkActionRequest,
    RenameChatRequest,
    SearchRequest,
    StatusRequest,
    SummarizeRequest,
)

Command = Callable[[LibraryClient, argparse.Namespace, TextIO], int]


def run_library_command(settings: Settings, args: argparse.Namespace) -> int:
    command = COMMANDS[args.command]
    lines = _stdin_lines(args)
    with LibraryClient(settings) as client:
        if lines is None:
            return command(client, args, sys.stdout)
        field = "query" if args.command == "search" else "question"
        for line in lines:
            command(client, argparse.Namespace(**{**vars(args), field: line, "json": True}),
                    sys.stdout)
        return 0


def _stdin_lines(args: argparse.Namespace) -> list[str] | None:
    """The queries of ``search -`` / ``ask -`` (one per stdin line), else None."""
    field = {"search": "query", "ask": "question"}.get(args.command)
    if not field or getattr(args, field) != "-":
        return None
    return [line.strip() for line in sys.stdin if line.strip()]


def search_filter(args: argparse.Namespace) -> SearchFilter:
    """The filter the flags ask for (checked: an impossible date is an error)."""
    return SearchFilter(meetings_only=args.meetings, after=args.after, before=args.before,
                        file_type=args.file_type)


def _json(out: TextIO, data: dict) -> None:
    out.write(json.dumps(data, ensure_ascii=False) + "\n")
    out.flush()


def cmd_index(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    bar = ProgressBar()  # on stderr when it is a terminal, also with --json or forwarded
    try:
        report = client.run(IndexRequest(tuple(args.paths)), progress=bar)
    finally:
        bar.close()
    if args.json:
        _json(out, report.to_json())
    else:
        out.write(format_report(report) + "\n")
    return 0


def cmd_search(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    hits = client.run(SearchRequest(args.query, args.k, args.mode, search_filter(args)))
    if args.json:
        _json(out, {"query": args.query, "results": [hit_to_json(h) for h in hits]})
    else:
        out.write(format_hits(hits) + "\n")
    return 0


def cmd_ask(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    from app.cli.interrupt import StopOnInterrupt
    from app.cli.prompt_status import PromptStatus

    streamed: list[str] = []
    status = PromptStatus(enabled=not args.json, out=out)

    def echo(piece: str) -> None:
        status.clear()
        if status.moved:  # the status line took one of the newlines before the prose
            piece = piece.removeprefix("\n")
            status.moved = False
        streamed.append(piece)
        out.write(piece)
        out.flush()

    request = AskRequest(args.question, args.k, search_filter(args), args.chat)
    with StopOnInterrupt() as stop:
        answer = client.run(request, on_token=None if args.json else echo,
                            cancelled=stop.is_set, on_prompt=status.show)
    status.clear()
    if args.json:
        _json(out, answer.to_json())
        return 0
    if not streamed:  # not found, or answered by the library's owner: the text at once
        out.write(answer.text)
    if answer.cancelled:
        out.write(" [stopped]\n")
    elif not status.moved:  # else the line the status stood on ends the answer already
        out.write("\n")
    out.write(format_answer_sources(answer) + "\n")
    return 0


def cmd_chats(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    if args.delete is not None:
        client.run(DeleteChatRequest(args.delete))
        out.write(f"Deleted the chat {args.delete!r}.\n")
        return 0
    if args.rename:
        client.run(RenameChatRequest(*args.rename))
        out.write(f"Renamed the chat {args.rename[0]!r} to {args.rename[1]!r}.\n")
        return 0
    if args.show is not None:
        turns = client.run(ChatTurnsRequest(args.show))
        if not turns:
            raise HearthError(f"No chat named {args.show!r}")
        if args.json:
            _json(out, {"chat": args.show, "turns": [
                {"question": t.question, "asked_at": round(t.asked_at, 3),
                 "answer": t.answer.to_json()} for t in turns]})
        else:
            out.write(format_chat(args.show, turns) + "\n")
        return 0
    chats = client.run(ChatsRequest())
    if args.json:
        _json(out, {"chats": [c.to_json() for c in chats]})
    else:
        out.write(format_chats(chats) + "\n")
    return 0


def cmd_summarize(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    from app.cli.interrupt import StopOnInterrupt

    with StopOnInterrupt() as stop:
        summary = client.run(SummarizeRequest(args.path), cancelled=stop.is_set)
    if args.json:
        _json(out, summary.to_json())
    else:
        out.write(format_summary(summary) + "\n")
    return 0


def cmd_status(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    status: LibraryStatus = client.run(StatusRequest())
    if args.json:
        _json(out, status.to_json())
    else:
        out.write(format_status(status) + "\n")
    return 0


def cmd_forget(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    dropped = client.run(ForgetRequest(args.path))
    out.write(f"Forgot {args.path}: {dropped} file(s) removed from the index.\n")
    return 0


def cmd_check(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    report = client.run(CheckRequest(repair=args.repair))
    if args.json:
        _json(out, report.to_json())
        return 0 if report.consistent else 1
    out.write("".join(f"Repaired: {line}.\n" for line in report.repaired))
    if report.consistent:
        out.write(f"Consistent: {report.files} files, {report.chunks} chunks, "
                  f"{report.vectors_checked} passages found by their own vector.\n")
    else:
        out.write("\n".join(["Problems found:"] + [f"  {p}" for p in report.problems]) + "\n")
    return 0 if report.consistent else 1


ACTION_FIELDS = ("id", "text", "owner", "due", "due_date", "done", "path", "meeting_date",
                 "line_start", "line_end", "time_start", "source")


def _action_json(item: ActionRow) -> JsonDict:
    return {k: getattr(item, k) for k in (*ACTION_FIELDS, "title", "topic")}


def cmd_actions(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    if args.mark:
        if len(args.mark) != 2 or args.mark[0] not in ("done", "undone"):
            raise HearthError("use 'hearth actions done ID' or 'hearth actions undone ID'")
        item = client.run(MarkActionRequest(args.mark[1], args.mark[0] == "done"))
        if args.json:
            _json(out, _action_json(item))
        else:
            out.write(f"{'Done' if item.done else 'Not done'}: {item.text}\n")
        return 0
    overdue = args.status == "overdue"
    items = client.run(ActionsRequest(args.owner, "open" if overdue else args.status or "all",
                                      args.after, args.before, overdue))
    if args.json:
        _json(out, {"items": [_action_json(i) for i in items]})
    else:
        out.write(format_actions(items) + "\n")
    return 0


def cmd_digest(client: LibraryClient, args: argparse.Namespace, out: TextIO) -> int:
    digest = client.run(DigestRequest(args.since, args.owner))
    if args.json:
        _json(out, digest.to_json())
    else:
        out.write(format_digest(digest) + "\n")
    return 0


COMMANDS: dict[str, Command] = {
    "index": cmd_index, "search": cmd_search, "ask": cmd_ask, "summarize": cmd_summarize,
    "status": cmd_status, "forget": cmd_forget, "check": cmd_check, "actions": cmd_actions,
    "chats": cmd_chats, "digest": cmd_digest}
