"""Pictures of text for the OCR tests: pages drawn with Pillow's bundled font, then made
to look scanned (a slight tilt, grey paper, speckle, JPEG compression).

Drawn at test time, so no binary fixtures and no system fonts are needed; the text is
known, so what OCR reads can be checked word by word.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 150


def draw_page(paragraphs: list[list[str]], *, width: int = 1240, height: int = 0,
              size: int = 30, columns: int = 1, tilt: float = 0.6, seed: int = 7) -> Image.Image:
    """Paragraphs of lines on a page (``columns`` side by side), looking like a scan."""
    font = ImageFont.load_default(size=size)
    line_height, gap, margin = int(size * 1.45), int(size * 1.2), 90
    per_column = -(-len(paragraphs) // columns)
    rows = max(sum(len(p) for p in paragraphs[i:i + per_column]) * line_height
               + per_column * gap for i in range(0, len(paragraphs), per_column))
    height = height or rows + 2 * margin
    page = Image.new("L", (width, height), 246)
    draw = ImageDraw.Draw(page)
    column_width = (width - 2 * margin) // columns
    for index, paragraph in enumerate(paragraphs):
        column, position = divmod(index, per_column)
        x = margin + column * column_width
        if position == 0:
            y = margin
        for line in paragraph:
            draw.text((x, y), line, fill=25, font=font)
            y += line_height
        y += gap
    return _scanned(page, tilt, seed)


def _scanned(page: Image.Image, tilt: float, seed: int) -> Image.Image:
    rng = random.Random(seed)
    page = page.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=246, expand=False)
    pixels = page.load()
    for _ in range(page.width * page.height // 400):  # dust and toner specks
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        pixels[x, y] = rng.choice((60, 120, 200))
    page = page.filter(ImageFilter.GaussianBlur(0.5))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=70)
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def write_scanned_pdf(path: Path, pages: list[Image.Image]) -> Path:
    """An image-only PDF (no text layer), one picture per page, as a scanner writes it."""
    pages[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return path


def write_mixed_pdf(path: Path, text_pages: list[list[str]], scans: list[Image.Image]) -> Path:
    """Text-layer pages first, then scanned pages: a letter with a scanned attachment."""
    from pypdf import PdfReader, PdfWriter

    from tests.support.pdfgen import write_pdf

    text_pdf = write_pdf(path.with_suffix(".text.pdf"), text_pages)
    scan_pdf = write_scanned_pdf(path.with_suffix(".scan.pdf"), scans)
    writer = PdfWriter()
    for source in (text_pdf, scan_pdf):
        for page in PdfReader(source).pages:
            writer.add_page(page)
    with open(path, "wb") as out:
        writer.write(out)
    text_pdf.unlink()
    scan_pdf.unlink()
    return path
