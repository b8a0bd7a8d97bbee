"""Chat models the user already runs: a local server speaking the OpenAI chat API.

Ollama, LM Studio, llama.cpp's ``llama-server`` and llama-cpp-python's server all answer
``/v1/chat/completions`` with server-sent events. Hearth talks to them over plain HTTP on
the loopback interface only: the privacy promise is that nothing of the user's leaves the
machine, so an address that is not loopback is refused unless the user typed it and
confirmed (``allow_remote``). Only the standard library is used; nothing is sent but the
prompt Hearth built (the question and the passages it quotes).

What the protocol does not say, each server says its own way, and each is asked for it:
the context length (llama-server ``/props``, Ollama ``/api/show``, LM Studio
``/api/v0/models``; otherwise ``context_size``) and the token count (llama-server
``/tokenize``, llama-cpp-python ``/extras/tokenize``; otherwise a cautious estimate of
one token per three characters, so the prompt budget is never overrun).
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import re
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.core.errors import ConfigError, ModelError
from app.core.settings import loopback_url

log = logging.getLogger(__name__)

# Where the usual local servers listen by default.
DEFAULT_SERVERS = (("Ollama", 11434), ("LM Studio", 1234), ("llama.cpp server", 8080),
                   ("llama-cpp-python server", 8000))
PROBE_TIMEOUT_S = 0.5   # a server on loopback answers in milliseconds; nothing there: refused
READ_TIMEOUT_S = 600.0  # a large model on a busy CPU may think long before its first token
CHARS_PER_TOKEN = 3.0   # the estimate's divisor where a server cannot count: cautious
MESSAGE_OVERHEAD = 8    # tokens of a chat template around each message, estimated
# "llama3.2:1b", "qwen2.5-7b-instruct", "SmolLM2-135M-Instruct-Q4_K_M.gguf"
_SIZE_IN_NAME = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*([mb])(?![a-z])", re.I)


@dataclass(frozen=True)
class ServerModel:
    """One model a local server offers."""

    server: str    # the server's base URL, e.g. "http://127.0.0.1:11434"
    name: str      # the model's id on that server
    label: str = ""  # which kind of server ("Ollama"), when found on its default port


def base_url(url: str) -> str:
    """``url`` without a trailing ``/v1`` or slash: the root the server's paths hang from."""
    url = url.strip().rstrip("/")
    if not re.match(r"^https?://", url):
        url = "http://" + url
    return url[:-3] if url.endswith("/v1") else url


def check_address(url: str, allow_remote: bool = False) -> str:
    """The server's base URL, or a ConfigError for an address that is not this machine
    (unless the user confirmed it) or not HTTP."""
    root = base_url(url)
    parts = urlsplit(root)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"Not a server address: {url!r} (e.g. http://127.0.0.1:11434)")
    if not allow_remote and not loopback_url(root):
        raise ConfigError(
            f"{parts.hostname} is not this computer: the passages of your files would leave "
            "it. Use a server on 127.0.0.1, or confirm the address in the settings.")
    return root


def parameters_in_name(name: str) -> int | None:
    """The parameter count a model's name states ("llama3.2:1b" -> 1e9), if any."""
    sizes = list(_SIZE_IN_NAME.finditer(name))
    if not sizes:
        return None
    match = sizes[-1]  # the last size in the name: "qwen2.5-7b" holds "2.5" as a version
    scale = 1e6 if match.group(2).lower() == "m" else 1e9
    return int(float(match.group(1)) * scale)


class _Http:
    """One server's JSON endpoints, each call on a fresh connection (servers close idle
    ones; a cancelled stream is closed mid-answer)."""

    def __init__(self, root: str, timeout: float) -> None:
        parts = urlsplit(root)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if self._https else 80)
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout

    def connection(self, timeout: float | None = None) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return kind(self._host, self._port, timeout=timeout or self._timeout)

    def send(self, method: str, path: str, body: object | None = None,
             timeout: float | None = None) -> tuple[http.client.HTTPConnection,
                                                   http.client.HTTPResponse]:
        connection = self.connection(timeout)
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        connection.request(method, self._prefix + path, body=data, headers=headers)
        return connection, connection.getresponse()

    def json(self, method: str, path: str, body: object | None = None,
             timeout: float | None = None) -> object | None:
        """The decoded reply, or None where the server lacks the endpoint or is not there."""
        try:
            connection, response = self.send(method, path, body, timeout)
        except OSError:
            return None
        try:
            if response.status != 200:
                return None
            return json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError):
            return None
        finally:
            connection.close()


def list_models(url: str, label: str = "", timeout: float = PROBE_TIMEOUT_S) -> list[ServerModel]:
    """The models the server at ``url`` offers (``/v1/models``); [] when none answers."""
    root = base_url(url)
    reply = _Http(root, timeout).json("GET", "/v1/models", timeout=timeout)
    data = reply.get("data") if isinstance(reply, dict) else None
    if not isinstance(data, list):
        return []
    return [ServerModel(root, str(item["id"]), label) for item in data
            if isinstance(item, dict) and item.get("id")]


