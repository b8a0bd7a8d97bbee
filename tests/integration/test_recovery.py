"""A damaged or foreign library is detected at start and rebuilt from the files."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_NOTES, cli_env

pytestmark = pytest.mark.slow


def hearth(home, *args, timeout=300):
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=cli_env(home),
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def indexed_home(tmp_path):
    home = tmp_path / "home"
    run = hearth(home, "index", str(SAMPLE_NOTES / "projects"), str(SAMPLE_NOTES / "personal"))
    assert run.returncode == 0, run.stderr
    return home


def damage_registry(home):
    registry = home / "data" / "library.sqlite3"
    for suffix in ("-wal", "-shm"):
        (home / "data" / f"library.sqlite3{suffix}").unlink(missing_ok=True)
    registry.write_bytes(b"this is not a database, a disk error ate it" * 100)


def damage_store(home):
    store = home / "data" / "store" / "chroma.sqlite3"
    store.write_bytes(b"\0garbage" * 4096)


@pytest.mark.parametrize("damage", [damage_registry, damage_store])
def test_damage_is_reported_clearly_and_rebuild_restores_everything(indexed_home, damage):
    damage(indexed_home)
    run = hearth(indexed_home, "search", "sourdough proof")
    assert run.returncode == 1
    assert "hearth rebuild" in run.stderr and "Traceback" not in run.stderr
    rebuilt = hearth(indexed_home, "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "moved to" in rebuilt.stderr
    assert list((indexed_home / "data").glob("damaged-*"))  # kept, not deleted
    status = json.loads(hearth(indexed_home, "status", "--json").stdout)
    assert status["files"]["indexed"] == 4 and len(status["folders"]) == 2
    assert hearth(indexed_home, "check").returncode == 0
    found = json.loads(hearth(indexed_home, "search", "sourdough proof", "--json").stdout)
    assert found["results"][0]["path"].endswith("sourdough.html")


def test_a_registry_from_a_newer_hearth_is_refused_not_damaged(indexed_home):
    db = sqlite3.connect(indexed_home / "data" / "library.sqlite3")
    db.execute("INSERT INTO schema_migrations VALUES ('999_from_the_future', 0)")
    db.commit()
    db.close()
    run = hearth(indexed_home, "status")
    assert run.returncode == 1 and "newer version of Hearth" in run.stderr
    db = sqlite3.connect(indexed_home / "data" / "library.sqlite3")
    names = [row[0] for row in db.execute("SELECT name FROM schema_migrations")]
    assert "999_from_the_future" in names  # left exactly as it was


def test_disk_full_gives_a_clear_error_and_recovers_when_space_returns(tmp_path):
    """RLIMIT_FSIZE makes every write past a size fail like a full disk (EFBIG)."""
    home = tmp_path / "home"
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(30):
        (notes / f"note{i}.md").write_text(f"# Note {i}\n\n" + f"Harbour log entry {i}. " * 40)
    assert hearth(home, "status").returncode == 0  # creates the empty library
    limited = ("import resource, signal, sys\n"
               "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
               "resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))\n"
               "from app.cli import main\n"
               f"sys.exit(main(['index', {str(notes)!r}]))\n")
    run = subprocess.run([sys.executable, "-c", limited], cwd=REPO, env=cli_env(home),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "disk" in run.stderr.lower() or "space" in run.stderr.lower(), run.stderr
    problems = json.loads(hearth(home, "check", "--json").stdout)["problems"]
    # files of the failed batch stay marked pending (redone next time), nothing else is off
    assert all("pending" in json.dumps(problem) for problem in problems), problems
    again = hearth(home, "index", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(hearth(home, "status", "--json").stdout)["files"]["indexed"] == 30
    assert hearth(home, "check").returncode == 0


def _save_chat(home, name: str, question: str) -> None:
    """A saved chat, as `ask --chat` or the window leaves it (without running the model)."""
    from app.core.answers.answer import Answer
    from app.core.answers.chats import ChatStore
    from app.core.storage.registry import Registry

    registry = Registry(home / "data" / "library.sqlite3")
    try:
        ChatStore(registry).add_turn(name, Answer(question=question, text="From my notes."))
    finally:
        registry.close()


def test_rebuild_keeps_chats_action_marks_and_folders(tmp_path):
    """The issue's steps: `actions done ID`, a saved chat, `rebuild`; both survive."""
    home, notes = tmp_path / "home", tmp_path / "notes"
    shutil.copytree(SAMPLE_NOTES / "meetings", notes / "meetings")
    shutil.copytree(SAMPLE_NOTES / "projects", notes / "projects")
    assert hearth(home, "index", str(notes)).returncode == 0
    item = json.loads(hearth(home, "actions", "--open", "--json").stdout)["items"][0]
    assert hearth(home, "actions", "done", item["id"]).returncode == 0
    done_before = json.loads(hearth(home, "actions", "--done", "--json").stdout)["items"]
    assert item["id"] in [d["id"] for d in done_before]
    _save_chat(home, "Atlas", "When is the cutover?")
    rebuilt = hearth(home, "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    chats = json.loads(hearth(home, "chats", "--json").stdout)["chats"]
    assert [(c["name"], c["turns"]) for c in chats] == [("Atlas", 1)]
    done = json.loads(hearth(home, "actions", "--done", "--json").stdout)["items"]
    assert [d["id"] for d in done] == [d["id"] for d in done_before]
    status = json.loads(hearth(home, "status", "--json").stdout)
    assert status["folders"] == [str(notes.resolve())] and status["files"]["indexed"] == 5
    assert len(status["damaged"]) == 1 and status["damaged"][0]["bytes"] > 0
    assert "rm -r" in hearth(home, "status").stdout  # how to remove it, in words


def test_kill_9_during_a_rebuild_never_empties_the_library(indexed_home):
    """Killed about a second in (the issue's moment) and later, while it indexes: the next
    command finds both folders, and `hearth index` completes the library."""
    _save_chat(indexed_home, "Bread", "How long does the dough proof?")
    for delay in (0.3, 1.0, 4.0):
        child = subprocess.Popen([sys.executable, "-m", "app", "rebuild"], cwd=REPO,
                                 env=cli_env(indexed_home), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        status = json.loads(hearth(indexed_home, "status", "--json").stdout)
        assert len(status["folders"]) == 2, (delay, status)
        assert len(status["damaged"]) <= 1
        chats = json.loads(hearth(indexed_home, "chats", "--json").stdout)["chats"]
        assert [c["name"] for c in chats] == ["Bread"]
    finished = hearth(indexed_home, "index", "--json")
    assert finished.returncode == 0, finished.stderr
    assert json.loads(hearth(indexed_home, "status", "--json").stdout)["files"]["indexed"] == 4
    assert hearth(indexed_home, "check").returncode == 0


_DIES_ON_POISON = """
import os, signal, sys
from app.core.ingest import markdown

parse = markdown.MarkdownParser.parse

def dying_parse(self, path):
    if path.name == "poison.md":  # stands in for a parser that eats all memory
        os.kill(os.getpid(), signal.SIGKILL)
    return parse(self, path)

markdown.MarkdownParser.parse = dying_parse
from app.cli import main
sys.exit(main(["index", sys.argv[1], "--json"]))
"""


def test_a_file_that_kills_the_indexer_at_every_start_is_given_up(tmp_path):
    home, notes = tmp_path / "home", tmp_path / "notes"
    notes.mkdir()
    for i in range(3):
        (notes / f"note{i}.md").write_text(f"# Note {i}\n\nOrdinary note number {i}.\n")
    (notes / "poison.md").write_text("# Poison\n\nThis note takes its reader down.\n")
    runs = [subprocess.run([sys.executable, "-c", _DIES_ON_POISON, str(notes)], cwd=REPO,
                           env=cli_env(home), capture_output=True, text=True, timeout=300)
            for _ in range(3)]
    assert [run.returncode for run in runs[:2]] == [-signal.SIGKILL] * 2
    assert runs[2].returncode == 0, runs[2].stderr
    report = json.loads(runs[2].stdout)
    assert [Path(p["path"]).name for p in report["failed"]] == ["poison.md"]
    assert "stopped 2 times" in report["failed"][0]["reason"]
    status = json.loads(hearth(home, "status", "--json").stdout)
    assert status["files"]["indexed"] == 3 and status["files"]["failed"] == 1
    assert hearth(home, "check").returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs: a really full file system (Chroma words it "Error in compaction")."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_is_one_clear_line_and_nothing_is_half_written(tmp_path, small_disk):
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(120):
        words = " ".join(f"harbour log entry {i} word{j}" for j in range(300))
        (notes / f"n{i}.md").write_text(f"# Note {i}\n\n{words}\n")
    home = small_disk / "home"
    full = hearth(home, "index", str(notes))
    assert full.returncode == 1
    assert "Traceback" not in full.stderr and "InternalError" in full.stderr
    assert f"Could not write the index in {home / 'data'}: the disk is full" in full.stderr
    assert len(full.stderr.strip().splitlines()) == 1
    subprocess.run(["mount", "-o", "remount,size=200m", str(small_disk)], check=True)
    again = hearth(home, "index", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(hearth(home, "status", "--json").stdout)["files"]["indexed"] == 120
    assert hearth(home, "check").returncode == 0


def test_check_looks_up_passages_by_vector_and_repair_rereads_only_what_is_off(indexed_home):
    checked = json.loads(hearth(indexed_home, "check", "--json").stdout)
    assert checked["consistent"] and checked["vectors_checked"] == checked["chunks"] > 0
    assert checked["unreachable"] == []
    from app.backends.chroma_store import open_embedded
    from app.core.storage.registry import Registry

    registry = Registry(indexed_home / "data" / "library.sqlite3")
    victim = next(r for r in registry.files() if r.path.endswith("sourdough.html"))
    registry.close()
    store = open_embedded(indexed_home / "data" / "store", "hearth", "all-MiniLM-L6-v2+onnx-int8")
    store.delete_file(victim.id)  # the store lost a file's passages
    store.close()
    broken = hearth(indexed_home, "check")
    assert broken.returncode == 1 and "sourdough.html" in broken.stdout
    repaired = hearth(indexed_home, "check", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "Repaired: read 1 file(s) again." in repaired.stdout
    found = json.loads(hearth(indexed_home, "search", "sourdough proof", "--json").stdout)
    assert found["results"][0]["path"].endswith("sourdough.html")
