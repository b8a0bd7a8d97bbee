"""``hearth``: the command line over the same core the window uses.

Each subcommand builds the library from settings, calls one core method and prints the
result, as text for people or as the stable ``--json`` objects scripts rely on.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from app.core.errors import HearthError

log = logging.getLogger("hearth")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hearth", description="Search your own files, offline.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="add folders or files to the library and index them")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="folders or files (default: re-index the whole library)")
    p.add_argument("--json", action="store_true", help="print a JSON summary")

    p = sub.add_parser("search", help="search the library")
    p.add_argument("query", help='what to look for (words, "exact phrase", type:pdf, file:NAME, '
                                 "in:FOLDER, after:/before:YYYY-MM-DD, is:meeting), or - to read "
                                 "one query per line from stdin")
    p.add_argument("-k", type=int, default=5, help="number of results (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--mode", choices=("hybrid", "vector", "keyword"), default="hybrid",
                   help="hybrid (default), vector (meaning) or keyword (BM25)")
    _add_filters(p)

    p = sub.add_parser("ask", help="answer a question from your files with the local model")
    p.add_argument("question", help="the question, or - to read one per line from stdin")
    p.add_argument("-k", type=int, default=5, help="passages to give the model (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_filters(p)

    p = sub.add_parser("summarize", help="summary, decisions, action items of a meeting note")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("status", help="folders, file counts, failures and where data lives")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("forget", help="remove a folder or file from the library and the index")
    p.add_argument("path")

    p = sub.add_parser("check", help="verify the registry against the vector store")
    p.add_argument("--json", action="store_true", help="print JSON")

    sub.add_parser("demo", help="index the bundled sample notes into a demo library and search it")
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--meetings", action="store_true", help="only meeting notes")
    parser.add_argument("--after", metavar="YYYY-MM-DD", help="meetings on or after this day")
    parser.add_argument("--before", metavar="YYYY-MM-DD", help="meetings on or before this day")
    parser.add_argument("--type", dest="file_type", metavar="EXT", help="only this file type")


def _where(args) -> dict | None:
    from app.core.filters import SearchFilter

    try:
        return SearchFilter(args.meetings, args.after, args.before, args.file_type).where()
    except ValueError as exc:
        raise HearthError(str(exc)) from exc


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.command:
        build_parser().print_help()
        return 0
    try:
        from app.core.settings import load_settings
        from app.logs import setup_logging

        settings = load_settings()
        setup_logging(settings.paths)
        return COMMANDS[args.command](settings, args)
    except HearthError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("hearth: interrupted", file=sys.stderr)
        return 130


def _library(settings):
    from app.services import build

    return build(settings)


def cmd_index(settings, args) -> int:
    from app.cli_output import ProgressBar, format_report

    library = _library(settings)
    bar = ProgressBar()
    try:
        report = library.index(args.paths or None, progress=bar)
    finally:
        bar.close()
    print(json.dumps(report.to_json(), ensure_ascii=False) if args.json else format_report(report))
    return 0


def cmd_search(settings, args) -> int:
    from app.cli_output import format_hits
    from app.core.retrieval import hit_to_json

    library = _library(settings)
    where = _where(args)
    if args.query == "-":
        for line in sys.stdin:
            query = line.strip()
            if query:
                hits = library.search(query, args.k, where, args.mode)
                _print_json({"query": query, "results": [hit_to_json(h) for h in hits]})
                sys.stdout.flush()
        return 0
    hits = library.search(args.query, args.k, where, args.mode)
    if args.json:
        _print_json({"query": args.query, "results": [hit_to_json(h) for h in hits]})
    else:
        print(format_hits(hits))
    return 0


def cmd_ask(settings, args) -> int:
    from app.cli_interrupt import StopOnInterrupt
    from app.cli_output import format_answer_sources

    library = _library(settings)
    where = _where(args)
    if args.question == "-":
        for line in sys.stdin:
            if line.strip():
                _print_json(library.ask(line.strip(), args.k, where=where).to_json())
                sys.stdout.flush()
        return 0
    stream = None if args.json else _echo
    with StopOnInterrupt() as stop:
        answer = library.ask(args.question, args.k, where=where, on_token=stream,
                             cancelled=stop.is_set)
    if args.json:
        _print_json(answer.to_json())
        return 0
    if not answer.model_called:
        print(answer.text)
    else:
        print(" [stopped]" if answer.cancelled else "")
    print(format_answer_sources(answer))
    return 0


def _echo(piece: str) -> None:
    sys.stdout.write(piece)
    sys.stdout.flush()


def cmd_summarize(settings, args) -> int:
    from app.cli_interrupt import StopOnInterrupt
    from app.cli_output import format_summary

    library = _library(settings)
    with StopOnInterrupt() as stop:
        summary = library.summarize(args.path, cancelled=stop.is_set)
    print(json.dumps(summary.to_json(), ensure_ascii=False) if args.json
          else format_summary(summary))
    return 0


def cmd_status(settings, args) -> int:
    from app.cli_output import short_path

    status = _library(settings).status()
    if args.json:
        _print_json(status)
        return 0
    files = status["files"]
    print(f"Folders ({len(status['folders'])}):")
    for folder in status["folders"]:
        print(f"  {short_path(folder)}")
    print(f"Files: {files['indexed']} indexed, {files['failed']} failed, {files['skipped']} skipped"
          + (f", {files['pending']} interrupted" if files["pending"] else ""))
    print(f"Chunks: {status['chunks']}")
    for key, title in (("failed", "Failed"), ("skipped", "Skipped")):
        for item in status[key]:
            print(f"  {title}: {short_path(item['path'])}: {item['reason']}")
    print(f"Data: {status['data_dir']} (index {status['store_bytes'] / 2**20:.1f} MB)")
    return 0


def cmd_forget(settings, args) -> int:
    dropped = _library(settings).forget(args.path)
    print(f"Forgot {args.path}: {dropped} file(s) removed from the index.")
    return 0


def cmd_check(settings, args) -> int:
    report = _library(settings).check()
    if args.json:
        _print_json(report.to_json())
    elif report.consistent:
        print(f"Consistent: {report.files} files, {report.chunks} chunks.")
    else:
        print("\n".join(["Problems found:"] + [f"  {p}" for p in report.problems]))
    return 0 if report.consistent else 1


def cmd_demo(settings, args) -> int:
    from app.demo import run_demo

    return run_demo(settings)


def _print_json(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False))


COMMANDS = {"index": cmd_index, "search": cmd_search, "ask": cmd_ask,
            "summarize": cmd_summarize, "status": cmd_status,
            "forget": cmd_forget, "check": cmd_check, "demo": cmd_demo}
