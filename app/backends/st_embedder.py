"""Embeddings with sentence-transformers, loaded from a local directory, fully offline.

Hugging Face's offline switches are set before the library is imported so nothing tries
the network; the model's own tokenizer is exposed so chunking can respect its limit.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from app.core.errors import ConfigError

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",  # the cross-tool opt-out some dependencies honour
    "ORT_DISABLE_TELEMETRY": "1",  # ONNX Runtime's upload to Microsoft (see app/__init__)
    "ANONYMIZED_TELEMETRY": "False",  # Chroma's switch, besides its client setting
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def go_offline() -> None:
    """Make every Hugging Face library in this process refuse the network."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


class SentenceTransformerEmbedder:
    """The core's Embedder over a sentence-transformers model directory."""

    def __init__(self, model_dir: Path, batch_size: int = 32, device: str = "cpu",
                 model_id: str = "") -> None:
        if not (model_dir / "config.json").exists():
            raise ConfigError(f"No sentence-transformers model in {model_dir}")
        go_offline()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        self._model = SentenceTransformer(str(model_dir), device=device, local_files_only=True)
        self._tokenizer = self._model.tokenizer
        self.batch_size = batch_size
        self.max_tokens = int(self._model.max_seq_length)
        self.model_id = model_id or model_dir.name
        self.dimension = int(self._model.get_embedding_dimension())
        # A fast tokenizer raises "Already borrowed" when two threads use it at once (the
        # window searches while its watcher indexes); one batch at a time holds the lock,
        # so a query waits for at most one batch, never for a whole indexing run.
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start:start + self.batch_size])
            with self._lock:
                encoded = self._model.encode(batch, batch_size=self.batch_size,
                                             normalize_embeddings=True, convert_to_numpy=True,
                                             show_progress_bar=False)
            vectors.extend(encoded.tolist())
        return vectors

    def count_tokens(self, text: str) -> int:
        with self._lock:
            encoded = self._tokenizer(text, add_special_tokens=True, truncation=False,
                                      verbose=False)
        return len(encoded["input_ids"])

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        with self._lock:
            encoded = self._tokenizer(text, add_special_tokens=False, truncation=False,
                                      return_offsets_mapping=True, verbose=False)
        return [tuple(span) for span in encoded["offset_mapping"]]
