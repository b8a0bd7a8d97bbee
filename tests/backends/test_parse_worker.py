"""The reader process: the same documents as in-process, and a file that hangs, crashes
or eats memory costs that file, never the owner (real child processes)."""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import replace

import pytest

from app.backends.parse_worker import WorkerParser, WorkerPool
from app.core.errors import NothingToIndex, ParseFailed
from app.core.settings import settings_for_home
from app.services import in_process_parsers, parsers
from tests.conftest import SAMPLE_NOTES

pytestmark = pytest.mark.slow  # starts Python processes
GUIDE = SAMPLE_NOTES / "reference" / "payments-api-guide.pdf"


@pytest.fixture
def settings(tmp_path):
    settings = settings_for_home(tmp_path / "home", parse_timeout_s=3)
    settings.paths.ensure()
    return settings


def test_heavy_formats_are_read_in_a_child_with_the_same_result(settings):
    isolated, local = parsers(settings), parsers(settings, isolated=False)
    assert isinstance(isolated[".pdf"], WorkerParser)
    assert not isinstance(isolated[".md"], WorkerParser)  # linear parsers stay here
    try:
        for ext, path in ((".pdf", GUIDE),
                          (".docx", SAMPLE_NOTES / "reference" / "home-network.docx"),
                          (".html", SAMPLE_NOTES / "personal" / "sourdough.html")):
            assert isolated[ext].parse(path) == local[ext].parse(path)
        empty = settings.paths.cache / "empty.html"
        empty.write_text("<html><body></body></html>")
        with pytest.raises(NothingToIndex):  # the exception's kind survives the pipe
            isolated[".html"].parse(empty)
    finally:
        isolated[".pdf"].close()


@pytest.fixture
def reader(settings):
    """``make(extension, ocr, **settings)``: a parser on a reader pool of its own, closed
    after the test."""
    pools = []

    def make(extension: str, ocr=None, **overrides) -> WorkerParser:
        pools.append(WorkerPool(replace(settings, **overrides), in_process_parsers))
        return WorkerParser(pools[-1], extension, ocr)

    yield make
    for pool in pools:
        pool.close()


def test_a_file_that_hangs_is_stopped_and_the_next_file_is_read(settings, reader):
    html = reader(".html")
    fifo = settings.paths.cache / "never-written.html"
    os.mkfifo(fifo)  # opening it blocks the reader forever: a stand-in for a hang
    with pytest.raises(ParseFailed, match="longer than 3 s without progress"):
        html.parse(fifo)
    assert html.parse(SAMPLE_NOTES / "personal" / "sourdough.html").blocks


def test_a_reader_that_dies_costs_one_file(settings, reader):
    pdf = reader(".pdf", parse_timeout_s=60)
    pdf.parse(GUIDE)  # the child is up
    fifo = settings.paths.cache / "stuck.pdf"
    os.mkfifo(fifo)
    child = pdf.pool.worker()._process
    threading.Timer(1.0, lambda: os.kill(child.pid, signal.SIGKILL)).start()
    with pytest.raises(ParseFailed, match="took the reader process down"):
        pdf.parse(fifo)  # killed while it waits: as when the kernel kills it for memory
    assert pdf.parse(GUIDE).blocks  # a fresh child reads the next file


def test_the_memory_limit_holds_in_the_child(settings, reader):
    html = reader(".html", parse_memory_mb=600, parse_timeout_s=120)
    big = settings.paths.cache / "wide.html"  # 25 MB of text, each tag a node in memory
    big.write_text("<html><body>" + "<p>word</p>" * 2_500_000 + "</body></html>")
    with pytest.raises(ParseFailed, match="memory"):
        html.parse(big)
    assert html.parse(SAMPLE_NOTES / "personal" / "sourdough.html").blocks


def test_ocr_pages_read_in_the_child_reach_this_process(settings, reader):
    from app.services import make_ocr
    from tests.support.scangen import draw_page, write_scanned_pdf

    scanned = write_scanned_pdf(settings.paths.cache / "letter.pdf", [
        draw_page([["Dear customer, your warranty runs until March."]], width=900)])
    ocr = make_ocr(settings)  # this process's service: its settings and its listener
    pages = []
    ocr.listener = pages.append
    pdf = reader(".pdf", ocr, parse_timeout_s=240)
    doc = pdf.parse(scanned)
    assert "warranty" in " ".join(block.text for block in doc.blocks).lower()
    assert [page.done for page in pages] == [1]
    ocr.enabled = False  # a settings change reaches the child with the next file
    with pytest.raises(NothingToIndex, match="OCR"):
        pdf.parse(scanned)
