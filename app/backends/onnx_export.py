"""The ONNX export of the local sentence-transformers model: made once per machine, shared.

Every library of a user (and every test's throwaway library) reads the same export from a
shared cache outside any one library (``HEARTH_MODEL_CACHE``, else the user cache folder's
``models``), keyed by the model's content and the backend (fp32 or int8). An export is
written under a lock to a temporary name, checked against the torch model on probe
sentences, then moved into place; its manifest (size and SHA-256) is written last and is
the commit mark, so a reader sees a complete, verified file or none. A missing, partial
or damaged export is made again, never loaded. ``make`` builds it at install time
(``python -m app.backends.onnx_export``); a desktop bundle ships its own.

Exporting needs torch and transformers (installed for the torch backend) and ``onnx``
for the quantizer; nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

from app.core.paths import shared_model_cache

log = logging.getLogger(__name__)
_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
# Probe sentences the export must embed like the torch model does (cosine per sentence);
# int8's floor: dynamic quantization gives 0.956 on them; 0.9 leaves a margin.
PROBES = ["Idempotency keys are kept for 72 hours.",
          "Action: Priya to send the revised budget to finance by Friday.",
          "Sourdough proofs overnight in the fridge.",
          "The committee decided to postpone the vote until the March meeting."]
MIN_COSINE = {False: 0.9999, True: 0.9}
# Bumped when the export changes (2: eager attention, fused kernels): a new file is made,
# and int8 vectors stay close to the old recipe's (mean cosine 0.995 on SciFact), so
# libraries keep their id and need no rebuild.
EXPORT_RECIPE = 2


class ExportFailed(RuntimeError):
    """The export could not be made or did not pass its check."""


def onnx_name(model_dir: Path, quantized: bool) -> str:
    """A file name that changes with the model: its config and tokenizer hashed.

    Content, not folder name, path or mtime, so a bundle finds its prebuilt export."""
    digest = hashlib.sha256()
    for name in ("config.json", "tokenizer.json", "sentence_bert_config.json"):
        if (model_dir / name).exists():
            digest.update((model_dir / name).read_bytes())
    return (f"embedder-{digest.hexdigest()[:12]}-r{EXPORT_RECIPE}"
            f"{'-int8' if quantized else ''}.onnx")


def manifest_path(onnx: Path) -> Path:
    return onnx.with_suffix(".json")


def onnx_file(model_dir: Path, cache_dir: Path | None = None, quantized: bool = True,
              prebuilt: Path | None = None) -> Path:
    """The verified ONNX file for ``model_dir``: a bundle's prebuilt one, else the shared
    cache's, exported now if it is missing or fails its check."""
    name = onnx_name(model_dir, quantized)
    if prebuilt is not None and (prebuilt / name).exists():
        return prebuilt / name
    target = (cache_dir or shared_model_cache()) / name
    if is_intact(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _locked(target.parent / ".export.lock"):
        if not is_intact(target):  # another process may have made it while we waited
            discard(target)
            export(model_dir, target, quantized)
    return target


def is_intact(onnx: Path) -> bool:
    """The file exists and matches its manifest (size and SHA-256)."""
    try:
        manifest = json.loads(manifest_path(onnx).read_text(encoding="utf-8"))
        if onnx.stat().st_size != manifest["bytes"]:
            return False
        return _sha256(onnx) == manifest["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return False


def discard(onnx: Path) -> None:
    """Remove an export and its manifest (the next ``onnx_file`` makes it again)."""
    for path in (manifest_path(onnx), onnx):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def export(model_dir: Path, target: Path, quantized: bool) -> None:
    """Write ``target`` and its manifest: the transformer's last hidden state as an ONNX
    graph, checked against torch on ``PROBES`` before it is moved into place. Any failure
    (a model the exporter cannot trace, a missing package) is an ExportFailed."""
    try:
        _export(model_dir, target, quantized)
    except ExportFailed:
        raise
    except Exception as exc:
        raise ExportFailed(f"cannot export {model_dir} to ONNX ({type(exc).__name__}: "
                           f"{exc})") from exc


def _export(model_dir: Path, target: Path, quantized: bool) -> None:
    import inspect

    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    from app.backends.st_embedder import go_offline

    go_offline()
    hf_logging.disable_progress_bar()
    started = time.monotonic()
    log.info("exporting %s to ONNX (%s) in %s", model_dir, "int8" if quantized else "fp32",
             target.parent)
    # eager attention: the graph ONNX Runtime fuses into its Attention kernel; the default
    # (SDPA) exports to plain ops that ran int8 at half the speed (benchmarks/index_throughput)
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True,
                                      attn_implementation="eager").eval()

    takes_types = "token_type_ids" in inspect.signature(model.forward).parameters
    inputs = _INPUTS if takes_types else _INPUTS[:2]  # e.g. MPNet has no segment ids

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors):
            return self.model(**dict(zip(inputs, tensors, strict=True))).last_hidden_state

    unique = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    fp32 = target.with_name(f".{target.stem}.{unique}.fp32.tmp")
    partial = target.with_name(f".{target.stem}.{unique}.tmp")
    reference = _reference_vectors(model_dir, model, takes_types)  # before the export,
    ids = torch.ones(2, 16, dtype=torch.long)  # which may leave the model in training mode
    example = (ids, torch.ones_like(ids), torch.zeros_like(ids))[:len(inputs)]
    axes = {name: {0: "batch", 1: "tokens"} for name in [*inputs, "last_hidden_state"]}
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(Encoder().eval(), example, str(fp32), input_names=inputs,
                              output_names=["last_hidden_state"], dynamic_axes=axes,
                              opset_version=17, dynamo=False)
        _fuse(fp32, model.config)
        if quantized:
            import onnx
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8,
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        else:
            os.replace(fp32, partial)
        cosine = _check(model_dir, reference, partial, quantized)
        os.replace(partial, target)
        _write_manifest(target, model_dir, quantized, cosine)
    finally:
        for path in (fp32, partial):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    log.info("ONNX export ready in %.1f s: %s", time.monotonic() - started, target)


