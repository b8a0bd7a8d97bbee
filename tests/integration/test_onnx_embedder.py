"""The ONNX embedding path: exported once per machine from the bundled model into a shared,
verified cache (damaged exports made again, concurrent first starts share one), the same
tokenizer, the same vectors in fp32, close ones in int8, and the default (int8) searches
without importing torch."""

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
def exported():
    """The shared exports every library (and test) of this machine's user reuses."""
    from app.backends.bundled import bundled_embedder_dir
    from app.backends.onnx_export import onnx_file

    model_dir = bundled_embedder_dir()
    return model_dir, onnx_file(model_dir, quantized=False), onnx_file(model_dir, quantized=True)


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
    return onnx_file(model_dir, int8.parent, True) == int8 and \
        int8.stat().st_mtime_ns == before


def test_damaged_or_unfinished_exports_are_made_again(tmp_path):
    from app.backends.bundled import bundled_embedder_dir
    from app.backends.onnx_export import is_intact, manifest_path, onnx_file

    model_dir = bundled_embedder_dir()
    path = onnx_file(model_dir, tmp_path, True)
    assert is_intact(path)
    first = json.loads(manifest_path(path).read_text())
    assert first["precision"] == "int8" and first["probe_min_cosine"] > 0.9
    with path.open("r+b") as handle:  # a flipped block in the weights
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\0" * 64)
    assert not is_intact(path)
    assert onnx_file(model_dir, tmp_path, True) == path and is_intact(path)
    assert json.loads(manifest_path(path).read_text())["created"] > first["created"]
    manifest_path(path).unlink()  # an export interrupted before its manifest: not trusted
    assert onnx_file(model_dir, tmp_path, True) == path and is_intact(path)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_concurrent_first_starts_share_one_export(tmp_path):
    code = ("import json, sys\n"
            "from app.backends.bundled import bundled_embedder_dir\n"
            "from app.backends.onnx_export import manifest_path, onnx_file\n"
            "path = onnx_file(bundled_embedder_dir(), quantized=True)\n"
            "print(json.dumps([str(path), json.loads(manifest_path(path).read_text())]))\n")
    env = cli_env(tmp_path / "home")
    env["HEARTH_MODEL_CACHE"] = str(tmp_path / "models")
    runs = [subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        results.append(json.loads(out))
    assert results[0] == results[1]  # the same file, exported once (one manifest)
    left = sorted(p.suffix for p in (tmp_path / "models").iterdir() if p.name[0] != ".")
    assert left == [".json", ".onnx"]
    assert not list((tmp_path / "models").glob(".*.tmp"))


def test_a_new_library_indexes_and_searches_in_int8_without_torch(tmp_path):
    home = tmp_path / "home"
    env = cli_env(home)  # no settings.json: the defaults
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
    status = subprocess.run([sys.executable, "-m", "app", "status", "--json"], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=300)
    embedder = json.loads(status.stdout)["embedder"]
    assert embedder == {"backend": "onnx-int8", "setting": "auto", "vectors": "int8",
                        "advice": ""}
    # vectors of two precisions never mix: asking for torch (fp32) asks for a rebuild
    (home / "config" / "settings.json").write_text(json.dumps({"embedder_backend": "torch"}))
    switched = subprocess.run([sys.executable, "-m", "app", "search", "keys"], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=300)
    assert switched.returncode == 1 and "hearth rebuild" in switched.stderr
