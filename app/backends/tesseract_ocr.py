"""OCR through the Tesseract program, for users who installed it (``ocr_engine``).

Not the default: it cannot be installed with pip, so ``make run`` could not set it up.
Where it is installed it reads clean print more accurately than RapidOCR and keeps the
spaces between words (benchmarks/ocr.py). It runs as a child process on the image.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

from PIL import Image

from app.core.errors import ParseFailed
from app.core.types import OcrLine

DEFAULT_DPI = 300  # what a picture without resolution information is taken to have
GUTTER = 1.5  # words further apart than this many line heights are not one line


def engine_id(languages: str) -> str:
    try:
        run = subprocess.run(["tesseract", "--version"], capture_output=True, text=True,
                             timeout=30)
        version = (run.stdout or run.stderr).split()[1]
    except (OSError, IndexError, subprocess.SubprocessError):
        version = "missing"
    return f"tesseract-{version}/{languages}"


class TesseractEngine:
    """An ``OcrEngine``: Tesseract's words grouped into its own lines, with their boxes."""

    def __init__(self, languages: str = "eng", threads: int = 0) -> None:
        if shutil.which("tesseract") is None:
            raise ParseFailed("ocr_engine is 'tesseract' but the tesseract program is not "
                              "installed (or set ocr_engine to 'rapidocr')")
        self.languages = languages
        self.threads = threads
        self.engine_id = engine_id(languages)

    def recognize(self, image: object) -> list[OcrLine]:
        dpi = int((getattr(image, "info", {}).get("dpi") or (DEFAULT_DPI,))[0]) or DEFAULT_DPI
        if not isinstance(image, Image.Image):
            raise TypeError(f"Tesseract reads Pillow images, not {type(image).__name__}")
        data = io.BytesIO()
        image.save(data, "PNG")
        env = {"OMP_THREAD_LIMIT": str(self.threads)} if self.threads else None
        run = subprocess.run(["tesseract", "stdin", "stdout", "--dpi", str(dpi), "-l",
                              self.languages, "tsv"], input=data.getvalue(),
                             capture_output=True, timeout=600, env=env)
        if run.returncode != 0:
            raise ParseFailed(f"tesseract failed: {run.stderr.decode(errors='replace')[-300:]}")
        return _lines(run.stdout.decode("utf-8", errors="replace"))


def _lines(tsv: str) -> list[OcrLine]:
    """Words (level 5) grouped by block, paragraph and line into boxed lines; a line is cut
    where its words are further apart than a column gutter (Tesseract sometimes reads two
    columns' rows as one line)."""
    lines: dict[tuple[str, str, str], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    result = []
    for words in lines.values():
        words.sort(key=lambda w: int(w["left"]))
        height = max(int(w["height"]) for w in words)
        piece = [words[0]]
        for word in words[1:]:
            gap = int(word["left"]) - (int(piece[-1]["left"]) + int(piece[-1]["width"]))
            if gap > GUTTER * height:
                result.append(_line(piece))
                piece = []
            piece.append(word)
        result.append(_line(piece))
    return result


def _line(words: list[dict]) -> OcrLine:
    x0 = min(int(w["left"]) for w in words)
    y0 = min(int(w["top"]) for w in words)
    x1 = max(int(w["left"]) + int(w["width"]) for w in words)
    y1 = max(int(w["top"]) + int(w["height"]) for w in words)
    score = sum(max(0.0, float(w["conf"])) for w in words) / len(words) / 100
    return OcrLine(" ".join(w["text"].strip() for w in words), (x0, y0, x1, y1), round(score, 4))
