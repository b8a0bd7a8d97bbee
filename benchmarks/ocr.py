"""OCR: accuracy, speed and memory of the engines Hearth could ship, and what OCR costs a
whole indexing run.

Accuracy is the character error rate (edit distance / reference length, whitespace
collapsed, NFKC) of pages whose text is known: the first page of every PDF in
../shared/eval/pdf_samples that has a real text layer (rendered to an image at each dpi,
so the text layer is the reference), plus pages drawn to look scanned from known text
(tests/support/scangen.py). Engines: RapidOCR (PP-OCRv4, ONNX Runtime; Hearth's choice),
with and without Hearth's space repair, and Tesseract 5 when its program is installed
(Debian: apt install tesseract-ocr; it cannot come from pip, so Hearth does not use it).

Whole run: a folder of 12 PDFs, half of them scanned, indexed with the real embedder and
Chroma store: OCR on vs off (same run), then the same files again from the OCR cache.

Run:  .venv/bin/python -m benchmarks.ocr [--dpi 150 200 300] [--max-side 2000 3600]
      [--limit N]          (or: make bench-ocr)
About 15 minutes on 2 cores with Tesseract installed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from statistics import median

import numpy as np

REPO = Path(__file__).resolve().parent.parent
PDF_SAMPLES = REPO.parent / "shared" / "eval" / "pdf_samples" / "corpus"
OWN_PAGES = [
    [["Northwind Water Company", "Customer account 4471-0932"],
     ["Dear Ms. Okafor,", "your meter reading on 14 March 2026 was 18,204 cubic metres.",
      "The new quarterly charge is 212.40 EUR, due on 30 April 2026."],
     ["If you have questions, call our service desk on 0800 555 0142."]],
    [["WARRANTY CARD", "Dishwasher model DW-8812"],
     ["Purchased at Harbor Appliances on 2 February 2026.",
      "The warranty covers parts and labour for five years.",
      "Keep this card together with the receipt."]],
    [["Minutes of the residents' meeting"],
     ["We agreed to repaint the stairwell before the summer.",
      "Noor will ask the landlord about the broken intercom.",
      "The next meeting is on Thursday at seven."]],
]


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def cer(reference: str, hypothesis: str) -> float:
    """Levenshtein distance / len(reference), one numpy row at a time."""
    ref = np.frombuffer(reference.encode("utf-32-le"), dtype=np.uint32)
    hyp = np.frombuffer(hypothesis.encode("utf-32-le"), dtype=np.uint32)
    if len(ref) == 0:
        return float(len(hyp) > 0)
    steps = np.arange(len(hyp) + 1)
    row = steps.copy()
    for i, char in enumerate(ref, 1):
        diagonal = row[:-1] + (hyp != char)
        new = np.empty_like(row)
        new[0] = i
        new[1:] = np.minimum(row[1:] + 1, diagonal)
        row = np.minimum.accumulate(new - steps) + steps  # insertions, left to right
    return float(row[-1]) / len(ref)


def known_pages(dpis: list[int], limit: int | None) -> list[tuple[str, int, object, str]]:
    """(name, dpi, image, reference text) for every page of known text at every dpi."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    from tests.support.scangen import draw_page

    pages = []
    samples = sorted(PDF_SAMPLES.glob("*.pdf"))
    chosen = 0
    for path in samples:
        try:
            reference = normalize(PdfReader(path).pages[0].extract_text() or "")
        except Exception:  # damaged samples are the PDF tests' business, not this one's
            continue
        if len(reference) < 200 or not reference.isascii():
            continue  # image-only, nearly empty, or a script the models do not read
        chosen += 1
        if limit and chosen > limit:
            break
        document = pdfium.PdfDocument(str(path))
        for dpi in dpis:
            pages.append((path.stem, dpi, document[0].render(scale=dpi / 72).to_pil(),
                          reference))
    for n, paragraphs in enumerate(OWN_PAGES):
        reference = normalize(" ".join(line for p in paragraphs for line in p))
        for dpi in dpis:  # 14 pt text on an A4-wide page, drawn at each resolution
            image = draw_page(paragraphs, seed=n, size=round(30 * dpi / 150),
                              width=round(1240 * dpi / 150))
            pages.append((f"scan-{n + 1}", dpi, image, reference))
    return pages


def rapid_engine(max_side: int):
    from app.backends import rapid_ocr

    rapid_ocr.MAX_SIDE = max_side  # the longer side the detector sees, in pixels
    return rapid_ocr.RapidOcrEngine()


def rapid_text(engine, image, spacer) -> tuple[str, str]:
    from app.core.ingest.ocr.layout import page_lines

    lines = engine.recognize(image)
    raw = " ".join(page_lines(lines))
    fixed = " ".join(spacer(line) for line in page_lines(lines)) if spacer else raw
    return raw, fixed


def tesseract_text(image, dpi: int) -> str | None:
    if not shutil.which("tesseract"):
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.png"
        image.save(source, dpi=(dpi, dpi))
        run = subprocess.run(["tesseract", str(source), "stdout", "--dpi", str(dpi)],
                             capture_output=True, text=True, timeout=300)
        return run.stdout


