"""Locate bundled resources through importlib.resources, never relative to the source tree."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def sample_notes_dir() -> Path:
    """The bundled sample library (a real directory when installed from source or a wheel)."""
    with as_file(files("resources") / "sample-notes") as path:
        return Path(path)
