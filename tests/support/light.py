"""The light lane: the core, the owner protocol and the layering, with no compiled library.

``make test-light`` loads this module as a pytest plugin (``-p tests.support.light``, before
any conftest) with ``HEARTH_TEST_LIGHT=1``; then importing a compiled library or a model
runtime (numpy, torch, Chroma, ONNX Runtime, llama.cpp, Qt, Pillow, lxml) raises, so a test
in that lane that needs one fails instead of quietly passing on a full install. The lane's
tests run wherever Python and the core's pure-Python dependencies do.
"""

from __future__ import annotations

import importlib.abc
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

import pytest

LIGHT_ENV = "HEARTH_TEST_LIGHT"
COMPILED = frozenset({
    "numpy", "torch", "chromadb", "onnxruntime", "llama_cpp", "sentence_transformers",
    "transformers", "tokenizers", "PySide6", "shiboken6", "PIL", "lxml", "pypdfium2",
    "rapidocr_onnxruntime", "cv2", "docx", "watchdog", "scipy", "sklearn"})


class RefuseCompiled(importlib.abc.MetaPathFinder):
    """Refuses the packages above (and their submodules) at import."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname.partition(".")[0] in COMPILED:
            raise ImportError(f"{fullname} is not available in the light lane ({LIGHT_ENV}=1)")
        return None


def light_lane() -> bool:
    return os.environ.get(LIGHT_ENV) == "1"


def install_if_asked() -> None:
    if light_lane() and not any(isinstance(f, RefuseCompiled) for f in sys.meta_path):
        sys.meta_path.insert(0, RefuseCompiled())


def pytest_addoption(parser: pytest.Parser) -> None:
    # pytest-qt (which would import Qt) is not loaded in this lane; its ini key still is set
    parser.addini("qt_api", "pytest-qt's Qt binding; unused in the light lane")


install_if_asked()
