"""The ``hearth`` argument parser: every subcommand, its flags and its help text."""

from __future__ import annotations

import argparse


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

    p = sub.add_parser("ask", help="answer a question from your files: the sentences that "
                       "answer it, cited")
    p.add_argument("question", help="the question, or - to read one per line from stdin")
    p.add_argument("-k", type=int, default=5, help="passages to answer from (default 5)")
    p.add_argument("--chat", metavar="NAME",
                   help="continue (or start) this named chat: follow-up questions are read in "
                        "the context of its last turn; the window shows the same chats")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_filters(p)

    p = sub.add_parser("chats", help="list the saved chats; --show, --rename or --delete one")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--show", metavar="NAME", help="print a chat's questions and answers")
    action.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a chat")
    action.add_argument("--delete", metavar="NAME", help="delete a chat")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("summarize", help="summary, decisions, action items of a meeting note")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("actions", help="action items of all meetings; 'actions done ID' / "
                                       "'actions undone ID' marks one")
    p.add_argument("mark", nargs="*", metavar="done|undone ID",
                   help="mark the item with this id done or not done")
    p.add_argument("--owner", metavar="NAME",
                   help="any part of the owner's name, or their @handle")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--open", dest="status", action="store_const", const="open",
                       help="only items not done")
    state.add_argument("--done", dest="status", action="store_const", const="done",
                       help="only items done")
    state.add_argument("--overdue", dest="status", action="store_const", const="overdue",
                       help="only open items whose due day has passed")
    p.add_argument("--after", metavar="YYYY-MM-DD", help="meetings on or after this day")
    p.add_argument("--before", metavar="YYYY-MM-DD", help="meetings on or before this day")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("digest", help="decisions and action items since a day (default: a week "
                                      "ago), by meeting and by person")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="meetings on or after this day")
    p.add_argument("--owner", metavar="NAME", help="only this person's action items")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("status", help="folders, file counts, failures and where data lives")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("forget", help="remove a folder or file from the library and the index")
    p.add_argument("path")

    p = sub.add_parser("check", help="verify the registry against the vector store and its "
                       "vector index")
    p.add_argument("--repair", action="store_true",
                   help="fix what disagrees, re-reading only the files that are off")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("watch", help="keep the index in step with your folders (Ctrl+C stops)")
    p.add_argument("--json", action="store_true", help="print one JSON line per change batch")

    sub.add_parser("rebuild", help="rebuild a damaged index from your files (the old one is "
                                   "kept aside)")

    p = sub.add_parser("delete-all-data", help="delete Hearth's index, settings, caches and "
                                               "logs (your own files are not touched)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    sub.add_parser("demo", help="index the bundled sample notes into a demo library and search it")

    p = sub.add_parser("models", help="the chat models that can answer (bundled, your GGUF "
                       "files, local servers such as Ollama or LM Studio, a short list to "
                       "download); 'models use NAME' chooses one")
    p.add_argument("action", nargs="?", choices=["use", "download"],
                   help="use: choose the model NAME; download: fetch the listed model NAME "
                        "(the only network access Hearth makes; resumes after Ctrl+C)")
    p.add_argument("name", nargs="?", help="a listed model's name, a GGUF file's path, or "
                   "'bundled'")
    p.add_argument("--server", action="append", default=[], metavar="URL",
                   help="also a model server at this address on this computer "
                        "(e.g. http://127.0.0.1:5001)")
    p.add_argument("--json", action="store_true")

    sub.add_parser("mcp", help="serve the library to other local assistants (MCP over stdio, "
                               "read-only); started by the assistant, not by hand")
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--meetings", action="store_true", help="only meeting notes")
    parser.add_argument("--after", metavar="YYYY-MM-DD", help="meetings on or after this day")
    parser.add_argument("--before", metavar="YYYY-MM-DD", help="meetings on or before this day")
    parser.add_argument("--type", dest="file_type", metavar="EXT", help="only this file type")