def discover(ports: Sequence[tuple[str, int]] = DEFAULT_SERVERS,
             timeout: float = PROBE_TIMEOUT_S) -> list[ServerModel]:
    """The models of the usual local servers that are running now, on 127.0.0.1 only."""
    found: list[ServerModel] = []
    for label, port in ports:
        with socket.socket() as probe:  # a closed port refuses at once: no HTTP wait
            probe.settimeout(timeout)
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                continue
        found += list_models(f"http://127.0.0.1:{port}", label, timeout)
    return found


class OpenAIServerGenerator:
    """The core's Generator over a local server's ``/v1/chat/completions`` stream."""

    def __init__(self, url: str, model: str, *, context_size: int = 2048,
                 temperature: float = 0.2, allow_remote: bool = False,
                 timeout: float = READ_TIMEOUT_S) -> None:
        self.root = check_address(url, allow_remote)
        self._http = _Http(self.root, timeout)
        offered = list_models(self.root, timeout=5.0)
        if not offered:
            raise ModelError(f"No model server answers at {self.root} (is it running?)")
        names = [m.name for m in offered]
        if model and model not in names:
            raise ModelError(f"The server at {self.root} has no model {model!r}; it offers: "
                             + ", ".join(names))
        self.model = model or names[0]
        self.model_id = f"{self.model} @ {self.root}"
        self.temperature = temperature
        self.context_size = self._context_length() or context_size
        self._tokenize_path: str | None = self._find_tokenizer()

    def _context_length(self) -> int | None:
        """The context the server runs the model with, asked the way each server says it."""
        props = self._http.json("GET", "/props", timeout=5.0)  # llama.cpp's llama-server
        if isinstance(props, dict):
            settings = props.get("default_generation_settings")
            n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
            if isinstance(n_ctx, int) and n_ctx > 0:
                return n_ctx
        shown = self._http.json("POST", "/api/show", {"model": self.model}, timeout=5.0)
        if isinstance(shown, dict):  # Ollama: the model's trained length, capped by num_ctx
            info = shown.get("model_info")
            lengths = [v for k, v in (info.items() if isinstance(info, dict) else ())
                       if k.endswith(".context_length") and isinstance(v, int)]
            parameters = str(shown.get("parameters") or "")
            num_ctx = re.search(r"num_ctx\s+(\d+)", parameters)
            if num_ctx:
                return int(num_ctx.group(1))
            if lengths:
                return min(lengths[0], 4096)  # Ollama's default num_ctx when none is set
        studio = self._http.json("GET", f"/api/v0/models/{self.model}", timeout=5.0)
        if isinstance(studio, dict):  # LM Studio
            for key in ("loaded_context_length", "max_context_length"):
                if isinstance(studio.get(key), int):
                    return int(studio[key])
        return None

    def _find_tokenizer(self) -> str | None:
        for path in ("/tokenize", "/extras/tokenize"):
            if self._tokenize(path, "a test") is not None:
                return path
        return None

    def _tokenize(self, path: str, text: str) -> int | None:
        body = {"content": text} if path == "/tokenize" else {"input": text,
                                                              "model": self.model}
        reply = self._http.json("POST", path, body, timeout=30.0)
        tokens = reply.get("tokens") if isinstance(reply, dict) else None
        return len(tokens) if isinstance(tokens, list) else None

    def count_tokens(self, text: str) -> int:
        if self._tokenize_path:
            counted = self._tokenize(self._tokenize_path, text)
            if counted is not None:
                return counted
        return math.ceil(len(text) / CHARS_PER_TOKEN)

    def count_prompt_tokens(self, messages: list[dict[str, str]]) -> int:
        return sum(self.count_tokens(m["content"]) + MESSAGE_OVERHEAD for m in messages) + 4

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int,
               cancelled: Callable[[], bool] | None = None,
               stop: Sequence[str] = (),
               on_prompt: Callable[[int, int], None] | None = None) -> Iterator[str]:
        """The reply as the server streams it; closing the connection cancels it there.
        The OpenAI API does not report progress reading the prompt: ``on_prompt`` is not
        called."""
        body = {"model": self.model, "messages": messages, "max_tokens": max_tokens,
                "temperature": self.temperature, "stream": True}
        if stop:
            body["stop"] = list(stop)[:4]  # the OpenAI API takes at most four
        try:
            connection, response = self._http.send("POST", "/v1/chat/completions", body)
        except OSError as exc:
            raise ModelError(f"The model server at {self.root} did not answer: {exc}") from exc
        try:
            if response.status != 200:
                detail = response.read(2000).decode("utf-8", "replace").strip()
                raise ModelError(f"The model server at {self.root} refused the request "
                                 f"({response.status}): {detail}")
            yield from self._pieces(response, cancelled)
        except OSError as exc:
            raise ModelError(f"The model server at {self.root} stopped answering: {exc}"
                             ) from exc
        finally:
            connection.close()

    @staticmethod
    def _pieces(response: http.client.HTTPResponse,
                cancelled: Callable[[], bool] | None) -> Iterator[str]:
        for raw in response:
            if cancelled and cancelled():
                return
            line = raw.decode("utf-8", "replace").strip()
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                return
            try:
                event = json.loads(data)
            except ValueError:
                log.debug("not JSON from the model server: %r", data[:200])
                continue
            choices = event.get("choices") if isinstance(event, dict) else None
            if not choices:
                continue
            delta = choices[0].get("delta") or {}
            piece = delta.get("content")
            if piece:
                yield piece
            if choices[0].get("finish_reason"):
                return
