"""Logging to a file under the logs directory, so library chatter never clutters output.

Parsers of real-world files warn a lot (pypdf on odd PDFs); those warnings belong in the
log, where a bug report can quote them, not on the user's terminal.
"""

from __future__ import annotations

import logging
import logging.handlers

from app.core import AppPaths


def setup_logging(paths: AppPaths, level: int = logging.INFO) -> None:
    """Send all logging and Python warnings to ``<logs>/hearth.log`` (rotated)."""
    paths.ensure()
    handler = logging.handlers.RotatingFileHandler(
        paths.logs / "hearth.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    logging.captureWarnings(True)
