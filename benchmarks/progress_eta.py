"""How true the indexing ETA is: the old file-count estimate vs the per-type cost estimate
(``core.eta``), from the same run's progress ticks.

A folder where sizes and kinds are mixed the way real ones are: short SciFact abstracts as
notes, the sample notes, whole QMSum meeting transcripts (long .txt), the pypdf sample PDFs
and a few scanned PDFs that need OCR, indexed with the real embedder and Chroma store. For
every tick after a tenth of the files are done, the estimate is compared with the time the
run really still took; the table gives the error at 10/25/50/75 % of the files, and the
share of ticks within +-30 %.

Run:  .venv/bin/python -m benchmarks.progress_eta [--abstracts 300] [--transcripts 6]
About 2 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"


def mixed_folder(root: Path, abstracts: int, transcripts: int, pdf_samples: bool = True,
                 scanned: int = 3) -> Path:
    """Notes, transcripts, PDFs and scans in one folder, in an order that mixes them."""
    from tests.support.scangen import draw_page, write_scanned_pdf

    folder = root / "library"
    shutil.copytree(REPO / "resources" / "sample-notes", folder / "b-sample-notes")
    notes = folder / "a-abstracts"
    notes.mkdir()
    for source in sorted((EVAL / "scifact" / "corpus").iterdir())[:abstracts]:
        shutil.copy2(source, notes / source.name)
    meetings = folder / "c-transcripts"
    meetings.mkdir()
    for source in sorted((EVAL / "qmsum" / "corpus").iterdir())[:transcripts]:
        shutil.copy2(source, meetings / source.name)
    if pdf_samples:
        shutil.copytree(EVAL / "pdf_samples" / "corpus", folder / "d-pdfs")
    scans = folder / "e-scans"
    scans.mkdir()
    for n in range(scanned):
        pages = [draw_page([[f"Scanned letter {n} page {p}", "The quarterly charge is due."]],
                           seed=n * 10 + p) for p in range(2)]
        write_scanned_pdf(scans / f"scan-{n}.pdf", pages)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--abstracts", type=int, default=300)
    parser.add_argument("--transcripts", type=int, default=6)
    parser.add_argument("--scanned", type=int, default=3, help="scanned PDFs of 2 pages")
    parser.add_argument("--no-pdf-samples", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from app.core.settings import settings_for_home
    from app.services import build

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = mixed_folder(root, args.abstracts, args.transcripts,
                              not args.no_pdf_samples, args.scanned)
        library = build(settings_for_home(root / "home"))
        _ = library.parts.embedder  # loading the model is not indexing work: timed from here on
        ticks = []

        def record(progress) -> None:
            by_files = None
            if progress.files_done:
                by_files = (progress.files_total - progress.files_done) * (
                    progress.elapsed / progress.files_done)
            ticks.append((time.monotonic(), progress.files_done, progress.files_total,
                          by_files, progress.seconds_left))

        report = library.index([str(folder)], progress=record)
        end = time.monotonic()
        library.close()
    rows = [(done / files, end - at, by_files, by_type)
            for at, done, files, by_files, by_type in ticks
            if done >= files / 10 and done < files and end - at > 1.0]
    print(f"Indexed {report.indexed} files ({report.chunks} chunks, {report.ocr_pages} OCR "
          f"pages, {len(report.skipped) + len(report.failed)} not indexed) in "
          f"{report.seconds:.0f} s")
    print(f"{'files done':>11}{'true left':>11}{'by file count':>16}{'by type cost':>15}")
    for mark in (0.10, 0.25, 0.50, 0.75):
        share, left, by_files, by_type = min(rows, key=lambda r: abs(r[0] - mark))
        print(f"{share:>10.0%} {left:>9.0f} s {by_files:>9.0f} s ({_err(by_files, left)})"
              f" {by_type:>7.0f} s ({_err(by_type, left)})")
    for name, index in (("by file count", 2), ("by type cost", 3)):
        within = sum(abs(r[index] - r[1]) <= 0.3 * r[1] for r in rows)
        worst = max(abs(r[index] - r[1]) / r[1] for r in rows)
        print(f"{name}: {within}/{len(rows)} ticks after 10% of the files within +-30% of the "
              f"true time left; worst error {worst:.0%}")
    return 0


def _err(estimate: float, truth: float) -> str:
    return f"{(estimate - truth) / truth:+.0%}"


if __name__ == "__main__":
    sys.exit(main())
