"""``hearth models download NAME``: fetch a model of the download list, with a progress bar.

Ctrl+C pauses: what arrived is kept as ``<file>.part`` and the same command resumes it.
The file is used only after its SHA-256 matches the list (``app.model_download``).
``--json`` prints one object when done: ``{"downloaded": name, "path", "bytes",
"sha256"}``.
"""

from __future__ import annotations

import json
import sys
import threading
import time

from app.core import HearthError
from app.model_download import (
    DownloadPaused,
    catalog_model,
    download,
    downloaded,
    partial_bytes,
    source_url,
)


def run_download(name: str | None, as_json: bool) -> int:
    if not name:
        raise HearthError("Say which model: hearth models download NAME ('hearth models' "
                          "lists them)")
    model = catalog_model(name)
    already = downloaded(model) is not None
    resumed = partial_bytes(model)
    if not already and not as_json:
        start = f", resuming at {resumed / 1e6:,.0f} MB" if resumed else ""
        print(f"Downloading {model.title}, {model.size / 1e9:.2f} GB ({model.licence}) from "
              f"{source_url(model)}{start}. Nothing of yours is sent.", file=sys.stderr)
    bar = _Bar(enabled=not as_json)
    stop = threading.Event()
    try:
        path = download(model, progress=bar.show, stop=stop)
    except KeyboardInterrupt:
        stop.set()
        raise DownloadPaused(f"Paused at {partial_bytes(model) / 1e6:,.0f} of "
                             f"{model.size / 1e6:,.0f} MB; run 'hearth models download "
                             f"{model.name}' to resume") from None
    finally:
        bar.end()
    if as_json:
        print(json.dumps({"downloaded": model.name, "path": str(path), "bytes": model.size,
                          "sha256": model.sha256, "resumed_from": resumed}))
    else:
        done = "was already downloaded" if already else "is downloaded and checked (SHA-256)"
        print(f"{model.title} {done}: {path}\nUse it with: hearth models use {model.name}")
    return 0


class _Bar:
    """A one-line progress bar on stderr, redrawn at most a few times a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.drawn = 0.0
        self.first: int | None = None

    def show(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.drawn < 0.25 and done < total):
            return
        self.drawn = now
        if self.first is None:
            self.first = done
        rate = (done - self.first) / max(now - self.started, 1e-3)
        left = f", about {(total - done) / rate:,.0f} s left" if rate > 0 and done < total \
            else ""
        verb = "checking" if stage == "check" else "downloading"
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r{verb} [{'#' * filled}{'.' * (width - filled)}] "
                         f"{done / 1e6:,.0f}/{total / 1e6:,.0f} MB{left}   ")
        sys.stderr.flush()

    def end(self) -> None:
        if self.enabled and self.drawn:
            sys.stderr.write("\n")
