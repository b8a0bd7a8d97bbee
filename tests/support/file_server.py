"""A real HTTP server on 127.0.0.1 that serves one payload under any name, as a model
mirror would: honours ``Range``, can drop a response part-way, answers 404 for "missing".
``model_mirror`` (a fixture, registered in tests/conftest.py) points ``HEARTH_MODEL_MIRROR``
at it."""

from __future__ import annotations

import os
import threading
from collections import namedtuple
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.model_download import MIRROR_ENV

PAYLOAD = os.urandom(3 * (1 << 20) + 12345)


class _Files(BaseHTTPRequestHandler):
    """Serves ``PAYLOAD`` under any name, honouring ``Range``; ``drop_after`` cuts the
    next response off after that many bytes, as a lost connection would."""

    drop_after: int | None = None
    requests: list[tuple[str | None, int]] = []  # (Range header, bytes sent)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        start = 0
        wanted = self.headers.get("Range")
        if "missing" in self.path:
            self.send_error(404)
            return
        if wanted:
            start = int(wanted.removeprefix("bytes=").split("-")[0])
            if start >= len(PAYLOAD):
                self.send_response(416)
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(PAYLOAD) - 1}/{len(PAYLOAD)}")
        else:
            self.send_response(200)
        body = PAYLOAD[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        cut = type(self).drop_after
        if cut is not None:
            type(self).drop_after = None
            body = body[:cut]
        self.wfile.write(body)
        type(self).requests.append((wanted, len(body)))
        if cut is not None:
            self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


Server = namedtuple("Server", "url handler")


@pytest.fixture
def model_mirror(monkeypatch):
    _Files.requests = []
    _Files.drop_after = None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/models"
    monkeypatch.setenv(MIRROR_ENV, url)
    yield Server(url, _Files)
    httpd.shutdown()
    httpd.server_close()
