"""Scans and photos, read by the real OCR engine (RapidOCR, models from its wheel), indexed
with the real embedder into a real Chroma store, found by what they say."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.source_text import source_text
from tests.conftest import REPO, cli_env
from tests.support.pdfgen import write_pdf
from tests.support.scangen import draw_page, write_mixed_pdf, write_scanned_pdf

pytestmark = pytest.mark.slow

LETTER = [["Northwind Water Company", "Customer account 4471-0932"],
          ["Dear Ms. Okafor,", "your meter reading on 14 March 2026 was 18,204 cubic metres.",
           "The new quarterly charge is 212.40 EUR, due on 30 April 2026."],
          ["If you have questions, call our service desk on 0800 555 0142."]]
WARRANTY = [["WARRANTY CARD", "Dishwasher model DW-8812"],
            ["Purchased at Harbor Appliances on 2 February 2026.",
             "The warranty covers parts and labour for five years."]]
SHOPPING = [["Saturday market"], ["oat milk", "sourdough bread", "six eggs", "basil plant"]]


def make_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    write_scanned_pdf(folder / "water-bill.pdf", [draw_page(LETTER)])
    write_mixed_pdf(folder / "dishwasher.pdf",
                    [["Receipt from Harbor Appliances, order 5531, paid by card."]],
                    [draw_page(WARRANTY, seed=3)])
    draw_page(SHOPPING, width=700, tilt=1.5, seed=5).convert("RGB").save(
        folder / "IMG_2041.jpg", "JPEG", quality=80)
    pages = [draw_page([["Tenancy agreement page one", "The rent is 950 EUR a month."]]),
             draw_page([["Tenancy agreement page two", "Pets are allowed with consent."]],
                       seed=9)]
    pages[0].save(folder / "tenancy.tiff", save_all=True, append_images=pages[1:])
    write_pdf(folder / "typed.pdf", [["A typed page that needs no OCR at all."]])
    (folder / "deploy.yml").write_text("steps: []\n")
    return folder


def hearth(home: Path, *args: str, as_json: bool = True) -> dict:
    command = [sys.executable, "-m", "app", *args] + (["--json"] if as_json else [])
    run = subprocess.run(command, cwd=REPO, env=cli_env(home), capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout) if as_json else {"text": run.stdout}


def test_scans_photos_and_tiff_pages_are_found_by_what_they_say(tmp_path):
    home = tmp_path / "home"
    folder = make_folder(tmp_path / "papers")
    report = hearth(home, "index", str(folder))
    assert not report["failed"] and not report["skipped"], report
    assert report["indexed"] == 5
    assert report["ocr_pages"] == 5 and report["ocr_files"] == 4  # letter, card, photo, 2 tiff
    assert report["ocr_cached_pages"] == 0

    def top(query: str) -> dict:
        return hearth(home, "search", query)["results"][0]

    bill = top("quarterly water charge due date")
    assert bill["path"].endswith("water-bill.pdf") and bill["page"] == 1
    assert "212.40" in bill["text"]
    card = top("how long does the dishwasher warranty last")
    assert card["path"].endswith("dishwasher.pdf") and card["page"] == 2  # the scanned page
    assert top("oat milk")["path"].endswith("IMG_2041.jpg")
    pets = top("are pets allowed in the flat")
    assert pets["path"].endswith("tenancy.tiff") and pets["page"] == 2

    status = hearth(home, "status")
    assert status["ocr"]["files"] == 4 and status["ocr"]["pages"] == 5
    assert status["unread_types"] == {".yml": 1}

    # the same files again (forgotten, re-added, one renamed): every page from the cache
    hearth(home, "forget", str(folder), as_json=False)
    shutil.move(folder / "IMG_2041.jpg", folder / "shopping.jpg")
    again = hearth(home, "index", str(folder))
    assert again["ocr_pages"] == 5 and again["ocr_cached_pages"] == 5
    text = hearth(home, "status", as_json=False)["text"]
    assert "OCR: 5 scanned page(s) read in 4 file(s)" in text
    assert "Not read (types Hearth does not index): .yml 1" in text


def test_the_viewer_shows_the_recognized_text_with_the_passage(tmp_path, real_library):
    folder = make_folder(tmp_path / "papers")
    real_library.index([str(folder)])
    hit = real_library.search("meter reading cubic metres", k=1)[0]
    assert hit.path.endswith("water-bill.pdf")
    shown = source_text(real_library, hit)
    assert "18,204" in shown.text[shown.start:shown.end]
    assert "page 1" in shown.where.lower() or "p. 1" in shown.where
