"""Locate bundled resources through importlib.resources, never relative to the source tree."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def sample_notes_dir() -> Path:
    """The bundled sample library (a real directory when installed from source or a wheel)."""
    with as_file(files("resources") / "sample-notes") as path:
        return Path(path)


# Questions the sample notes answer, offered after "Try the sample notes" so a new user
# sees an answer with its quotes at once (benchmarks/sample_questions.py checks them all).
SAMPLE_QUESTIONS = (
    "When is the database cutover?",
    "Who is writing the rollback runbook?",
    "What is the guest wifi password?",
    "How long should the dough proof in the fridge?",
)


def self_test_scan() -> Path:
    """A scanned receipt (an image with known text) for ``hearth --self-test``'s OCR step."""
    with as_file(files("resources") / "self-test-scan.jpg") as path:
        return Path(path)


def icon_file(size: int | None = None) -> Path:
    """The app icon: the SVG, or the PNG rendered at ``size`` (16 to 512)."""
    name = f"hearth-{size}.png" if size else "hearth.svg"
    with as_file(files("resources") / "icons" / name) as path:
        return Path(path)
