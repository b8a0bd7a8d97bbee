"""Every supported format, parsed by the real parsers, with its provenance."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from app.core.errors import NothingToIndex, ParseFailed
from app.services import parsers
from tests.conftest import SAMPLE_NOTES
from tests.support.pdfgen import write_pdf

PARSERS = parsers()


def parse(path: Path):
    return PARSERS[path.suffix.lower()].parse(path)


def test_pdf_pages_and_title():
    doc = parse(SAMPLE_NOTES / "reference" / "payments-api-guide.pdf")
    assert doc.title == "Payments API integration guide"
    pages = {b.page for b in doc.blocks}
    assert pages == {1, 2, 3}
    fact = next(b for b in doc.blocks if "72 hours" in b.text)
    assert fact.page == 2 and fact.line_start >= 1


def test_pdf_outline_gives_headings(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(tmp_path / "plain.pdf", [["Chapter one text."], ["Chapter two text."]])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.add_outline_item(title="Introduction", page_number=0)
    writer.add_outline_item(title="Methods", page_number=1)
    writer.write(tmp_path / "outlined.pdf")
    doc = parse(tmp_path / "outlined.pdf")
    assert [(b.page, b.heading) for b in doc.blocks] == [(1, "Introduction"), (2, "Methods")]


def test_docx_headings_and_tables():
    doc = parse(SAMPLE_NOTES / "reference" / "home-network.docx")
    assert doc.title == "Home network and devices"
    wifi = next(b for b in doc.blocks if "amber-otter-42" in b.text)
    assert wifi.heading == "Home network and devices > Wi-Fi"
    row = next(b for b in doc.blocks if "192.168.178.20" in b.text)
    assert row.heading.endswith("Devices") and "NAS" in row.text


def test_vtt_speakers_and_cue_times():
    doc = parse(SAMPLE_NOTES / "meetings" / "2026-03-11-design-review.vtt")
    first = doc.blocks[1]
    assert first.speaker == "Priya Natarajan"
    assert (first.time_start, first.time_end) == ("00:00:08.000", "00:00:17.000")
    assert first.text.startswith("Priya Natarajan: The load test ran")
    assert (first.line_start, first.line_end) == (6, 7)
    assert "Aiko Tanaka" in doc.meta["speakers"]


def test_srt_speakers_from_name_prefix():
    doc = parse(SAMPLE_NOTES / "meetings" / "2026-02-20-customer-call.srt")
    assert [b.speaker for b in doc.blocks] == ["Jonas Berg", "Jonas Berg", "Dana Whitfield",
                                               "Jonas Berg"]
    assert doc.blocks[1].time_start == "00:00:06.500"
    assert "VAT number" in doc.blocks[1].text


def test_html_visible_text_only():
    doc = parse(SAMPLE_NOTES / "personal" / "sourdough.html")
    assert doc.title == "Weekend sourdough: my working recipe"
    text = "\n".join(b.text for b in doc.blocks)
    assert "Bulk fermentation takes about 5 hours" in text
    assert "analytics" not in text and "font-family" not in text and "rye" not in text
    assert doc.blocks[0].text == "This is the loaf I bake most Saturdays. It makes one large boule."
    proof = next(b for b in doc.blocks if "overnight" in b.text)
    assert proof.heading == "Weekend sourdough > Method"


def test_latin1_text_file_and_its_title_line():
    doc = parse(SAMPLE_NOTES / "personal" / "reisenotizen-lissabon.txt")
    assert doc.title == "Reisenotizen Lissabon, Mai 2025"
    assert "Straßenbahn" in doc.blocks[1].text
    assert (doc.blocks[1].line_start, doc.blocks[1].line_end) == (5, 5)
    assert doc.blocks[1].heading == doc.title


def test_markdown_meeting_note():
    doc = parse(SAMPLE_NOTES / "meetings" / "2026-03-04-atlas-weekly.md")
    assert doc.meta["date"] == "2026-03-04"
    actions = next(b for b in doc.blocks if "rollback runbook" in b.text)
    assert actions.heading == "Atlas weekly sync — 4 March 2026 > Action items"


@pytest.mark.parametrize("name, data, error, reason", [
    ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", ParseFailed, "PDF"),
    ("text.pdf", b"just some text pretending to be a PDF\n", ParseFailed, "PDF"),
    ("broken.docx", b"PK\x03\x04 not really a zip", ParseFailed, "Word document"),
    ("bad.vtt", b"this is not a transcript", ParseFailed, "WebVTT"),
    ("empty.srt", b"", NothingToIndex, "empty"),
])
def test_damaged_files_raise_a_reason(tmp_path, name, data, error, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error, match=reason):
        parse(path)


def test_password_and_owner_locked_pdfs(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(tmp_path / "plain.pdf", [["Secret budget figures for 2026."]])
    for name, user in (("locked.pdf", "hunter2"), ("owner-only.pdf", "")):
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-256")
        writer.write(tmp_path / name)
    with pytest.raises(ParseFailed, match="password-protected"):
        parse(tmp_path / "locked.pdf")
    assert "Secret budget" in parse(tmp_path / "owner-only.pdf").blocks[0].text


def test_image_only_pdf_is_reported(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_blank_page(612, 792)
    writer.write(tmp_path / "scan.pdf")
    with pytest.raises(NothingToIndex, match="no text layer"):
        parse(tmp_path / "scan.pdf")


def test_docx_without_text(tmp_path):
    docx.Document().save(tmp_path / "blank.docx")
    with pytest.raises(NothingToIndex):
        parse(tmp_path / "blank.docx")
