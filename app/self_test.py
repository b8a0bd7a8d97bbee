"""``hearth --self-test``: prove an installation works, end to end, in a throwaway library.

Indexes the bundled sample notes into a temporary HEARTH_HOME, searches them, answers a
question with the bundled model, reads a scanned receipt with the bundled OCR models, and
opens the window offscreen to search through it.
A desktop bundle runs this after it is built (``make package-test``); a user can run it
to check an install. Prints one line per step; exit status 0 when every step passed.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace

QUESTION = "How long are idempotency keys kept?"


def run_self_test() -> int:
    with tempfile.TemporaryDirectory(prefix="hearth-self-test-") as home:
        os.environ["HEARTH_HOME"] = home
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from app.core import load_settings
        from app.services import build

        # the model's prose on: the step proves the bundled model runs (answers use it
        # only from 1B parameters up, setting prose)
        settings = replace(load_settings(), prose="on")
        library = build(settings)
        steps: list[tuple[str, Callable[[], str]]] = [
            ("index the sample notes", lambda: _index(library)),
            ("search", lambda: _search(library)),
            ("answer with the bundled model", lambda: _ask(library)),
            ("read a scan (OCR)", lambda: _ocr(library)),
            ("window (offscreen)", lambda: _window(settings, library)),
        ]
        failed = 0
        for name, step in steps:
            started = time.monotonic()
            try:
                detail = step()
                print(f"ok    {name}: {detail} ({time.monotonic() - started:.1f} s)", flush=True)
            except Exception as exc:  # every step is reported, the rest still runs
                failed += 1
                print(f"FAIL  {name}: {type(exc).__name__}: {exc}", flush=True)
        library.close()
    print("self-test passed" if not failed else f"self-test: {failed} step(s) failed")
    return 1 if failed else 0


def _index(library) -> str:
    from app.resources import sample_notes_dir

    report = library.index([str(sample_notes_dir())])
    if report.indexed != 9 or report.failed:
        raise AssertionError(f"indexed {report.indexed} of 9, failed {report.failed}")
    return f"{report.indexed} files, {report.chunks} chunks"


def _search(library) -> str:
    hits = library.search(QUESTION, k=3)
    if not hits or not hits[0].path.endswith("payments-api-guide.pdf"):
        raise AssertionError(f"top result {hits[0].path if hits else None}")
    return f"top result {os.path.basename(hits[0].path)} page {hits[0].page}"


def _ask(library) -> str:
    answer = library.ask(QUESTION, k=3)
    if not answer.model_called or not answer.text.strip() or not answer.citations:
        raise AssertionError(f"no cited answer: {answer.text!r}")
    return f"{len(answer.text.split())} words, {len(answer.citations)} citation(s)"


def _ocr(library) -> str:
    from app.resources import self_test_scan

    doc = library.read_document(str(self_test_scan()))
    text = " ".join(block.text for block in doc.blocks)
    if "espresso machine" not in text or "45.00" not in text:
        raise AssertionError(f"read {text!r}")
    return f"{len(text.split())} words from a {doc.file_type} scan"


def _window(settings, library) -> str:
    from app.ui.smoke import window_smoke

    return window_smoke(settings, library)
