"""The work of each ``hearth`` subcommand over a Library, writing to a given stream.

Each takes ``(library, args, out)`` and returns the exit code, so the same function runs
in the command's own process or, when another process owns the library, inside that
owner with ``out`` captured and sent back.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from app.core.errors import HearthError
from app.core.library import Library


def _json(out: TextIO, data: dict) -> None:
    out.write(json.dumps(data, ensure_ascii=False) + "\n")
    out.flush()


def _where(args) -> dict | None:
    from app.core.filters import SearchFilter

    try:
        return SearchFilter(args.meetings, args.after, args.before, args.file_type).where()
    except ValueError as exc:
        raise HearthError(str(exc)) from exc


def cmd_index(library: Library, args, out: TextIO) -> int:
    from app.cli_output import ProgressBar, format_report

    bar = ProgressBar(enabled=out is sys.stdout)
    try:
        report = library.index(args.paths or None, progress=bar)
    finally:
        bar.close()
    if args.json:
        _json(out, report.to_json())
    else:
        out.write(format_report(report) + "\n")
    return 0


def cmd_search(library: Library, args, out: TextIO) -> int:
    from app.cli_output import format_hits
    from app.core.retrieval import hit_to_json

    hits = library.search(args.query, args.k, _where(args), args.mode)
    if args.json:
        _json(out, {"query": args.query, "results": [hit_to_json(h) for h in hits]})
    else:
        out.write(format_hits(hits) + "\n")
    return 0


def cmd_ask(library: Library, args, out: TextIO) -> int:
    from app.cli_interrupt import StopOnInterrupt
    from app.cli_output import format_answer_sources

    def echo(piece: str) -> None:
        out.write(piece)
        out.flush()

    with StopOnInterrupt() as stop:
        answer = library.ask(args.question, args.k, where=_where(args),
                             on_token=None if args.json else echo, cancelled=stop.is_set)
    if args.json:
        _json(out, answer.to_json())
        return 0
    if not answer.model_called:
        out.write(answer.text + "\n")
    else:
        out.write(" [stopped]\n" if answer.cancelled else "\n")
    out.write(format_answer_sources(answer) + "\n")
    return 0


def cmd_summarize(library: Library, args, out: TextIO) -> int:
    from app.cli_interrupt import StopOnInterrupt
    from app.cli_output import format_summary

    with StopOnInterrupt() as stop:
        summary = library.summarize(args.path, cancelled=stop.is_set)
    if args.json:
        _json(out, summary.to_json())
    else:
        out.write(format_summary(summary) + "\n")
    return 0


def cmd_status(library: Library, args, out: TextIO) -> int:
    from app.cli_output import format_status

    status = library.status()
    if args.json:
        _json(out, status)
    else:
        out.write(format_status(status) + "\n")
    return 0


def cmd_forget(library: Library, args, out: TextIO) -> int:
    dropped = library.forget(args.path)
    out.write(f"Forgot {args.path}: {dropped} file(s) removed from the index.\n")
    return 0


def cmd_check(library: Library, args, out: TextIO) -> int:
    report = library.check()
    if args.json:
        _json(out, report.to_json())
    elif report.consistent:
        out.write(f"Consistent: {report.files} files, {report.chunks} chunks.\n")
    else:
        out.write("\n".join(["Problems found:"] + [f"  {p}" for p in report.problems]) + "\n")
    return 0 if report.consistent else 1


COMMANDS = {"index": cmd_index, "search": cmd_search, "ask": cmd_ask,
            "summarize": cmd_summarize, "status": cmd_status, "forget": cmd_forget,
            "check": cmd_check}
