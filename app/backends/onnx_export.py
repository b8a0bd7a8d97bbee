"""Export the local sentence-transformers model to ONNX once, and quantize it to int8.

Runs on first use of the ONNX embedder and writes into the cache directory; nothing is
downloaded. Needs torch and transformers (already installed for the default embedder)
and ``onnx`` for the quantizer. The file name carries a fingerprint of the model weights,
so a changed model is exported again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from pathlib import Path

log = logging.getLogger(__name__)
_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def onnx_name(model_dir: Path, quantized: bool) -> str:
    """A file name that changes with the model: its config and tokenizer hashed.

    Content, not folder name, path or mtime, so a bundle finds its prebuilt export."""
    digest = hashlib.sha256()
    for name in ("config.json", "tokenizer.json", "sentence_bert_config.json"):
        if (model_dir / name).exists():
            digest.update((model_dir / name).read_bytes())
    return f"embedder-{digest.hexdigest()[:12]}{'-int8' if quantized else ''}.onnx"


def onnx_file(model_dir: Path, cache_dir: Path, quantized: bool = True,
              prebuilt: Path | None = None) -> Path:
    """The ONNX file for ``model_dir``: a prebuilt one (a desktop bundle ships its export),
    else the one in ``cache_dir``, exported now if missing."""
    name = onnx_name(model_dir, quantized)
    if prebuilt is not None and (prebuilt / name).exists():
        return prebuilt / name
    target = cache_dir / "onnx" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        export(model_dir, target, quantized)
    return target


def export(model_dir: Path, target: Path, quantized: bool) -> None:
    """Write ``target`` (atomically): the transformer's last hidden state as an ONNX graph."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    from app.backends.st_embedder import go_offline

    go_offline()
    hf_logging.disable_progress_bar()
    log.info("exporting %s to ONNX (%s)", model_dir, "int8" if quantized else "fp32")
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones(2, 16, dtype=torch.long)
    fp32 = target.with_suffix(".fp32.tmp")
    axes = {name: {0: "batch", 1: "tokens"} for name in [*_INPUTS, "last_hidden_state"]}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(Encoder(), (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                          str(fp32), input_names=_INPUTS, output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
    if quantized:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        partial = target.with_suffix(".int8.tmp")
        quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8)
        fp32.unlink()
    else:
        partial = fp32
    os.replace(partial, target)
