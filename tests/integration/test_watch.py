"""A real watchdog observer on real temp folders keeps the index exactly in step."""

from __future__ import annotations

import os
import threading
import time

import pytest

from app.backends.fs_watcher import FolderWatcher
from app.core.watch import WatchService

pytestmark = pytest.mark.slow


def wait_until(predicate, timeout: float = 30.0, why=lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"condition not reached in time {why()}")


class Running:
    """A WatchService on its own thread, stopped on exit."""

    def __init__(self, library, settle: float = 0.3) -> None:
        self.reports = []
        self.service = WatchService(library, FolderWatcher, settle=settle,
                                    on_report=lambda kind, r: self.reports.append((kind, r)))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.service.run, args=(self.stop,))

    def __enter__(self):
        self.thread.start()
        assert self.service.ready.wait(60)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()

    def idle(self, library) -> None:
        """Wait until the events have arrived, the queue is empty and its batch applied."""
        time.sleep(0.5)
        wait_until(lambda: len(self.service.changes) == 0)
        self.service.submit(lambda lib: None).result(30)


def indexed_paths(library) -> set[str]:
    return {r.path for r in library.parts.registry.files(status="indexed")}


def disk_paths(*folders) -> set[str]:
    found = set()
    for folder in folders:
        for base, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found |= {os.path.join(base, f) for f in files
                      if f.endswith((".md", ".txt")) and not f.startswith(".")}
    return found


def test_every_kind_of_change(fake_library, tmp_path):
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    inbox.mkdir()
    archive.mkdir()
    (inbox / "old.md").write_text("# Old\n\nAn old note about sailing.\n")
    fake_library.add([str(inbox), str(archive)])
    embedder = fake_library.parts.embedder
    with Running(fake_library) as running:
        wait_until(lambda: indexed_paths(fake_library) == {str(inbox / "old.md")})
        (inbox / "new.md").write_text("# New\n\nA new note about kites.\n")
        wait_until(lambda: str(inbox / "new.md") in indexed_paths(fake_library))

        (inbox / "new.md").write_text("# New\n\nA new note about kites and wind.\n")
        tmp = inbox / ".new.md.swp"  # editor-style atomic save
        tmp.write_text("# New\n\nKites, wind and beaches.\n")
        os.replace(tmp, inbox / "new.md")
        running.idle(fake_library)
        assert "beaches" in fake_library.search("kites wind beaches", k=1)[0].text

        before = len(embedder.embedded)
        os.rename(inbox / "old.md", inbox / "sailing.md")  # rename
        os.rename(inbox / "sailing.md", archive / "sailing.md")  # move between folders
        sub = inbox / "projects"
        sub.mkdir()
        (sub / "plan.md").write_text("# Plan\n\nBuild a shed.\n")
        running.idle(fake_library)
        os.rename(sub, inbox / "projects-2026")  # folder rename
        running.idle(fake_library)
        (inbox / "new.md").unlink()  # delete
        running.idle(fake_library)

    expected = disk_paths(inbox, archive)
    assert indexed_paths(fake_library) == expected == {
        str(archive / "sailing.md"), str(inbox / "projects-2026" / "plan.md")}
    assert len(embedder.embedded) - before == 1, embedder.embedded[before:]  # moves re-pointed
    assert fake_library.check().consistent


def test_a_thousand_files_at_once(fake_library, tmp_path):
    folder = tmp_path / "burst"
    folder.mkdir()
    fake_library.add([str(folder)])
    with Running(fake_library, settle=0.5) as running:
        for n in range(1000):
            sub = folder / f"d{n % 10}"
            sub.mkdir(exist_ok=True)
            (sub / f"note{n}.txt").write_text(f"Note number {n} about topic {n % 7}.\n")
        wait_until(lambda: len(indexed_paths(fake_library)) == 1000, timeout=60,
                   why=lambda: (len(indexed_paths(fake_library)), running.reports[-3:]))
        running.idle(fake_library)
    assert len(fake_library.parts.embedder.embedded) == 1000  # each file embedded once
    assert fake_library.check().consistent


def test_saved_note_is_searchable_with_real_parts(real_library, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    real_library.add([str(folder)])
    with Running(real_library):
        (folder / "boat.md").write_text("# Boat\n\nThe boat's winter storage is in Harwich.\n")
        wait_until(lambda: real_library.parts.registry.counts()["indexed"] == 1)
        top = real_library.search("where is the boat stored in winter?", k=1)[0]
        assert top.path == str(folder / "boat.md")
        (folder / "boat.md").unlink()
        wait_until(lambda: real_library.parts.registry.counts()["indexed"] == 0)
    assert real_library.check().consistent


def test_links_and_odd_names_that_appear_while_watching(fake_library, tmp_path):
    """The watcher indexes through the same scan: a link out of the library that appears
    is reported, not read; a name that is not UTF-8 is reported and the watcher lives on."""
    notes, private = tmp_path / "notes", tmp_path / "private"
    notes.mkdir()
    private.mkdir()
    (private / "vault.md").write_text("# Vault\n\nThe combination is 31-14-27.\n")
    fake_library.add([str(notes)])
    with Running(fake_library) as running:
        (notes / "vault.md").symlink_to(private / "vault.md")
        with open(os.fsencode(notes) + b"/caf\xe9.md", "wb") as handle:
            handle.write(b"# Cafe\n\nDescale the machine monthly.\n")
        (notes / "after.md").write_text("# After\n\nWritten after the odd name.\n")
        wait_until(lambda: str(notes / "after.md") in indexed_paths(fake_library))
        running.idle(fake_library)
        record = fake_library.parts.registry.get(str(notes / "vault.md"))
        assert record is not None and record.status == "skipped"
        assert "outside your folders" in record.reason
        assert running.thread.is_alive()
    assert all("31-14-27" not in hit.text for hit in fake_library.search("combination"))
