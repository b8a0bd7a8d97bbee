"""A file name that is not valid UTF-8 (Linux names are bytes) never stops the library."""

from __future__ import annotations

import json
import os

import pytest

from app.core.errors import HearthError
from app.core.files.scanning import shown


@pytest.fixture
def notes(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garden.md").write_text("# Garden\n\nTomatoes need sun and water.\n")
    base = os.fsencode(folder)
    with open(base + b"/caf\xe9-latin1.md", "wb") as handle:  # a name from a Latin-1 archive
        handle.write(b"# Cafe\n\nThe espresso machine is descaled monthly.\n")
    os.mkdir(base + b"/r\xe9unions")
    with open(base + b"/r\xe9unions/inside.md", "wb") as handle:
        handle.write(b"# Inside\n\nA note in a folder with a Latin-1 name.\n")
    return folder


def test_the_run_goes_on_and_the_name_is_reported_escaped(fake_library, notes):
    report = fake_library.index([str(notes)])
    assert report.indexed == 1
    failed = {problem.path: problem.reason for problem in report.failed}
    assert str(notes / "caf\\xe9-latin1.md") in failed
    assert str(notes / "r\\xe9unions") in failed  # the folder once, not each file in it
    assert all("not valid UTF-8" in reason for reason in failed.values())
    json.dumps([problem.path for problem in report.failed]).encode("utf-8")  # printable
    assert fake_library.index().indexed == 0  # and again on the next run, nothing breaks


def test_adding_such_a_folder_is_a_clear_error(fake_library, notes):
    bad = os.fsdecode(os.fsencode(notes) + b"/r\xe9unions")
    with pytest.raises(HearthError, match="not valid UTF-8"):
        fake_library.index([bad])
    assert shown(bad).endswith("r\\xe9unions")
