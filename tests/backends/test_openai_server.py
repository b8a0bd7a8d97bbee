"""A model the user runs in a local OpenAI-compatible server answers like the built-in one.

The server is llama-cpp-python's own (``python -m llama_cpp.server``) on 127.0.0.1,
serving the bundled GGUF model: a real server, real streaming, real cancellation.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.backends.bundled import bundled_chat_model
from app.backends.openai_server import (
    OpenAIServerGenerator,
    base_url,
    check_address,
    discover,
    list_models,
    parameters_in_name,
)
from app.core.errors import ConfigError, ModelError
from app.core.settings import apply_overrides, settings_for_home
from app.services import make_generator, writes_prose
from tests.conftest import REPO, cli_env

STARTUP_S = 120  # loading the model on a busy machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_chat_model()),
         "--model_alias", "smollm2-135m-instruct", "--host", "127.0.0.1", "--port",
         str(port), "--n_ctx", "2048", "--n_threads", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while not list_models(url):
            assert process.poll() is None, "the model server exited"
            assert time.monotonic() < deadline, "the model server did not start"
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_addresses_off_this_computer_are_refused_unless_confirmed():
    assert check_address("127.0.0.1:11434/v1") == "http://127.0.0.1:11434"
    assert check_address("http://localhost:1234/") == "http://localhost:1234"
    assert check_address("http://[::1]:8080") == "http://[::1]:8080"
    with pytest.raises(ConfigError, match="not this computer"):
        check_address("http://192.168.1.20:11434")
    assert check_address("http://192.168.1.20:11434", allow_remote=True)
    home = settings_for_home(Path("/nonexistent-home"))
    with pytest.raises(ConfigError, match="allow_remote_server"):
        apply_overrides(home, {"model_server": "https://api.example.com/v1"})
    assert apply_overrides(home, {"model_server": "https://api.example.com/v1",
                                  "allow_remote_server": True}).model_server


def test_a_model_name_states_its_size():
    assert parameters_in_name("llama3.2:1b") == 1_000_000_000
    assert parameters_in_name("qwen2.5-7b-instruct") == 7_000_000_000
    assert parameters_in_name("SmolLM2-135M-Instruct.Q4_1.gguf") == 135_000_000
    assert parameters_in_name("phi3:mini") is None
    assert base_url("127.0.0.1:8080/v1/") == "http://127.0.0.1:8080"


def test_nothing_listening_is_no_server():
    port = _free_port()
    assert discover((("nothing", port),)) == []
    with pytest.raises(ModelError, match="No model server answers"):
        OpenAIServerGenerator(f"http://127.0.0.1:{port}", "any")


@pytest.mark.slow
@pytest.mark.server
def test_the_server_streams_counts_and_stops_when_cancelled(server):
    port = int(server.rsplit(":", 1)[1])
    found = discover((("llama-cpp-python", port),))
    assert [(m.name, m.label) for m in found] == [("smollm2-135m-instruct", "llama-cpp-python")]
    generator = OpenAIServerGenerator(server + "/v1", "smollm2-135m-instruct")
    assert generator.context_size == 2048
    assert generator.count_tokens("hello world") == 2  # the server's own tokenizer
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    answer = "".join(generator.stream(messages, max_tokens=24))
    assert "Paris" in answer
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 4

    story = [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]
    pieces = list(generator.stream(story, max_tokens=200, cancelled=cancelled))
    assert len(pieces) < 5
    with pytest.raises(ModelError, match="has no model 'llama-70b'"):
        OpenAIServerGenerator(server, "llama-70b")


@pytest.mark.slow
@pytest.mark.server
def test_hearth_models_lists_and_chooses_the_server_and_ask_uses_it(server, tmp_path):
    home = tmp_path / "home"
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "trip.md").write_text("# Trip\n\nThe ferry to the island leaves at 7:40 from "
                                   "pier 3. Tickets cost 12 euros.\n", encoding="utf-8")
    env = cli_env(home)

    def hearth(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=600)

    listed = json.loads(hearth("models", "--server", server, "--json").stdout)["models"]
    kinds = {(m["kind"], m["name"]) for m in listed}
    assert ("bundled", "bundled") in kinds and ("server", "smollm2-135m-instruct") in kinds
    assert [m["name"] for m in listed if m["in_use"]] == ["bundled"]
    chosen = hearth("models", "use", "smollm2-135m-instruct", "--server", server)
    assert chosen.returncode == 0, chosen.stderr
    settings = json.loads((home / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings["model_server"] == server
    assert settings["server_model"] == "smollm2-135m-instruct"
    listed = json.loads(hearth("models", "--json").stdout)["models"]  # found from the settings
    assert [m["name"] for m in listed if m["in_use"]] == ["smollm2-135m-instruct"]
    loaded = apply_overrides(settings_for_home(home), settings)
    assert isinstance(make_generator(loaded), OpenAIServerGenerator)
    assert not writes_prose(loaded)  # "auto": its name says 135M
    assert hearth("index", str(notes)).returncode == 0
    settings["prose"] = "on"
    (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    asked = hearth("ask", "When does the ferry to the island leave?", "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["found"] and answer["prose_mode"] == "model"
    assert "7:40" in answer["evidence"][0]["quote"]
