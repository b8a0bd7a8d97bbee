"""Incremental indexing at the unit level: what is embedded again, and what is not."""

from __future__ import annotations

import os
import time

import pytest

from app.core.errors import NotInLibrary, PathNotFound


def write(path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def bump_mtime(path) -> None:
    later = time.time() + 5
    os.utime(path, (later, later))


@pytest.fixture
def notes(tmp_path):
    folder = tmp_path / "notes"
    write(folder / "a.md", "# Alpha\n\nThe alpha project ships in May.\n")
    write(folder / "b.txt", "Beta notes about the garden and tomatoes.\n")
    write(folder / "sub" / "c.md", "# Gamma\n\nGamma is about bicycles.\n")
    return folder


def test_first_run_indexes_everything(fake_library, notes):
    report = fake_library.index([str(notes)])
    assert (report.indexed, report.unchanged, report.removed) == (3, 0, 0)
    assert report.chunks == fake_library.parts.store.count() == 3
    assert fake_library.check().consistent


def test_unchanged_files_are_not_embedded_again(fake_library, notes):
    fake_library.index([str(notes)])
    embedder = fake_library.parts.embedder
    before = len(embedder.embedded)
    report = fake_library.index()
    assert (report.indexed, report.unchanged) == (0, 3)
    assert len(embedder.embedded) == before


def test_touched_file_with_same_content_is_unchanged(fake_library, notes):
    fake_library.index([str(notes)])
    bump_mtime(notes / "a.md")
    before = len(fake_library.parts.embedder.embedded)
    report = fake_library.index()
    assert (report.indexed, report.unchanged) == (0, 3)
    assert len(fake_library.parts.embedder.embedded) == before


def test_edited_file_is_embedded_again_and_old_chunks_go(fake_library, notes):
    fake_library.index([str(notes)])
    write(notes / "a.md", "# Alpha\n\nThe alpha project slipped to July.\n")
    bump_mtime(notes / "a.md")
    report = fake_library.index()
    assert (report.indexed, report.unchanged) == (1, 2)
    hits = fake_library.search("alpha project July", k=5)
    texts = [h.text for h in hits]
    assert any("July" in t for t in texts) and not any("May" in t for t in texts)
    assert fake_library.check().consistent


def test_renamed_file_keeps_its_vectors(fake_library, notes):
    fake_library.index([str(notes)])
    before = len(fake_library.parts.embedder.embedded)
    os.rename(notes / "b.txt", notes / "garden.txt")
    report = fake_library.index()
    assert (report.moved, report.indexed, report.removed) == (1, 0, 0)
    assert len(fake_library.parts.embedder.embedded) == before
    assert fake_library.search("tomatoes", k=1)[0].path == str(notes / "garden.txt")
    assert fake_library.check().consistent


def test_deleted_file_is_removed(fake_library, notes):
    fake_library.index([str(notes)])
    os.remove(notes / "sub" / "c.md")
    report = fake_library.index()
    assert report.removed == 1
    assert all("bicycles" not in h.text for h in fake_library.search("bicycles", k=5))
    assert fake_library.check().consistent


def test_duplicate_content_at_two_paths_is_indexed_twice(fake_library, notes):
    write(notes / "copy.txt", (notes / "b.txt").read_text())
    report = fake_library.index([str(notes)])
    assert (report.indexed, report.moved) == (4, 0)
    assert fake_library.check().consistent


def test_bad_files_are_reported_and_the_rest_indexed(fake_library, notes):
    (notes / "empty.md").write_text("")
    (notes / "binary.txt").write_bytes(bytes(range(256)) * 8)
    report = fake_library.index([str(notes)])
    assert report.indexed == 3
    assert {p.path: p.reason for p in report.skipped} == {str(notes / "empty.md"): "empty file"}
    assert [p.path for p in report.failed] == [str(notes / "binary.txt")]
    assert "binary" in report.failed[0].reason
    status = fake_library.status().to_json()
    assert status["files"] == {"indexed": 3, "failed": 1, "skipped": 1, "pending": 0}


def test_file_that_becomes_empty_loses_its_chunks(fake_library, notes):
    fake_library.index([str(notes)])
    (notes / "b.txt").write_text("")
    report = fake_library.index()
    assert [p.path for p in report.skipped] == [str(notes / "b.txt")]
    assert fake_library.check().consistent
    assert fake_library.parts.store.count() == 2


def test_forget_a_root_and_a_file_inside_one(fake_library, notes, tmp_path):
    other = tmp_path / "other"
    write(other / "d.txt", "Delta file.\n")
    fake_library.index([str(notes), str(other)])
    assert fake_library.forget(str(notes / "sub")) == 1
    assert fake_library.index().indexed == 0  # the excluded folder does not come back
    assert fake_library.forget(str(other)) == 1
    assert fake_library.status().to_json()["folders"] == [str(notes)]
    assert fake_library.parts.store.count() == 2
    assert fake_library.check().consistent
    with pytest.raises(NotInLibrary):
        fake_library.forget(str(tmp_path / "elsewhere"))


def test_unknown_path_is_a_clear_error(fake_library, tmp_path):
    with pytest.raises(PathNotFound, match="No such file or folder"):
        fake_library.index([str(tmp_path / "missing")])


def test_hidden_and_unsupported_files_are_ignored_and_counted(fake_library, notes):
    write(notes / ".obsidian" / "workspace.md", "# hidden\n\ntext\n")
    write(notes / ".draft.md", "hidden text\n")
    write(notes / "deploy.yml", "steps: []\n")
    write(notes / "sub" / "ci.yml", "steps: []\n")
    write(notes / "run.sh", "echo hi\n")
    write(notes / "Makefile", "all:\n")
    report = fake_library.index([str(notes)])
    assert report.indexed == 3 and not report.failed and not report.skipped
    # status says what search cannot see, most common type first; hidden files not counted
    assert fake_library.status().to_json()["unread_types"] == {".yml": 2, "(none)": 1, ".sh": 1}
    (notes / "run.sh").unlink()
    fake_library.index()
    assert fake_library.status().to_json()["unread_types"] == {".yml": 2, "(none)": 1}
    fake_library.forget(str(notes))
    assert fake_library.status().to_json()["unread_types"] == {}


def test_check_finds_orphans_and_missing_chunks(fake_library, notes):
    fake_library.index([str(notes)])
    store = fake_library.parts.store
    store.upsert(["999:0"], [[0.0] * 64], ["orphan"], [{"file_id": 999, "path": "/gone"}])
    victim = next(iter(store.rows))
    del store.rows[victim]
    problems = fake_library.check().problems
    assert any("orphan" in p for p in problems)
    assert any("expected 1 chunks" in p for p in problems)


def test_interrupted_write_is_redone(fake_library, notes):
    fake_library.index([str(notes)])
    rec = fake_library.parts.registry.get(str(notes / "a.md"))
    fake_library.parts.registry.mark_pending(rec.id)  # as if killed between the two writes
    fake_library.parts.store.delete_file(rec.id)
    assert not fake_library.check().consistent
    report = fake_library.index()
    assert report.indexed == 1
    assert fake_library.check().consistent


def test_offline_folder_keeps_its_index(fake_library, notes, tmp_path):
    fake_library.index([str(notes)])
    parked = tmp_path / "unmounted"
    os.rename(notes, parked)  # as if the drive were unplugged
    report = fake_library.index()
    assert report.offline == [str(notes)] and report.removed == 0
    assert fake_library.parts.store.count() == 3
    assert fake_library.status().to_json()["offline"] == [str(notes)]
    os.rename(parked, notes)
    report = fake_library.index()
    assert (report.offline, report.unchanged, report.indexed) == ([], 3, 0)


def test_rows_of_a_half_forgotten_root_are_cleaned_up(fake_library, notes):
    fake_library.index([str(notes)])
    fake_library.parts.registry.remove_root(str(notes))  # as if killed right after this step
    report = fake_library.index()
    assert report.removed == 3 and fake_library.parts.store.count() == 0
    assert fake_library.check().consistent


def test_scope_inside_a_root_touches_only_that_part(fake_library, notes):
    fake_library.index([str(notes)])
    write(notes / "sub" / "new.md", "# New\n\nFresh note about kites.\n")
    (notes / "a.md").unlink()  # outside the scope: not noticed by a scoped run
    report = fake_library.parts.indexer.run([str(notes / "sub")])
    assert (report.indexed, report.unchanged, report.removed) == (1, 1, 0)
    report = fake_library.parts.indexer.run([str(notes / "a.md")])
    assert report.removed == 1
    assert fake_library.check().consistent


def test_ignored_paths_inside_a_scope_are_skipped(fake_library, notes):
    fake_library.index([str(notes)])
    write(notes / ".git" / "notes.md", "# git internals\n\nobjects\n")
    write(notes / "draft.md.swp", "swap")
    report = fake_library.parts.indexer.run([str(notes / ".git" / "notes.md"),
                                       str(notes / "draft.md.swp")])
    assert report.indexed == 0 and not report.failed


def test_tool_folders_and_temp_files_are_ignored(fake_library, notes):
    write(notes / "node_modules" / "pkg" / "README.md", "# pkg\n\nvendored\n")
    write(notes / "__pycache__" / "x.txt", "cache\n")
    write(notes / "#draft.md#", "emacs autosave\n")
    write(notes / "note.md~", "backup\n")
    report = fake_library.index([str(notes)])
    assert report.indexed == 3


def test_user_ignore_globs(tmp_path):
    from app.core.library import Library
    from app.core.settings import settings_for_home
    from app.core.storage.registry import Registry
    from app.services import parsers
    from tests.support.fakes import HashingEmbedder, MemoryStore

    settings = settings_for_home(tmp_path / "h", ignore_globs=("*.log.txt", "private*"))
    settings.paths.ensure()
    store = MemoryStore()
    library = Library(settings, Registry(settings.paths.registry_file), lambda: store,
                      HashingEmbedder, parsers())
    write(tmp_path / "n" / "keep.txt", "keep me\n")
    write(tmp_path / "n" / "server.log.txt", "noise\n")
    write(tmp_path / "n" / "private" / "diary.md", "secret\n")
    assert library.index([str(tmp_path / "n")]).indexed == 1
    library.close()


def test_keyword_index_follows_edits_renames_and_deletes(fake_library, notes):
    fake_library.index([str(notes)])
    keywords = fake_library.parts.keywords
    assert keywords.search("tomatoes", 5)
    write(notes / "b.txt", "Beta notes about the garden and cucumbers.\n")
    bump_mtime(notes / "b.txt")
    fake_library.index()
    assert not keywords.search("tomatoes", 5) and keywords.search("cucumbers", 5)
    os.rename(notes / "b.txt", notes / "garden.txt")
    fake_library.index()
    assert fake_library.search("cucumbers", k=1, mode="keyword")[0].path.endswith("garden.txt")
    os.remove(notes / "garden.txt")
    fake_library.index()
    assert not keywords.search("cucumbers", 5)
    assert fake_library.check().consistent


class _Meddling:
    """A parser that changes the file under the indexer's feet the first time it reads it."""

    def __init__(self, parser, action) -> None:
        self.parser, self.action, self.done = parser, action, False

    def parse(self, path):
        doc = self.parser.parse(path)
        if not self.done:
            self.done = True
            self.action(path)
        return doc


def test_file_rewritten_while_being_read_is_recorded_as_it_ends_up(fake_library, notes):
    from app.core.indexing.indexer import file_hash

    target = notes / "a.md"

    def rewrite(path) -> None:
        path.write_text("# Alpha\n\nRewritten: the alpha project slips to June.\n")
        bump_mtime(path)

    parsers = fake_library.parts.indexer.parsers
    parsers[".md"] = _Meddling(parsers[".md"], rewrite)
    report = fake_library.index([str(notes)])
    assert report.indexed == 3 and not report.failed
    record = fake_library.parts.registry.get(str(target))
    assert record.hash == file_hash(str(target))
    assert "June" in fake_library.search("alpha project", k=1)[0].text
    assert fake_library.index().unchanged == 3  # what was recorded is what is on disk


def test_file_deleted_while_being_read_is_dropped_and_the_run_goes_on(fake_library, notes):
    fake_library.parts.indexer.parsers[".md"] = _Meddling(fake_library.parts.indexer.parsers[".md"],
                                                    lambda path: path.unlink())
    report = fake_library.index([str(notes)])
    assert not report.failed
    paths = {os.path.basename(r.path) for r in fake_library.parts.registry.files()}
    assert paths == {"b.txt", "c.md"}
    assert fake_library.check().consistent


def test_a_file_whose_permission_was_fixed_is_read_by_the_next_reconcile(fake_library, notes):
    """chmod changes no mtime: the row says "no permission" and the stat still matches."""
    from app.core.indexing.indexer import NO_PERMISSION

    fake_library.index([str(notes)])
    rec = fake_library.parts.registry.get(str(notes / "a.md"))
    registry = fake_library.parts.registry
    with registry.transaction():  # as recorded while the file was chmod 000
        fake_library.parts.keywords.delete_file(rec.id)
        registry.finish_file(rec.id, status="failed", size=rec.size, mtime_ns=rec.mtime_ns,
                             chunks=0, reason=NO_PERMISSION, retry="readable")
    report = fake_library.reconcile()
    assert report.indexed == 1
    assert fake_library.parts.registry.get(str(notes / "a.md")).status == "indexed"


def test_a_file_that_kills_its_reader_twice_is_failed_not_read_again(fake_library, notes):
    """As if the process died twice inside a.md's parser (out of memory, a hang killed):
    the next run fails it without parsing, indexes the rest, and reads it once changed."""
    from app.core.indexing.indexer import MAX_READ_ATTEMPTS

    fake_library.index([str(notes)])
    path = str(notes / "a.md")
    rec = fake_library.parts.registry.get(path)
    for _ in range(MAX_READ_ATTEMPTS):  # what each run does just before it parses
        fake_library.parts.registry.begin_file(path, rec.root, "md", rec.hash, reading=True)
    assert fake_library.parts.registry.get(path).read_attempts == MAX_READ_ATTEMPTS
    report = fake_library.reconcile()
    assert [p.path for p in report.failed] == [path]
    assert "stopped 2 times while reading this file" in report.failed[0].reason
    assert fake_library.parts.registry.get(path).status == "failed"
    assert not fake_library.parts.store.get([f"{rec.id}:0"])  # the old version's chunks went too
    assert fake_library.reconcile().failed == []  # not retried while unchanged
    write(notes / "a.md", "# Alpha\n\nThe alpha project ships in June.\n")
    bump_mtime(notes / "a.md")
    assert fake_library.reconcile().indexed == 1
    assert fake_library.parts.registry.get(path).read_attempts == 0


def test_one_death_inside_a_parser_is_retried(fake_library, notes):
    fake_library.index([str(notes)])
    path = str(notes / "a.md")
    rec = fake_library.parts.registry.get(path)
    fake_library.parts.registry.begin_file(path, rec.root, "md", rec.hash, reading=True)
    assert fake_library.reconcile().indexed == 1  # once may be a kill by the user
