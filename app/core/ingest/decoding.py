"""Turn file bytes into text, whatever encoding the user's editor chose.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded directly; anything else
goes to charset-normalizer. Binary content is refused with a reason rather than indexed
as garbage.
"""

from __future__ import annotations

import codecs

from app.core.errors import NothingToIndex, ParseFailed

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Decode ``data`` to text with normalized newlines, or raise a DocumentError."""
    if not data.strip():
        raise NothingToIndex("empty file")
    text = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise ParseFailed("binary content, not text (wrong file extension?)")
    if not text.strip():
        raise NothingToIndex("empty file (only whitespace)")
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:4096]:
        return _utf16_without_bom(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ParseFailed("cannot detect the text encoding (binary file?)")
    return str(best)


def _utf16_without_bom(data: bytes) -> str:
    """Text with NUL bytes is UTF-16 without a BOM, or binary."""
    sample = data[:4096]
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) < len(zeros) * 0.5:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text
    raise ParseFailed("binary content, not text (wrong file extension?)")


def _looks_binary(text: str) -> bool:
    """Control characters (other than whitespace) in more than 1% of a sample mean binary."""
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f\v" or ch == "\ufffd")
    return controls > len(sample) * 0.01
