"""A chat model file that is missing, truncated or not a model: a clear error, and search
keeps working."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO, SAMPLE_NOTES, cli_env

pytestmark = pytest.mark.slow


def hearth(home, *args):
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=cli_env(home),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def bad_models(tmp_path_factory):
    from app.backends.bundled import bundled_chat_model

    folder = tmp_path_factory.mktemp("models")
    real = bundled_chat_model().read_bytes()
    (folder / "truncated.gguf").write_bytes(real[:len(real) // 3])
    (folder / "notes.gguf").write_text("I am a text file with a model's name.")
    return folder


@pytest.mark.parametrize("name, message", [
    ("missing.gguf", "Model file not found"),
    ("truncated.gguf", "Cannot load the model"),
    ("notes.gguf", "Not a GGUF model file"),
])
def test_bad_model_file_is_a_clear_error_and_search_still_works(tmp_path, bad_models, name,
                                                                 message):
    home = tmp_path / "home"
    assert hearth(home, "index", str(SAMPLE_NOTES / "personal")).returncode == 0
    (home / "config" / "settings.json").write_text(  # prose on: ask loads the model
        json.dumps({"model_path": str(bad_models / name), "prose": "on"}))
    asked = hearth(home, "ask", "How long does the sourdough proof in the fridge?")
    assert asked.returncode == 1
    assert message in asked.stderr and "Traceback" not in asked.stderr
    found = hearth(home, "search", "sourdough proof", "--json")
    assert found.returncode == 0
    assert json.loads(found.stdout)["results"][0]["path"].endswith("sourdough.html")
