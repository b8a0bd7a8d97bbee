"""The OCR service with the real PDF and picture parsers and a counting fake engine:
what is read, what is cached, what is reported, and when OCR is off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.backends.image_parser import ImageParser
from app.backends.pdf import PdfParser
from app.core.errors import NothingToIndex
from app.core.ingest.ocr.runner import OCR_OFF, OcrCache, OcrPages, OcrTally
from app.core.library import Library
from app.core.settings import settings_for_home
from app.core.storage.registry import Registry
from app.services import parsers
from tests.support.fakes import CountingEngine, HashingEmbedder, MemoryStore
from tests.support.pdfgen import write_pdf
from tests.support.scangen import draw_page, write_mixed_pdf, write_scanned_pdf


@pytest.fixture
def engine() -> CountingEngine:
    return CountingEngine()


def service(engine: CountingEngine, cache: Path | None = None, **options) -> OcrPages:
    return OcrPages(lambda: engine, engine.engine_id, OcrCache(cache) if cache else None,
                    **options)


def scan(seed: int = 1):
    return draw_page([["a scanned page"]], width=600, tilt=0.3, seed=seed)


def test_only_pages_without_a_text_layer_are_ocrd(tmp_path, engine):
    pdf = write_mixed_pdf(tmp_path / "mixed.pdf", [["Typed cover letter about the warranty."],
                                                   ["Second typed page with enough text."]],
                          [scan(1), scan(2)])
    doc = PdfParser(service(engine)).parse(pdf)
    assert engine.calls == 2
    pages = {b.page: b.text for b in doc.blocks}
    assert "Typed cover letter" in pages[1] and "Second typed page" in pages[2]
    assert pages[3] == "Scanned warranty card\nserial number SN-0001" and "SN-0002" in pages[4]
    assert doc.meta["ocr_pages"] == "2" and "ocr_note" not in doc.meta


def test_a_text_pdf_never_loads_the_engine(tmp_path):
    def no_engine():
        raise AssertionError("the engine must not be loaded for a PDF with text")

    pdf = write_pdf(tmp_path / "typed.pdf", [["A page with a real text layer on it."]])
    doc = PdfParser(OcrPages(no_engine, "x", None)).parse(pdf)
    assert doc.meta["ocr_pages"] == "0"


def test_results_are_cached_by_content_so_a_moved_file_is_not_read_again(tmp_path, engine):
    cache = tmp_path / "cache"
    pdf = write_scanned_pdf(tmp_path / "letter.pdf", [scan(1), scan(2)])
    first = PdfParser(service(engine, cache)).parse(pdf)
    moved = pdf.rename(tmp_path / "renamed.pdf")
    again = PdfParser(service(engine, cache)).parse(moved)
    assert engine.calls == 2
    assert [b.text for b in again.blocks] == [b.text for b in first.blocks]
    assert again.meta["ocr_cached"] == "2"
    other_engine = CountingEngine()
    other_engine.engine_id = "fake-2"  # another engine's lines are never reused
    PdfParser(service(other_engine, cache)).parse(moved)
    assert other_engine.calls == 2


def test_a_damaged_cache_entry_is_read_again(tmp_path, engine):
    cache = tmp_path / "cache"
    image = tmp_path / "note.png"
    scan().save(image)
    ImageParser(service(engine, cache)).parse(image)
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json")
    ImageParser(service(engine, cache)).parse(image)
    assert engine.calls == 2


def test_the_page_limit_reads_the_first_pages_and_says_so(tmp_path, engine):
    pdf = write_scanned_pdf(tmp_path / "long.pdf", [scan(i) for i in range(4)])
    pages_seen = []
    ocr = service(engine, max_pages=2)
    ocr.listener = pages_seen.append
    doc = PdfParser(ocr).parse(pdf)
    assert engine.calls == 2 and {b.page for b in doc.blocks} == {1, 2}
    assert "first 2 scanned pages; 2 more were left out (setting ocr_max_pages)" in (
        doc.meta["ocr_note"])
    assert [(p.done, p.total) for p in pages_seen] == [(1, 2), (2, 2)]


def test_multi_page_tiff_pages_and_a_photo(tmp_path, engine):
    tiff = tmp_path / "forms.tiff"
    scan(1).save(tiff, save_all=True, append_images=[scan(2)])
    doc = ImageParser(service(engine)).parse(tiff)
    assert [b.page for b in doc.blocks] == [1, 2] and doc.file_type == "tif"
    photo = tmp_path / "IMG_2041.JPG"
    scan(3).convert("RGB").save(photo, "JPEG")
    doc = ImageParser(service(engine)).parse(photo)
    assert doc.blocks[0].page is None and doc.file_type == "jpg" and doc.title == "IMG_2041"


def test_ocr_off_is_a_clear_reason(tmp_path, engine):
    image = tmp_path / "note.webp"
    scan().save(image, "WEBP")
    with pytest.raises(NothingToIndex, match="OCR is off"):
        ImageParser(service(engine, enabled=False)).parse(image)
    pdf = write_scanned_pdf(tmp_path / "scan.pdf", [scan()])
    with pytest.raises(NothingToIndex, match="no text layer.*OCR is off"):
        PdfParser(service(engine, enabled=False)).parse(pdf)
    assert engine.calls == 0


def test_a_picture_that_is_not_one_fails_with_its_reason(tmp_path, engine):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with pytest.raises(Exception, match="damaged or unsupported image"):
        ImageParser(service(engine)).parse(bad)


def test_the_tally_reports_cached_pages():
    assert OcrTally(pages=3, cached=1).to_meta(200) == {"ocr_pages": "3", "ocr_cached": "1"}


def test_indexing_reports_ocr_and_turning_ocr_on_reads_what_was_skipped(tmp_path, engine):
    folder = tmp_path / "scans"
    folder.mkdir()
    scan().save(folder / "whiteboard.png")
    write_scanned_pdf(folder / "letter.pdf", [scan(1), scan(2)])
    write_pdf(folder / "typed.pdf", [["A typed page with a real text layer on it."]])

    def library(enabled: bool) -> Library:
        settings = settings_for_home(tmp_path / "home", ocr=enabled)
        settings.paths.ensure()
        readers = parsers(settings, isolated=False)  # in-process, for the counting engine
        ocr = readers[".pdf"].ocr
        ocr._engine = lambda: engine  # the counting engine instead of the real models
        ocr.engine_id = engine.engine_id
        store, embedder = MemoryStore(), HashingEmbedder()
        return Library(settings, Registry(settings.paths.registry_file), lambda: store,
                       lambda: embedder, readers)

    off = library(enabled=False)
    report = off.index([str(folder)])
    assert report.indexed == 1 and engine.calls == 0
    assert {Path(p.path).name for p in report.skipped} == {"whiteboard.png", "letter.pdf"}
    assert all(OCR_OFF in p.reason for p in report.skipped)
    off.close()

    on = library(enabled=True)
    progress = []
    report = on.index(progress=progress.append)
    assert report.indexed == 2 and report.ocr_pages == 3 and report.ocr_files == 2
    assert engine.calls == 3 and max(p.ocr_pages for p in progress) == 3
    assert report.to_json()["ocr_pages"] == 3
    assert on.parts.indexer.ocr.listener is None  # later reads (the viewer) are not this run's
    status = on.status().to_json()
    assert status["ocr"]["files"] == 2 and status["ocr"]["pages"] == 3
    assert status["files"]["skipped"] == 0
    hits = on.search("serial number SN-0002")
    assert hits and hits[0].path.endswith("letter.pdf") and hits[0].page == 2
    on.close()


def test_raising_the_page_limit_reads_the_pages_left_out(tmp_path, engine):
    folder = tmp_path / "scans"
    folder.mkdir()
    write_scanned_pdf(folder / "letter.pdf", [scan(1), scan(2), scan(3)])

    def library(max_pages: int) -> Library:
        settings = settings_for_home(tmp_path / "home", ocr_max_pages=max_pages)
        settings.paths.ensure()
        readers = parsers(settings, isolated=False)
        ocr = readers[".pdf"].ocr
        ocr._engine = lambda: engine
        ocr.engine_id = engine.engine_id
        store, embedder = MemoryStore(), HashingEmbedder()
        return Library(settings, Registry(settings.paths.registry_file), lambda: store,
                       lambda: embedder, readers)

    first = library(max_pages=1)
    report = first.index([str(folder)])
    assert report.indexed == 1 and engine.calls == 1 and report.partial
    assert first.parts.registry.get(str((folder / "letter.pdf").resolve())).retry == \
        "more_ocr_pages:1"
    assert first.index().indexed == 0  # same limit: not read again
    first.close()
    again = library(max_pages=1)
    assert again.index().indexed == 0 and engine.calls == 1
    again.close()
    raised = library(max_pages=3)
    report = raised.index()
    assert report.indexed == 1 and not report.partial  # page 1 from the OCR cache
    assert raised.search("serial number SN-0003")[0].page == 3
    raised.close()


def test_the_shipped_word_list_repairs_merged_lines():
    from app.services import make_ocr

    fix = make_ocr().spacer
    assert fix("Pleasepayyourinvoicebeforetheduedate") == (
        "Please pay your invoice before the due date")
    assert fix("Descalingoftheespressomachine") == "Descaling of the espresso machine"
    assert fix("DearMs.Okafor,themeterreadingon14March") == (
        "Dear Ms. Okafor, the meter reading on 14 March")
    kept = "Die Stromrechnung für Ihren Haushalt beträgt 212 Euro"
    assert fix(kept) == kept


TSV = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
       "\tconf\ttext\n") + """1\t1\t0\t0\t0\t0\t0\t0\t1240\t400\t-1\t
