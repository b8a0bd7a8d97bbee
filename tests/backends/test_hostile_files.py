"""Small files that expand into something huge are refused by the limits, fast, with the
limit they hit (the files are made here, not stored). Peak memory before the limits: a
424-byte PDF page rendered for OCR passed 6 GB, a 16 MB DOCX 7 GB; 100k nested divs
parsed for over 600 s."""

from __future__ import annotations

import resource
import time
import zipfile
from pathlib import Path

import pytest

from app.backends.docx_parser import MAX_XML_BYTES, DocxParser
from app.backends.html_parser import MAX_DEPTH, HtmlParser, nesting_depth
from app.backends.page_images import MAX_RENDER_PIXELS, render_pdf_page, render_scale
from app.backends.pdf import PdfParser
from app.core.errors import NothingToIndex, ParseFailed
from app.core.ingest.ocr.runner import OcrPages
from tests.support.fakes import CountingEngine
from tests.support.scangen import draw_page, write_scanned_pdf


def blank_pdf(path: Path, pages: int, width: float = 595, height: float = 842) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=height)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_giant_page_is_rendered_within_the_pixel_limit(tmp_path):
    pdf = blank_pdf(tmp_path / "giant.pdf", 1, width=14400, height=14400)
    assert pdf.stat().st_size < 1000
    scale = render_scale(14400, 14400)
    assert (14400 * scale) ** 2 <= MAX_RENDER_PIXELS * 1.001
    assert render_scale(595, 842) == pytest.approx(300 / 72)  # A4 keeps its 300 dpi
    before = peak_rss_mb()
    assert render_pdf_page(pdf, 1) is None  # blank: found by the probe, not rendered
    assert peak_rss_mb() - before < 500


def test_blank_pages_skip_the_engine_and_scans_do_not(tmp_path):
    engine = CountingEngine()
    ocr = OcrPages(lambda: engine, engine.engine_id, None, max_pages=500)
    blank = blank_pdf(tmp_path / "blank.pdf", 300)
    started = time.monotonic()
    with pytest.raises(NothingToIndex, match="no text layer"):
        PdfParser(ocr).parse(blank)
    assert engine.calls == 0
    assert time.monotonic() - started < 120  # was 3.6 s a page; generous for a busy CI
    scanned = write_scanned_pdf(tmp_path / "scan.pdf",
                                [draw_page([["a scanned page of words"]], width=600)])
    PdfParser(ocr).parse(scanned)
    assert engine.calls == 1  # a page with ink is still read


def test_a_docx_zip_bomb_is_refused_before_it_expands(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            block = b"<w:t>" + b"A" * (1 << 20) + b"</w:t>"
            for _ in range(MAX_XML_BYTES // len(block) + 2):
                member.write(block)
    assert bomb.stat().st_size < MAX_XML_BYTES // 100
    before = peak_rss_mb()
    with pytest.raises(ParseFailed, match="zip bomb"):
        DocxParser().parse(bomb)
    assert peak_rss_mb() - before < 200


def test_deeply_nested_html_is_refused_in_linear_time(tmp_path):
    page = tmp_path / "nested.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000)
    started = time.monotonic()
    with pytest.raises(ParseFailed, match="levels deep"):
        HtmlParser().parse(page)
    assert time.monotonic() - started < 60  # was over 600 s
    ordinary = "<ul><li>one<li>two</ul>" + "<div><p>text" * 30 + "</div>" * 30
    assert nesting_depth(ordinary) <= 31 < MAX_DEPTH

