"""Images to read: PDF pages rendered by PDFium, picture files decoded by Pillow."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import ParseFailed

# Scans are rendered at this resolution: the lowest character error rate of 150/200/300
# dpi in benchmarks/ocr.py (median 0.003 vs 0.011 at 150 dpi, where a two-column page
# falls apart); the recognizer shrinks it to its 2,000 px limit.
RENDER_DPI = 300
# At most this many pixels per rendered page (A2 at 300 dpi is 35 M): a 424-byte PDF can
# declare a 14,400 pt page, 3.6 G pixels at 300 dpi, and the recognizer shrinks every
# page to 2,000 px anyway. Larger pages are rendered at a lower resolution.
MAX_RENDER_PIXELS = 36_000_000
# A blank page is told apart at this resolution, in about a millisecond, before OCR.
PROBE_DPI = 16
BLANK_RANGE = 20  # grey levels between the darkest and lightest pixel of a blank probe
PROBE_MIN_PX = 64  # a small page's probe keeps enough pixels to judge (or is the page)


def render_scale(width_pt: float, height_pt: float, dpi: int = RENDER_DPI) -> float:
    """PDFium's scale for ``dpi``, lowered so the page stays within MAX_RENDER_PIXELS."""
    scale = dpi / 72
    area = max(width_pt, 1.0) * max(height_pt, 1.0) * scale * scale
    if area > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / area) ** 0.5
    return scale


def render_pdf_page(path: Path, page: int, dpi: int = RENDER_DPI):
    """Page ``page`` (1-based) of a PDF as a PIL image, or None when the page is blank (a
    low-resolution probe shows no ink), so OCR never spends seconds on an empty page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        pdf_page = document[page - 1]
        width, height = pdf_page.get_size()
        scale = render_scale(width, height, dpi)
        probe_scale = max(PROBE_DPI / 72, PROBE_MIN_PX / max(width, height, 1.0))
        probe = pdf_page.render(scale=min(scale, probe_scale)).to_pil()
        if is_blank(probe):
            return None
        return pdf_page.render(scale=scale).to_pil()
    finally:
        document.close()


def is_blank(image) -> bool:
    """True when ``image`` holds no ink: its grey levels span less than BLANK_RANGE."""
    low, high = image.convert("L").getextrema()
    return high - low < BLANK_RANGE


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
