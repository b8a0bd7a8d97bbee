"""Wire the core to its backends: the one place that chooses and builds implementations.

``build(settings)`` returns a Library whose store and embedder are created on first use,
so commands that do not need them (status, forget of a file never indexed) stay fast.
Front ends get every backend from here: the watcher (``make_watcher``), a new chat model
after a settings change (``generator_provider``), a rebuilt library (``fresh_library``).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Generic, TypeVar

from app.core.errors import ConfigError, ParseFailed
from app.core.ingest import OcrCache, OcrPages
from app.core.library import Library
from app.core.ports import Embedder, Generator, OcrEngine, Parser, VectorStore, Watcher
from app.core.settings import (
    NEW_LIBRARY_BACKEND,
    PROSE_MIN_PARAMETERS,
    EmbedderBackend,
    Settings,
    resolved_backend,
)
from app.core.storage import Registry, finish_interrupted_rebuild, replace_library

T = TypeVar("T")
log = logging.getLogger(__name__)


class Lazy(Generic[T]):
    """A thread-safe provider that calls ``factory`` once, on first use."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self.value: T | None = None

    def __call__(self) -> T:
        with self._lock:
            if self.value is None:
                self.value = self._factory()
            return self.value


def parsers(settings: Settings | None = None, *, isolated: bool = True) -> dict[str, Parser]:
    """Every supported extension and its parser (formats libraries are imported on use).

    PDFs and pictures share one OCR service: with ``settings``, its cache lives under the
    library's cache folder and the ``ocr`` settings apply; without, it is on and uncached.
    With ``settings`` whose ``parse_worker`` is on (and ``isolated``), the heavy formats are
    read in a child process under memory and time limits (``backends.parse_worker``).
    """
    from app.backends.docx_parser import DocxParser
    from app.backends.html_parser import HtmlParser
    from app.backends.image_parser import IMAGE_EXTENSIONS, ImageParser
    from app.backends.pdf import PdfParser
    from app.core.ingest import MarkdownParser, SrtParser, TextParser, VttParser

    ocr = make_ocr(settings)
    markdown, html, pictures = MarkdownParser(), HtmlParser(), ImageParser(ocr)
    table: dict[str, Parser] = {
        ".txt": TextParser(), ".text": TextParser(), ".md": markdown, ".markdown": markdown,
        ".pdf": PdfParser(ocr), ".docx": DocxParser(), ".html": html, ".htm": html,
        ".vtt": VttParser(), ".srt": SrtParser(), **{ext: pictures for ext in IMAGE_EXTENSIONS}}
    if settings is None or not settings.parse_worker or not isolated:
        return table
    from app.backends.parse_worker import ISOLATED, WorkerParser, WorkerPool

    pool = WorkerPool(settings, in_process_parsers)
    return {ext: WorkerParser(pool, ext, ocr) if ext in ISOLATED else parser
            for ext, parser in table.items()}


def in_process_parsers(settings: Settings) -> dict[str, Parser]:
    """The parsers a reader process runs (``backends.parse_worker``)."""
    return parsers(settings, isolated=False)


_ocr_engines: dict[tuple, Lazy[OcrEngine]] = {}
_ocr_engines_lock = threading.Lock()


def make_ocr(settings: Settings | None = None) -> OcrPages:
    """The OCR service for ``settings``; the engine (models in memory) is loaded on the
    first uncached page and shared by every library of the process."""
    key = ((settings.ocr_engine, settings.ocr_languages, settings.threads) if settings
           else ("rapidocr", "eng", 0))
    with _ocr_engines_lock:
        engine = _ocr_engines.setdefault(key, Lazy(lambda: _load_ocr_engine(*key)))
    if key[0] == "tesseract":
        from app.backends.tesseract_ocr import engine_id as tesseract_id

        name = tesseract_id(key[1])
    else:
        from app.backends.rapid_ocr import engine_id as rapid_id

        name = rapid_id()
    spacer = _word_spacer()
    if settings is None:
        return OcrPages(engine, name, None, spacer=spacer)
    return OcrPages(engine, name, OcrCache(settings.paths.cache / "ocr"),
                    enabled=settings.ocr, max_pages=settings.ocr_max_pages, spacer=spacer)


def _load_ocr_engine(kind: str, languages: str, threads: int) -> OcrEngine:
    if kind == "tesseract":
        from app.backends.tesseract_ocr import TesseractEngine

        return TesseractEngine(languages, threads)
    try:
        from app.backends.rapid_ocr import PACKAGE, RapidOcrEngine

        return RapidOcrEngine(threads)
    except ImportError as exc:
        raise ParseFailed(f"the OCR engine is not installed ({PACKAGE}: {exc})") from exc


