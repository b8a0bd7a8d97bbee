"""pypdf's own real-world sample PDFs (../shared/eval/pdf_samples): nothing stops the run,
every expected string is findable with search, image-only PDFs are reported as such."""

from __future__ import annotations

import json
import os
import unicodedata

import pytest

from tests.conftest import SHARED_EVAL

pytestmark = pytest.mark.slow
SAMPLES = SHARED_EVAL / "pdf_samples"
IMAGE_ONLY = {"007-imagemagick-images__imagemagick-ASCII85Decode",
              "007-imagemagick-images__imagemagick-CCITTFaxDecode",
              "007-imagemagick-images__imagemagick-lzw",
              "019-grayscale-image__grayscale-image", "023-cmyk-image__cmyk-image"}
PASSWORD = "005-libreoffice-writer-password__libreoffice-writer-password"
DAMAGED = "017-unreadable-meta-data__unreadablemetadata"


def normalized(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def expectations():
    if not SAMPLES.is_dir():
        pytest.skip(f"{SAMPLES} is not present (it lies beside the repository in CI)")
    return [json.loads(line) for line in (SAMPLES / "expected.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, real_embedder, expectations):
    from app.core.settings import settings_for_home
    from app.services import build

    library = build(settings_for_home(tmp_path_factory.mktemp("pdf-home")),
                    embedder=real_embedder)
    report = library.index([str(SAMPLES / "corpus")])
    yield library, report
    library.close()


def stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def test_no_pdf_stops_the_run(indexed, expectations):
    library, report = indexed
    outcomes = report.indexed + len(report.failed) + len(report.skipped)
    assert outcomes == len(expectations) == 31
    assert {stem(p.path): p.reason for p in report.failed} == {
        PASSWORD: "password-protected PDF: it cannot be opened without its password",
        DAMAGED: "damaged PDF: cannot read its pages (Invalid object in /Pages)",
    }
    assert library.check().consistent


def test_image_only_pdfs_are_reported_as_having_no_text_layer(indexed):
    _, report = indexed
    skipped = {stem(p.path): p.reason for p in report.skipped}
    assert set(skipped) == IMAGE_ONLY
    assert all(reason.startswith("no text layer") for reason in skipped.values())


def test_every_expected_string_is_findable(indexed, expectations):
    library, _ = indexed
    missing = []
    for record in expectations:
        if record["id"] == PASSWORD:
            continue  # needs its user password; reported above
        for expected in record.get("must_contain", []):
            hits = library.search(expected, k=20)
            if not any(record["id"] in h.path and normalized(expected) in normalized(h.text)
                       for h in hits):
                missing.append((record["id"], expected))
    assert missing == []


def test_page_numbers_match_the_pdf(indexed, expectations):
    library, _ = indexed
    pages = {r["id"]: r["pages"] for r in expectations}
    hits = library.search("EU Countries Information Vienna Copenhagen", k=5)
    top = next(h for h in hits if "026-latex-multicolumn" in h.path)
    assert 1 <= top.page <= pages["026-latex-multicolumn__multicolumn"]
    for record in library.parts.registry.files(status="indexed"):
        assert record.chunks > 0
