"""GGUF chat models a user already has on disk, found where the usual apps keep them.

LM Studio, GPT4All, Ollama-style ``~/models`` folders and the Hugging Face cache; the
settings offer these so nobody has to hunt for a path. Only file names and sizes are
read, never the files themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MAX_DEPTH = 6
MAX_FILES = 200


@dataclass(frozen=True)
class ModelFile:
    path: Path
    size: int
    source: str


def usual_places(home: Path | None = None) -> list[tuple[str, Path]]:
    """(label, folder) pairs where local-LLM apps keep GGUF files."""
    home = home or Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
    cache = Path(os.environ.get("XDG_CACHE_HOME", home / ".cache"))
    hf = Path(os.environ.get("HF_HOME", cache / "huggingface")) / "hub"
    return [
        ("LM Studio", home / ".lmstudio" / "models"),
        ("LM Studio", home / ".cache" / "lm-studio" / "models"),
        ("GPT4All", data / "nomic.ai" / "GPT4All"),
        ("GPT4All", home / "Library" / "Application Support" / "nomic.ai" / "GPT4All"),
        ("Hugging Face cache", hf),
        ("~/models", home / "models"),
    ]


def find_gguf_files(places: list[tuple[str, Path]] | None = None) -> list[ModelFile]:
    """GGUF files under the usual places, largest first (symlinks in the HF cache followed)."""
    found: dict[Path, ModelFile] = {}
    for label, folder in places or usual_places():
        if not folder.is_dir():
            continue
        for path in _walk(folder):
            try:
                real = path.resolve()
                size = real.stat().st_size
            except OSError:
                continue
            found.setdefault(real, ModelFile(path, size, label))
            if len(found) >= MAX_FILES:
                break
    return sorted(found.values(), key=lambda m: -m.size)


def _walk(folder: Path):
    base = len(folder.parts)
    for current, dirs, files in os.walk(folder, followlinks=False):
        if len(Path(current).parts) - base >= MAX_DEPTH:
            dirs.clear()
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith(".gguf"):
                yield Path(current, name)
