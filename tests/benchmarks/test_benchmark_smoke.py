"""Each benchmark runs end to end on a tiny input (the real runs are `make bench`)."""

from __future__ import annotations

import pytest

from benchmarks.index_throughput import measure
from tests.conftest import SAMPLE_NOTES

pytestmark = pytest.mark.slow


def test_index_throughput_smoke(real_embedder):
    result = measure([SAMPLE_NOTES / "projects"], real_embedder)
    assert result["files"] == 2 and result["chunks"] > 0
    assert result["index_s"] > 0 and result["raw_s"] > 0


def test_index_throughput_against_both_raw_engines_smoke(capsys):
    from benchmarks.index_throughput import main

    assert main(["--scifact-only", "6"]) == 0
    out = capsys.readouterr().out
    assert "hearth index / raw onnx-int8 encode" in out and "raw fp32 sentence-transformers" in out


def test_cold_start_benchmark_smoke(capsys):
    from benchmarks.cold_start import main

    assert main(["--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "hearth / raw" in out and "heavy imports in a search: none" in out


def test_answers_benchmark_smoke(capsys):
    from benchmarks.answers import main

    assert main(["--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "right file cited" in out and "false 'found nothing'" in out
    assert "time to first token" in out and "adaptive" in out


def test_summaries_benchmark_smoke(tmp_path, small_context_generator):
    from benchmarks.summaries import QMSUM, calibration, rouge, summarize_all

    transcript = tmp_path / "m.txt"
    transcript.write_text("Ana: We agreed to ship the beta on Friday.\n"
                          "Ben: I will write the release notes.\n")
    pairs, seconds = summarize_all([(transcript, "The team agreed to ship the beta.")],
                                   small_context_generator)
    assert len(pairs) == 1 and seconds > 0
    r1, r2, rl = rouge([("the team agreed to ship the beta", "The team agreed to ship.")])
    assert 0 < r2 <= r1 <= 100 and 0 < rl <= 100
    if QMSUM.is_dir():  # the scorer reproduces the calibration in the data's SOURCE.md
        assert [round(x, 2) for x in calibration()] == [36.09, 11.37, 31.26]


def test_retrieval_benchmark_smoke(tmp_path, capsys):
    import json
    import shutil

    from benchmarks.retrieval import SCIFACT, main, metrics

    assert metrics(["a", "b"], {"b"}) == (pytest.approx(1 / 1.5849625), 1.0, 0.5)
    if not SCIFACT.is_dir():
        pytest.skip("../shared/eval/scifact is not present")
    queries = [json.loads(x) for x in (SCIFACT / "queries.jsonl").read_text().splitlines()[:2]]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    wanted = {d for q in queries for d in q["relevant_doc_ids"]}
    others = sorted(p.stem for p in (SCIFACT / "corpus").iterdir())[:6]
    for doc in wanted | set(others):
        shutil.copy(SCIFACT / "corpus" / f"{doc}.txt", corpus)
    assert main(["--corpus", str(corpus), "--limit", "2", "--home", str(tmp_path / "h")]) == 0
    out = capsys.readouterr().out
    assert "hearth hybrid" in out and "nDCG@10" in out


def test_watch_latency_smoke(capsys):
    from benchmarks.watch_latency import main

    assert main(["--saves", "2", "--files", "50", "--settle", "0.2"]) == 0
    out = capsys.readouterr().out
    assert "save -> indexed" in out and "unchanged reconcile" in out


def test_search_latency_smoke(capsys):
    from benchmarks.search_latency import main

    assert main(["--sizes", "200", "--queries", "3", "--text", "synthetic"]) == 0
    assert "cold start" in capsys.readouterr().out
    assert main(["--sizes", "300", "--queries", "3", "--no-cold-start"]) == 0
    assert "realistic text" in capsys.readouterr().out


def test_memory_smoke(capsys):
    from benchmarks.memory import main

    assert main(["--sizes", "5", "10"]) == 0
    assert "peak RSS" in capsys.readouterr().out


def test_scale_benchmark_smoke(capsys):
    from benchmarks.scale import main

    assert main(["--files", "40", "--per-file", "3"]) == 0
    out = capsys.readouterr().out
    assert "40 / 120" in out and "search hybrid p50/p95" in out


def test_mcp_latency_benchmark_smoke(capsys):
    from benchmarks.mcp_latency import main

    assert main(["--calls", "2", "--cli-runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "MCP tool call (warm, stdio)" in out and "idle RSS" in out


def test_ocr_benchmark_smoke(capsys):
    from benchmarks.ocr import accuracy, cer

    assert cer("kitten", "sitting") == pytest.approx(3 / 6)
    assert cer("same text", "same text") == 0.0
    accuracy([150], limit=1, max_sides=[2000])
    out = capsys.readouterr().out
    assert "Character error rate" in out and "RapidOCR 2000px + spaces" in out


def test_progress_eta_benchmark_smoke(capsys):
    from benchmarks.progress_eta import main

    assert main(["--abstracts", "40", "--transcripts", "1", "--scanned", "1",
                 "--no-pdf-samples"]) == 0
    out = capsys.readouterr().out
    assert "by type cost" in out and "within +-30%" in out
