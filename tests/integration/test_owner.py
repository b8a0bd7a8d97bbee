"""One owner per library: the CLI works through a running `hearth watch`, kill -9 is safe."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, cli_env

pytestmark = pytest.mark.slow


def hearth(home: Path, *args: str, stdin: str | None = None, timeout: float = 300):
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, env=cli_env(home),
                          cwd=REPO, capture_output=True, text=True, timeout=timeout)


def start_watch(home: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "app", "watch", "--json"],
                               env=cli_env(home), cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    first = json.loads(process.stdout.readline())  # the start-up reconcile
    assert first["event"] == "reconcile"
    return process


def test_cli_works_while_watch_runs(tmp_path):
    home, notes = tmp_path / "home", tmp_path / "notes"
    notes.mkdir()
    (notes / "kayak.md").write_text("# Kayak\n\nThe kayak is kept in the boathouse at Tegel.\n")
    assert hearth(home, "index", str(notes), "--json").returncode == 0
    watch = start_watch(home)
    try:
        (notes / "bike.md").write_text("# Bike\n\nBicycle tyres need 4 bar of pressure.\n")
        event = json.loads(watch.stdout.readline())
        assert (event["event"], event["indexed"]) == ("changes", 1)
        found = hearth(home, "search", "tyre pressure", "--json")
        assert found.returncode == 0, found.stderr
        assert json.loads(found.stdout)["results"][0]["path"] == str(notes / "bike.md")
        status = json.loads(hearth(home, "status", "--json").stdout)
        assert status["files"]["indexed"] == 2
        lines = hearth(home, "search", "-", "-k", "1", stdin="kayak\ntyres\n").stdout
        assert [json.loads(x)["query"] for x in lines.splitlines()] == ["kayak", "tyres"]
        other = tmp_path / "other"
        other.mkdir()
        (other / "tea.md").write_text("# Tea\n\nGreen tea steeps for two minutes at 80 C.\n")
        added = hearth(home, "index", str(other), "--json")
        assert json.loads(added.stdout)["indexed"] == 1
        (other / "coffee.md").write_text("# Coffee\n\nEspresso takes 25 seconds.\n")
        event = json.loads(watch.stdout.readline())  # the new folder is watched too
        assert event["indexed"] == 1
        assert hearth(home, "check").returncode == 0
        second = hearth(home, "watch")
        assert second.returncode == 1 and "already owns this library" in second.stderr
        missing = hearth(home, "index", str(tmp_path / "nope"))
        assert missing.returncode == 1 and "No such file or folder" in missing.stderr
    finally:
        watch.send_signal(signal.SIGTERM)
        watch.communicate(timeout=60)
        assert watch.returncode == 0
    assert not (home / "data" / "owner.sock").exists()


def test_socket_is_private(tmp_path):
    home, notes = tmp_path / "home", tmp_path / "notes"
    notes.mkdir()
    assert hearth(home, "index", str(notes)).returncode == 0
    watch = start_watch(home)
    try:
        sock = home / "data" / "owner.sock"
        assert oct(sock.stat().st_mode & 0o777) == "0o600"
        assert oct((home / "data").stat().st_mode & 0o777) == "0o700"
    finally:
        watch.send_signal(signal.SIGINT)
        watch.communicate(timeout=60)
        assert watch.returncode == 0


def test_kill_9_at_random_moments_leaves_a_consistent_library(tmp_path):
    home, notes = tmp_path / "home", tmp_path / "notes"
    notes.mkdir()
    rng = random.Random(20261128)
    for n in range(60):
        body = " ".join(f"Entry {n}.{i}: inspection of pump {n} found seal wear level {i}."
                        for i in range(30))
        (notes / f"log{n:02d}.txt").write_text(f"Pump log {n}\n\n{body}\n")
    assert hearth(home, "index", str(notes), "--json").returncode == 0  # first full pass
    for round_ in range(6):
        for n in rng.sample(range(60), 12):  # edits, deletions and new files between kills
            path = notes / f"log{n:02d}.txt"
            if path.exists() and n % 3 == 0:
                path.unlink()
            else:
                path.write_text(f"Pump log {n} round {round_}\n\nSeal replaced, pressure "
                                f"{rng.randint(1, 9)} bar. " * 40 + "\n")
        process = subprocess.Popen([sys.executable, "-m", "app", "index", "--json"],
                                   env=cli_env(home), cwd=REPO, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(3.0, 9.0))  # model load is ~3-5 s, then indexing
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        again = hearth(home, "index", "--json")
        assert again.returncode == 0, again.stderr
        check = hearth(home, "check", "--json")
        assert json.loads(check.stdout)["consistent"], check.stdout
        indexed = {Path(r["path"]).name for r in
                   json.loads(hearth(home, "status", "--json").stdout)["failed"]}
        assert not indexed
        status = json.loads(hearth(home, "status", "--json").stdout)
        assert status["files"]["indexed"] == len(list(notes.iterdir()))


def test_kill_9_during_a_watcher_burst_leaves_a_consistent_library(tmp_path):
    home, notes = tmp_path / "home", tmp_path / "notes"
    notes.mkdir()
    (notes / "seed.txt").write_text("Seed note about the pump house.")
    assert hearth(home, "index", str(notes)).returncode == 0
    rng = random.Random(7)
    for round_ in range(3):
        watcher = start_watch(home)
        for n in range(40):  # a burst: a sync client drops many files at once
            (notes / f"r{round_}-{n:02d}.txt").write_text(
                f"Round {round_} note {n}: valve {rng.randint(1, 99)} checked. " * 30)
        for old in rng.sample(sorted(notes.glob("r*.txt")), 5):
            old.unlink(missing_ok=True)
        time.sleep(rng.uniform(1.2, 4.0))  # debounce is 1 s, then the batch is being indexed
        os.kill(watcher.pid, signal.SIGKILL)
        watcher.wait()
        watcher.stdout.close()
        watcher.stderr.close()
        again = start_watch(home)  # the start-up reconcile finishes what was cut off
        again.send_signal(signal.SIGTERM)
        again.wait(60)
        again.stdout.close()
        again.stderr.close()
        check = hearth(home, "check", "--json")
        assert json.loads(check.stdout)["consistent"], check.stdout
        status = json.loads(hearth(home, "status", "--json").stdout)
        assert status["files"]["indexed"] == len(list(notes.iterdir()))
        assert status["files"]["pending"] == 0


def test_watch_stops_soon_after_sigterm_even_in_a_long_file_and_redoes_it(tmp_path):
    # a file that takes a minute or more to embed: the stop does not wait for it
    home, notes = tmp_path / "home", tmp_path / "notes"
    notes.mkdir()
    (notes / "seed.md").write_text("# Seed\n\nThe pump house key hangs by the door.\n")
    assert hearth(home, "index", str(notes)).returncode == 0
    watch = start_watch(home)
    try:
        lines = [f"Line {n}: the inspection of valve {n} found wear level {n % 7} on seal "
                 f"{n % 13}, logged by the night shift in building {n % 5}." for n in range(20000)]
        (notes / "long.txt").write_text("\n".join(lines) + "\n")
        status = home / "data"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the watcher has picked it up: it is pending
            state = json.loads(hearth(home, "status", "--json").stdout)
            if state["files"]["pending"] or state["files"]["indexed"] == 2:
                break
            time.sleep(0.5)
        time.sleep(2)  # into the embedding
        asked = time.monotonic()
        watch.send_signal(signal.SIGTERM)
        watch.communicate(timeout=120)
        took = time.monotonic() - asked
    finally:
        if watch.poll() is None:
            watch.kill()
    assert watch.returncode == 0
    assert took < 30, f"stopping took {took:.0f} s"  # the file alone takes minutes here
    assert not (status / "owner.sock").exists()
    state = json.loads(hearth(home, "status", "--json").stdout)
    assert state["files"]["pending"] == 1  # left to read again, not half written
    # the next run reads it (shortened here so the test need not embed it all)
    (notes / "long.txt").write_text("\n".join(lines[:40]) + "\n")
    again = hearth(home, "index", "--json")
    assert again.returncode == 0
    state = json.loads(hearth(home, "status", "--json").stdout)
    assert state["files"]["indexed"] == 2 and state["files"]["pending"] == 0
    check = hearth(home, "check", "--json")
    assert json.loads(check.stdout)["consistent"], check.stdout