def accuracy(dpis: list[int], limit: int | None, max_sides: list[int]) -> None:
    from app.backends.page_images import RENDER_DPI
    from app.backends.rapid_ocr import MAX_SIDE
    from app.services import _word_spacer

    spacer = _word_spacer()
    pages = known_pages(dpis, limit)
    results: dict[tuple[str, int], list[tuple[float, float]]] = {}

    def add(name: str, dpi: int, reference: str, text: str, seconds: float) -> float:
        error = cer(reference, normalize(text))
        results.setdefault((name, dpi), []).append((error, seconds))
        return error

    for max_side in max_sides:
        engine = rapid_engine(max_side)
        for name, dpi, image, reference in pages:
            started = time.perf_counter()
            raw, fixed = rapid_text(engine, image, spacer)
            seconds = time.perf_counter() - started
            add(f"RapidOCR {max_side}px raw", dpi, reference, raw, seconds)
            error = add(f"RapidOCR {max_side}px + spaces", dpi, reference, fixed, seconds)
            print(f"  rapid {max_side}px {name} @ {dpi} dpi: {error:.3f} {seconds:.1f}s",
                  file=sys.stderr)
    for _name, dpi, image, reference in pages:
        started = time.perf_counter()
        text = tesseract_text(image, dpi)
        if text is not None:
            add("Tesseract 5 (eng)", dpi, reference, text, time.perf_counter() - started)
    count = len(pages) // len(dpis)
    print(f"\nCharacter error rate, {count} pages of known text "
          f"({count - len(OWN_PAGES)} PDF sample first pages + {len(OWN_PAGES)} drawn scans):")
    print(f"{'engine':30}{'dpi':>5}{'CER median':>12}{'CER mean':>10}{'s/page':>8}")
    for (engine_name, dpi), rows in sorted(results.items()):
        errors = [e for e, _ in rows]
        print(f"{engine_name:30}{dpi:>5}{median(errors):>12.3f}{sum(errors) / len(errors):>10.3f}"
              f"{median(s for _, s in rows):>8.2f}")
    print(f"Hearth renders scanned pages at {RENDER_DPI} dpi; RapidOCR limited to {MAX_SIDE}px")
    if not shutil.which("tesseract"):
        print("(Tesseract not installed: only RapidOCR measured)")


def whole_run(scanned: int = 6) -> None:
    """Index 2 x ``scanned`` PDFs (half scanned), OCR on and off, then from the cache."""
    from app.core.settings import settings_for_home
    from app.services import build
    from tests.support.pdfgen import write_pdf
    from tests.support.scangen import draw_page, write_scanned_pdf

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        papers = root / "papers"
        papers.mkdir()
        for n in range(scanned):
            paragraphs = OWN_PAGES[n % len(OWN_PAGES)]
            lines = [line for p in paragraphs for line in p]
            write_pdf(papers / f"typed-{n}.pdf", [lines, lines])
            write_scanned_pdf(papers / f"scanned-{n}.pdf",
                              [draw_page(paragraphs, seed=n), draw_page(paragraphs, seed=n + 50)])
        timings = {}
        for label, ocr in (("OCR off", False), ("OCR on", True), ("OCR on, cached", True)):
            home = root / ("home-off" if not ocr else "home-on")
            if label == "OCR on, cached":
                shutil.rmtree(home / "data")  # a new library, the same OCR cache
            library = build(settings_for_home(home, ocr=ocr))
            started = time.perf_counter()
            report = library.index([str(papers)])
            timings[label] = (time.perf_counter() - started, report)
            library.close()
        base = timings["OCR off"][0]
        print(f"\nIndexing {2 * scanned} PDFs of 2 pages, {scanned} of them scanned "
              "(real embedder, Chroma):")
        for label, (seconds, report) in timings.items():
            print(f"  {label:16} {seconds:6.1f} s  {seconds / base:5.2f}x of OCR off  "
                  f"indexed {report.indexed}, OCR pages {report.ocr_pages} "
                  f"({report.ocr_cached_pages} cached), skipped {len(report.skipped)}")


def memory() -> None:
    """Peak RSS of a process that loads the OCR engine and reads one page."""
    code = ("import re\n"
            "def peak():\n"
            "    status = open('/proc/self/status').read()\n"
            "    return int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024\n"
            "from tests.support.scangen import draw_page\n"
            "page = draw_page([['a page of text to read'] * 3], width=2480, height=3508, size=60)\n"
            "before = peak()\n"
            "from app.backends.rapid_ocr import RapidOcrEngine\n"
            "RapidOcrEngine().recognize(page)\n"
            "print(before, peak())\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         env=dict(os.environ), timeout=300)
    before, after = map(int, run.stdout.split())
    print(f"\nPeak RSS (VmHWM): {after} MB with the OCR engine loaded and one 300 dpi A4 page "
          f"read ({after - before} MB more than the process before loading it)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    parser.add_argument("--limit", type=int, help="only the first N PDF samples")
    parser.add_argument("--max-side", type=int, nargs="+", default=[2000, 3600],
                        help="RapidOCR's longest image side (pixels) to compare")
    parser.add_argument("--skip-accuracy", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not args.skip_accuracy:
        accuracy(args.dpi, args.limit, args.max_side)
    whole_run()
    memory()
    return 0


if __name__ == "__main__":
    sys.exit(main())
