"""``hearth ask`` on a terminal: one line on stderr while the model reads its prompt.

The quotes print at once; the model then reads the passages (seconds to minutes on a CPU)
before its first word. This line says so and how far it got, and is wiped when the model
writes, so the answer on stdout stays clean (and a pipe or ``--json`` sees none of it).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class PromptStatus:
    """Draws "reading the passages: 40%, about 3 s left (Ctrl+C stops)" on a line of its
    own below the quotes, and wipes it; ``moved`` tells the caller that the answer's
    output went down a line for it (the next piece then drops one leading newline)."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None,
                 out: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.out = out or sys.stdout
        self.enabled = enabled and self.stream.isatty() and self.out.isatty()
        self._began: tuple[float, int] | None = None
        self._width = 0
        self.moved = False

    def show(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if not self.moved:  # below the quotes, never over them
            self.out.write("\n")
            self.out.flush()
            self.moved = True
        now = time.monotonic()
        if self._began is None:
            self._began = (now, done)
        began, first = self._began
        rate = (done - first) / (now - began) if now > began else 0.0
        left = f", about {(total - done) / rate:,.0f} s left" if rate > 0 and done < total \
            else ""
        text = "  (the model is writing …; Ctrl+C stops)" if done >= total - 1 else \
            f"  (reading the passages: {done / total:.0%}{left}; Ctrl+C stops)"
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = max(self._width, len(text))

    def clear(self) -> None:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