5\t1\t1\t1\t1\t1\t92\t103\t51\t23\t96.3\tLeft
5\t1\t1\t1\t1\t2\t151\t103\t99\t22\t96.3\tcolumn
5\t1\t1\t1\t1\t3\t622\t97\t68\t29\t90.0\tRight
5\t1\t1\t1\t2\t1\t90\t148\t134\t21\t80.0\tcontinues
"""


def test_tesseract_words_become_lines_cut_at_gutters():
    from app.backends.tesseract_ocr import _lines

    lines = _lines(TSV)
    assert [line.text for line in lines] == ["Left column", "Right", "continues"]
    assert lines[0].box == (92, 103, 250, 126) and lines[0].score == pytest.approx(0.963)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_tesseract_engine_when_installed(tmp_path):
    from app.core.settings import settings_for_home
    from app.services import make_ocr

    ocr = make_ocr(settings_for_home(tmp_path / "home", ocr_engine="tesseract"))
    assert ocr.engine_id.startswith("tesseract-")
    image = tmp_path / "receipt.png"
    draw_page([["Descaling of the espresso machine", "Paid 45.00 EUR"]], width=900).save(image)
    text = " ".join(b.text for b in ImageParser(ocr).parse(image).blocks)
    assert "espresso machine" in text and "45.00" in text


def test_an_unknown_ocr_engine_is_a_settings_error(tmp_path):
    from app.core.errors import ConfigError
    from app.core.settings import apply_overrides, settings_for_home

    with pytest.raises(ConfigError, match="ocr_engine must be one of rapidocr, tesseract"):
        apply_overrides(settings_for_home(tmp_path), {"ocr_engine": "easyocr"})
    with pytest.raises(ConfigError, match="ocr_max_pages must be at least 1"):
        apply_overrides(settings_for_home(tmp_path), {"ocr_max_pages": 0})
