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
