"""A rebuild replaces the index and keeps the user's data, whatever moment a kill hits.

The kill rounds run the rebuild in a child process that sends itself SIGKILL just before
its n-th step (each file write, rename and clean-up of ``core.recovery``), for every n
until a run passes all steps; after each kill a fresh process opens the library as any
command would, and every folder, chat and action-item mark must be there.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from app.core.answers.answer import Answer
from app.core.answers.chats import ChatStore
from app.core.settings import settings_for_home
from app.core.storage.recovery import (
    KEEP_DAMAGED,
    MARKER_FILE,
    STAGING_DIR,
    damaged_copies,
    replace_library,
    saved_roots,
)
from app.core.storage.registry import Registry
from app.services import build
from tests.conftest import REPO
from tests.support.fakes import HashingEmbedder


def _make_library(home, tmp_path):
    """A library with two folders, an exclusion, a chat, a done mark, an indexed file's row
    and a store folder: everything a rebuild must keep or replace."""
    settings = settings_for_home(home)
    settings.paths.ensure()
    notes = tmp_path / "notes"
    (notes / "private").mkdir(parents=True, exist_ok=True)
    other = tmp_path / "other"
    other.mkdir(exist_ok=True)
    registry = Registry(settings.paths.registry_file)
    registry.add_root(str(notes))
    registry.add_root(str(other))
    registry.add_root(str(notes / "private"), excluded=True)
    ChatStore(registry).add_turn("Trip", Answer(question="When do we fly?", text="Friday."))
    registry.db.execute("INSERT INTO action_marks VALUES ('item-1', 1, 0)")
    file_id = registry.begin_file(str(notes / "a.md"), str(notes), "md", "digest")
    registry.finish_file(file_id, status="indexed", size=1, mtime_ns=1, chunks=1)
    registry.set_fact("embedder_backend", "onnx")
    registry.close()
    settings.paths.store_dir.mkdir()
    (settings.paths.store_dir / "chroma.sqlite3").write_bytes(b"old vectors")
    return settings, notes, other


def _user_data(settings) -> dict:
    """What the user made, read through the same door every command uses."""
    library = build(settings, embedder=HashingEmbedder())
    try:
        return {
            "roots": sorted((r.path, r.excluded) for r in library.parts.registry.roots()),
            "chats": [(c.name, c.turns) for c in library.parts.chats.all()],
            "marks": library.parts.registry.db.execute(
                "SELECT id, done FROM action_marks").fetchall(),
            "files": library.parts.registry.counts()["indexed"],
        }
    finally:
        library.close()


def test_rebuild_keeps_folders_chats_and_marks_and_replaces_the_index(tmp_path):
    settings, notes, other = _make_library(tmp_path / "home", tmp_path)
    before = _user_data(settings)
    aside = replace_library(settings.paths)
    assert aside is not None and (aside / "store" / "chroma.sqlite3").exists()
    assert not settings.paths.store_dir.exists()
    registry = Registry(settings.paths.registry_file)
    try:  # a rebuild takes the current default embedder: that record is not carried
        assert registry.fact("embedder_backend") is None
    finally:
        registry.close()
    after = _user_data(settings)
    assert after["roots"] == before["roots"] == sorted(
        [(str(notes), False), (str(other), False), (str(notes / "private"), True)])
    assert after["chats"] == [("Trip", 1)] and after["marks"] == [("item-1", 1)]
    assert after["files"] == 0  # the index is what a rebuild makes again
    data = settings.paths.data
    assert not (data / MARKER_FILE).exists() and not (data / STAGING_DIR).exists()


def test_damaged_copies_are_bounded_and_listed_newest_first(tmp_path):
    settings, _, _ = _make_library(tmp_path / "home", tmp_path)
    for _ in range(3):
        replace_library(settings.paths)
        settings.paths.store_dir.mkdir(exist_ok=True)
        (settings.paths.store_dir / "chroma.sqlite3").write_bytes(b"x" * 1000)
    copies = damaged_copies(settings.paths.data)
    assert len(copies) == KEEP_DAMAGED
    assert copies[0].bytes >= 1000
    assert _user_data(settings)["chats"] == [("Trip", 1)]
    library = build(settings, embedder=HashingEmbedder())
    try:
        assert library.status().to_json()["damaged"][0]["path"] == copies[0].path
    finally:
        library.close()


def test_an_unreadable_registry_still_gives_the_folders_from_roots_json(tmp_path):
    settings, notes, other = _make_library(tmp_path / "home", tmp_path)
    for suffix in ("-wal", "-shm"):
        (settings.paths.data / f"library.sqlite3{suffix}").unlink(missing_ok=True)
    settings.paths.registry_file.write_bytes(b"a disk error ate this" * 200)
    replace_library(settings.paths)
    roots = _user_data(settings)["roots"]
    assert (str(notes), False) in roots and (str(other), False) in roots


def test_a_library_emptied_by_an_old_interrupted_rebuild_gets_its_folders_back(tmp_path):
    """Older versions left a registry with no folders beside a roots.json that had them."""
    settings, notes, _ = _make_library(tmp_path / "home", tmp_path)
    kept = saved_roots(settings.paths)
    registry = Registry(settings.paths.registry_file)
    registry.db.execute("DELETE FROM roots")  # what the old kill left; roots.json stays
    registry.close()
    replace_library(settings.paths)
    assert sorted(_user_data(settings)["roots"]) == sorted(kept)


_CHILD = textwrap.dedent("""
    import os, signal, sys, types
    from app.core.storage import recovery
    from app.core.settings import settings_for_home

    kill_at, steps = int(sys.argv[2]), [0]

    def step(function):
        def wrapped(*args, **kwargs):
            steps[0] += 1
            if steps[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return function(*args, **kwargs)
        return wrapped

    for name in ("write_carried_registry", "write_atomically", "prune_damaged",
                 "_fsync_dir"):
        setattr(recovery, name, step(getattr(recovery, name)))
    shim = types.ModuleType("os")
    shim.__dict__.update(os.__dict__)
    shim.replace = step(os.replace)
    recovery.os = shim
    recovery.shutil.rmtree = step(recovery.shutil.rmtree)
    recovery.replace_library(settings_for_home(sys.argv[1]).paths)
    print("steps", steps[0])
""")


@pytest.mark.slow
def test_kill_9_at_every_step_of_a_rebuild_loses_nothing(tmp_path):
    for kill_at in range(1, 40):
        case = tmp_path / f"round{kill_at}"
        settings, _, _ = _make_library(case / "home", case)
        before = _user_data(settings)
        child = subprocess.run([sys.executable, "-c", _CHILD, str(case / "home"), str(kill_at)],
                               cwd=REPO, capture_output=True, text=True, timeout=120)
        after = _user_data(settings)  # the next command's open finishes the swap
        assert {k: after[k] for k in ("roots", "chats", "marks")} == {
            k: before[k] for k in ("roots", "chats", "marks")}, (kill_at, child.stderr)
        data = settings.paths.data
        assert not (data / MARKER_FILE).exists() and not (data / STAGING_DIR).exists()
        assert after["files"] in (0, 1)  # old index kept (kill before the swap) or replaced
        assert len(damaged_copies(data)) <= 1
        if child.returncode == 0:
            assert kill_at > 5, child.stdout  # the kill points were really passed
            return
        assert child.returncode == -signal.SIGKILL, child.stderr
    pytest.fail("the rebuild never finished within 40 steps")
