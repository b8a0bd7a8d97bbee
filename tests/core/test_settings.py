"""Settings load once from one place; HEARTH_HOME moves everything; typos are reported."""

from __future__ import annotations

import json
import stat

import pytest

from app.core.errors import ConfigError
from app.core.paths import resolve_paths
from app.core.settings import load_settings


def test_hearth_home_overrides_every_directory(tmp_path):
    paths = resolve_paths({"HEARTH_HOME": str(tmp_path / "h")})
    assert all(str(p).startswith(str(tmp_path / "h")) for p in paths.all())
    assert len(set(paths.all())) == 4


def test_platform_directories_without_hearth_home():
    paths = resolve_paths({})
    assert all("hearth" in str(p).lower() for p in paths.all())


def test_directories_are_private(tmp_path):
    paths = resolve_paths({"HEARTH_HOME": str(tmp_path / "h")})
    paths.ensure()
    for directory in paths.all():
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_defaults_without_a_settings_file(tmp_path):
    settings = load_settings(resolve_paths({"HEARTH_HOME": str(tmp_path)}))
    assert settings.store_backend == "embedded" and settings.model_path == ""


def test_settings_file_round_trip(tmp_path):
    paths = resolve_paths({"HEARTH_HOME": str(tmp_path)})
    paths.ensure()
    paths.settings_file.write_text(json.dumps({"context_size": 4096, "temperature": 1,
                                               "ignore_globs": ["*.log"]}))
    settings = load_settings(paths)
    assert (settings.context_size, settings.temperature) == (4096, 1.0)
    assert settings.ignore_globs == ("*.log",)
    settings.save()
    assert load_settings(paths) == settings


@pytest.mark.parametrize("content, message", [
    ({"contex_size": 4096}, "Unknown setting 'contex_size'"),
    ({"context_size": "big"}, "must be int"),
    ({"store_backend": "cloud"}, "store_backend must be one of"),
])
def test_bad_settings_are_clear_errors(tmp_path, content, message):
    paths = resolve_paths({"HEARTH_HOME": str(tmp_path)})
    paths.ensure()
    paths.settings_file.write_text(json.dumps(content))
    with pytest.raises(ConfigError, match=message):
        load_settings(paths)


def test_unreadable_settings_file(tmp_path):
    paths = resolve_paths({"HEARTH_HOME": str(tmp_path)})
    paths.ensure()
    paths.settings_file.write_text("{not json")
    with pytest.raises(ConfigError, match="Cannot read settings file"):
        load_settings(paths)


def test_embedder_backend_default_from_the_environment(tmp_path, monkeypatch):
    from app.services import embedder_name

    paths = resolve_paths({"HEARTH_HOME": str(tmp_path)})
    monkeypatch.setenv("HEARTH_EMBEDDER_BACKEND", "onnx")  # what the desktop bundle sets
    assert load_settings(paths).embedder_backend == "onnx"
    paths.ensure()
    paths.settings_file.write_text(json.dumps({"embedder_backend": "onnx-int8"}))
    settings = load_settings(paths)  # the user's choice wins
    assert settings.embedder_backend == "onnx-int8"
    assert embedder_name(settings) == "all-MiniLM-L6-v2+onnx-int8"
    monkeypatch.setenv("HEARTH_EMBEDDER_BACKEND", "tensorflow")
    paths.settings_file.unlink()
    with pytest.raises(ConfigError, match="embedder_backend"):
        load_settings(paths)


def test_saving_replaces_the_file_whole(tmp_path):
    from dataclasses import replace

    from app.core.settings import load_settings, settings_for_home

    settings = replace(settings_for_home(tmp_path / "home"), context_size=4096,
                       link_targets=("/srv/shared",))
    settings.save()
    assert not list(settings.paths.config.glob("*.tmp"))  # nothing half written left over
    loaded = load_settings(settings.paths)
    assert loaded.context_size == 4096 and loaded.link_targets == ("/srv/shared",)
