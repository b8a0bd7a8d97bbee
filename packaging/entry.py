"""The desktop bundle's entry point: the same ``hearth`` command, frozen.

The bundle ships the embedder as an ONNX export (same vectors as the torch model, without
torch's 750 MB), so it makes that the default; a settings.json choice still wins.
"""

import os
import sys

os.environ.setdefault("HEARTH_EMBEDDER_BACKEND", "onnx")

from app.entry import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
