"""Incremental re-indexing with the real embedder and a real Chroma store."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from app.core.settings import settings_for_home
from app.services import build
from tests.conftest import SAMPLE_NOTES

pytestmark = pytest.mark.slow


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.model_id, self.max_tokens = inner.model_id, inner.max_tokens
        self.texts = 0

    def embed(self, texts):
        self.texts += len(texts)
        return self.inner.embed(texts)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)

    def token_offsets(self, text):
        return self.inner.token_offsets(text)


def test_unchanged_edited_renamed_deleted(tmp_path, real_embedder):
    notes = tmp_path / "notes"
    shutil.copytree(SAMPLE_NOTES, notes)
    embedder = CountingEmbedder(real_embedder)
    library = build(settings_for_home(tmp_path / "home"), embedder=embedder)
    first = library.index([str(notes)])
    assert first.indexed == 9 and embedder.texts == first.chunks

    embedder.texts = 0
    assert library.index().unchanged == 9 and embedder.texts == 0

    plan = notes / "projects" / "atlas-migration.md"
    plan.write_text(plan.read_text().replace("18 April 2026", "25 April 2026"))
    later = time.time() + 10
    os.utime(plan, (later, later))
    guide = notes / "reference" / "payments-api-guide.pdf"
    guide.rename(notes / "reference" / "hearthpay-guide.pdf")
    (notes / "personal" / "sourdough.html").unlink()
    report = library.index()
    assert (report.indexed, report.moved, report.removed, report.unchanged) == (1, 1, 1, 6)
    assert embedder.texts == report.chunks  # only the edited file was embedded again

    assert "25 April" in library.search("When is the cutover?", k=1)[0].text
    top = library.search("How long are idempotency keys kept?", k=1)[0]
    assert top.path.endswith("hearthpay-guide.pdf") and top.page == 2
    assert all("sourdough" not in h.path for h in library.search("sourdough proof", k=5))
    assert library.check().consistent
    library.close()
