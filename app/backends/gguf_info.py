"""What a GGUF model file says about itself, read from its header without loading it.

Whether Hearth shows a model's prose depends on how large the model is (the bundled 135M
model's sentences pass word checks while saying false things); loading a multi-GB model
to find out would cost seconds and memory, so the parameter count is summed from the
tensor shapes in the file's header (a few milliseconds; the header of a 7B model is
mostly its tokenizer's vocabulary).
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

_MAGIC = b"GGUF"
# value type -> struct format of one scalar (8: string and 9: array are read apart)
_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q",
            12: "d"}
_STRING, _ARRAY = 8, 9


class NotGguf(ValueError):
    """The file is not a GGUF model Hearth can read the header of."""


def parameter_count(path: Path) -> int:
    """The number of weights in the model file (the product of each tensor's shape)."""
    stat = path.stat()
    return _cached_count(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _cached_count(path: str, size: int, mtime_ns: int) -> int:
    with open(path, "rb") as file:
        if file.read(4) != _MAGIC:
            raise NotGguf(f"{path} is not a GGUF file")
        (version,) = _read(file, "I")
        if version < 2:
            raise NotGguf(f"{path}: GGUF version {version} is too old to read")
        tensors, pairs = _read(file, "QQ")
        for _ in range(pairs):
            _string(file)  # the key
            (kind,) = _read(file, "I")
            _skip_value(file, kind)
        total = 0
        for _ in range(tensors):
            _string(file)
            (dims,) = _read(file, "I")
            shape = _read(file, "Q" * dims)
            _read(file, "IQ")  # element type, data offset
            count = 1
            for extent in shape:
                count *= extent
            total += count
        return total


def _read(file: BinaryIO, fmt: str) -> tuple[int, ...]:
    size = struct.calcsize("<" + fmt)
    data = file.read(size)
    if len(data) != size:
        raise NotGguf("the GGUF header ends early")
    return struct.unpack("<" + fmt, data)


def _string(file: BinaryIO) -> None:
    (length,) = _read(file, "Q")
    file.seek(length, 1)


def _skip_value(file: BinaryIO, kind: int) -> None:
    if kind == _STRING:
        _string(file)
    elif kind == _ARRAY:
        item, count = _read(file, "IQ")
        if item in _SCALARS:
            file.seek(struct.calcsize("<" + _SCALARS[item]) * count, 1)
        else:
            for _ in range(count):
                _skip_value(file, item)
    elif kind in _SCALARS:
        file.seek(struct.calcsize("<" + _SCALARS[kind]), 1)
    else:
        raise NotGguf(f"unknown GGUF value type {kind}")