@functools.cache
def _word_spacer() -> Callable[[str], str] | None:
    """The OCR space repair, with wordninja's English word list (126,000 words by frequency,
    from Wikipedia, inside its package) as the vocabulary."""
    import gzip
    from importlib.util import find_spec

    from app.core.ingest import WordSpacer

    spec = find_spec("wordninja")  # found, not imported: importing builds its own model
    try:
        if spec is None or spec.origin is None:
            raise FileNotFoundError("wordninja is not installed")
        data = (Path(spec.origin).parent / "wordninja" / "wordninja_words.txt.gz").read_bytes()
    except OSError:  # no word list: lines stay as read
        return None
    return WordSpacer(gzip.decompress(data).decode("utf-8").split())


def make_embedder(settings: Settings) -> Embedder:
    try:
        return _make_embedder(settings)
    except ImportError as exc:  # e.g. a bundle without torch asked for the torch backend
        raise ConfigError(f"The {settings.embedder_backend!r} embedder needs the Python package "
                          f"{exc.name!r}, which is not installed; choose another "
                          "embedder_backend in settings.json") from exc


def _make_embedder(settings: Settings) -> Embedder:
    from app.backends.bundled import bundled_embedder_dir

    model_dir = Path(settings.embedder_path) if settings.embedder_path else bundled_embedder_dir()
    if settings.embedder_backend.startswith("onnx"):
        return _onnx_embedder(settings, model_dir)
    from app.backends.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model_dir, batch_size=settings.embed_batch_size,
                                       model_id=embedder_name(settings))


def _onnx_embedder(settings: Settings, model_dir: Path) -> Embedder:
    """ONNX Runtime on the shared export; an export ONNX Runtime cannot load (damaged
    after its check, or from an older runtime) is made again once."""
    from app.backends.bundled import frozen_models_dir
    from app.backends.onnx_embedder import OnnxEmbedder
    from app.backends.onnx_export import ExportFailed, discard, onnx_file

    bundle = frozen_models_dir()
    quantized = settings.embedder_backend == "onnx-int8"
    prebuilt = bundle / "onnx" if bundle else None
    for attempt in (1, 2):
        try:
            exported = onnx_file(model_dir, quantized=quantized, prebuilt=prebuilt)
        except ExportFailed as exc:
            if not quantized:  # fp32 ONNX and torch give the same vectors, under one id
                log.warning("%s; using sentence-transformers instead", exc)
                return _make_embedder(replace(settings, embedder_backend="torch"))
            raise ConfigError(f"Cannot prepare the int8 embedder: {exc}. Set "
                              '"embedder_backend": "onnx" (or "torch") in settings.json and '
                              "run 'hearth rebuild'") from exc
        try:
            return OnnxEmbedder(model_dir, exported, batch_size=settings.embed_batch_size,
                                model_id=embedder_name(settings), threads=settings.threads)
        except ConfigError:
            raise
        except Exception as exc:  # ONNX Runtime's own errors: a file it cannot read
            if attempt == 2 or exported.parent == prebuilt:
                raise ConfigError(f"Cannot load the embedder export {exported}: {exc}") from exc
            discard(exported)
    raise AssertionError("unreachable")


def make_generator(settings: Settings) -> Generator:
    if settings.model_server:
        from app.backends.openai_server import OpenAIServerGenerator

        return OpenAIServerGenerator(settings.model_server, settings.server_model,
                                     context_size=settings.context_size,
                                     temperature=settings.temperature,
                                     allow_remote=settings.allow_remote_server)
    from app.backends.bundled import bundled_chat_model
    from app.backends.llamacpp_generator import LlamaCppGenerator

    model = Path(settings.model_path).expanduser() if settings.model_path else bundled_chat_model()
    return LlamaCppGenerator(model, context_size=settings.context_size, threads=settings.threads,
                             gpu_layers=settings.gpu_layers, temperature=settings.temperature)


def writes_prose(settings: Settings) -> bool:
    """Whether answers show the chat model's own sentences: the ``prose`` setting, and for
    "auto" the model's size (``PROSE_MIN_PARAMETERS``, from the GGUF header: no loading)."""
    if settings.prose != "auto":
        return settings.prose == "on"
    if settings.model_server:  # a server's model: its name may say its size ("llama3.2:1b")
        from app.backends.openai_server import parameters_in_name

        stated = parameters_in_name(settings.server_model)
        return stated is None or stated >= PROSE_MIN_PARAMETERS
    from app.backends.bundled import bundled_chat_model
    from app.backends.gguf_info import NotGguf, parameter_count

    model = Path(settings.model_path).expanduser() if settings.model_path else bundled_chat_model()
    try:
        return parameter_count(model) >= PROSE_MIN_PARAMETERS
    except (OSError, NotGguf):
        # a model file of the user's own that cannot be read: asking loads it, and says why
        return bool(settings.model_path)


