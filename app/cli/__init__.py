"""``hearth COMMAND``: the command line over the same core the window uses.

Each library command becomes a typed request (``app.owner.requests``) that a
``LibraryClient`` runs in this process while it holds the library's lock, or sends to the
process that owns the library (``hearth watch``, the window). The results are printed as
text for people or as the stable ``--json`` objects scripts rely on.

Modules: ``parser`` (arguments), ``commands`` (request and printing per command),
``output`` (text formatting), ``interrupt`` (Ctrl+C), and the commands that own the
library themselves: ``watch``, ``rebuild``, ``data`` (delete-all-data), ``demo``; and
``models`` (the chat models that can answer), which needs no library.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli.parser import build_parser
from app.core import HearthError

__all__ = ["build_parser", "main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run its command (the help when there is none)."""
    args = build_parser().parse_args(argv)
    if not args.command:
        build_parser().print_help()
        return 0
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; errors a person can act on become one line and exit code 1."""
    try:
        from app.core import load_settings
        from app.logs import setup_logging

        settings = load_settings()
        setup_logging(settings.paths)
        if args.command == "demo":
            from app.cli.demo import run_demo

            return run_demo(settings)
        if args.command == "rebuild":
            from app.cli.rebuild import run_rebuild

            return run_rebuild(settings)
        if args.command == "delete-all-data":
            from app.cli.data import delete_all

            return delete_all(settings, args.yes)
        if args.command == "models":
            from app.cli.models import run_models

            return run_models(settings, args.action, args.name, args.json, tuple(args.server))
        if args.command == "watch":
            from app.cli.watch import run_watch

            return run_watch(settings, args.json)
        from app.cli.commands import run_library_command

        return run_library_command(settings, args)
    except HearthError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("hearth: interrupted", file=sys.stderr)
        return 130
