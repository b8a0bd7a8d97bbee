"""Privacy, proven: the whole product runs with the network blocked and never tries it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from tests.conftest import REPO, SAMPLE_NOTES, cli_env

pytestmark = pytest.mark.slow


def test_index_search_ask_summarize_and_watch_never_touch_the_network(tmp_path):
    log = tmp_path / "attempts.log"
    env = cli_env(tmp_path / "home")
    # only the documented offline switches; nothing that hides a dependency's behaviour
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ANONYMIZED_TELEMETRY"):
        env.pop(key, None)
    env["HEARTH_NETLOG"] = str(log)
    run = subprocess.run([sys.executable, "-m", "tests.support.offline_session",
                          str(SAMPLE_NOTES)], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "OFFLINE-OK" in run.stdout
    assert not log.exists(), f"tried the network: {log.read_text()}"


def test_the_guard_really_blocks_and_records(tmp_path):
    """The proof above is only as good as the guard: it must catch a real attempt."""
    log = tmp_path / "attempts.log"
    code = ("from tests.support import netguard; netguard.install()\n"
            "import socket, urllib.request\n"
            "s = socket.socket(); s.settimeout(1)\n"
            "try: s.connect(('93.184.216.34', 80))\n"
            "except ConnectionRefusedError: print('refused')\n"
            "try: urllib.request.urlopen('http://example.org', timeout=1)\n"
            "except Exception as e: print('url', type(e).__name__)\n"
            "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen()\n"
            "c = socket.create_connection(srv.getsockname()); print('loopback ok')\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         env=dict(os.environ, HEARTH_NETLOG=str(log)), timeout=60)
    assert "refused" in run.stdout and "url" in run.stdout and "loopback ok" in run.stdout
    attempts = log.read_text()
    assert "93.184.216.34" in attempts and "example.org" in attempts


def test_data_directories_and_socket_are_private(tmp_path):
    from app.core.settings import settings_for_home
    from app.owner.server import OwnerServer, socket_path

    settings = settings_for_home(tmp_path / "home")
    settings.paths.ensure()
    for directory in settings.paths.all():
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    server = OwnerServer(socket_path(settings.paths.data), lambda request, notify: {})
    server.start()
    try:
        mode = socket_path(settings.paths.data).stat().st_mode
        assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600
    finally:
        server.stop()


def test_delete_all_data_removes_everything_hearth_wrote(tmp_path):
    home = tmp_path / "home"
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.md").write_text("# Mine\n\nThis file is the user's and must stay.\n")
    env = cli_env(home)

    def hearth(*args):
        return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)

    assert hearth("index", str(notes)).returncode == 0
    status = hearth("status").stdout
    assert "index and registry:" in status and "logs:" in status
    refused = hearth("delete-all-data")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert (home / "data").exists()
    done = hearth("delete-all-data", "--yes")
    assert done.returncode == 0, done.stderr
    assert not any((home / name).exists() for name in ("config", "data", "cache", "logs"))
    assert (notes / "keep.md").exists()
