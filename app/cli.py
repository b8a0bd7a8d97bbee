"""``hearth``: the command line over the same core the window uses.

Each subcommand opens the library (taking its owner lock), runs one function of
``cli_commands`` and prints text for people or the stable ``--json`` objects scripts rely
on. While another process owns the library (``hearth watch``, the window), the command is
sent to that owner over its local socket instead, and its reply is printed.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
from collections.abc import Sequence

from app.core.errors import HearthError

log = logging.getLogger("hearth")
LOCK_WAIT = 30.0  # seconds a command waits for a busy library that cannot take requests


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hearth", description="Search your own files, offline.")
    parser.add_argument("--self-test", action="store_true",
                        help="index, search, answer and open the window in a throwaway "
                             "library; exit 0 when all work")
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

    p = sub.add_parser("watch", help="keep the index in step with your folders (Ctrl+C stops)")
    p.add_argument("--json", action="store_true", help="print one JSON line per change batch")

    sub.add_parser("rebuild", help="rebuild a damaged index from your files (the old one is "
                                   "kept aside)")

    p = sub.add_parser("delete-all-data", help="delete Hearth's index, settings, caches and "
                                               "logs (your own files are not touched)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    sub.add_parser("demo", help="index the bundled sample notes into a demo library and search it")
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--meetings", action="store_true", help="only meeting notes")
    parser.add_argument("--after", metavar="YYYY-MM-DD", help="meetings on or after this day")
    parser.add_argument("--before", metavar="YYYY-MM-DD", help="meetings on or before this day")
    parser.add_argument("--type", dest="file_type", metavar="EXT", help="only this file type")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from app.self_test import run_self_test

        return run_self_test()
    if not args.command:
        return open_window_or_help()
    try:
        from app.core.settings import load_settings
        from app.logs import setup_logging

        settings = load_settings()
        setup_logging(settings.paths)
        if args.command == "demo":
            from app.demo import run_demo

            return run_demo(settings)
        if args.command == "rebuild":
            from app.rebuild import run_rebuild

            return run_rebuild(settings, args)
        if args.command == "delete-all-data":
            return delete_all(settings, args)
        if args.command == "watch":
            from app.watch_command import run_watch

            return run_watch(settings, args)
        return run_command(settings, args)
    except HearthError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("hearth: interrupted", file=sys.stderr)
        return 130


def delete_all(settings, args) -> int:
    """Remove every directory Hearth writes, after saying which and how big."""
    import logging as logging_module

    from app.core.library import dir_size
    from app.core.paths import delete_all_data
    from app.ownership import LibraryBusy, LibraryLock

    lock = LibraryLock(settings.paths.data)
    if not lock.acquire():
        raise LibraryBusy(f"Hearth is running (pid {lock.owner_pid()}); close it first")
    lock.release()
    for path in settings.paths.all():
        print(f"  {path}  ({dir_size(path) / 2**20:.1f} MB)")
    if not args.yes:
        if not sys.stdin.isatty():
            raise HearthError("add --yes to delete without a question")
        if input("Delete these folders? Your own files are not touched. [y/N] ").lower() != "y":
            print("Nothing deleted.")
            return 1
    logging_module.shutdown()  # the log file is inside what is deleted
    removed = delete_all_data(settings.paths)
    print(f"Deleted {len(removed)} folder(s). Hearth starts from scratch next time.")
    return 0


def open_window_or_help() -> int:
    """``hearth`` alone opens the window where there is a screen, else prints the help."""
    from app.ui.app import wants_window

    if not wants_window():
        build_parser().print_help()
        print("\n(no display: 'hearth' alone opens the window on a desktop)")
        return 0
    from app.core.settings import load_settings
    from app.ui.app import run_window

    try:
        return run_window(load_settings())
    except HearthError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 1


def run_command(settings, args) -> int:
    """Run ``args`` here while holding the library's lock, or in the process that owns it."""
    from app.ownership import LibraryBusy, LibraryLock

    settings.paths.ensure()
    args = with_stdin_lines(args)
    lock = LibraryLock(settings.paths.data)
    if not lock.acquire():
        code = forward(settings, args)
        if code is not None:
            return code
        if not lock.acquire(wait=LOCK_WAIT):
            raise LibraryBusy(f"The library is in use by another Hearth process "
                              f"(pid {lock.owner_pid()}); try again when it has finished")
    try:
        return run_locally(settings, args)
    finally:
        lock.release()


def run_locally(settings, args) -> int:
    from app.cli_commands import COMMANDS
    from app.services import build

    library = build(settings)
    try:
        return run_lines_or_once(library, args, sys.stdout, COMMANDS[args.command])
    finally:
        library.close()


def with_stdin_lines(args):
    """``search -`` and ``ask -``: the stdin lines become a batch answered as JSON lines."""
    field = {"search": "query", "ask": "question"}.get(args.command)
    if not field or getattr(args, field) != "-":
        return args
    lines = [line.strip() for line in sys.stdin if line.strip()]
    return argparse.Namespace(**{**vars(args), "json": True, "lines": lines})


def forward(settings, args) -> int | None:
    """Send the command to the library's owner; None when no owner answers."""
    from app.ownership import ask_owner, socket_path

    reply = ask_owner(socket_path(settings.paths.data), {"args": vars(args)})
    if reply is None:
        return None
    sys.stdout.write(reply.get("stdout", ""))
    sys.stderr.write(reply.get("stderr", ""))
    return int(reply.get("exit", 1))


def serve_request(library, request: dict) -> dict:
    """Run a forwarded command on the owner's library; returns exit code and output."""
    from app.cli_commands import COMMANDS

    args = argparse.Namespace(**request["args"])
    out = io.StringIO()
    try:
        code = run_lines_or_once(library, args, out, COMMANDS[args.command])
        return {"exit": code, "stdout": out.getvalue(), "stderr": ""}
    except HearthError as exc:
        return {"exit": 1, "stdout": out.getvalue(), "stderr": f"hearth: {exc}\n"}


def run_lines_or_once(library, args, out, command) -> int:
    """Run ``command`` once, or once per line for a ``-`` query read from stdin."""
    lines = getattr(args, "lines", None)
    if lines is None:
        return command(library, args, out)
    field = "query" if args.command == "search" else "question"
    for line in lines:
        command(library, argparse.Namespace(**{**vars(args), field: line}), out)
    return 0
