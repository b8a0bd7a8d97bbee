"""The registry's migrations are ordered, recorded and applied once."""

from __future__ import annotations

import sqlite3

from app.core.storage.migrations import MIGRATIONS, migrate
from app.core.storage.registry import Registry


def test_migrations_are_recorded_and_not_repeated(tmp_path):
    path = tmp_path / "library.sqlite3"
    Registry(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    names = [row[0] for row in db.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert migrate(db) == []


def test_a_failing_migration_leaves_the_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "library.sqlite3"
    Registry(path).close()

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr("app.core.storage.migrations.MIGRATIONS",
                        MIGRATIONS + [("999_broken", broken)])
    db = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(db)
    except RuntimeError:
        pass
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


def test_paths_with_like_wildcards_stay_separate(tmp_path):
    registry = Registry(tmp_path / "r.sqlite3")
    for path in ("/a/b_c/x.md", "/a/bxc/y.md"):
        registry.begin_file(path, "/a", "md", "h")
    assert [r.path for r in registry.files(under="/a/b_c")] == ["/a/b_c/x.md"]
    registry.close()


def test_a_store_failure_on_a_nearly_full_disk_counts_as_disk_full(tmp_path, monkeypatch):
    """Chroma's engine says "Error in compaction", not "no space": the free space decides."""
    import shutil

    from app.core.errors import LOW_SPACE_BYTES, is_disk_full

    chroma_words = RuntimeError("Error in compaction: Failed to apply logs to the segment")
    usage = shutil.disk_usage(tmp_path)
    assert not is_disk_full(chroma_words)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=LOW_SPACE_BYTES - 1))
    assert is_disk_full(chroma_words, tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=10 * LOW_SPACE_BYTES))
    assert not is_disk_full(chroma_words, tmp_path)


def test_retry_codes_are_kept_and_older_reasons_get_theirs(tmp_path):
    from app.core.types import parse_retry

    path = tmp_path / "library.sqlite3"
    registry = Registry(path)
    file_id = registry.begin_file("/n/scan.pdf", "/n", "pdf", "h")
    registry.finish_file(file_id, status="indexed", size=1, mtime_ns=1, chunks=1,
                         reason="OCR read the first 2 scanned pages; 3 more were left out",
                         retry="more_ocr_pages:2")
    assert parse_retry(registry.get("/n/scan.pdf").retry) == ("more_ocr_pages", 2)
    registry.close()
    # a library written before 009: the same reasons, no codes
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("ALTER TABLE files DROP COLUMN retry")
    db.execute("DELETE FROM schema_migrations WHERE name = '009_retry'")
    for n, reason in enumerate(("OCR is off (setting ocr): pictures are not read",
                                "no permission to read the file",
                                "OCR read the first 200 scanned pages; 5 more were left out",
                                "damaged PDF")):
        db.execute("INSERT INTO files (path, root, file_type, size, mtime_ns, hash, status, "
                   "reason, chunks, updated_at) "
                   "VALUES (?, '/n', 'pdf', 1, 1, 'h', 'skipped', ?, 0, 0)",
                   (f"/n/{n}.pdf", reason))
    db.close()
    registry = Registry(path)
    codes = [registry.get(f"/n/{n}.pdf").retry for n in range(4)]
    assert codes == ["ocr_on", "readable", "more_ocr_pages:200", None]
    assert parse_retry("more_ocr_pages:x") is None and parse_retry(None) is None
    registry.close()
