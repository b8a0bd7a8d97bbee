"""OCR through RapidOCR (PaddleOCR's PP-OCRv4 models on ONNX Runtime).

Chosen because its detection, recognition and orientation models ship inside the
``rapidocr-onnxruntime`` wheel (nothing is fetched at run time) and it runs on the ONNX
Runtime Hearth already installs; see benchmarks/ocr.py for the comparison with Tesseract.
"""

from __future__ import annotations

import logging
from importlib import metadata

from app.core.types import OcrLine

log = logging.getLogger(__name__)
PACKAGE = "rapidocr-onnxruntime"
# A page render is shrunk to this many pixels on its longer side before detection (the
# engine's own default): a 300 dpi A4 render shrunk to it reads best of 150/200/300 dpi,
# while 3,600 px doubles the memory (1.5 GB) and triples the time for no gain
# (benchmarks/ocr.py). A phone photo is scaled down the same way.
MAX_SIDE = 2000


def engine_id() -> str:
    """Engine and version: cached lines of another engine or model are not reused."""
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        version = "missing"
    return f"rapidocr-onnxruntime-{version}/PP-OCRv4/{MAX_SIDE}"


class RapidOcrEngine:
    """An ``OcrEngine``: boxes, text and confidence for each line of an image."""

    def __init__(self, threads: int = 0) -> None:
        from rapidocr_onnxruntime import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.WARNING)  # it logs every call
        threads = threads if threads > 0 else -1
        self._ocr = RapidOCR(max_side_len=MAX_SIDE, intra_op_num_threads=threads,
                             inter_op_num_threads=1)
        self.engine_id = engine_id()

    def recognize(self, image: object) -> list[OcrLine]:
        result, _ = self._ocr(image)
        lines = []
        for points, text, score in result or []:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            lines.append(OcrLine(str(text), (float(min(xs)), float(min(ys)), float(max(xs)),
                                             float(max(ys))), round(float(score), 4)))
        return lines
