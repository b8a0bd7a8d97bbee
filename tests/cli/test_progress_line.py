"""The terminal progress line: fits its width, never cuts the time left, shows OCR."""

from __future__ import annotations

from app.cli.output import render_progress
from app.core.types import Progress


def test_the_line_fits_and_keeps_the_time_left():
    busy = Progress(1234, 2272, 56789, 3671.0, "/notes/x.pdf", ocr_pages=321,
                    detail="OCR page 11/120")
    for width in (40, 60, 80, 120):
        line = render_progress(busy, width)
        assert len(line) <= width - 1, (width, line)
        assert "1234/2272 files" in line and "ETA 51:27" in line
    assert "OCR page 11/120" in render_progress(busy, 120)
    assert "321 pages OCR'd" in render_progress(busy, 120)


def test_before_any_file_the_eta_is_unknown():
    assert "ETA --:--" in render_progress(Progress(0, 10, 0, 0.0), 80)