def _fuse(onnx_path: Path, config) -> None:
    """Fuse attention, GELU and layer norms into ONNX Runtime's BERT kernels, in place
    (about 10% faster in int8). Best effort: a model the fuser does not know stays as
    exported, and the probe check decides either way."""
    if getattr(config, "model_type", "") != "bert":
        return
    try:
        from onnxruntime.transformers import optimizer

        fused = optimizer.optimize_model(str(onnx_path), model_type="bert",
                                         num_heads=int(config.num_attention_heads),
                                         hidden_size=int(config.hidden_size), opt_level=1)
        fused.save_model_to_file(str(onnx_path))
    except Exception:  # noqa: BLE001 - an unfused graph is still a correct one
        log.info("ONNX fusion skipped for %s", onnx_path, exc_info=True)


def _reference_vectors(model_dir: Path, model, takes_types: bool = True):
    """The torch model's normalized mean-pooled vectors of ``PROBES``."""
    import numpy as np
    import torch
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_padding()
    encoded = tokenizer.encode_batch(PROBES)
    ids = torch.tensor([e.ids for e in encoded])
    mask = torch.tensor([e.attention_mask for e in encoded])
    extra = {"token_type_ids": torch.zeros_like(ids)} if takes_types else {}
    with torch.no_grad():
        hidden = model.eval()(input_ids=ids, attention_mask=mask, **extra).last_hidden_state
    weights = mask[..., None].float()
    reference = ((hidden * weights).sum(1) / weights.sum(1)).numpy()
    return reference / np.linalg.norm(reference, axis=1, keepdims=True)


def _check(model_dir: Path, reference, onnx: Path, quantized: bool) -> float:
    """The lowest cosine between the export's vectors and torch's on ``PROBES``."""
    import numpy as np

    from app.backends.onnx_embedder import OnnxEmbedder

    try:
        vectors = np.array(OnnxEmbedder(model_dir, onnx, threads=1).embed(PROBES))
    except Exception as exc:  # ONNX Runtime raises its own error types
        raise ExportFailed(f"the ONNX export of {model_dir} does not load: {exc}") from exc
    cosine = float((vectors * reference).sum(axis=1).min())
    if not cosine >= MIN_COSINE[quantized]:
        raise ExportFailed(f"the ONNX export of {model_dir} embeds differently from the model "
                           f"(cosine {cosine:.4f} < {MIN_COSINE[quantized]})")
    return cosine


def _write_manifest(onnx: Path, model_dir: Path, quantized: bool, cosine: float) -> None:
    import onnxruntime

    manifest = {"file": onnx.name, "bytes": onnx.stat().st_size, "sha256": _sha256(onnx),
                "model": str(model_dir), "precision": "int8" if quantized else "fp32",
                "probe_min_cosine": round(cosine, 6), "onnxruntime": onnxruntime.__version__,
                "created": time.time()}
    temporary = onnx.with_name(f".{onnx.stem}.{os.getpid()}.json.tmp")
    temporary.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, manifest_path(onnx))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (POSIX); elsewhere concurrent first starts each
    export and the atomic moves keep the result whole."""
    with open(path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> int:
    """Make the shared exports now (``make`` runs this at install time)."""
    from app.backends.bundled import bundled_embedder_dir

    logging.basicConfig(level=logging.ERROR, format="%(message)s")  # the quantizer is chatty
    wanted = argv if argv is not None else sys.argv[1:]
    precisions = [p == "int8" for p in wanted] or [True, False]
    for quantized in precisions:
        path = onnx_file(bundled_embedder_dir(), quantized=quantized)
        print(f"{'int8' if quantized else 'fp32'} embedder export: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