def make_store(settings: Settings, embedder_id: str) -> VectorStore:
    if settings.store_backend == "http":
        from app.backends.chroma_store import open_server

        return open_server(settings.chroma_host, settings.chroma_port, settings.collection,
                           embedder_id)
    from app.backends.chroma_store import open_embedded

    return open_embedded(settings.paths.store_dir, settings.collection, embedder_id)


def make_watcher(on_paths: Callable[[list[str]], None]) -> Watcher:
    """The file watcher (watchdog) that hands changed paths to ``on_paths``."""
    from app.backends.fs_watcher import FolderWatcher

    return FolderWatcher(on_paths)


def generator_provider(settings: Settings) -> Lazy[Generator]:
    """The chat model of ``settings``, loaded on first use (for a library's
    ``apply_settings`` after the model file, context or threads changed)."""
    return Lazy(lambda: make_generator(settings))


def fresh_library(settings: Settings, **models) -> tuple[Library, Path | None]:
    """Set the library's index aside and return a new, not yet indexed one that keeps the
    user's folders, chats and action-item marks, and where the old files went (``hearth
    rebuild``, the window's offer). Crash-safe at every step (``core.recovery``)."""
    aside = replace_library(settings.paths)
    return build(settings, **models), aside


class Models:
    """The embedders and chat model of ``settings``, each loaded once on first use, for
    libraries opened one after another (``hearth mcp`` opens the library per request and
    must not load a neural network each time)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._embedders: dict[str, Lazy[Embedder]] = {}
        self._lock = threading.Lock()
        self.generator: Lazy[Generator] = Lazy(lambda: make_generator(settings))

    def embedder(self, backend: EmbedderBackend) -> Lazy[Embedder]:
        """The embedder of ``backend`` (a library's resolved one), shared."""
        with self._lock:
            if backend not in self._embedders:
                chosen = replace(self._settings, embedder_backend=backend)
                self._embedders[backend] = Lazy(lambda: make_embedder(chosen))
            return self._embedders[backend]


def build(settings: Settings, embedder: Embedder | None = None,
          generator: Generator | None = None, *, models: Models | None = None) -> Library:
    """The wired core for ``settings``; pass models (loaded, or ``Models`` that load on
    first use) to share them across libraries."""
    settings.paths.ensure()
    finish_interrupted_rebuild(settings.paths)  # only the lock holder builds: safe here
    registry = Registry(settings.paths.registry_file)
    chosen = replace(settings,
                     embedder_backend=library_backend(settings, registry, embedder))
    if embedder is not None:
        get_embedder, name = (lambda: embedder), embedder.model_id
    elif models is not None:
        get_embedder, name = models.embedder(chosen.embedder_backend), embedder_name(chosen)
    else:
        get_embedder, name = Lazy(lambda: make_embedder(chosen)), embedder_name(chosen)
    get_store = Lazy(lambda: make_store(settings, name))
    if generator is not None:
        get_generator: Callable[[], Generator] = lambda: generator  # noqa: E731
    elif models is not None:
        get_generator = models.generator
    else:
        get_generator = Lazy(lambda: make_generator(settings))
    return Library(settings, registry, get_store, get_embedder, parsers(settings),
                   get_generator, writes_prose=writes_prose)


def library_backend(settings: Settings, registry: Registry, given: Embedder | None = None
                    ) -> EmbedderBackend:
    """The embedding backend this library uses: the setting, unless it is "auto"; then the
    one recorded when the library was made, and for a new library the current default.

    The first choice (or that of an embedder passed in) is recorded, so a later change of
    the default never mixes vectors. A library made before the record existed has fp32
    vectors (torch was the default); so does a model of your own (``embedder_path``: its
    int8 quality is unmeasured). Under "auto", fp32 vectors are served by the ONNX fp32
    export (the same vectors as torch, without importing torch), or by torch when a model
    cannot be exported."""
    recorded = registry.fact("embedder_backend")
    if recorded is None:
        if given is not None:
            recorded = "onnx-int8" if given.model_id.endswith("+onnx-int8") else "onnx"
        elif settings.embedder_backend != "auto":
            recorded = settings.embedder_backend
        elif registry.counts()["indexed"] or settings.embedder_path:
            recorded = "onnx"  # fp32: the old default's vectors, or a model of your own
        else:
            recorded = NEW_LIBRARY_BACKEND
        registry.set_fact("embedder_backend", recorded)
    return resolved_backend(settings.embedder_backend, recorded)


def embedder_name(settings: Settings) -> str:
    """The embedder's id, recorded with the store; known from settings without a load.

    The ONNX fp32 export gives the same vectors as torch (cosine > 0.9999, tested), so it
    shares torch's id and the two can be switched freely; int8 vectors differ, so int8 has
    its own id and a store never mixes the two."""
    name = Path(settings.embedder_path).name if settings.embedder_path else "all-MiniLM-L6-v2"
    return f"{name}+onnx-int8" if settings.embedder_backend == "onnx-int8" else name
