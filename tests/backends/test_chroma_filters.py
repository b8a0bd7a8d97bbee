"""The Chroma backend filters exactly as ``SearchFilter.accepts`` says, on both sides of
a search: the nearest-vector query and the keyword side's fetch by id."""

from __future__ import annotations

import itertools

import pytest

from app.backends.chroma_store import open_embedded
from app.core.filters import SearchFilter

CHUNKS = {
    "1:0": {"kind": "meeting", "meeting_day": 20260304, "file_type": "md", "folder": "/a"},
    "2:0": {"kind": "meeting", "meeting_day": 20260311, "file_type": "vtt", "folder": "/a"},
    "3:0": {"kind": "meeting", "meeting_day": 20251231, "file_type": "md", "folder": "/b"},
    "4:0": {"kind": "note", "file_type": "pdf", "folder": "/b"},
    "5:0": {"kind": "note", "file_type": "md", "folder": "/a"},
}
FILTERS = [SearchFilter(meetings_only=m, after=a, before=b, file_type=t, folder=f)
           for m, (a, b), t, f in itertools.product(
               (False, True), ((None, None), ("2026-03-05", None), (None, "2026-03-04"),
                               ("2026-01-01", "2026-12-31")),
               (None, "md", "pdf"), (None, "/a"))]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened = open_embedded(tmp_path_factory.mktemp("chroma"), "filters", "test-embedder")
    ids = list(CHUNKS)
    vectors = [[1.0, i / 10, 0.0] for i in range(len(ids))]
    metas = [{**meta, "file_id": int(i.split(":")[0]), "path": f"/x/{i}"}
             for i, meta in CHUNKS.items()]
    opened.upsert(ids, vectors, [f"text {i}" for i in ids], metas)
    yield opened
    opened.close()


@pytest.mark.parametrize("search_filter", FILTERS, ids=str)
def test_store_and_reference_agree(store, search_filter):
    expected = {i for i, meta in CHUNKS.items() if search_filter.accepts(meta)}
    assert {c.id for c in store.query([1.0, 0.0, 0.0], 10, search_filter)} == expected
    assert {c.id for c in store.get(list(CHUNKS), search_filter)} == expected
    full = [(c.id, c.distance) for c in store.query([1.0, 0.0, 0.0], 10, search_filter)]
    nearest = store.nearest_ids([1.0, 0.0, 0.0], 10, search_filter)
    assert [i for i, _ in nearest] == [i for i, _ in full]  # same order, text not read
    assert [d for _, d in nearest] == pytest.approx([d for _, d in full])
