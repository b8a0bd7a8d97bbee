"""Awkward paths and sizes: huge files, long lines, deep folders, links, odd names,
unreadable folders. Each gets a specific reason or is indexed; nothing stops the run."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def awkward(tmp_path):
    folder = tmp_path / "awkward"
    folder.mkdir()
    with open(folder / "huge.txt", "w") as handle:  # a real 200 MB text file
        line = "a log line of an export nobody reads, repeated many times over\n"
        handle.write(line * (200 * 2**20 // len(line) + 1))
    with open(folder / "enormous.pdf", "wb") as handle:  # over the 256 MB limit (sparse)
        handle.truncate(300 * 2**20)
    (folder / "long-line.txt").write_text(" ".join(f"word{i}" for i in range(8000)) + " zebrafinch")
    deep = folder.joinpath(*[f"level{i}" for i in range(60)])
    deep.mkdir(parents=True)
    (deep / "deep.md").write_text("# Deep\n\nThe basement key hangs behind the boiler.\n")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.md").write_text("# Elsewhere\n\nThe canoe is stored at the marina.\n")
    (folder / "linked-dir").symlink_to(outside, target_is_directory=True)
    (folder / "dangling.md").symlink_to(tmp_path / "missing.md")
    (folder / "name with spaces.md").write_text("# Spaces\n\nThe picnic blanket is tartan.\n")
    (folder / "ünïcødé 日本語.md").write_text("# Unicode\n\nThe tea caddy holds sencha.\n")
    (folder / "new\nline.md").write_text("# Newline\n\nThe kayak paddle is orange.\n")
    locked = folder / "locked-folder"
    locked.mkdir()
    (locked / "private.md").write_text("# Private\n\nUnreadable folder content.\n")
    return folder


def test_awkward_files_each_get_a_reason_or_are_indexed(real_library, awkward, monkeypatch):
    locked = str(awkward / "locked-folder")
    real_scandir = os.scandir

    def scandir(path="."):  # root can read any folder; make this one unreadable for anyone
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = real_library.index([str(awkward)])
    reasons = {os.path.basename(p.path): p.reason for p in report.failed + report.skipped}
    assert "limit for text files" in reasons["huge.txt"]
    assert "size limit" in reasons["enormous.pdf"]
    assert "no permission to read the folder" in reasons["locked-folder"]
    registry = real_library.parts.registry
    indexed = {os.path.basename(r.path) for r in registry.files(status="indexed")}
    assert indexed == {"long-line.txt", "deep.md", "name with spaces.md", "ünïcødé 日本語.md",
                       "new\nline.md"}
    assert real_library.search("zebrafinch", k=1)[0].path.endswith("long-line.txt")
    assert real_library.search("basement key boiler", k=1)[0].path.endswith("deep.md")
    assert real_library.search("kayak paddle", k=1)[0].path.endswith("new\nline.md")
    assert real_library.search("tea caddy sencha", k=1)[0].path.endswith("日本語.md")
    # a linked folder is not followed (it could loop, or lead anywhere on the disk)
    assert all("elsewhere" not in h.path for h in real_library.search("canoe marina", k=3))
    assert real_library.check().consistent
    # the folder becomes readable again: its file is indexed; while unreadable, kept
    monkeypatch.setattr(os, "scandir", real_scandir)
    assert real_library.index().indexed == 1
    monkeypatch.setattr(os, "scandir", scandir)
    assert real_library.index().removed == 0
    assert real_library.parts.registry.get(locked + "/private.md").status == "indexed"
