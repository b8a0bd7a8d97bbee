"""Downloading a model of the list, against a real HTTP server on 127.0.0.1: resumed after
a dropped connection or a pause, refused when the hash differs or the disk is too full."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
from collections import namedtuple
from dataclasses import replace
from pathlib import Path

import pytest

from app.core import HearthError
from app.model_download import (
    CATALOG,
    MIRROR_ENV,
    DownloadPaused,
    download,
    downloaded,
    partial_bytes,
)
from tests.conftest import REPO, cli_env
from tests.support.file_server import PAYLOAD


def _model(**changes):
    fields = {"name": "test-model", "file": "test-model.gguf", "size": len(PAYLOAD),
              "sha256": hashlib.sha256(PAYLOAD).hexdigest(), **changes}
    return replace(CATALOG[0], **fields)


def test_a_dropped_download_resumes_where_it_stopped(model_mirror, tmp_path):
    model = _model()
    model_mirror.handler.drop_after = 1 << 20
    with pytest.raises(HearthError, match="dropped after 1 MB; what arrived is kept"):
        download(model, tmp_path)
    assert partial_bytes(model, tmp_path) == 1 << 20
    assert downloaded(model, tmp_path) is None  # a part is never offered as a model
    path = download(model, tmp_path)
    assert path.read_bytes() == PAYLOAD and downloaded(model, tmp_path) == path
    assert model_mirror.handler.requests == [(None, 1 << 20),
                                       (f"bytes={1 << 20}-", len(PAYLOAD) - (1 << 20))]
    assert not (tmp_path / "test-model.gguf.part").exists()


def test_a_pause_keeps_what_arrived_and_the_next_run_resumes(model_mirror, tmp_path):
    model = _model()
    stop = threading.Event()
    seen: list[tuple[str, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((stage, done))
        stop.set()  # pause after the first megabyte

    with pytest.raises(DownloadPaused, match="Paused at 1 of 3 MB"):
        download(model, tmp_path, progress, stop)
    assert partial_bytes(model, tmp_path) == 1 << 20
    checked: list[str] = []
    download(model, tmp_path, lambda stage, done, total: checked.append(stage))
    assert checked[0] == "download" and checked[-1] == "check"
    assert model_mirror.handler.requests[-1][1] == len(PAYLOAD) - (1 << 20)


def test_a_file_whose_hash_differs_is_deleted_and_never_used(model_mirror, tmp_path):
    model = _model(sha256="0" * 64)
    with pytest.raises(HearthError, match="SHA-256 differs.*nothing was used"):
        download(model, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_too_little_free_space_is_said_before_anything_is_fetched(model_mirror, tmp_path,
                                                                  monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr("app.model_download.shutil.disk_usage",
                        lambda _: usage(10 << 30, 10 << 30, 50 << 20))
    with pytest.raises(HearthError, match="Not enough free space"):
        download(_model(), tmp_path)
    assert model_mirror.handler.requests == []


def test_the_command_lists_the_models_to_download_and_says_why_one_failed(model_mirror, tmp_path):
    env = {**cli_env(tmp_path / "home"), MIRROR_ENV: model_mirror.url, "HOME": str(tmp_path)}
    listed = subprocess.run([sys.executable, "-m", "app", "models", "--json"], env=env,
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    rows = [m for m in json.loads(listed.stdout)["models"] if m["kind"] == "download"]
    assert [m["name"] for m in rows] == [m.name for m in CATALOG]
    assert all(m["url"].startswith(model_mirror.url) and m["size"] > 5e8 for m in rows)
    env[MIRROR_ENV] = model_mirror.url + "/missing.gguf?"  # the server answers 404
    failed = subprocess.run([sys.executable, "-m", "app", "models", "download",
                             CATALOG[0].name], env=env, cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert failed.returncode == 1
    assert "failed" in failed.stderr and "404" in failed.stderr
    assert not Path(tmp_path / "home" / "data" / "models" / CATALOG[0].file).exists()
