"""A better chat model in two clicks: a short list of GGUF models, fetched only when asked.

The bundled 135M model keeps everything working offline; prose worth reading needs a model
ten times its size. These are instruction-tuned Q4_K_M files that run on a laptop's CPU.
Each entry pins the file's size and SHA-256 (as published with the file), so a download is
used only when it is byte for byte the file the list names.

This is the only network access Hearth ever makes, and only when a person asks for it:
one HTTPS GET per file (resumed with a ``Range`` request after an interruption), carrying
nothing of theirs (no library content, no identifiers, no cookies). ``HEARTH_MODEL_MIRROR``
points the download at a mirror instead (a company's, or a test's server on 127.0.0.1).
The file is written as ``<name>.part`` beside its final place and renamed only after its
hash is checked, so a half-written or altered file is never offered as a model.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import os
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.core import HearthError, resolve_paths

MIRROR_ENV = "HEARTH_MODEL_MIRROR"
CHUNK = 1 << 20
SPARE_BYTES = 200 << 20  # left free after the download: the library still has to write
TIMEOUT_S = 30

Progress = Callable[[str, int, int], None]  # (stage "download"|"check", done, total)


@dataclass(frozen=True)
class CatalogModel:
    """A model the list offers: what it is, where it comes from, and how to know the file."""

    name: str
    title: str
    file: str
    url: str
    size: int
    sha256: str
    params: int
    context: int
    licence: str
    good_for: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "file": self.file, "url": self.url,
                "size": self.size, "sha256": self.sha256, "params": self.params,
                "context": self.context, "licence": self.licence, "good_for": self.good_for}


_HF = "https://huggingface.co"
CATALOG: tuple[CatalogModel, ...] = (
    CatalogModel(
        "qwen2.5-1.5b-instruct", "Qwen2.5 1.5B Instruct (Q4_K_M)",
        "qwen2.5-1.5b-instruct-q4_k_m.gguf",
        f"{_HF}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf",
        1_117_320_736, "6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e",
        1_540_000_000, 32768, "Apache-2.0",
        "a good first choice: small enough for any laptop, long context (32k)"),
    CatalogModel(
        "smollm2-1.7b-instruct", "SmolLM2 1.7B Instruct (Q4_K_M)",
        "SmolLM2-1.7B-Instruct-Q4_K_M.gguf",
        f"{_HF}/bartowski/SmolLM2-1.7B-Instruct-GGUF/resolve/main/"
        "SmolLM2-1.7B-Instruct-Q4_K_M.gguf",
        1_055_609_824, "77665ea4815999596525c636fbeb56ba8b080b46ae85efef4f0d986a139834d7",
        1_710_000_000, 8192, "Apache-2.0",
        "the bundled model's larger sibling (same family, 13 times the parameters)"),
    CatalogModel(
        "llama-3.2-1b-instruct", "Llama 3.2 1B Instruct (Q4_K_M)",
        "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
        f"{_HF}/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/"
        "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
        807_694_464, "6f85a640a97cf2bf5b8e764087b1e83da0fdb51d7c9fab7d0fece9385611df83",
        1_240_000_000, 131072, "Llama 3.2 Community License",
        "the smallest download; for older machines"),
    CatalogModel(
        "llama-3.2-3b-instruct", "Llama 3.2 3B Instruct (Q4_K_M)",
        "Llama-3.2-3B-Instruct-Q4_K_M.gguf",
        f"{_HF}/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/"
        "Llama-3.2-3B-Instruct-Q4_K_M.gguf",
        2_019_377_696, "6c1a2b41161032677be168d354123594c0e6e67d2b9227c84f296ad037c728ff",
        3_210_000_000, 131072, "Llama 3.2 Community License",
        "the largest with Llama 3.2's licence; wants 8 GB of memory, slow on 2 cores"),
    CatalogModel(
        "qwen2.5-3b-instruct", "Qwen2.5 3B Instruct (Q4_K_M)",
        "qwen2.5-3b-instruct-q4_k_m.gguf",
        f"{_HF}/Qwen/Qwen2.5-3B-Instruct-GGUF/resolve/main/qwen2.5-3b-instruct-q4_k_m.gguf",
        2_104_932_768, "626b4a6678b86442240e33df819e00132d3ba7dddfe1cdc4fbb18e0a9615c62d",
        3_090_000_000, 32768, "Qwen Research License (non-commercial use)",
        "the largest of the list; personal, non-commercial use only"),
)


class DownloadPaused(HearthError):
    """The download stopped when asked; what arrived is kept and the next try resumes."""


def catalog_model(name: str) -> CatalogModel:
    for model in CATALOG:
        if name in (model.name, model.file):
            return model
    names = ", ".join(m.name for m in CATALOG)
    raise HearthError(f"No model named {name!r} in the download list; it offers: {names}")


def models_folder(data: Path | None = None) -> Path:
    """Where downloaded models are kept: under the data folder (``data``, by default this
    process's), so ``delete-all-data`` removes them too."""
    return (data or resolve_paths().data) / "models"


def downloaded(model: CatalogModel, folder: Path | None = None) -> Path | None:
    """The model's file when it was downloaded and checked (only checked files get their
    final name), else None."""
    path = (folder or models_folder()) / model.file
    try:
        return path if path.stat().st_size == model.size else None
    except OSError:
        return None


def partial_bytes(model: CatalogModel, folder: Path | None = None) -> int:
    """Bytes of an interrupted download waiting to be resumed."""
    try:
        return ((folder or models_folder()) / f"{model.file}.part").stat().st_size
    except OSError:
        return 0


def source_url(model: CatalogModel) -> str:
    mirror = os.environ.get(MIRROR_ENV, "").strip()
    return f"{mirror.rstrip('/')}/{model.file}" if mirror else model.url


def download(model: CatalogModel, folder: Path | None = None,
             progress: Progress | None = None,
             stop: threading.Event | None = None) -> Path:
    """Fetch ``model`` into ``folder``, resuming a ``.part`` file left by an interruption,
    check its SHA-256 and give it its final name. Raises ``DownloadPaused`` when ``stop``
    is set (the part is kept), ``HearthError`` with the reason otherwise."""
    folder = folder or models_folder()
    if done := downloaded(model, folder):
        return done
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{model.file}.part"
    have = partial_bytes(model, folder)
    if have > model.size:
        part.unlink()
        have = 0
    _check_space(folder, model.size - have)
    if have < model.size:
        have = _fetch(model, part, have, progress, stop)
    if have != model.size:
        raise _dropped(have)
    if _sha256(part, progress, stop) != model.sha256:
        part.unlink()
        raise HearthError(f"The downloaded file is not the one the list names (its SHA-256 "
                          f"differs); it was deleted and nothing was used. Source: "
                          f"{source_url(model)}")
    final = folder / model.file
    os.replace(part, final)
    return final


def _check_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed + SPARE_BYTES:
        raise HearthError(f"Not enough free space in {folder}: the model needs "
                          f"{_mb(needed + SPARE_BYTES)} MB more and {_mb(free)} MB are free")


def _fetch(model: CatalogModel, part: Path, have: int, progress: Progress | None,
           stop: threading.Event | None) -> int:
    url = source_url(model)
    request = urllib.request.Request(url, headers={"User-Agent": f"Hearth/{__version__}",
                                                   "Accept-Encoding": "identity"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=TIMEOUT_S)  # noqa: S310 - asked for
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # the server has no bytes past ours: the part is whole
            return have
        raise HearthError(f"The download of {model.name} failed: {url} answered "
                          f"{exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HearthError(f"Could not reach {url} to download {model.name}: {reason}. "
                          "Everything else in Hearth works offline.") from exc
    with response:
        if have and response.status != 206:
            have = 0  # the server sent the whole file: start over
        try:
            with part.open("ab" if have else "wb") as out:
                while True:
                    if stop is not None and stop.is_set():
                        raise DownloadPaused(f"Paused at {_mb(have)} of {_mb(model.size)} MB; "
                                             "the download resumes from there")
                    chunk = response.read(CHUNK)
                    if not chunk:
                        break
                    out.write(chunk)
                    have += len(chunk)
                    if progress:
                        progress("download", have, model.size)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise HearthError(f"The disk is full after {_mb(have)} of {_mb(model.size)} "
                                  "MB; what arrived is kept: free some space and run the "
                                  "download again to resume") from exc
            if isinstance(exc, PermissionError | FileNotFoundError):
                raise HearthError(f"Cannot write {part}: {exc.strerror}") from exc
            raise _dropped(have) from exc
        except http.client.HTTPException as exc:
            raise _dropped(have) from exc
    return part.stat().st_size


def _dropped(have: int) -> HearthError:
    return HearthError(f"The connection dropped after {_mb(have)} MB; what arrived is kept: "
                       "run the download again to resume")


def _sha256(path: Path, progress: Progress | None, stop: threading.Event | None) -> str:
    digest = hashlib.sha256()
    size = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK * 4):
            if stop is not None and stop.is_set():
                raise DownloadPaused("Stopped while checking the file; it is kept and "
                                     "checked again next time")
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress("check", done, size)
    return digest.hexdigest()


def _mb(count: int) -> str:
    return f"{count / (1 << 20):,.0f}"
