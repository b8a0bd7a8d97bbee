"""Indexing throughput of Hearth against the raw engines on exactly the same chunk texts.

Hearth indexes the given folders into a temporary HEARTH_HOME (parse, chunk, embed, store)
with the chosen backend (default: the default backend of a new library, int8 ONNX); then,
in the same process, the raw engines embed the very chunk texts Hearth produced, all in
one call with batch size 32: the chosen backend alone (ONNX Runtime on the export, texts
sorted by length) and ``SentenceTransformer.encode`` in fp32 (torch). The ratios say how
much of its own engine's speed the pipeline keeps, and how it compares with plain
sentence-transformers. Model loading is excluded from every timing.

Run:  .venv/bin/python -m benchmarks.index_throughput [FOLDER ...] [--scifact-only 400]
      [--embedder-backend onnx-int8|onnx|torch]            (make bench runs both corpora)
Default corpus (mixed formats, over 2,000 documents): the sample notes (md, txt, pdf, docx,
html, vtt, srt), pypdf's sample PDFs, QMSum transcripts, the Chroma chunking corpora and the
first 2,000 SciFact abstracts (copied to a temporary folder), all from ../shared/eval.
``--scifact-only N``: only the first N SciFact abstracts.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from app.core.settings import NEW_LIBRARY_BACKEND

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
DEFAULT_FOLDERS = [REPO / "resources" / "sample-notes", EVAL / "pdf_samples" / "corpus",
                   EVAL / "qmsum" / "corpus", EVAL / "chroma_chunking" / "corpus"]
SCIFACT_DOCS = 2000


def measure(folders: list[Path], embedder) -> dict:
    """Index ``folders`` into a fresh library; time it and the raw embedder on its chunks."""
    from app.core.settings import settings_for_home
    from app.services import build

    with tempfile.TemporaryDirectory() as home:
        library = build(settings_for_home(Path(home)), embedder=embedder)
        started = time.perf_counter()
        report = library.index([str(f) for f in folders])
        index_seconds = time.perf_counter() - started
        texts = stored_embed_texts(library)
        library.close()
    started = time.perf_counter()
    embedder.embed(texts)
    raw_seconds = time.perf_counter() - started
    return {"texts": texts, "files": report.indexed, "chunks": report.chunks,
            "index_s": index_seconds,
            "raw_s": raw_seconds, "failed": len(report.failed), "skipped": len(report.skipped)}


def stored_embed_texts(library) -> list[str]:
    """The texts Hearth embedded (heading line + passage), read back from the store."""
    texts = []
    for file_id in sorted(library.parts.store.chunk_index()):
        rec = library.parts.registry.get_by_id(file_id)
        ids = [f"{file_id}:{n}" for n in range(rec.chunks)]
        for chunk in library.parts.store.get(ids):
            heading = chunk.meta.get("heading", "")
            texts.append(f"{heading}\n{chunk.text}" if heading else chunk.text)
    return texts


def onnx_embedder(backend: str):
    """The ONNX embedder the setting ``embedder_backend`` would give (export cached)."""
    from app.core.settings import load_settings
    from app.services import make_embedder

    settings = load_settings()
    return make_embedder(replace(settings, embedder_backend=backend))


def _scifact_subset(folder: Path, count: int) -> Path:
    import shutil

    folder.mkdir(parents=True)
    for source in sorted((EVAL / "scifact" / "corpus").iterdir())[:count]:
        shutil.copy(source, folder / source.name)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--scifact-docs", type=int, default=SCIFACT_DOCS,
                        help="SciFact abstracts added to the default corpus")
    parser.add_argument("--scifact-only", type=int, default=0, metavar="N",
                        help="index only the first N SciFact abstracts")
    parser.add_argument("--embedder-backend", default=NEW_LIBRARY_BACKEND,
                        choices=("torch", "onnx", "onnx-int8"),
                        help="index with this engine; raw fp32 torch is timed as well")
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # odd PDFs warn a lot; not measured
    from app.backends.bundled import bundled_embedder_dir
    from app.backends.st_embedder import SentenceTransformerEmbedder

    torch_embedder = SentenceTransformerEmbedder(bundled_embedder_dir(),
                                                 model_id="all-MiniLM-L6-v2")
    embedder = torch_embedder
    if args.embedder_backend != "torch":
        embedder = onnx_embedder(args.embedder_backend)
    embedder.embed(["warm up"] * 4)
    torch_embedder.embed(["warm up"] * 4)
    with tempfile.TemporaryDirectory() as scratch:
        if args.scifact_only:
            folders = [_scifact_subset(Path(scratch) / "scifact", args.scifact_only)]
        else:
            folders = [f for f in (args.folders or DEFAULT_FOLDERS) if f.exists()]
        if not args.folders and not args.scifact_only and (EVAL / "scifact" / "corpus").is_dir():
            folders.append(_scifact_subset(Path(scratch) / "scifact", args.scifact_docs))
        result = measure(folders, embedder)
        started = time.perf_counter()  # plain sentence-transformers, one call, fp32
        torch_embedder._model.encode(result["texts"], batch_size=32, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        result["torch_s"] = time.perf_counter() - started
    files, chunks = result["files"], result["chunks"]
    hearth_rate = chunks / result["index_s"]
    raw_rate = chunks / result["raw_s"] if result["raw_s"] else float("nan")
    print(f"folders: {', '.join(str(f) for f in folders)}")
    print(f"{'':24}{'seconds':>10}{'files/s':>10}{'chunks/s':>10}")
    print(f"{'hearth index':24}{result['index_s']:>10.1f}{files / result['index_s']:>10.2f}"
          f"{hearth_rate:>10.1f}")
    print(f"{'raw encode (same texts)':24}{result['raw_s']:>10.1f}{'':>10}{raw_rate:>10.1f}")
    torch_rate = chunks / result["torch_s"]
    print(f"{'raw torch fp32 encode':24}{result['torch_s']:>10.1f}{'':>10}{torch_rate:>10.1f}")
    print(f"files {files} (+{result['failed']} failed, {result['skipped']} skipped), "
          f"chunks {chunks}, embedder {args.embedder_backend}")
    print(f"hearth index / raw {args.embedder_backend} encode = {hearth_rate / raw_rate:.2f}x "
          f"(target >= 0.9x); hearth index / raw fp32 sentence-transformers = "
          f"{hearth_rate / torch_rate:.2f}x (target >= 1.4x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
