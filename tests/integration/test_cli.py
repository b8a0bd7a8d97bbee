"""The command line as a user runs it: subprocesses over the real sample library."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.sample_questions import SAMPLE_QUESTIONS
from tests.conftest import REPO, SAMPLE_NOTES, cli_env

pytestmark = pytest.mark.slow

QUESTIONS = {q.question: q.file for q in SAMPLE_QUESTIONS}


def hearth(home: Path, *args: str, stdin: str | None = None, env_home: Path | None = None):
    env = cli_env(home)
    if env_home is not None:
        env["HOME"] = str(env_home)
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """One library with the sample notes, indexed through the CLI, shared by this module."""
    home = tmp_path_factory.mktemp("cli-home")
    user_home = tmp_path_factory.mktemp("user-home")
    result = hearth(home, "index", str(SAMPLE_NOTES), "--json", env_home=user_home)
    assert result.returncode == 0, result.stderr
    return home, json.loads(result.stdout), user_home


def test_index_reports_every_sample_file(indexed):
    _, report, _ = indexed
    assert report["indexed"] == 9
    assert report["failed"] == [] and report["skipped"] == []
    assert set(report) >= {"indexed", "unchanged", "removed", "failed", "skipped", "chunks"}
    assert report["chunks"] >= 9


def test_natural_questions_find_the_right_file_first(indexed):
    home, _, _ = indexed
    result = hearth(home, "search", "-", "-k", "3", stdin="\n".join(QUESTIONS) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query"] for a in answers] == list(QUESTIONS)
    wrong = {a["query"]: Path(a["results"][0]["path"]).name for a in answers
             if Path(a["results"][0]["path"]).name != QUESTIONS[a["query"]]}
    assert wrong == {}


def test_search_json_has_provenance(indexed):
    home, _, _ = indexed
    result = hearth(home, "search", "idempotency keys retention", "-k", "2", "--json")
    data = json.loads(result.stdout)
    top = data["results"][0]
    assert set(top) >= {"path", "score", "page", "line_start", "line_end", "heading", "text"}
    assert Path(top["path"]).is_absolute() and top["page"] == 2
    assert "72 hours" in top["text"]


def test_text_output_is_readable(indexed):
    home, _, _ = indexed
    result = hearth(home, "search", "guest wifi password", "-k", "1")
    assert result.returncode == 0
    assert "home-network.docx" in result.stdout and "amber-otter-42" in result.stdout


def test_reindex_skips_everything_and_check_passes(indexed):
    home, _, _ = indexed
    again = json.loads(hearth(home, "index", "--json").stdout)
    assert (again["indexed"], again["unchanged"]) == (0, 9)
    check = hearth(home, "check", "--json")
    assert check.returncode == 0
    assert json.loads(check.stdout)["consistent"] is True


def test_status_json(indexed):
    home, report, _ = indexed
    status = json.loads(hearth(home, "status", "--json").stdout)
    assert status["folders"] == [str(SAMPLE_NOTES)]
    assert status["files"]["indexed"] == 9 and status["files"]["failed"] == 0
    assert status["chunks"] == report["chunks"]
    assert status["data_dir"].startswith(str(home))
    assert status["store_bytes"] > 0 and status["failed"] == []


def test_hearth_home_keeps_everything_in_one_place(indexed):
    home, _, user_home = indexed
    assert sorted(p.name for p in home.iterdir()) == ["cache", "config", "data", "logs"]
    # nothing in the user's home: no cache, and no ONNX Runtime telemetry queue
    # (~/.cache/Microsoft/DeveloperTools); the shared embedder export is HEARTH_MODEL_CACHE
    leaked = [str(p.relative_to(user_home)) for p in user_home.rglob("*")]
    assert leaked == []
    assert oct((home / "data").stat().st_mode & 0o777) == "0o700"


def test_unknown_path_fails_with_one_clear_line(tmp_path):
    result = hearth(tmp_path / "home", "index", str(tmp_path / "nope"), "--json")
    assert result.returncode == 1
    expected = f"hearth: No such file or folder: {tmp_path}/nope"
    assert result.stderr.strip().splitlines() == [expected]
    assert result.stdout == ""


def test_forget_and_edit_through_the_cli(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(SAMPLE_NOTES / "projects", notes)
    home = tmp_path / "home"
    assert json.loads(hearth(home, "index", str(notes), "--json").stdout)["indexed"] == 2
    forget = hearth(home, "forget", str(notes / "reading-list.txt"))
    assert forget.returncode == 0 and "1 file" in forget.stdout
    hits = json.loads(hearth(home, "search", "Mythical Man-Month", "--json").stdout)["results"]
    assert all("reading-list" not in h["path"] for h in hits)
    assert hearth(home, "check").returncode == 0
    missing = hearth(home, "forget", str(tmp_path / "elsewhere"))
    assert missing.returncode == 1 and "Not in the library" in missing.stderr


def test_demo_runs_in_its_own_library(tmp_path):
    home = tmp_path / "home"
    result = hearth(home, "demo")
    assert result.returncode == 0, result.stderr
    assert "amber-otter-42" in result.stdout and "Sources:" in result.stdout
    assert "“Idempotency keys are kept for 72 hours.” [1]" in result.stdout  # evidence first
    assert (home / "cache" / "demo" / "data").is_dir()  # never the user's own library
    assert not (home / "data" / "library.sqlite3").exists()


def test_self_test_passes_on_a_working_install(tmp_path):
    env = cli_env(tmp_path / "untouched-home")
    env["QT_QPA_PLATFORM"] = "offscreen"
    run = subprocess.run([sys.executable, "-m", "app", "--self-test"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("ok    ") == 5 and "self-test passed" in run.stdout
    assert "ok    read a scan (OCR)" in run.stdout  # the OCR models come with the install
    assert not (tmp_path / "untouched-home").exists()  # a throwaway library, not the user's


def test_a_chat_continues_across_commands_and_can_be_listed_renamed_deleted(indexed):
    home, _, _ = indexed
    first = hearth(home, "ask", "--chat", "atlas", "Who is writing the rollback runbook?")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Priya: “write the rollback runbook")  # evidence first
    assert "Sources:" in first.stdout and "atlas-weekly.md" in first.stdout
    result = hearth(home, "ask", "--chat", "atlas", "When is it due?", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["chat"] == "atlas" and answer["found"]
    assert "2026-03-27" in answer["evidence"][0]["quote"]
    assert {"prose", "dropped_sentences", "gate", "retrieval_query"} <= set(answer)
    listed = json.loads(hearth(home, "chats", "--json").stdout)["chats"]
    assert [(c["name"], c["turns"]) for c in listed] == [("atlas", 2)]
    assert hearth(home, "chats", "--rename", "atlas", "cutover").returncode == 0
    shown = hearth(home, "chats", "--show", "cutover")
    assert "> When is it due?" in shown.stdout and "2026-03-27" in shown.stdout
    assert hearth(home, "chats", "--delete", "cutover").returncode == 0
    assert "No chats yet" in hearth(home, "chats").stdout
    missing = hearth(home, "chats", "--delete", "cutover")
    assert missing.returncode == 1 and "No chat named 'cutover'" in missing.stderr


def test_a_question_about_nothing_says_why(indexed):
    home, _, _ = indexed
    result = hearth(home, "ask", "What was Quillfeather Analytics' revenue in 2023?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("I found nothing about that in your files.")
    assert "(your files never mention quillfeather" in result.stdout


def test_index_json_draws_progress_on_a_terminal_and_keeps_stdout_one_object(tmp_path):
    """stderr a terminal (a pty), stdout a pipe: the bar shows, stdout stays pure JSON."""
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        run = subprocess.run([sys.executable, "-m", "app", "index", str(SAMPLE_NOTES), "--json"],
                             env=cli_env(tmp_path / "home"), cwd=REPO, stdout=subprocess.PIPE,
                             stderr=follower, text=True, timeout=600)
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the pty is closed and drained
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert run.returncode == 0
    assert json.loads(run.stdout)["indexed"] == 9
    assert b"9/9 files" in drawn and b"ETA" in drawn


def test_sigterm_closes_the_window_cleanly_and_frees_the_library(tmp_path):
    """A logout or `kill` sends SIGTERM: the window closes as by its close button, the
    library's lock is released and the next command runs at once."""
    import signal
    import time

    home = tmp_path / "home"
    assert hearth(home, "index", str(SAMPLE_NOTES / "projects")).returncode == 0
    env = cli_env(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    window = subprocess.Popen([sys.executable, "-m", "app"], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        while not list((home / "data").glob("*.sock")) and time.monotonic() < deadline:
            assert window.poll() is None, window.stderr.read()
            time.sleep(0.2)  # the owner socket appears once the window serves
        status = hearth(home, "status", "--json")  # forwarded to the window
        assert status.returncode == 0, status.stderr
        window.send_signal(signal.SIGTERM)
        assert window.wait(timeout=120) == 0, window.stderr.read()
    finally:
        if window.poll() is None:
            window.kill()
        window.stderr.close()
    assert "Traceback" not in (home / "logs" / "hearth.log").read_text(encoding="utf-8")
    assert hearth(home, "index", "--json").returncode == 0  # owned in-process again


def test_the_questions_offered_with_the_samples_are_ones_the_samples_answer():
    from app.resources import SAMPLE_QUESTIONS as OFFERED

    assert set(OFFERED) <= set(QUESTIONS)  # each is checked for its right file above
