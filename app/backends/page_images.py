"""Images to read: PDF pages rendered by PDFium, picture files decoded by Pillow."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import ParseFailed

# Scans are rendered at this resolution: the lowest character error rate of 150/200/300
# dpi in benchmarks/ocr.py (median 0.003 vs 0.011 at 150 dpi, where a two-column page
# falls apart); the recognizer shrinks it to its 2,000 px limit.
RENDER_DPI = 300


def render_pdf_page(path: Path, page: int, dpi: int = RENDER_DPI):
    """Page ``page`` (1-based) of a PDF as a PIL image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        bitmap = document[page - 1].render(scale=dpi / 72)
        return bitmap.to_pil()
    finally:
        document.close()


def image_frame(path: Path, index: int):
    """Frame ``index`` (0-based) of an image file as an upright RGB PIL image."""
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as image:
            image.seek(index)
            frame = ImageOps.exif_transpose(image)  # phone photos are often stored sideways
            return frame.convert("RGB")
    except (OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise ParseFailed(f"damaged or unsupported image (frame {index + 1}): {exc}") from exc


def frame_count(path: Path) -> int:
    """How many frames (pages) the image holds: 1, or more for a multi-page TIFF."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return getattr(image, "n_frames", 1)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ParseFailed(f"damaged or unsupported image: {exc}") from exc
