"""The model's OpenMP threads wait passively unless the user chose otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

CODE = "import os, app.backends.llamacpp_generator; print(os.environ['OMP_WAIT_POLICY'])"


def _policy(**env: str) -> str:
    base = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    return subprocess.run([sys.executable, "-c", CODE], cwd=REPO, env=base | env,
                          capture_output=True, text=True, check=True).stdout.strip()


def test_threads_wait_passively_by_default_and_the_users_choice_wins():
    assert _policy() == "PASSIVE"
    assert _policy(OMP_WAIT_POLICY="ACTIVE") == "ACTIVE"
