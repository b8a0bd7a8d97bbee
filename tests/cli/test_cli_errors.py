"""Command-line errors that need no model: clear one-line messages and exit code 1."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, cli_env


def hearth(home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], env=cli_env(home), cwd=REPO,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("flags, words", [
    (["--after", "2024-13-01"], "must exist"),
    (["--before", "2024-02-30"], "must exist"),
    (["--after", "yesterday"], "YYYY-MM-DD"),
    (["--after", "2024-03-02", "--before", "2024-03-01"], "later than"),
])
def test_impossible_dates_are_refused(tmp_path, flags, words):
    for command in ("search", "ask"):
        run = hearth(tmp_path / "home", command, "budget", *flags)
        assert run.returncode == 1, run.stdout + run.stderr
        assert run.stderr.startswith("hearth: ") and words in run.stderr
        assert "Traceback" not in run.stderr


def test_a_bad_date_in_the_query_syntax_is_refused_too(tmp_path):
    run = hearth(tmp_path / "home", "search", "budget after:2024-13-01")
    assert run.returncode == 1 and "must exist" in run.stderr and "Traceback" not in run.stderr


def test_commands_that_load_no_model_start_without_torch(tmp_path):
    code = ("import sys\nfrom app.entry import main\n"
            "assert main(['status', '--json']) == 0\n"
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'PySide6', 'chromadb') "
            "if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", code], env=cli_env(tmp_path / "home"), cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
