"""The ONNX embedding path: exported locally from the bundled model, same tokenizer, the
same vectors in fp32, close ones in int8, and searches that never import torch."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import REPO, SAMPLE_NOTES, cli_env

pytestmark = pytest.mark.slow

TEXTS = ["Idempotency keys are kept for 72 hours.",
         "The guest network is called Lighthouse-Guest and its password changes every January.",
         "Backfill of historical orders (about 410 million rows) in the first half of April.",
         "Sourdough proofs overnight in the fridge."]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from app.backends.bundled import bundled_embedder_dir
    from app.backends.onnx_export import onnx_file

    cache = tmp_path_factory.mktemp("cache")
    model_dir = bundled_embedder_dir()
    return model_dir, onnx_file(model_dir, cache, False), onnx_file(model_dir, cache, True)


def test_onnx_vectors_match_sentence_transformers(exported, real_embedder):
    from app.backends.onnx_embedder import OnnxEmbedder

    model_dir, fp32, int8 = exported
    reference = np.array(real_embedder.embed(TEXTS))
    for path, floor in ((fp32, 0.9999), (int8, 0.85)):
        onnx = OnnxEmbedder(model_dir, path)
        vectors = np.array(onnx.embed(TEXTS))
        assert vectors.shape == reference.shape
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
        assert (vectors * reference).sum(axis=1).min() > floor
    for text in TEXTS:  # chunking sees exactly the same tokens
        assert onnx.count_tokens(text) == real_embedder.count_tokens(text)
        assert onnx.token_offsets(text) == real_embedder.token_offsets(text)
    assert onnx.max_tokens == real_embedder.max_tokens
    assert onnx_file_is_reused(exported)


def onnx_file_is_reused(exported) -> bool:
    from app.backends.onnx_export import onnx_file

    model_dir, _, int8 = exported
    before = int8.stat().st_mtime_ns
    return onnx_file(model_dir, int8.parent.parent, True) == int8 and \
        int8.stat().st_mtime_ns == before


def test_cli_with_onnx_int8_searches_without_torch(tmp_path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(json.dumps({"embedder_backend": "onnx-int8"}))
    env = cli_env(home)
    index = subprocess.run([sys.executable, "-m", "app", "index", str(SAMPLE_NOTES), "--json"],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert index.returncode == 0, index.stderr
    assert json.loads(index.stdout)["indexed"] == 9
    code = ("import sys, json\nfrom app.cli import main\n"
            "main(['search', 'idempotency keys', '--json', '-k', '1'])\n"
            "print(json.dumps(sorted(m for m in ('torch', 'sentence_transformers') "
            "if m in sys.modules)))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result, imported = run.stdout.strip().splitlines()
    assert json.loads(result)["results"][0]["path"].endswith("payments-api-guide.pdf")
    assert json.loads(imported) == []
    # vectors of two embedders never mix: switching back asks for a rebuild
    (home / "config" / "settings.json").write_text(json.dumps({"embedder_backend": "torch"}))
    switched = subprocess.run([sys.executable, "-m", "app", "search", "keys"], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=300)
    assert switched.returncode == 1 and "hearth rebuild" in switched.stderr
