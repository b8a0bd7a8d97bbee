"""Which embedding backend a library runs with: int8 for a new library by default, the
precision that made its vectors for an existing one, the user's explicit choice always."""

from __future__ import annotations

from types import SimpleNamespace

from app.core.settings import embedder_advice, resolved_backend, settings_for_home
from app.core.storage.registry import Registry
from app.services import library_backend


def registry(tmp_path, name: str = "library.sqlite3") -> Registry:
    return Registry(tmp_path / name)


def test_a_new_library_gets_int8_and_keeps_it(tmp_path):
    reg = registry(tmp_path)
    settings = settings_for_home(tmp_path)
    assert settings.embedder_backend == "auto"
    assert library_backend(settings, reg) == "onnx-int8"
    assert reg.fact("embedder_backend") == "onnx-int8"
    # the same library, reopened after files were indexed, stays int8
    file_id = reg.begin_file("/notes/a.md", "/notes", "markdown", "h")
    reg.finish_file(file_id, status="indexed", size=1, mtime_ns=1, chunks=1)
    assert library_backend(settings, reg) == "onnx-int8"


def test_a_library_from_before_the_record_keeps_fp32_vectors_without_torch(tmp_path):
    reg = registry(tmp_path)
    file_id = reg.begin_file("/notes/a.md", "/notes", "markdown", "h")
    reg.finish_file(file_id, status="indexed", size=1, mtime_ns=1, chunks=1)
    assert library_backend(settings_for_home(tmp_path), reg) == "onnx"  # same vectors as torch
    assert reg.fact("embedder_backend") == "onnx"
    assert "hearth rebuild" in embedder_advice("auto", "onnx")


def test_a_model_of_your_own_gets_fp32_vectors(tmp_path):
    reg = registry(tmp_path)
    settings = settings_for_home(tmp_path, embedder_path="/models/all-mpnet-base-v2")
    assert library_backend(settings, reg) == "onnx"


def test_an_explicit_choice_wins_and_is_what_the_library_remembers(tmp_path):
    reg = registry(tmp_path)
    explicit = settings_for_home(tmp_path, embedder_backend="torch")
    assert library_backend(explicit, reg) == "torch"
    assert reg.fact("embedder_backend") == "torch"
    assert "torch" in embedder_advice("torch", "torch")
    # back to "auto": the fp32 vectors are served by ONNX fp32, never by int8
    assert library_backend(settings_for_home(tmp_path), reg) == "onnx"


def test_an_embedder_passed_in_decides_the_record(tmp_path):
    reg = registry(tmp_path)
    given = SimpleNamespace(model_id="all-MiniLM-L6-v2")
    assert library_backend(settings_for_home(tmp_path), reg, given) == "onnx"
    other = registry(tmp_path, "other.sqlite3")
    given = SimpleNamespace(model_id="all-MiniLM-L6-v2+onnx-int8")
    assert library_backend(settings_for_home(tmp_path), other, given) == "onnx-int8"


def test_resolution_rules():
    assert resolved_backend("auto", None) == "onnx-int8"
    assert resolved_backend("auto", "torch") == "onnx"
    assert resolved_backend("auto", "onnx-int8") == "onnx-int8"
    assert resolved_backend("onnx", "onnx-int8") == "onnx"  # the store refuses the mix
    assert embedder_advice("auto", "onnx-int8") == ""
    assert embedder_advice("auto", None) == ""
