"""The desktop bundle's entry point: the same ``hearth`` command, frozen.

The bundle ships the embedder as ONNX exports (fp32 and int8, without torch's 750 MB);
the default backend ("auto") uses them, as it does outside the bundle.
"""

import sys

from app.entry import main

if __name__ == "__main__":
    sys.exit(main())
