"""The ``hearth`` program: the window, the self-test, or a command of the command line.

The one module above every front end: ``hearth`` alone opens the window where there is a
screen (else prints the help), ``hearth --self-test`` checks an installation, and
``hearth mcp`` serves other assistants, and ``hearth COMMAND`` runs the CLI. No front end
imports another; they are chosen here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.cli import build_parser, run


def main(argv: Sequence[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen bundle's reader process starts here
    args = build_parser().parse_args(argv)
    if args.self_test:
        from app.self_test import run_self_test

        return run_self_test()
    if not args.command:
        return open_window_or_help()
    if args.command == "mcp":
        return serve_mcp()
    return run(args)


def serve_mcp() -> int:
    """``hearth mcp``: the MCP server on stdin/stdout (messages go to the log file)."""
    from app.core import HearthError, load_settings
    from app.logs import setup_logging

    try:
        settings = load_settings()
        setup_logging(settings.paths)
        from app.mcp.server import run_mcp

        return run_mcp(settings)
    except HearthError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 1


def open_window_or_help() -> int:
    """``hearth`` alone opens the window where there is a screen, else prints the help."""
    from app.ui.app import wants_window

    if not wants_window():
        build_parser().print_help()
        print("\n(no display: 'hearth' alone opens the window on a desktop)")
        return 0
    from app.ui.platform_check import advice, missing_libraries, uses_xcb

    missing = missing_libraries() if uses_xcb() else []
    if missing:  # Qt would stop with "could not load the Qt platform plugin" and no more
        print(advice(missing), file=sys.stderr)
        return 1
    from app.core import HearthError, load_settings
    from app.ui.app import run_window

    try:
        return run_window(load_settings())
    except HearthError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 1
