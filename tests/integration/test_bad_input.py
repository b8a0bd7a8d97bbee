"""A folder of broken and awkward files: each is reported with a reason, the rest indexed."""

from __future__ import annotations

import codecs
import os
import shutil

import pytest
from pypdf import PdfReader, PdfWriter

from tests.conftest import SAMPLE_NOTES
from tests.support.pdfgen import write_pdf

pytestmark = pytest.mark.slow


@pytest.fixture
def messy(tmp_path):
    folder = tmp_path / "messy"
    shutil.copytree(SAMPLE_NOTES / "projects", folder / "good")
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.md").write_text("")
    (bad / "blank.txt").write_text("\n\n   \n")
    (bad / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (bad / "fake.pdf").write_text("I am plain text with a PDF name.\n")
    (bad / "truncated.pdf").write_bytes(
        (SAMPLE_NOTES / "reference" / "payments-api-guide.pdf").read_bytes()[:700])
    plain = write_pdf(tmp_path / "plain.pdf", [["Quarterly salary review notes."]])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="AES-128")
    writer.write(bad / "locked.pdf")
    scan = PdfWriter()
    scan.add_blank_page(612, 792)
    scan.write(bad / "scan.pdf")
    (bad / "broken.docx").write_bytes(b"PK\x03\x04garbage")
    good = folder / "good"
    (good / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE +
                                     "Notizen über Größen und Maße.".encode("utf-16-le"))
    (good / "cp1252.md").write_bytes("# Café menu\n\nCrème brûlée costs €7.".encode("cp1252"))
    (good / "noperm.txt").write_text("secret")
    os.chmod(good / "noperm.txt", 0o000)
    yield folder
    os.chmod(good / "noperm.txt", 0o600)


def test_every_bad_file_has_a_reason_and_the_rest_is_indexed(real_library, messy):
    report = real_library.index([str(messy)])
    reasons = {os.path.basename(p.path): p.reason for p in report.failed + report.skipped}
    as_root = os.geteuid() == 0  # root can read a 0o000 file
    assert report.indexed == 4 + (1 if as_root else 0)
    expected = {
        "empty.md": "empty file",
        "blank.txt": "empty",
        "photo.txt": "binary",
        "fake.pdf": "not a PDF",
        "truncated.pdf": "PDF",
        "locked.pdf": "password-protected",
        "scan.pdf": "no text layer",
        "broken.docx": "Word document",
    }
    if not as_root:
        expected["noperm.txt"] = "no permission"
    assert set(reasons) == set(expected)
    for name, fragment in expected.items():
        assert fragment in reasons[name], (name, reasons[name])
    skipped = {os.path.basename(p.path) for p in report.skipped}
    assert skipped == {"empty.md", "blank.txt", "scan.pdf"}
    assert real_library.check().consistent
    status = real_library.status().to_json()
    assert {os.path.basename(f["path"]) for f in status["failed"]} == set(expected) - skipped
    hits = real_library.search("crème brûlée price", k=1)
    assert hits[0].path.endswith("cp1252.md") and "€7" in hits[0].text
    assert real_library.search("Größen und Maße", k=1)[0].path.endswith("utf16.txt")


def test_a_fixed_file_is_indexed_on_the_next_run(real_library, messy):
    real_library.index([str(messy)])
    broken = messy / "bad" / "fake.pdf"
    broken.unlink()
    write_pdf(broken, [["Now a real PDF about lighthouse maintenance."]])
    report = real_library.index()
    assert report.indexed == 1 and not any(p.path == str(broken) for p in report.failed)
    assert real_library.search("lighthouse maintenance", k=1)[0].path == str(broken)
