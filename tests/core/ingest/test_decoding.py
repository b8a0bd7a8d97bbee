"""Text in the encodings people's editors actually write, and what is not text at all."""

from __future__ import annotations

import codecs

import pytest

from app.core.errors import NothingToIndex, ParseFailed
from app.core.ingest.decoding import decode_text

GERMAN = "Die Straßenbahn fährt früh; Frühstück gab es ab 7:30 Uhr. Übermorgen geht es weiter."


@pytest.mark.parametrize("data", [
    GERMAN.encode("utf-8"),
    codecs.BOM_UTF8 + GERMAN.encode("utf-8"),
    GERMAN.encode("latin-1"),
    GERMAN.encode("cp1252"),
    GERMAN.encode("utf-16"),  # with BOM
    GERMAN.encode("utf-16-le"),  # without BOM
    GERMAN.encode("utf-16-be"),
])
def test_decodes_common_encodings(data):
    assert decode_text(data) == GERMAN


def test_normalizes_windows_and_old_mac_newlines():
    assert decode_text(b"one\r\ntwo\rthree") == "one\ntwo\nthree"


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n"])
def test_empty_files_have_nothing_to_index(data):
    with pytest.raises(NothingToIndex):
        decode_text(data)


def test_binary_data_is_refused_with_a_reason():
    with pytest.raises(ParseFailed, match="binary"):
        decode_text(bytes(range(256)) * 16)


def test_png_named_txt_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    with pytest.raises(ParseFailed, match="binary"):
        decode_text(png)
