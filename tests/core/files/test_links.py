"""One symlink rule for indexing, search, read_passage and the viewer (``core.links``).

The links point at the machine's real ``/etc`` and ``/dev`` where they exist, and at a
folder of "private" notes outside the library made by each test.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.errors import HearthError
from app.core.files.links import LinkRule
from app.core.search.passages import OutsideLibrary

SECRET = "The vault combination is 31-14-27 and nobody else knows it."


@pytest.fixture
def folders(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "garden.md").write_text("# Garden\n\nTomatoes need sun and water.\n")
    private = tmp_path / "private"
    private.mkdir()
    (private / "vault.md").write_text(f"# Vault\n\n{SECRET}\n")
    return notes, private


def reasons(library) -> dict[str, str]:
    status = library.status().to_json()
    return {Path(i["path"]).name: i["reason"] for i in status["skipped"] + status["failed"]}


def texts(library, query: str) -> str:
    return " ".join(hit.text for hit in library.search(query, k=10))


def test_links_out_of_the_library_are_not_read_and_say_why(fake_library, folders):
    notes, private = folders
    (notes / "vault.md").symlink_to(private / "vault.md")
    (notes / "secrets").symlink_to(private, target_is_directory=True)
    if os.path.exists("/etc/passwd"):
        (notes / "passwd.md").symlink_to("/etc/passwd")
    if os.path.isdir("/etc"):
        (notes / "etc").symlink_to("/etc", target_is_directory=True)
    if os.path.exists("/dev/zero"):
        (notes / "zero.md").symlink_to("/dev/zero")
    report = fake_library.index([str(notes)])
    assert report.indexed == 1
    found = reasons(fake_library)
    assert "outside your folders" in found["vault.md"]
    assert "a link to a folder outside" in found["secrets"]
    for name in ("passwd.md", "etc", "zero.md"):
        if (notes / name).is_symlink():
            assert "outside your folders" in found[name], found
    assert "31-14-27" not in texts(fake_library, "vault combination")
    assert "root" not in texts(fake_library, "root")
    assert fake_library.index().unchanged >= 1  # a refused link is not retried unchanged


def test_loops_dangling_links_and_pipes_are_reported(fake_library, folders):
    notes, _ = folders
    (notes / "a.md").symlink_to(notes / "b.md")
    (notes / "b.md").symlink_to(notes / "a.md")
    (notes / "gone.md").symlink_to(notes / "never-there.md")
    (notes / "around").symlink_to(notes, target_is_directory=True)  # a folder loop
    os.mkfifo(notes / "pipe.md")
    fake_library.index([str(notes)])
    found = reasons(fake_library)
    assert "loop" in found["a.md"] and "loop" in found["b.md"]
    assert "does not exist" in found["gone.md"]
    assert "named pipe" in found["pipe.md"]
    assert "around" not in found  # a link into the library: its files are read in place
    assert fake_library.status().to_json()["files"]["indexed"] == 1


def test_a_link_to_a_file_inside_the_library_is_read(fake_library, folders):
    notes, _ = folders
    (notes / "sub").mkdir()
    (notes / "sub" / "plan.md").write_text("# Plan\n\nThe bicycle tour starts in June.\n")
    (notes / "plan-link.md").symlink_to(notes / "sub" / "plan.md")
    fake_library.index([str(notes)])
    paths = {hit.path for hit in fake_library.search("bicycle tour", k=5)}
    assert str(notes / "plan-link.md") in paths


def test_allowed_targets_are_read_through_files_and_folders(fake_library, folders):
    notes, private = folders
    (notes / "vault.md").symlink_to(private / "vault.md")
    (notes / "secrets").symlink_to(private, target_is_directory=True)
    fake_library.apply_settings(replace(fake_library.settings, link_targets=(str(private),)))
    fake_library.index([str(notes)])
    paths = {hit.path for hit in fake_library.search("vault combination", k=5)}
    assert {str(notes / "vault.md"), str(notes / "secrets" / "vault.md")} <= paths


def test_an_index_made_before_the_rule_leaks_nothing_and_is_cleaned(fake_library, folders):
    """What older versions indexed through a link stays unreachable by search and by
    read_passage (path or chunk id), and the next scan removes it."""
    notes, private = folders
    (notes / "vault.md").symlink_to(private / "vault.md")
    allowed = replace(fake_library.settings, link_targets=(str(private),))
    fake_library.apply_settings(allowed)  # stands in for an index made before the rule
    fake_library.index([str(notes)])
    record = fake_library.parts.registry.get(str(notes / "vault.md"))
    assert record.status == "indexed"
    fake_library.apply_settings(replace(allowed, link_targets=()))
    assert "31-14-27" not in texts(fake_library, "vault combination")
    with pytest.raises(OutsideLibrary):
        fake_library.read_passage(chunk_id=f"{record.id}:0")
    with pytest.raises(OutsideLibrary):
        fake_library.read_passage(path=str(notes / "vault.md"))
    with pytest.raises(HearthError, match="outside your folders"):
        fake_library.read_document(str(notes / "vault.md"))
    fake_library.index()
    assert "outside your folders" in reasons(fake_library)["vault.md"]
    assert not fake_library.parts.store.get([f"{record.id}:0"])


def test_the_rule_on_its_own(tmp_path):
    inside = tmp_path / "lib"
    (inside / "hidden").mkdir(parents=True)
    (inside / "hidden" / "x.md").write_text("x")
    (inside / "to-hidden.md").symlink_to(inside / "hidden" / "x.md")
    (inside / "plain.md").write_text("y")
    rule = LinkRule.of([(str(inside), False), (str(inside / "hidden"), True)])
    assert rule.refusal(str(inside / "plain.md")) is None
    assert "outside your folders" in rule.refusal(str(inside / "to-hidden.md"))  # excluded
    assert rule.refusal(str(inside / "vanished.md")) is None  # gone: the caller drops it
