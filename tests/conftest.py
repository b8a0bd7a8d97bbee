"""Shared fixtures: an isolated HEARTH_HOME per test, the real embedder loaded once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.backends.st_embedder import go_offline
from app.core.library import Library
from app.core.paths import MODEL_CACHE_ENV, shared_model_cache
from app.core.settings import settings_for_home
from app.core.storage.registry import Registry
from app.services import build, parsers
from tests.support.fakes import HashingEmbedder, MemoryStore
from tests.support.file_server import model_mirror  # noqa: F401 - a fixture for every test

go_offline()
# Every test's library (and CLI subprocess, whatever its HOME) reuses the one embedder
# export of this machine's user, made once (by make at install time, else here).
os.environ.setdefault(MODEL_CACHE_ENV, str(shared_model_cache()))
REPO = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = REPO / "resources" / "sample-notes"
SHARED_EVAL = REPO.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own HEARTH_HOME, so nothing touches a real library."""
    home = tmp_path_factory.mktemp("hearth-home")
    monkeypatch.setenv("HEARTH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def real_embedder():
    """The bundled all-MiniLM-L6-v2, loaded once for the whole run."""
    from app.backends.bundled import bundled_embedder_dir
    from app.backends.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(bundled_embedder_dir(), model_id="all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def real_generator():
    """The bundled SmolLM2-135M-Instruct GGUF through llama-cpp-python, loaded once."""
    from app.backends.bundled import bundled_chat_model
    from app.backends.llamacpp_generator import LlamaCppGenerator

    return LlamaCppGenerator(bundled_chat_model(), context_size=2048)


@pytest.fixture(scope="session")
def small_context_generator():
    """The bundled model with a 512-token context, to exercise budgeting and map-reduce."""
    from app.backends.bundled import bundled_chat_model
    from app.backends.llamacpp_generator import LlamaCppGenerator

    return LlamaCppGenerator(bundled_chat_model(), context_size=512)


@pytest.fixture
def real_library(tmp_path, real_embedder, real_generator) -> Library:
    """A library with the real embedder and model, and a real Chroma store under tmp_path."""
    library = build(settings_for_home(tmp_path / "home"), embedder=real_embedder,
                    generator=real_generator)
    yield library
    library.close()


@pytest.fixture
def fake_library(tmp_path) -> Library:
    """A library over the in-memory store and hashing embedder (unit level)."""
    settings = settings_for_home(tmp_path / "home", chunk_tokens=24)
    settings.paths.ensure()
    store, embedder = MemoryStore(), HashingEmbedder()
    library = Library(settings, Registry(settings.paths.registry_file), lambda: store,
                      lambda: embedder, parsers())
    yield library
    library.close()


def cli_env(home: Path) -> dict[str, str]:
    """Environment for running ``python -m app`` as a subprocess on ``home``."""
    env = dict(os.environ, HEARTH_HOME=str(home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("PYTHONWARNINGS", None)
    return env
