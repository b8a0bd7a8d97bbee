"""``hearth demo`` (``make run`` without a display): index the sample notes, search, ask.

The demo uses its own library under the cache directory, so it never mixes the samples
into the user's real library.
"""

from __future__ import annotations

from dataclasses import replace

from app.cli.output import ProgressBar, format_answer_sources, format_hits, format_report
from app.core import AppPaths, Settings

DEMO_QUERIES = [
    "How long are idempotency keys kept?",
    "When is the database cutover?",
    "Who is writing the rollback runbook?",
    "What is the guest wifi password?",
    "How long does the sourdough proof in the fridge?",
]


def demo_settings(settings: Settings) -> Settings:
    """The user's settings, with all state under ``<cache>/demo``."""
    root = settings.paths.cache / "demo"
    paths = AppPaths(root / "config", root / "data", root / "cache", root / "logs")
    return replace(settings, paths=paths)


def run_demo(settings: Settings) -> int:
    from app.resources import sample_notes_dir
    from app.services import build

    settings = demo_settings(settings)
    notes = sample_notes_dir()
    print(f"Hearth demo: indexing the sample notes in {notes}")
    print(f"(demo library kept in {settings.paths.data.parent}; your own library is untouched)\n")
    library = build(settings)
    bar = ProgressBar()
    try:
        report = library.index([str(notes)], progress=bar)
    finally:
        bar.close()
    print(format_report(report) + "\n")
    for query in DEMO_QUERIES:
        print(f"$ hearth search {query!r} -k 2")
        print(format_hits(library.search(query, k=2)) + "\n")
    question = DEMO_QUERIES[0]
    print(f"$ hearth ask {question!r}")
    answer = library.ask(question, k=3, on_token=lambda piece: print(piece, end="", flush=True))
    print("\n" + format_answer_sources(answer) + "\n")
    library.close()
    print("Index your own folders with 'hearth index ~/Notes', then 'hearth search \"...\"', "
          "'hearth ask \"...\"' or 'hearth watch'.")
    return 0
