"""The store backend against a real Chroma server (``chroma run``) on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.errors import StoreError
from app.core.settings import settings_for_home
from app.services import build
from tests.conftest import SAMPLE_NOTES

pytestmark = [pytest.mark.slow, pytest.mark.server]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "w")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen([str(chroma), "run", "--path", str(data / "db"), "--host",
                               "127.0.0.1", "--port", str(port)], stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert server.poll() is None, (data / "server.log").read_text()
            time.sleep(0.2)
    yield port
    server.terminate()
    server.wait(timeout=30)
    log.close()


def test_index_and_search_through_a_chroma_server(tmp_path, chroma_server, real_embedder):
    settings = settings_for_home(tmp_path / "home", store_backend="http", chroma_port=chroma_server,
                                 collection="hearth-server-test")
    library = build(settings, embedder=real_embedder)
    report = library.index([str(SAMPLE_NOTES / "reference")])
    assert report.indexed == 2 and not report.failed
    top = library.search("How long are idempotency keys kept?", k=1)[0]
    assert top.path.endswith("payments-api-guide.pdf") and top.page == 2
    assert library.check().consistent
    assert not (settings.paths.store_dir).exists()  # nothing embedded on disk
    library.forget(str(SAMPLE_NOTES / "reference" / "home-network.docx"))
    assert library.check().consistent
    assert all("home-network" not in h.path for h in library.search("guest wifi", k=5))
    library.close()


def test_unreachable_server_is_a_clear_error(tmp_path, real_embedder):
    settings = settings_for_home(tmp_path / "home", store_backend="http", chroma_port=free_port())
    library = build(settings, embedder=real_embedder)
    with pytest.raises(StoreError, match="Cannot reach the Chroma server"):
        library.search("anything")
    library.close()
