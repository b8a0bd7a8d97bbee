"""Hearth: a local-first personal knowledge assistant.

Everything it reads, indexes and answers stays on this machine.

ONNX Runtime (the embedder and OCR engine) ships telemetry on Linux and macOS since 1.29:
it queues a device and process description in ~/.cache/Microsoft/DeveloperTools and
uploads it to Microsoft. ``ORT_DISABLE_TELEMETRY`` switches all of it off, but only when
set before the runtime starts, so it is set here, before any part of Hearth can import it.
"""

import os

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

__version__ = "0.4.0"
